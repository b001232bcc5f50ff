#include "adapters/http/http_routes.hpp"


#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "adapters/json/utf8.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::http {
namespace {

void json_reply(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  // Replace, not throw: a message may quote bytes of the request that are not UTF-8.
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

nlohmann::json health_body(const HealthSnapshot& h, bool healthy) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : h.problems) problems.push_back({{"check", p.source}, {"reason", p.reason}, {"fix", p.fix}});
  return {{"status", h.shutting_down ? "down" : healthy ? "ok" : "degraded"},
          {"checks", {{"postgres", h.postgres_ok ? "ok" : "down"}, {"kafka", h.kafka}}},
          {"problems", std::move(problems)}};
}

bool dependencies_ok(const HealthSnapshot& h) { return h.postgres_ok && h.kafka != "down" && h.problems.empty(); }

constexpr int default_audit_limit = 100;
constexpr int max_audit_limit = 1000;

std::optional<std::string> single(const std::multimap<std::string, std::string>& params, const std::string& name) {
  const auto [first, last] = params.equal_range(name);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) throw std::invalid_argument(name + " is given more than once");
  if (first->second.empty()) throw std::invalid_argument(name + " is empty");
  if (!adapters::storable_text(first->second)) throw std::invalid_argument(name + " is not UTF-8 text");
  return first->second;
}

std::optional<domain::Timestamp> timestamp_param(const std::multimap<std::string, std::string>& params,
                                                 const std::string& name) {
  const auto text = single(params, name);
  if (!text) return std::nullopt;
  const auto t = domain::parse_rfc3339(*text);
  if (!t) throw std::invalid_argument(name + " must be an RFC 3339 time such as 2025-09-17T10:15:00+06:00");
  return t;
}

// Runs a /v1 handler: a bad request is a 400, a failure behind it (the database) a 503.
template <typename F>
void serve_api(const HttpDeps& d, httplib::Response& res, F&& handler) {
  if (!d.api) {
    json_reply(res, 503, {{"error", "the API is not available"}});
    return;
  }
  try {
    handler(*d.api);
  } catch (const std::invalid_argument& e) {
    json_reply(res, 400, {{"error", e.what()}});
  } catch (const std::exception& e) {
    log::warn("an API request failed", {{"error", e.what()}});
    json_reply(res, 503, {{"error", "the database is unavailable; try again"}});
  }
}

void serve_entity(const HttpDeps& d, const httplib::Request& req, httplib::Response& res, EntityKind kind,
                  const char* what) {
  serve_api(d, res, [&](ApiBackend& api) {
    const std::string id = req.matches[1];
    // An id that is not text names no entity (the decoder admits only UTF-8 ids), and must not
    // reach the database, which would refuse it as an error.
    auto body = adapters::storable_text(id) ? api.entity(kind, id) : std::nullopt;
    if (body) {
      res.status = 200;
      res.set_content(std::move(*body), "application/json");
    } else {
      json_reply(res, 404, {{"error", std::string("no ") + what + " " + id}});
    }
  });
}

}  // namespace

bool ready(const HealthSnapshot& h) { return h.migrated && h.joined && dependencies_ok(h) && !h.shutting_down; }

AuditQuery parse_audit_query(const std::multimap<std::string, std::string>& params) {
  AuditQuery query;
  query.entity_id = single(params, "entity_id");
  query.chain = single(params, "chain");
  query.from = timestamp_param(params, "from");
  query.to = timestamp_param(params, "to");
  query.limit = default_audit_limit;
  if (const auto limit = single(params, "limit")) {
    const bool digits = limit->size() <= 4 && limit->find_first_not_of("0123456789") == std::string::npos;
    query.limit = digits ? std::stoi(*limit) : 0;
    if (query.limit < 1 || query.limit > max_audit_limit) {
      throw std::invalid_argument("limit must be a whole number from 1 to " + std::to_string(max_audit_limit));
    }
  }
  if (const auto cursor = single(params, "cursor")) {
    const auto colon = cursor->find(':');
    const auto seq = cursor->substr(0, colon);
    if (colon == std::string::npos || colon + 1 == cursor->size() || seq.empty() || seq.size() > 18 ||
        seq.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument("cursor is not one this API returned as next");
    }
    query.after = std::make_pair(cursor->substr(colon + 1), std::stoll(seq));
  }
  return query;
}

std::string audit_cursor(const std::pair<std::string, std::int64_t>& last) {
  return std::to_string(last.second) + ":" + last.first;
}

bool token_matches(const std::string& header_value, const std::string& token) {
  static const std::string prefix = "Bearer ";
  if (token.empty() || header_value.size() != prefix.size() + token.size() ||
      header_value.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  unsigned char difference = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    difference |= static_cast<unsigned char>(header_value[prefix.size() + i] ^ token[i]);
  }
  return difference == 0;
}

void install_routes(httplib::Server& server, const HttpDeps& d) {
  server.set_payload_max_length(64 * 1024);

  server.Get("/health", [&d](const httplib::Request&, httplib::Response& res) {
    const auto h = d.health();
    json_reply(res, 200, health_body(h, ready(h)));
  });
  server.Get("/health/live", [&d](const httplib::Request&, httplib::Response& res) {
    const auto h = d.health();
    json_reply(res, 200, health_body(h, dependencies_ok(h)));
  });
  server.Get("/health/startup", [&d](const httplib::Request&, httplib::Response& res) {
    const auto h = d.health();
    const bool started = h.migrated && h.joined;
    json_reply(res, started ? 200 : 503, health_body(h, started && dependencies_ok(h)));
  });
  server.Get("/health/ready", [&d](const httplib::Request&, httplib::Response& res) {
    const auto h = d.health();
    const bool is_ready = ready(h);
    json_reply(res, is_ready ? 200 : 503, health_body(h, is_ready));
  });
  server.Get("/metrics", [&d](const httplib::Request&, httplib::Response& res) {
    res.set_content(d.metrics(), "text/plain; version=0.0.4");
  });
  server.Get(R"(/v1/purchase-orders/([^/]+))", [&d](const httplib::Request& req, httplib::Response& res) {
    serve_entity(d, req, res, EntityKind::purchase_order, "purchase order");
  });
  server.Get(R"(/v1/invoices/([^/]+))", [&d](const httplib::Request& req, httplib::Response& res) {
    serve_entity(d, req, res, EntityKind::invoice, "invoice");
  });
  server.Get(R"(/v1/onboardings/([^/]+))", [&d](const httplib::Request& req, httplib::Response& res) {
    serve_entity(d, req, res, EntityKind::onboarding, "onboarding");
  });
  server.Get("/v1/audit", [&d](const httplib::Request& req, httplib::Response& res) {
    serve_api(d, res, [&](ApiBackend& api) {
      const auto page = api.audit(parse_audit_query(req.params));
      // The records are JSON text already (as published on vextrus.audit): spliced, not re-parsed.
      std::string body = "{\"records\":[";
      for (std::size_t i = 0; i < page.records.size(); ++i) {
        if (i > 0) body.push_back(',');
        body += page.records[i];
      }
      body += "],\"next\":";
      body += page.last ? nlohmann::json(audit_cursor(*page.last)).dump() : "null";
      body.push_back('}');
      res.status = 200;
      res.set_content(body, "application/json");
    });
  });
  server.Get("/v1/audit/verify", [&d](const httplib::Request&, httplib::Response& res) {
    serve_api(d, res, [&](ApiBackend& api) {
      const auto result = api.verify();
      nlohmann::json body{{"ok", result.ok}, {"chains", result.chains}, {"records", result.records},
                          {"first_break", nullptr}};
      if (result.first_break) {
        body["first_break"] = {{"chain", result.first_break->chain}, {"seq", result.first_break->seq},
                               {"expected", result.first_break->expected}, {"found", result.first_break->found}};
      }
      json_reply(res, 200, body);
    });
  });
  server.set_pre_routing_handler([&d](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/v1/", 0) == 0 && !token_matches(req.get_header_value("Authorization"), d.api_token)) {
      json_reply(res, 401, {{"error", "missing or wrong bearer token"}});
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      json_reply(res, res.status, {{"error", res.status == 404 ? "not found" : "request refused"}});
    }
  });
}

}  // namespace vextrus::http

#include "adapters/http/http_routes.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "adapters/http/request_reader.hpp"
#include "adapters/json/utf8.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::http {
namespace {

Response json_reply(int status, const nlohmann::json& body) {
  Response response;
  response.status = status;
  // Replace, not throw: a message may quote bytes of the request that are not UTF-8.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
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
  // The years an audit record can have: a bad input, not a database failure, outside them.
  static const auto first = domain::parse_rfc3339("1900-01-01T00:00:00Z");
  static const auto last = domain::parse_rfc3339("9999-12-31T23:59:59Z");
  if (t->micros < first->micros || t->micros > last->micros) {
    throw std::invalid_argument(name + " must be a time from 1900 to 9999");
  }
  return t;
}

// Runs a /v1 handler: a bad request is a 400, a failure behind it (the database) a 503.
template <typename F>
Response serve_api(const HttpDeps& d, F&& handler) {
  if (!d.api) return json_reply(503, {{"error", "the API is not available"}});
  try {
    return handler(*d.api);
  } catch (const std::invalid_argument& e) {
    return json_reply(400, {{"error", e.what()}});
  } catch (const std::exception& e) {
    log::warn("an API request failed", {{"error", e.what()}});
    return json_reply(503, {{"error", "the database is unavailable; try again"}});
  }
}

Response serve_entity(const HttpDeps& d, const std::string& id, EntityKind kind, const char* what) {
  return serve_api(d, [&](ApiBackend& api) {
    // An id that is not text names no entity (the decoder admits only UTF-8 ids), and must not
    // reach the database, which would refuse it as an error.
    auto body = adapters::storable_text(id) ? api.entity(kind, id) : std::nullopt;
    if (!body) return json_reply(404, {{"error", std::string("no ") + what + " " + id}});
    Response response;
    response.body = std::move(*body);
    return response;
  });
}

Response serve_audit(const HttpDeps& d, const Request& request) {
  return serve_api(d, [&](ApiBackend& api) {
    const auto page = api.audit(parse_audit_query(request.params));
    // The records are JSON text already (as published on vextrus.audit): spliced, not re-parsed.
    Response response;
    std::string& body = response.body;
    body = "{\"records\":[";
    for (std::size_t i = 0; i < page.records.size(); ++i) {
      if (i > 0) body.push_back(',');
      body += page.records[i];
    }
    body += "],\"next\":";
    body += page.last ? nlohmann::json(audit_cursor(*page.last)).dump() : "null";
    body.push_back('}');
    return response;
  });
}

Response serve_verify(const HttpDeps& d) {
  return serve_api(d, [&](ApiBackend& api) {
    const auto result = api.verify();
    nlohmann::json body{{"ok", result.ok}, {"chains", result.chains}, {"records", result.records},
                        {"first_break", nullptr}};
    if (result.first_break) {
      body["first_break"] = {{"chain", result.first_break->chain}, {"seq", result.first_break->seq},
                             {"expected", result.first_break->expected}, {"found", result.first_break->found}};
    }
    return json_reply(200, body);
  });
}

// The id of /v1/<collection>/<id>, when `path` is one.
std::optional<std::string> entity_id(const std::string& path, const std::string& collection) {
  const std::string prefix = "/v1/" + collection + "/";
  if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size()) return std::nullopt;
  const auto id = path.substr(prefix.size());
  if (id.find('/') != std::string::npos) return std::nullopt;
  return id;
}

bool is_api(const Request& request) { return request.path.rfind("/v1/", 0) == 0 || request.path == "/v1"; }

bool known_path(const std::string& path) {
  static const char* const fixed[] = {"/health", "/health/live", "/health/startup", "/health/ready", "/metrics",
                                      "/v1/audit", "/v1/audit/verify"};
  for (const char* known : fixed) {
    if (path == known) return true;
  }
  for (const char* collection : {"purchase-orders", "invoices", "onboardings"}) {
    if (entity_id(path, collection)) return true;
  }
  return false;
}

bool standard_method(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}) {
    if (method == known) return true;
  }
  return false;
}

Response answer_get(const HttpDeps& d, const Request& request) {
  const auto& path = request.path;
  if (path == "/health") {
    const auto h = d.health();
    return json_reply(200, health_body(h, ready(h)));
  }
  if (path == "/health/live") {
    const auto h = d.health();
    return json_reply(200, health_body(h, dependencies_ok(h)));
  }
  if (path == "/health/startup") {
    const auto h = d.health();
    const bool started = h.migrated && h.joined;
    return json_reply(started ? 200 : 503, health_body(h, started && dependencies_ok(h)));
  }
  if (path == "/health/ready") {
    const auto h = d.health();
    const bool is_ready = ready(h);
    return json_reply(is_ready ? 200 : 503, health_body(h, is_ready));
  }
  if (path == "/metrics") {
    Response response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = d.metrics();
    return response;
  }
  if (const auto id = entity_id(path, "purchase-orders")) {
    return serve_entity(d, *id, EntityKind::purchase_order, "purchase order");
  }
  if (const auto id = entity_id(path, "invoices")) return serve_entity(d, *id, EntityKind::invoice, "invoice");
  if (const auto id = entity_id(path, "onboardings")) return serve_entity(d, *id, EntityKind::onboarding, "onboarding");
  if (path == "/v1/audit") return serve_audit(d, request);
  if (path == "/v1/audit/verify") return serve_verify(d);
  return json_reply(404, {{"error", "not found"}});
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

bool Routes::blocking(const Request& request) const {
  return request.method == "GET" && is_api(request) && known_path(request.path) &&
         token_matches(request.header("Authorization"), deps_.api_token);
}

Response Routes::answer(const Request& request) const {
  Response response = [&] {
    if (is_api(request) && !token_matches(request.header("Authorization"), deps_.api_token)) {
      return json_reply(401, {{"error", "missing or wrong bearer token"}});
    }
    if (request.method == "GET") return answer_get(deps_, request);
    if (!standard_method(request.method)) return json_reply(400, {{"error", "unknown method " + request.method}});
    if (!known_path(request.path)) return json_reply(404, {{"error", "not found"}});
    Response refused = json_reply(405, {{"error", request.method + " is not allowed here; use GET"}});
    refused.headers.emplace_back("Allow", "GET");
    return refused;
  }();
  // Answers about entities, employees and money must not be kept by a browser or a proxy.
  if (is_api(request)) response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace vextrus::http

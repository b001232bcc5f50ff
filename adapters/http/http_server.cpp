#include "adapters/http/http_server.hpp"

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

namespace vextrus::http {
namespace {

void json_reply(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

nlohmann::json health_body(const HealthSnapshot& h, bool healthy) {
  return {{"status", h.shutting_down ? "down" : healthy ? "ok" : "degraded"},
          {"checks", {{"postgres", h.postgres_ok ? "ok" : "down"}, {"kafka", h.kafka}}}};
}

bool dependencies_ok(const HealthSnapshot& h) { return h.postgres_ok && h.kafka != "down"; }

}  // namespace

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

struct HttpServer::Impl {
  HttpDeps deps;
  httplib::Server server;
  std::thread thread;
};

HttpServer::HttpServer(HttpDeps deps) : impl_(std::make_unique<Impl>()) {
  impl_->deps = std::move(deps);
  auto& server = impl_->server;
  const auto& d = impl_->deps;
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(64 * 1024);

  server.Get("/health", [&d](const httplib::Request&, httplib::Response& res) {
    const auto h = d.health();
    const bool healthy = h.migrated && h.joined && dependencies_ok(h) && !h.shutting_down;
    json_reply(res, 200, health_body(h, healthy));
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
    const bool ready = h.migrated && h.joined && dependencies_ok(h) && !h.shutting_down;
    json_reply(res, ready ? 200 : 503, health_body(h, ready));
  });
  server.Get("/metrics", [&d](const httplib::Request&, httplib::Response& res) {
    res.set_content(d.metrics(), "text/plain; version=0.0.4");
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

  const auto colon = d.address.rfind(':');
  const std::string host = d.address.substr(0, colon);
  const int port = std::stoi(d.address.substr(colon + 1));
  if (!server.bind_to_port(host.c_str(), port)) {
    throw std::runtime_error("cannot listen on " + d.address + "; set VEXTRUS_HTTP_ADDR to a free address");
  }
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

HttpServer::~HttpServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace vextrus::http

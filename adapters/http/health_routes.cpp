// The public routes: health probes and Prometheus metrics (docs/openapi.yaml). Never the
// database: they answer from the health snapshot at once.

#include <nlohmann/json.hpp>

#include "adapters/http/http_routes.hpp"

namespace vextrus::http {
namespace {

std::string health_body(const HealthSnapshot& h, bool healthy) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : h.problems) problems.push_back({{"check", p.source}, {"reason", p.reason}, {"fix", p.fix}});
  return nlohmann::json{{"status", h.shutting_down ? "down"
                                   : healthy       ? "ok"
                                                   : "degraded"},
                        {"checks", {{"postgres", h.postgres_ok ? "ok" : "down"}, {"kafka", h.kafka}}},
                        {"consumer_lag", h.consumer_lag},
                        {"problems", std::move(problems)}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool dependencies_ok(const HealthSnapshot& h) { return h.postgres_ok && h.kafka != "down" && h.problems.empty(); }

Route health(const char* path, std::function<int(const HealthSnapshot&)> status,
             std::function<bool(const HealthSnapshot&)> healthy) {
  return {"GET", path, std::nullopt, false,
          [status = std::move(status), healthy = std::move(healthy)](const RouteContext& c) {
            const auto h = c.deps.health();
            return json_answer(status(h), health_body(h, healthy(h)));
          }};
}

}  // namespace

bool ready(const HealthSnapshot& h) { return h.migrated && h.joined && dependencies_ok(h) && !h.shutting_down; }

std::vector<Route> health_routes() {
  const auto ok = [](const HealthSnapshot&) { return 200; };
  const auto started = [](const HealthSnapshot& h) { return h.migrated && h.joined; };
  return {
      health("/health", ok, ready),
      health("/health/live", ok, dependencies_ok),
      health(
          "/health/startup", [started](const HealthSnapshot& h) { return started(h) ? 200 : 503; },
          [started](const HealthSnapshot& h) { return started(h) && dependencies_ok(h); }),
      health(
          "/health/ready", [](const HealthSnapshot& h) { return ready(h) ? 200 : 503; }, ready),
      {"GET", "/metrics", std::nullopt, false,
       [](const RouteContext& c) {
         Response response;
         response.content_type = "text/plain; version=0.0.4";
         response.body = c.deps.metrics();
         return response;
       }},
  };
}

}  // namespace vextrus::http

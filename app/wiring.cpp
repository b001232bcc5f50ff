#include "app/wiring.hpp"

#include <cstdlib>

#include <unistd.h>

#include "adapters/postgres/connection_string.hpp"
#include "config/api_tokens.hpp"

namespace vextrus::app {

kafka::Properties kafka_properties(const config::Settings& settings, const std::string& bootstrap) {
  kafka::Properties properties = settings.kafka.properties;
  properties["bootstrap.servers"] = bootstrap.empty() ? settings.kafka.brokers : bootstrap;
  properties.emplace("client.id", "vextrus-flow");
  return properties;
}

void check_client_settings(const config::Settings& settings) {
  try {
    kafka::check_properties(kafka_properties(settings, ""));
  } catch (const kafka::InvalidProperty& e) {
    const std::string setting = "kafka.properties." + e.name;
    throw config::ConfigError(setting + " (" + config::env_name(setting) + "): " + e.reason +
                              "; see librdkafka's CONFIGURATION.md for the properties and their values");
  }
  const std::pair<const char*, const std::string*> dsns[] = {
      {"pg.dsn (VEXTRUS_PG_DSN)", &settings.pg_dsn}, {"pg.owner_dsn (VEXTRUS_PG_OWNER_DSN)", &settings.pg_owner_dsn}};
  for (const auto& [name, dsn] : dsns) {
    if (dsn->empty()) continue;
    if (const auto error = pg::connection_string_error(*dsn)) {
      throw config::ConfigError(std::string(name) + ": " + *error +
                                "; give a libpq connection string such as postgresql://user@host:5432/vextrus");
    }
  }
}

std::vector<http::ApiToken> api_tokens(const config::Settings& settings) {
  std::vector<http::ApiToken> tokens;
  if (!settings.api_tokens_file.empty()) {
    for (const auto& entry : config::load_api_tokens(settings.api_tokens_file)) {
      tokens.push_back({entry.name, *http::parse_api_role(entry.role), *http::parse_digest(entry.sha256)});
    }
  }
  if (!settings.api_token.empty()) tokens.push_back(http::single_token(settings.api_token));
  return tokens;
}

http::Limits http_limits(const config::HttpSettings& http) {
  http::Limits limits;
  limits.max_request_line_bytes = static_cast<std::size_t>(http.max_request_line_bytes);
  limits.max_header_bytes = static_cast<std::size_t>(http.max_header_bytes);
  limits.max_header_lines = static_cast<std::size_t>(http.max_header_lines);
  limits.max_body_bytes = static_cast<std::size_t>(http.max_body_bytes);
  limits.head_timeout_ms = http.head_timeout_ms;
  limits.body_timeout_ms = http.body_timeout_ms;
  limits.idle_timeout_ms = http.idle_timeout_ms;
  limits.write_timeout_ms = http.write_timeout_ms;
  limits.max_connections = http.max_connections;
  limits.max_connections_per_client = http.max_connections_per_client;
  limits.max_concurrent_requests = http.max_concurrent_requests;
  limits.worker_threads = http.worker_threads;
  return limits;
}

std::string host_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) return "unknown-host";
  return host;
}

std::string operator_identity() {
  const char* user = std::getenv("USER");
  return std::string(user != nullptr && *user != '\0' ? user : "unknown") + "@" + host_name();
}

std::vector<kafka::TopicSpec> topic_specs(const config::Settings& settings) {
  const auto& t = settings.kafka.topics;
  std::vector<kafka::TopicSpec> specs;
  for (const auto* name :
       {&t.purchase_orders, &t.invoices, &t.onboarding, &t.audit, &t.notifications, &t.dead_letter}) {
    specs.push_back({*name, settings.kafka.partitions, settings.kafka.replication_factor});
  }
  return specs;
}

}  // namespace vextrus::app

#include "config/settings.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <functional>
#include <set>

extern char** environ;

namespace vextrus::config {
namespace {

struct Key {
  std::string path;  // "kafka.group"
  std::function<void(Settings&, const std::string&)> set;
};

int parse_int(const std::string& path, const std::string& text, int min, int max) {
  int value = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    throw ConfigError(path + ": '" + text + "' is not a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max));
  }
  return value;
}

Key text(std::string path, std::string Settings::*field) {
  return {std::move(path), [field](Settings& s, const std::string& v) { s.*field = v; }};
}

template <typename Group>
Key nested_text(std::string path, Group Settings::*group, std::string Group::*field) {
  return {path, [group, field](Settings& s, const std::string& v) { (s.*group).*field = v; }};
}

template <typename Group>
Key nested_int(std::string path, Group Settings::*group, int Group::*field, int min, int max) {
  return {path, [=](Settings& s, const std::string& v) { (s.*group).*field = parse_int(path, v, min, max); }};
}

Key topic(const std::string& name, std::string Topics::*field) {
  return {"kafka.topics." + name, [field](Settings& s, const std::string& v) { s.kafka.topics.*field = v; }};
}

const std::vector<Key>& keys() {
  static const std::vector<Key> all{
      text("env", &Settings::env),
      text("log_level", &Settings::log_level),
      nested_text("kafka.brokers", &Settings::kafka, &KafkaSettings::brokers),
      nested_int("kafka.embedded_port", &Settings::kafka, &KafkaSettings::embedded_port, 1, 65535),
      nested_text("kafka.group", &Settings::kafka, &KafkaSettings::group),
      nested_int("kafka.partitions", &Settings::kafka, &KafkaSettings::partitions, 1, 10000),
      nested_int("kafka.replication_factor", &Settings::kafka, &KafkaSettings::replication_factor, 1, 32),
      topic("purchase_orders", &Topics::purchase_orders),
      topic("invoices", &Topics::invoices),
      topic("onboarding", &Topics::onboarding),
      topic("audit", &Topics::audit),
      topic("notifications", &Topics::notifications),
      topic("dead_letter", &Topics::dead_letter),
      text("pg.dsn", &Settings::pg_dsn),
      text("pg.owner_dsn", &Settings::pg_owner_dsn),
      text("http.addr", &Settings::http_addr),
      nested_int("http.max_request_line_bytes", &Settings::http, &HttpSettings::max_request_line_bytes, 256, 1 << 20),
      nested_int("http.max_header_bytes", &Settings::http, &HttpSettings::max_header_bytes, 1024, 1 << 20),
      nested_int("http.max_header_lines", &Settings::http, &HttpSettings::max_header_lines, 8, 10000),
      nested_int("http.max_body_bytes", &Settings::http, &HttpSettings::max_body_bytes, 0, 64 << 20),
      nested_int("http.head_timeout_ms", &Settings::http, &HttpSettings::head_timeout_ms, 100, 600'000),
      nested_int("http.body_timeout_ms", &Settings::http, &HttpSettings::body_timeout_ms, 100, 600'000),
      nested_int("http.idle_timeout_ms", &Settings::http, &HttpSettings::idle_timeout_ms, 100, 600'000),
      nested_int("http.write_timeout_ms", &Settings::http, &HttpSettings::write_timeout_ms, 100, 600'000),
      nested_int("http.max_connections", &Settings::http, &HttpSettings::max_connections, 8, 1'000'000),
      nested_int("http.max_connections_per_client", &Settings::http, &HttpSettings::max_connections_per_client, 1,
                 1'000'000),
      nested_int("http.max_concurrent_requests", &Settings::http, &HttpSettings::max_concurrent_requests, 1, 10'000),
      nested_int("http.worker_threads", &Settings::http, &HttpSettings::worker_threads, 1, 256),
      text("api.token", &Settings::api_token),
      text("api.tokens_file", &Settings::api_tokens_file),
      text("company.name", &Settings::company_name),
      text("company.bin", &Settings::company_bin),
      {"policy",
       [](Settings& s, const std::string& v) {
         s.policy_files.clear();
         std::size_t start = 0;
         while (start <= v.size()) {
           const auto comma = std::min(v.find(',', start), v.size());
           std::string file = v.substr(start, comma - start);
           file.erase(0, file.find_first_not_of(' '));
           file.erase(file.find_last_not_of(' ') + 1);
           if (!file.empty()) s.policy_files.push_back(file);
           start = comma + 1;
         }
       }},
      nested_int("pipeline.batch_max_events", &Settings::pipeline, &PipelineSettings::batch_max_events, 1, 100000),
      nested_int("pipeline.batch_max_wait_ms", &Settings::pipeline, &PipelineSettings::batch_max_wait_ms, 0, 10000),
      nested_int("pipeline.max_inflight_events", &Settings::pipeline, &PipelineSettings::max_inflight_events, 1,
                 10000000),
      nested_int("pipeline.max_inflight_mib", &Settings::pipeline, &PipelineSettings::max_inflight_mib, 1, 65536),
      nested_int("pipeline.poison_max_tries", &Settings::pipeline, &PipelineSettings::poison_max_tries, 1, 100),
      nested_int("pipeline.retry_backoff_ms", &Settings::pipeline, &PipelineSettings::retry_backoff_ms, 1, 60000),
      nested_int("pipeline.max_live_actors", &Settings::pipeline, &PipelineSettings::max_live_actors, 100, 100000000),
      nested_int("pipeline.passivate_after_s", &Settings::pipeline, &PipelineSettings::passivate_after_s, 1,
                 86400 * 30),
      nested_int("pipeline.max_timers_in_memory", &Settings::pipeline, &PipelineSettings::max_timers_in_memory, 100,
                 100000000),
      nested_int("pipeline.scheduler_threads", &Settings::pipeline, &PipelineSettings::scheduler_threads, 1, 64),
  };
  return all;
}

std::string where(const YAML::Node& node, const std::string& file) {
  const auto mark = node.Mark();
  return file + ":" + std::to_string(mark.line + 1);
}

// Flattens the YAML mapping into "a.b.c" → scalar, except kafka.properties which is kept apart.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file,
             std::map<std::string, std::pair<std::string, std::string>>& out, Settings& settings) {
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    const YAML::Node& value = entry.second;
    if (path == "kafka.properties") {
      if (!value.IsMap() && !value.IsNull()) {
        throw ConfigError(where(value, file) + ": kafka.properties must be a mapping of librdkafka properties");
      }
      for (const auto& property : value) {
        if (!property.second.IsScalar()) {
          throw ConfigError(where(property.second, file) + ": kafka.properties." + property.first.as<std::string>() +
                            " must be a single value (librdkafka properties are flat)");
        }
        settings.kafka.properties[property.first.as<std::string>()] = property.second.as<std::string>();
      }
    } else if (value.IsMap()) {
      flatten(value, path, file, out, settings);
    } else if (value.IsScalar()) {
      out[path] = {value.as<std::string>(), where(value, file)};
    } else if (value.IsSequence() && path == "policy") {
      std::string joined;
      for (const auto& item : value) {
        if (!item.IsScalar()) throw ConfigError(where(item, file) + ": policy entries must be file names");
        joined += (joined.empty() ? "" : ",") + item.as<std::string>();
      }
      out[path] = {joined, where(value, file)};
    } else if (!value.IsNull()) {
      throw ConfigError(where(value, file) + ": " + path + " must be a single value");
    }
  }
}

const Key* find_key(const std::string& path) {
  for (const auto& key : keys()) {
    if (key.path == path) return &key;
  }
  return nullptr;
}

// The certificates name the company as the NBR registered it: a name, and an e-BIN of 13 digits
// (9 for the registration and 4 for the branch). Both or neither.
void validate_company(const Settings& s) {
  if (s.company_name.empty() != s.company_bin.empty()) {
    throw ConfigError(std::string(s.company_name.empty() ? "company.name (VEXTRUS_COMPANY_NAME)"
                                                         : "company.bin (VEXTRUS_COMPANY_BIN)") +
                      " is unset while " + (s.company_name.empty() ? "company.bin" : "company.name") +
                      " is set; give both (the withholding entity on Mushak-6.6 certificates) or neither");
  }
  if (s.company_name.size() > 200 || s.company_name.find_first_of("\r\n") != std::string::npos) {
    throw ConfigError("company.name (VEXTRUS_COMPANY_NAME) must be one line of at most 200 bytes");
  }
  if (!s.company_bin.empty() &&
      (s.company_bin.size() != 13 || s.company_bin.find_first_not_of("0123456789") != std::string::npos)) {
    throw ConfigError("company.bin (VEXTRUS_COMPANY_BIN): '" + s.company_bin +
                      "' must be the 13-digit BIN the NBR issued, digits only, such as 0000123456789");
  }
}

void validate(const Settings& s) {
  if (s.env != "development" && s.env != "production") {
    throw ConfigError("env (VEXTRUS_ENV): '" + s.env + "' must be development or production");
  }
  static const std::set<std::string> levels{"debug", "info", "warn", "error"};
  if (!levels.count(s.log_level)) {
    throw ConfigError("log_level (VEXTRUS_LOG_LEVEL): '" + s.log_level + "' must be debug, info, warn or error");
  }
  if (s.kafka.brokers.empty()) {
    throw ConfigError("kafka.brokers (VEXTRUS_KAFKA_BROKERS) is empty; give host:port list or 'embedded'");
  }
  if (s.kafka.group.empty()) {
    throw ConfigError("kafka.group (VEXTRUS_KAFKA_GROUP) is empty; give the consumer group every process shares");
  }
  const auto& t = s.kafka.topics;
  const std::pair<const char*, const std::string*> topics[] = {
      {"purchase_orders", &t.purchase_orders}, {"invoices", &t.invoices},
      {"onboarding", &t.onboarding},           {"audit", &t.audit},
      {"notifications", &t.notifications},     {"dead_letter", &t.dead_letter}};
  std::set<std::string> topic_names;
  for (const auto& [key, name] : topics) {
    const std::string setting =
        std::string("kafka.topics.") + key + " (" + env_name(std::string("kafka.topics.") + key) + ")";
    if (name->empty())
      throw ConfigError(setting + " is empty; give a topic name or remove the setting for the default");
    if (!topic_names.insert(*name).second) {
      throw ConfigError(setting + ": '" + *name + "' is also another topic's name; give each topic its own");
    }
  }
  if (s.pg_dsn.empty()) throw ConfigError("pg.dsn (VEXTRUS_PG_DSN) is empty; give a libpq connection string");
  const auto colon = s.http_addr.rfind(':');
  int port = 0;
  const char* port_begin = s.http_addr.data() + (colon == std::string::npos ? 0 : colon + 1);
  const char* port_end = s.http_addr.data() + s.http_addr.size();
  const auto [ptr, error] = std::from_chars(port_begin, port_end, port);
  if (colon == std::string::npos || colon == 0 || error != std::errc() || ptr != port_end || port < 1 || port > 65535) {
    throw ConfigError("http.addr (VEXTRUS_HTTP_ADDR): '" + s.http_addr + "' must be host:port, e.g. 127.0.0.1:8080");
  }
  if (s.policy_files.empty()) {
    throw ConfigError("policy (VEXTRUS_POLICY) names no policy file; give one or more comma-separated policy files");
  }
  validate_company(s);
}

}  // namespace

std::string env_name(const std::string& path) {
  std::string out = "VEXTRUS_";
  for (char c : path) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

Settings load_settings(const std::string& path, bool required, const std::map<std::string, std::string>& environment) {
  Settings settings;
  std::map<std::string, std::pair<std::string, std::string>> values;  // path → (value, where)
  if (std::filesystem::exists(path)) {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path);
    } catch (const YAML::Exception& e) {
      throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    if (!root.IsNull()) {
      if (!root.IsMap()) throw ConfigError(path + ": the configuration must be a YAML mapping");
      try {
        flatten(root, "", path, values, settings);
      } catch (const YAML::Exception& e) {
        throw ConfigError(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
      }
    }
  } else if (required) {
    throw ConfigError(path + ": configuration file not found; pass --config FILE");
  }
  for (const auto& [key_path, value] : values) {
    const Key* key = find_key(key_path);
    if (key == nullptr) {
      throw ConfigError(value.second + ": unknown key '" + key_path + "'; see config/vextrus-flow.yaml for the keys");
    }
    try {
      key->set(settings, value.first);
    } catch (const ConfigError& e) {
      throw ConfigError(value.second + ": " + e.what());
    }
  }
  for (const auto& key : keys()) {
    const auto it = environment.find(env_name(key.path));
    if (it != environment.end()) {
      try {
        key.set(settings, it->second);
      } catch (const ConfigError& e) {
        throw ConfigError(env_name(key.path) + ": " + e.what());
      }
    }
  }
  // VEXTRUS_KAFKA_PROPERTIES_SECURITY_PROTOCOL → security.protocol
  const std::string property_prefix = "VEXTRUS_KAFKA_PROPERTIES_";
  for (const auto& [name, value] : environment) {
    if (name.rfind(property_prefix, 0) != 0 || name.size() == property_prefix.size()) continue;
    std::string property = name.substr(property_prefix.size());
    for (char& c : property) c = c == '_' ? '.' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    settings.kafka.properties[property] = value;
  }
  validate(settings);
  return settings;
}

void refuse_embedded_in_production(const Settings& settings, const std::string& command) {
  if (settings.embedded_kafka() && settings.env == "production") {
    throw ConfigError("kafka.brokers (VEXTRUS_KAFKA_BROKERS): " + command +
                      " refuses the embedded broker when VEXTRUS_ENV=production; set the bootstrap servers of the "
                      "real cluster");
  }
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto eq = text.find('=');
    if (eq != std::string::npos && text.rfind("VEXTRUS_", 0) == 0) out[text.substr(0, eq)] = text.substr(eq + 1);
  }
  return out;
}

}  // namespace vextrus::config

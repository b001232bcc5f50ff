#include "adapters/kafka/client_config.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "adapters/log/log.hpp"

namespace vextrus::kafka {
namespace {

// librdkafka's own log lines, as JSON log lines of ours.
void log_callback(const rd_kafka_t*, int level, const char* facility, const char* message) {
  const auto our_level = level <= 3 ? log::Level::error : level <= 4 ? log::Level::warn : log::Level::debug;
  log::write(our_level, "kafka client", {{"facility", facility}, {"detail", message}});
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// Each property's "C/P" column of librdkafka's own property table (the one CONFIGURATION.md is
// generated from): 'C' consumer only, 'P' producer only, '*' both. Read once.
const std::map<std::string, char>& property_scopes() {
  static const std::map<std::string, char> scopes = [] {
    std::map<std::string, char> table;
    char* text = nullptr;
    std::size_t size = 0;
    if (FILE* out = ::open_memstream(&text, &size)) {
      rd_kafka_conf_properties_show(out);
      std::fclose(out);
    }
    std::istringstream lines(text != nullptr ? std::string(text, size) : std::string());
    std::free(text);
    for (std::string line; std::getline(lines, line);) {
      const auto first_bar = line.find('|');
      const auto second_bar = line.find('|', first_bar + 1);
      if (first_bar == std::string::npos || second_bar == std::string::npos) continue;
      const auto scope = trimmed(line.substr(first_bar + 1, second_bar - first_bar - 1));
      if (scope == "C" || scope == "P" || scope == "*") table.emplace(trimmed(line.substr(0, first_bar)), scope[0]);
    }
    return table;
  }();
  return scopes;
}

}  // namespace

bool applies_to(const std::string& property, rd_kafka_type_t client) {
  const auto& scopes = property_scopes();
  const auto found = scopes.find(property);
  if (found == scopes.end()) return true;  // unknown here: let librdkafka judge it
  return found->second == '*' || found->second == (client == RD_KAFKA_CONSUMER ? 'C' : 'P');
}

ConfPtr make_conf(const Properties& properties, rd_kafka_type_t client) {
  Properties for_client;
  for (const auto& [name, value] : properties) {
    if (applies_to(name, client)) for_client.emplace(name, value);
  }
  return make_conf(for_client);
}

ConfPtr make_conf(const Properties& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  char error[512];
  for (const auto& [name, value] : properties) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK) {
      throw InvalidProperty(name, error);
    }
  }
  rd_kafka_conf_set_log_cb(conf.get(), log_callback);
  return conf;
}

void check_properties(const Properties& properties) { make_conf(properties); }

HandlePtr make_handle(rd_kafka_type_t type, ConfPtr conf) {
  char error[512];
  rd_kafka_t* handle = rd_kafka_new(type, conf.get(), error, sizeof error);
  if (handle == nullptr) throw KafkaError(std::string("cannot create the Kafka client: ") + error);
  static_cast<void>(conf.release());  // owned by the handle now
  return HandlePtr(handle);
}

}  // namespace vextrus::kafka

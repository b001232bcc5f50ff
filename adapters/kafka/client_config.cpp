#include "adapters/kafka/client_config.hpp"

#include "adapters/log/log.hpp"

namespace vextrus::kafka {
namespace {

// librdkafka's own log lines, as JSON log lines of ours.
void log_callback(const rd_kafka_t*, int level, const char* facility, const char* message) {
  const auto our_level = level <= 3 ? log::Level::error : level <= 4 ? log::Level::warn : log::Level::debug;
  log::write(our_level, "kafka client", {{"facility", facility}, {"detail", message}});
}

}  // namespace

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
  conf.release();  // owned by the handle now
  return HandlePtr(handle);
}

}  // namespace vextrus::kafka

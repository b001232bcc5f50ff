#include "app/wiring.hpp"

namespace vextrus::app {

kafka::Properties kafka_properties(const config::Settings& settings, const std::string& bootstrap) {
  kafka::Properties properties = settings.kafka.properties;
  properties["bootstrap.servers"] = bootstrap.empty() ? settings.kafka.brokers : bootstrap;
  properties.emplace("client.id", "vextrus-flow");
  return properties;
}

std::vector<kafka::TopicSpec> topic_specs(const config::Settings& settings) {
  const auto& t = settings.kafka.topics;
  std::vector<kafka::TopicSpec> specs;
  for (const auto* name : {&t.purchase_orders, &t.invoices, &t.onboarding, &t.audit, &t.notifications,
                           &t.dead_letter}) {
    specs.push_back({*name, settings.kafka.partitions, settings.kafka.replication_factor});
  }
  return specs;
}

}  // namespace vextrus::app

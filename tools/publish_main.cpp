// vextrus-publish FILE.ndjson... — publishes events (one JSON object per line) to the input
// topic of their type, keyed by their entity_id, for local runs and demos. The broker and topic
// names come from the same VEXTRUS_* settings as the service.

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/kafka/producer.hpp"
#include "config/settings.hpp"

int main(int argc, char** argv) {
  using namespace vextrus;
  if (argc < 2) {
    std::cerr << "usage: vextrus-publish FILE.ndjson...\n";
    return 2;
  }
  try {
    const auto settings = config::load_settings("config/vextrus-flow.yaml", false, config::process_environment());
    const std::string brokers = settings.embedded_kafka() ? "127.0.0.1:" + std::to_string(settings.kafka.embedded_port)
                                                          : settings.kafka.brokers;
    kafka::Properties properties = settings.kafka.properties;
    properties["bootstrap.servers"] = brokers;
    kafka::Producer producer(properties);
    int published = 0;
    for (int i = 1; i < argc; ++i) {
      std::ifstream in(argv[i]);
      if (!in) throw std::runtime_error(std::string("cannot read ") + argv[i]);
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto event = nlohmann::json::parse(line, nullptr, false);
        const std::string type = event.is_object() ? event.value("type", "") : "";
        const std::string key = event.is_object() ? event.value("entity_id", "") : "";
        const auto& t = settings.kafka.topics;
        const std::string& topic = type.rfind("invoice.", 0) == 0          ? t.invoices
                                   : type.rfind("purchase_order.", 0) == 0 ? t.purchase_orders
                                                                           : t.onboarding;
        producer.produce(topic, key, line);
        ++published;
      }
    }
    if (!producer.flush(30000)) throw std::runtime_error("the broker did not confirm every event");
    std::cerr << "published " << published << " events to " << brokers << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "vextrus-publish: " << e.what() << "\n";
    return 1;
  }
}

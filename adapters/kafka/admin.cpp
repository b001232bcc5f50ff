#include "adapters/kafka/admin.hpp"

#include "adapters/kafka/client_config.hpp"

namespace vextrus::kafka {
namespace {

struct NewTopicDeleter {
  void operator()(rd_kafka_NewTopic_t* topic) const { rd_kafka_NewTopic_destroy(topic); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* event) const { rd_kafka_event_destroy(event); }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* options) const { rd_kafka_AdminOptions_destroy(options); }
};

}  // namespace

std::vector<TopicOutcome> create_topics(const Properties& properties, const std::vector<TopicSpec>& topics,
                                        int timeout_ms) {
  auto handle = make_handle(RD_KAFKA_PRODUCER, make_conf(properties, RD_KAFKA_PRODUCER));
  std::vector<std::unique_ptr<rd_kafka_NewTopic_t, NewTopicDeleter>> owned;
  std::vector<rd_kafka_NewTopic_t*> raw;
  char error[512];
  for (const auto& spec : topics) {
    rd_kafka_NewTopic_t* topic =
        rd_kafka_NewTopic_new(spec.name.c_str(), spec.partitions, spec.replication_factor, error, sizeof error);
    if (topic == nullptr) throw KafkaError("topic " + spec.name + ": " + error);
    owned.emplace_back(topic);
    raw.push_back(topic);
  }
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_new(handle.get()));
  std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter> options(
      rd_kafka_AdminOptions_new(handle.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS));
  rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, error, sizeof error);
  rd_kafka_CreateTopics(handle.get(), raw.data(), raw.size(), options.get(), queue.get());

  std::unique_ptr<rd_kafka_event_t, EventDeleter> event(rd_kafka_queue_poll(queue.get(), timeout_ms + 2000));
  if (!event) throw KafkaError("no answer from the Kafka cluster within the time-out; check the brokers");
  if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("creating topics failed: ") + rd_kafka_event_error_string(event.get()));
  }
  const auto* result = rd_kafka_event_CreateTopics_result(event.get());
  std::size_t count = 0;
  const auto** results = rd_kafka_CreateTopics_result_topics(result, &count);
  std::vector<TopicOutcome> outcomes(topics.size(), TopicOutcome::created);
  for (std::size_t i = 0; i < count; ++i) {
    const auto code = rd_kafka_topic_result_error(results[i]);
    const std::string name = rd_kafka_topic_result_name(results[i]);
    for (std::size_t t = 0; t < topics.size(); ++t) {
      if (topics[t].name != name) continue;
      if (code == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        outcomes[t] = TopicOutcome::existed;
      } else if (code != RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* message = rd_kafka_topic_result_error_string(results[i]);
        throw KafkaError("topic " + name + ": " + (message ? message : rd_kafka_err2str(code)));
      }
    }
  }
  return outcomes;
}

}  // namespace vextrus::kafka

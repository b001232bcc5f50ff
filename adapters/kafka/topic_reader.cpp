#include "adapters/kafka/topic_reader.hpp"

#include <chrono>
#include <map>
#include <vector>

#include "adapters/kafka/client_config.hpp"

namespace vextrus::kafka {
namespace {

struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};

int partition_count(rd_kafka_t* handle, const std::string& topic, int timeout_ms) {
  rd_kafka_topic_t* topic_handle = rd_kafka_topic_new(handle, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* metadata = nullptr;
  const auto error = rd_kafka_metadata(handle, 0, topic_handle, &metadata, timeout_ms);
  rd_kafka_topic_destroy(topic_handle);
  if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot read the metadata of " + topic + ": " + rd_kafka_err2str(error));
  }
  int count = 0;
  if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    count = metadata->topics[0].partition_cnt;
  }
  rd_kafka_metadata_destroy(metadata);
  if (count == 0) throw KafkaError("topic " + topic + " does not exist or has no partitions");
  return count;
}

}  // namespace

std::int64_t read_topic_to_end(const Properties& properties, const std::string& topic,
                               const std::function<void(int, std::int64_t, std::string_view)>& each, int timeout_ms) {
  Properties all = properties;
  all.emplace("group.id", "vextrus-topic-reader");  // required by librdkafka; never joined
  all["enable.auto.commit"] = "false";
  all["enable.partition.eof"] = "false";
  auto handle = make_handle(RD_KAFKA_CONSUMER, make_conf(all, RD_KAFKA_CONSUMER));
  const int partitions = partition_count(handle.get(), topic, timeout_ms);

  // Where each partition ends now: the read stops there.
  std::map<int, std::int64_t> end;
  PartitionListPtr assignment(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = 0;
    const auto error = rd_kafka_query_watermark_offsets(handle.get(), topic.c_str(), p, &low, &high, timeout_ms);
    if (error != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw KafkaError("cannot read the end of " + topic + "/" + std::to_string(p) + ": " + rd_kafka_err2str(error));
    }
    if (high > low) {
      end[p] = high;
      rd_kafka_topic_partition_list_add(assignment.get(), topic.c_str(), p)->offset = low;
    }
  }
  if (end.empty()) return 0;
  if (const auto error = rd_kafka_assign(handle.get(), assignment.get()); error != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError("cannot read " + topic + ": " + rd_kafka_err2str(error));
  }
  std::unique_ptr<rd_kafka_queue_t, QueueDeleter> queue(rd_kafka_queue_get_consumer(handle.get()));
  std::int64_t read = 0;
  auto last_progress = std::chrono::steady_clock::now();
  while (!end.empty()) {
    std::unique_ptr<rd_kafka_message_t, MessageDeleter> message(rd_kafka_consume_queue(queue.get(), 200));
    if (!message) {
      if (std::chrono::steady_clock::now() - last_progress > std::chrono::milliseconds(timeout_ms)) {
        throw KafkaError("reading " + topic + " made no progress for " + std::to_string(timeout_ms / 1000) + " s");
      }
      continue;
    }
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
      throw KafkaError("reading " + topic + ": " + rd_kafka_message_errstr(message.get()));
    }
    last_progress = std::chrono::steady_clock::now();
    const auto it = end.find(message->partition);
    if (it == end.end() || message->offset >= it->second) continue;
    each(message->partition, message->offset,
         std::string_view(static_cast<const char*>(message->payload), message->len));
    ++read;
    if (message->offset + 1 >= it->second) end.erase(it);
  }
  rd_kafka_assign(handle.get(), nullptr);
  return read;
}

}  // namespace vextrus::kafka

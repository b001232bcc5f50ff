#pragma once
// Builds librdkafka configuration objects from property maps. Internal to the Kafka adapters.

#include <librdkafka/rdkafka.h>

#include <memory>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct HandleDeleter {
  void operator()(rd_kafka_t* handle) const { rd_kafka_destroy(handle); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const { rd_kafka_topic_partition_list_destroy(list); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* queue) const { rd_kafka_queue_destroy(queue); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// Throws InvalidProperty on a property librdkafka refuses.
ConfPtr make_conf(const Properties& properties);
// The same for one kind of client, leaving out the properties librdkafka documents as the other
// kind's (one property map configures both; librdkafka would warn at every start and ignore them).
ConfPtr make_conf(const Properties& properties, rd_kafka_type_t client);
// Whether librdkafka documents `property` for `client` (true for properties it does not list).
bool applies_to(const std::string& property, rd_kafka_type_t client);
// Creates a client handle; takes ownership of conf.
HandlePtr make_handle(rd_kafka_type_t type, ConfPtr conf);

}  // namespace vextrus::kafka

#pragma once
// Reads every message of a topic that is there when the read starts, partition by partition,
// without joining a consumer group or committing anything: what `audit verify` needs to compare
// PostgreSQL with what was published. Memory stays bounded (messages are handed over one by
// one). Used by one thread.

#include <functional>
#include <string>
#include <string_view>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

// Calls `each(partition, offset, value)` for every message up to each partition's end as it
// was at the start. Returns the number of messages read; throws KafkaError when the topic's
// metadata or a partition cannot be read within `timeout_ms` of no progress.
std::int64_t read_topic_to_end(
    const Properties& properties, const std::string& topic,
    const std::function<void(int partition, std::int64_t offset, std::string_view value)>& each,
    int timeout_ms = 30'000);

}  // namespace vextrus::kafka

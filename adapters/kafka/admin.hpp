#pragma once
// Topic administration for `vextrus-flow init-topics`. Blocking; for the command line only.

#include <string>
#include <vector>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

struct TopicSpec {
  std::string name;
  int partitions = 1;
  int replication_factor = 1;
};

enum class TopicOutcome { created, existed };

// Creates each missing topic; throws KafkaError naming the topic on any other failure.
std::vector<TopicOutcome> create_topics(const Properties& properties, const std::vector<TopicSpec>& topics,
                                        int timeout_ms);

}  // namespace vextrus::kafka

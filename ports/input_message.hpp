#pragma once
// One message read from an input partition, as the actors see it: no broker library type.

#include <cstdint>
#include <optional>
#include <string>

namespace vextrus::ports {

struct TopicPartition {
  std::string topic;
  std::int32_t partition = 0;
  friend bool operator<(const TopicPartition& a, const TopicPartition& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
  }
  friend bool operator==(const TopicPartition& a, const TopicPartition& b) {
    return a.topic == b.topic && a.partition == b.partition;
  }
};

struct InputMessage {
  TopicPartition source;
  std::int64_t offset = 0;
  std::optional<std::string> key;  // nullopt: no key
  std::string value;
  std::int64_t consumed_at_us = 0;  // the steady clock (Clock::steady_us) when polled, for commit latency
  // The W3C trace context of the message's `traceparent` header, when it had a valid one.
  std::optional<std::string> traceparent;
};

}  // namespace vextrus::ports

#pragma once
// Plain value types shared by the Kafka adapters and their users; no librdkafka types.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ports/clock.hpp"
#include "ports/input_message.hpp"

namespace vextrus::kafka {

// The consumer reads into the actors' own message type (ports/input_message.hpp).
using TopicPartition = ports::TopicPartition;
using Message = ports::InputMessage;

// Headers of a produced message: (name, value).
using Headers = std::vector<std::pair<std::string, std::string>>;

// A W3C Trace Context `traceparent` value: version "00"–"fe", a 32-hex-digit trace id and a
// 16-hex-digit parent id, neither all zeros, and two hex digits of flags (lower case).
bool is_traceparent(std::string_view value);

// Microseconds of the steady clock (ports::Clock::steady_us): the time base of
// Message::consumed_at_us.
inline std::int64_t steady_now_us() { return ports::SystemClock().steady_us(); }

// Start positions a RebalanceListener may answer besides a real offset (librdkafka's values).
inline constexpr std::int64_t offset_beginning = -2;
inline constexpr std::int64_t offset_unknown = -1001;

// librdkafka properties; "bootstrap.servers" included.
using Properties = std::map<std::string, std::string>;

struct KafkaError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A property librdkafka does not know, or a value it refuses.
struct InvalidProperty : KafkaError {
  InvalidProperty(std::string property_name, const std::string& why)
      : KafkaError("kafka property " + property_name + ": " + why), name(std::move(property_name)), reason(why) {}
  std::string name;
  std::string reason;
};

// Throws InvalidProperty when librdkafka refuses one of `properties`; connects to nothing.
void check_properties(const Properties& properties);

}  // namespace vextrus::kafka

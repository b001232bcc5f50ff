#pragma once
// Turns the bytes of one Kafka message into a validated domain::Event, or into the reason it is
// dead-lettered (docs/events.md). One decoder per consuming thread: it reuses its parser.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::adapters {

inline constexpr std::size_t max_event_bytes = 1024 * 1024;

struct RawEvent {
  std::string_view value;
  std::optional<std::string_view> key;             // nullopt: the message had no key
  std::optional<domain::Workflow> topic_workflow;  // nullopt: topic not checked (offline)
  bool key_required = true;                        // false for offline validation
};

struct Malformed {
  domain::DeadLetterReason reason;
  // Human-readable: which field and why, ending "(schema: docs/<rule>)" when a rule of the event's
  // JSON Schema states the fault. The dead letter and `validate-event` show these same words.
  std::string detail;
  std::string field = {};  // "payload.lines[1].unit_price"; empty for the message as a whole
  std::string rule = {};   // "schemas/common.json#/$defs/actor/properties/role"; empty: no schema rule
};

using DecodeResult = std::variant<domain::Event, Malformed>;

class JsonParser;

class EventDecoder {
 public:
  explicit EventDecoder(const domain::PolicySet& policies);
  ~EventDecoder();
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;

  DecodeResult decode(const RawEvent& raw);

 private:
  const domain::PolicySet& policies_;
  std::unique_ptr<JsonParser> parser_;
};

}  // namespace vextrus::adapters

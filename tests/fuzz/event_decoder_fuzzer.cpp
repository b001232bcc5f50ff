// libFuzzer target: the bytes of one Kafka message through the event decoder (issue 6).
// Whatever the bytes, the decoder returns an event or a dead-letter reason; it never crashes,
// throws, or reads out of bounds. An accepted event's normalised form (what `validate-event`
// prints) decodes again to the same normalised form, so normalising loses nothing it needs.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/json/event_decoder.hpp"
#include "adapters/json/event_json.hpp"
#include "config/policy_loader.hpp"

namespace {

using vextrus::adapters::EventDecoder;
using vextrus::adapters::RawEvent;

const vextrus::domain::PolicySet& policies() {
  static const auto set = vextrus::config::load_policies({VEXTRUS_SOURCE_DIR "/config/policy/bd-default.yaml"});
  return set;
}

void check_round_trip(EventDecoder& decoder, const vextrus::domain::Event& event) {
  const std::string normalised = vextrus::adapters::normalised_event_json(event);
  const auto again = decoder.decode(RawEvent{normalised, std::nullopt, std::nullopt, false});
  const auto* event_again = std::get_if<vextrus::domain::Event>(&again);
  if (event_again == nullptr || vextrus::adapters::normalised_event_json(*event_again) != normalised) {
    std::abort();  // the normalised form of an accepted event must itself be accepted, unchanged
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static EventDecoder decoder(policies());
  const std::string_view value(reinterpret_cast<const char*>(data), size);

  // Offline, as `validate-event` decodes: no key, no topic.
  const auto offline = decoder.decode(RawEvent{value, std::nullopt, std::nullopt, false});
  if (const auto* event = std::get_if<vextrus::domain::Event>(&offline)) check_round_trip(decoder, *event);

  // As consumed: a key and a topic, which the decoder checks against the body.
  const auto workflow = static_cast<vextrus::domain::Workflow>(size % 3);
  decoder.decode(RawEvent{value, std::string_view("PO-2025-000123"), workflow, true});
  decoder.decode(RawEvent{value, std::nullopt, workflow, true});
  return 0;
}

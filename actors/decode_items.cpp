#include "actors/decode_items.hpp"

#include <memory>
#include <string>

namespace vextrus::actors {

std::vector<PendingItem> decode_items(const std::vector<const ports::InputMessage*>& messages,
                                      std::optional<std::int64_t> committed_offset, const FailureBook& failures,
                                      adapters::EventDecoder& decoder, domain::Workflow workflow) {
  std::vector<PendingItem> items;
  items.reserve(messages.size());
  for (const auto* message : messages) {
    if (committed_offset && message->offset < *committed_offset) continue;  // already committed
    PendingItem item;
    item.message = message;
    if (const ItemKey key{message->offset, {}, {}, 0}; failures.exhausted(key)) {
      item.rejection = Rejection{domain::DeadLetterReason::poison,
                                 "the decision failed " + std::to_string(failures.tries(key)) + " times"};
    } else if (failures.is_refused(message->offset)) {
      item.rejection = Rejection{domain::DeadLetterReason::poison,
                                 "PostgreSQL refused the effects of this event; see the service log"};
    } else {
      const auto message_key = message->key ? std::optional<std::string_view>(*message->key) : std::nullopt;
      auto decoded = decoder.decode({message->value, message_key, workflow, true});
      if (auto* event = std::get_if<domain::Event>(&decoded)) {
        item.event = std::make_shared<const domain::Event>(std::move(*event));
      } else {
        auto& malformed = std::get<adapters::Malformed>(decoded);
        item.rejection = Rejection{malformed.reason, std::move(malformed.detail)};
      }
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace vextrus::actors

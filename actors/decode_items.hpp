#pragma once
// The items of a transaction's messages: each message not yet committed, decoded into its event,
// or with why it is dead-lettered (it does not decode, or it keeps failing).

#include <cstdint>
#include <optional>
#include <vector>

#include "actors/failure_book.hpp"
#include "actors/pending_item.hpp"
#include "adapters/json/event_decoder.hpp"

namespace vextrus::actors {

// Messages below `committed_offset` are left out (a prefix: offsets ascend).
std::vector<PendingItem> decode_items(const std::vector<const ports::InputMessage*>& messages,
                                      std::optional<std::int64_t> committed_offset, const FailureBook& failures,
                                      adapters::EventDecoder& decoder, domain::Workflow workflow);

}  // namespace vextrus::actors

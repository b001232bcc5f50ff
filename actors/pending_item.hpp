#pragma once
// One thing a partition transaction decides: a message (its event, or why it is dead-lettered)
// or a due deadline, and, once decided, its outcome. Plain values, no CAF.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "actors/outcome.hpp"
#include "actors/timer_book.hpp"
#include "domain/vocabulary.hpp"
#include "ports/input_message.hpp"

namespace vextrus::actors {

// Why a message is dead-lettered instead of decided, in the dead letter's words.
struct Rejection {
  domain::DeadLetterReason reason;
  std::string detail;
};

// Names an item across the attempts of a transaction (decision failures are counted per item):
// a message by its offset, a deadline by its entity, kind and step.
struct ItemKey {
  std::int64_t offset = -1;  // a message's; -1 for a deadline
  std::string entity_id;     // a deadline's
  domain::DeadlineKind kind = domain::DeadlineKind::reminder;
  int step = 0;

  friend bool operator<(const ItemKey& a, const ItemKey& b) {
    return std::tie(a.offset, a.entity_id, a.kind, a.step) < std::tie(b.offset, b.entity_id, b.kind, b.step);
  }
  // "o:<offset>" or "t:<entity>/<kind>/<step>", for the log.
  std::string text() const {
    if (offset >= 0) return "o:" + std::to_string(offset);
    return "t:" + entity_id + "/" + std::string(domain::name(kind)) + "/" + std::to_string(step);
  }
};

struct PendingItem {
  const ports::InputMessage* message = nullptr;  // null for a deadline; owned by the batch
  std::optional<Rejection> rejection;            // a message that is dead-lettered
  EventPtr event;                                // a message's decoded event
  std::optional<EntityDeadline> deadline;
  LookupsPtr lookups;  // for an invoice.received: what it is checked against
  Outcome outcome;
  bool skipped = false;  // a deadline whose decision kept failing: set aside, nothing recorded

  const std::string& entity_id() const { return event ? event->entity_id : deadline->entity_id; }
  ItemKey key() const {
    if (message != nullptr) return {message->offset, {}, {}, 0};
    return {-1, deadline->entity_id, deadline->deadline.kind, deadline->deadline.step};
  }
};

}  // namespace vextrus::actors

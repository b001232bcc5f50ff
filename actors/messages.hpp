#pragma once
// Messages between the consumer loop, partition workers and entity actors. All are local to one
// process and never serialised, hence CAF_ALLOW_UNSAFE_MESSAGE_TYPE instead of inspect().

#include <caf/all.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "adapters/kafka/kafka_types.hpp"
#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/entity.hpp"

namespace vextrus::actors {

// A poll batch of one partition, in offset order.
struct Batch {
  std::vector<kafka::Message> messages;
  bool caught_up = false;  // the partition had nothing more to read after these
  std::size_t bytes() const {
    std::size_t total = 0;
    for (const auto& message : messages) total += message.value.size();
    return total;
  }
};
using BatchPtr = std::shared_ptr<const Batch>;
using EventPtr = std::shared_ptr<const domain::Event>;
// What the worker looked up for an invoice.received (null for every other event).
using LookupsPtr = std::shared_ptr<const domain::InvoiceLookups>;

// An entity actor's answer to one event or deadline: its decision, with the entity's new state
// (when it changed) in the workflow-independent form.
struct Outcome {
  bool duplicate = false;  // the event_id was already accepted: no effect
  domain::AuditFact audit;  // action empty: nothing happened
  std::optional<domain::EntityState> next;
  std::optional<std::vector<domain::Deadline>> deadlines;  // the complete new set, when it changed
  std::vector<domain::NotificationFact> notifications;

  template <typename State>
  static Outcome of(domain::Decision<State> decision) {
    Outcome outcome;
    outcome.audit = std::move(decision.audit);
    if (decision.next) outcome.next = std::move(*decision.next);
    outcome.deadlines = std::move(decision.deadlines);
    outcome.notifications = std::move(decision.notifications);
    return outcome;
  }
};

using batch_atom = caf::atom_constant<caf::atom("batch")>;
using decide_atom = caf::atom_constant<caf::atom("decide")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
// The consumer loop tells a worker that its partition is read to the end: its watermark may
// follow the wall clock.
using caught_up_atom = caf::atom_constant<caf::atom("caughtup")>;
// A worker reminds itself that more timers are due than one commit takes.
using tick_atom = caf::atom_constant<caf::atom("tick")>;

}  // namespace vextrus::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::BatchPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::EventPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::LookupsPtr)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::actors::Outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vextrus::domain::Deadline)

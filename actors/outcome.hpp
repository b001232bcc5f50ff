#pragma once
// What an entity actor is asked (an event with its lookups, or a due deadline) and answers (an
// Outcome), as plain values: the batch assembly and its tests use them without CAF.

#include <memory>
#include <optional>
#include <vector>

#include "domain/decision.hpp"
#include "domain/entity.hpp"
#include "domain/event.hpp"
#include "domain/invoice.hpp"

namespace vextrus::actors {

using EventPtr = std::shared_ptr<const domain::Event>;
// What the worker looked up for an invoice.received (null for every other event).
using LookupsPtr = std::shared_ptr<const domain::InvoiceLookups>;

// An entity actor's answer to one event or deadline: its decision, with the entity's new state
// (when it changed) in the workflow-independent form.
struct Outcome {
  bool duplicate = false;           // the event_id was already accepted: no effect
  domain::AuditFact audit;          // no action: nothing happened
  bool claims_invoice_key = false;  // (domain::Decision)
  std::optional<domain::EntityState> next;
  std::optional<std::vector<domain::Deadline>> deadlines;  // the complete new set, when it changed
  std::vector<domain::NotificationFact> notifications;

  template <typename State>
  static Outcome of(domain::Decision<State> decision) {
    Outcome outcome;
    outcome.audit = std::move(decision.audit);
    outcome.claims_invoice_key = decision.claims_invoice_key;
    if (decision.next) outcome.next = std::move(*decision.next);
    outcome.deadlines = std::move(decision.deadlines);
    outcome.notifications = std::move(decision.notifications);
    return outcome;
  }
};

}  // namespace vextrus::actors

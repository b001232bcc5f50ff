#include "actors/purchase_order_actor.hpp"

#include <unordered_set>

namespace vextrus::actors {
namespace {

struct EntityState {
  std::optional<domain::PurchaseOrder> order;
  std::unordered_set<std::string> accepted;
};

}  // namespace

caf::behavior purchase_order_actor(caf::event_based_actor* self, pg::StoredPurchaseOrder stored,
                                   std::shared_ptr<const domain::PolicySet> policies) {
  auto state = std::make_shared<EntityState>();
  state->order = std::move(stored.order);
  state->accepted.insert(stored.accepted_event_ids.begin(), stored.accepted_event_ids.end());
  // A throwing decision ends this actor; its worker sees the error and counts a try.
  self->set_exception_handler([](caf::scheduled_actor*, std::exception_ptr&) -> caf::error {
    return caf::exit_reason::unhandled_exception;
  });
  return {
      [state, policies](decide_atom, const EventPtr& event) -> Outcome {
        Outcome outcome;
        if (!state->accepted.insert(event->event_id).second) {
          outcome.duplicate = true;
          return outcome;
        }
        outcome.decision = domain::decide(state->order, *event, *policies);
        if (outcome.decision.next) state->order = outcome.decision.next;
        return outcome;
      },
      [state, policies](deadline_atom, const domain::Deadline& deadline) -> Outcome {
        Outcome outcome;
        if (!state->order) return outcome;  // no order, nothing to decide
        outcome.decision = domain::decide_deadline(*state->order, deadline, *policies);
        if (outcome.decision.next) state->order = outcome.decision.next;
        return outcome;
      },
  };
}

}  // namespace vextrus::actors

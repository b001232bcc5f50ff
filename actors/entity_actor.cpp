#include "actors/entity_actor.hpp"

#include <unordered_set>

namespace vextrus::actors {
namespace {

// The entity's state as its own workflow's type: nullopt until its first event creates it.
using Current = std::variant<std::optional<domain::PurchaseOrder>, std::optional<domain::Invoice>,
                             std::optional<domain::Onboarding>>;

Current current_of(domain::Workflow workflow, std::optional<domain::EntityState> stored) {
  Current current;
  switch (workflow) {
    case domain::Workflow::purchase_order: current = std::optional<domain::PurchaseOrder>(); break;
    case domain::Workflow::invoice: current = std::optional<domain::Invoice>(); break;
    case domain::Workflow::onboarding: current = std::optional<domain::Onboarding>(); break;
  }
  if (stored) {
    std::visit([&](auto& state) { current = std::optional<std::decay_t<decltype(state)>>(std::move(state)); },
               *stored);
  }
  return current;
}

domain::Decision<domain::PurchaseOrder> decide_event(const std::optional<domain::PurchaseOrder>& order,
                                                     const domain::Event& event, const domain::PolicySet& policies,
                                                     const LookupsPtr&) {
  return domain::decide(order, event, policies);
}

domain::Decision<domain::Invoice> decide_event(const std::optional<domain::Invoice>& invoice,
                                               const domain::Event& event, const domain::PolicySet& policies,
                                               const LookupsPtr& lookups) {
  return domain::decide(invoice, event, policies, lookups ? *lookups : domain::InvoiceLookups{});
}

domain::Decision<domain::Onboarding> decide_event(const std::optional<domain::Onboarding>& onboarding,
                                                  const domain::Event& event, const domain::PolicySet& policies,
                                                  const LookupsPtr&) {
  return domain::decide(onboarding, event, policies);
}

struct EntityState {
  Current current;
  std::unordered_set<std::string> accepted;
};

}  // namespace

caf::behavior entity_actor(caf::event_based_actor* self, domain::Workflow workflow, pg::StoredEntity stored,
                           std::shared_ptr<const domain::PolicySet> policies) {
  auto state = std::make_shared<EntityState>();
  state->current = current_of(workflow, std::move(stored.state));
  state->accepted.insert(stored.accepted_event_ids.begin(), stored.accepted_event_ids.end());
  // A throwing decision ends this actor; its worker sees the error and counts a try.
  self->set_exception_handler([](caf::scheduled_actor*, std::exception_ptr&) -> caf::error {
    return caf::exit_reason::unhandled_exception;
  });
  return {
      [state, policies](decide_atom, const EventPtr& event, const LookupsPtr& lookups) -> Outcome {
        if (!state->accepted.insert(event->event_id).second) {
          Outcome outcome;
          outcome.duplicate = true;
          return outcome;
        }
        return std::visit(
            [&](auto& current) {
              auto decision = decide_event(current, *event, *policies, lookups);
              if (decision.next) current = *decision.next;
              return Outcome::of(std::move(decision));
            },
            state->current);
      },
      [state, policies](deadline_atom, const domain::Deadline& deadline) -> Outcome {
        return std::visit(
            [&](auto& current) {
              if (!current) return Outcome{};  // no entity, nothing to decide
              auto decision = domain::decide_deadline(*current, deadline, *policies);
              if (decision.next) current = *decision.next;
              return Outcome::of(std::move(decision));
            },
            state->current);
      },
  };
}

}  // namespace vextrus::actors

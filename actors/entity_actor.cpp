#include "actors/entity_actor.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace vextrus::actors {
namespace {

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

// The state of one entity of workflow T, held only as T: a variant over the three workflows
// would make every actor as large as the largest (an onboarding), and a live actor's size is the
// service's memory per entity (bench/actor_memory). Accepted event ids are few per entity, so a
// vector beats a hash set in bytes and in time.
template <typename T>
struct EntityState {
  std::optional<T> current;
  std::vector<std::string> accepted;

  bool accept(const std::string& event_id) {
    if (std::find(accepted.begin(), accepted.end(), event_id) != accepted.end()) return false;
    accepted.push_back(event_id);
    return true;
  }
};

template <typename T>
caf::behavior entity_behavior(caf::event_based_actor* self, std::optional<T> current, std::vector<std::string> accepted,
                              std::shared_ptr<const domain::PolicySet> policies) {
  auto state = std::make_shared<EntityState<T>>();
  state->current = std::move(current);
  state->accepted = std::move(accepted);
  // A throwing decision ends this actor; its worker sees the error and counts a try.
  self->set_exception_handler([](caf::scheduled_actor*, std::exception_ptr&) -> caf::error {
    return caf::exit_reason::unhandled_exception;
  });
  return {
      [state, policies](decide_atom, const EventPtr& event, const LookupsPtr& lookups) -> Outcome {
        if (!state->accept(event->event_id)) {
          Outcome outcome;
          outcome.duplicate = true;
          return outcome;
        }
        auto decision = decide_event(state->current, *event, *policies, lookups);
        if (decision.next) state->current = *decision.next;
        return Outcome::of(std::move(decision));
      },
      [state, policies](deadline_atom, const domain::Deadline& deadline) -> Outcome {
        if (!state->current) return Outcome{};  // no entity, nothing to decide
        auto decision = domain::decide_deadline(*state->current, deadline, *policies);
        if (decision.next) state->current = *decision.next;
        return Outcome::of(std::move(decision));
      },
  };
}

template <typename T>
std::optional<T> stored_as(std::optional<domain::EntityState>& stored) {
  if (!stored) return std::nullopt;
  if (auto* state = std::get_if<T>(&*stored)) return std::move(*state);
  throw std::logic_error("an entity's stored state belongs to another workflow");
}

}  // namespace

caf::behavior entity_actor(caf::event_based_actor* self, domain::Workflow workflow, pg::StoredEntity stored,
                           std::shared_ptr<const domain::PolicySet> policies) {
  auto accepted = std::move(stored.accepted_event_ids);
  switch (workflow) {
    case domain::Workflow::purchase_order:
      return entity_behavior(self, stored_as<domain::PurchaseOrder>(stored.state), std::move(accepted), policies);
    case domain::Workflow::invoice:
      return entity_behavior(self, stored_as<domain::Invoice>(stored.state), std::move(accepted), policies);
    case domain::Workflow::onboarding:
      return entity_behavior(self, stored_as<domain::Onboarding>(stored.state), std::move(accepted), policies);
  }
  throw std::logic_error("unknown workflow");
}

}  // namespace vextrus::actors

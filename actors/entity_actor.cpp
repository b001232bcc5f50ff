#include "actors/entity_actor.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
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

// The ids of the events accepted for one entity, in one buffer of length-prefixed ids: an entity
// has few, and one allocation per actor instead of one per id (and a vector) saves about 100 bytes
// of every live actor. Ids are any text (docs/events.md bounds them, not their characters), hence
// the prefix rather than a separator.
class AcceptedIds {
 public:
  explicit AcceptedIds(const std::vector<std::string>& ids) {
    for (const auto& id : ids) append(id);
  }

  // False when `id` is already there.
  bool insert(std::string_view id) {
    for (std::size_t at = 0; at < buffer_.size();) {
      const std::size_t length = static_cast<unsigned char>(buffer_[at]) |
                                 static_cast<std::size_t>(static_cast<unsigned char>(buffer_[at + 1])) << 8;
      if (std::string_view(buffer_).substr(at + 2, length) == id) return false;
      at += 2 + length;
    }
    append(id);
    return true;
  }

 private:
  void append(std::string_view id) {
    if (id.size() > 0xffff) throw std::length_error("an event id longer than 65535 bytes");
    buffer_.push_back(static_cast<char>(id.size() & 0xff));
    buffer_.push_back(static_cast<char>(id.size() >> 8));
    buffer_.append(id);
  }

  std::string buffer_;
};

// The state of one entity of workflow T, held only as T: a variant over the three workflows
// would make every actor as large as the largest (an onboarding), and a live actor's size is the
// service's memory per entity (bench/actor_memory). It lives inside the actor (a stateful actor),
// so the handlers capture only `self`.
template <typename T>
struct EntityState {
  std::optional<T> current;
  AcceptedIds accepted{{}};
  std::shared_ptr<const domain::PolicySet> policies;
};

template <typename T>
caf::behavior entity_behavior(caf::stateful_actor<EntityState<T>>* self, std::optional<T> current,
                              const std::vector<std::string>& accepted,
                              const std::shared_ptr<const domain::PolicySet>& policies) {
  auto& state = self->state;
  state.current = std::move(current);
  state.accepted = AcceptedIds(accepted);
  state.policies = policies;
  // A throwing decision ends this actor; its worker sees the error and counts a try.
  self->set_exception_handler(
      [](caf::scheduled_actor*, std::exception_ptr&) -> caf::error { return caf::exit_reason::unhandled_exception; });
  return {
      [self](decide_atom, const EventPtr& event, const LookupsPtr& lookups) -> Outcome {
        auto& st = self->state;
        if (!st.accepted.insert(event->event_id)) {
          Outcome outcome;
          outcome.duplicate = true;
          return outcome;
        }
        auto decision = decide_event(st.current, *event, *st.policies, lookups);
        if (decision.next) st.current = *decision.next;
        return Outcome::of(std::move(decision));
      },
      [self](deadline_atom, const domain::Deadline& deadline) -> Outcome {
        auto& st = self->state;
        if (!st.current) return Outcome{};  // no entity, nothing to decide
        auto decision = domain::decide_deadline(*st.current, deadline, *st.policies);
        if (decision.next) st.current = *decision.next;
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

template <typename T, typename Spawner>
caf::actor spawn_as(Spawner& spawner, ports::StoredEntity& stored, std::shared_ptr<const domain::PolicySet> policies) {
  return spawner.spawn(entity_behavior<T>, stored_as<T>(stored.state), std::move(stored.accepted_event_ids),
                       std::move(policies));
}

}  // namespace

template <typename Spawner>
caf::actor spawn_entity(Spawner& spawner, domain::Workflow workflow, ports::StoredEntity stored,
                        std::shared_ptr<const domain::PolicySet> policies) {
  switch (workflow) {
    case domain::Workflow::purchase_order:
      return spawn_as<domain::PurchaseOrder>(spawner, stored, std::move(policies));
    case domain::Workflow::invoice:
      return spawn_as<domain::Invoice>(spawner, stored, std::move(policies));
    case domain::Workflow::onboarding:
      return spawn_as<domain::Onboarding>(spawner, stored, std::move(policies));
  }
  throw std::logic_error("unknown workflow");
}

template caf::actor spawn_entity(caf::actor_system&, domain::Workflow, ports::StoredEntity,
                                 std::shared_ptr<const domain::PolicySet>);
template caf::actor spawn_entity(caf::blocking_actor&, domain::Workflow, ports::StoredEntity,
                                 std::shared_ptr<const domain::PolicySet>);

}  // namespace vextrus::actors

#pragma once
// The refusal of a well-formed event that is not allowed now, alike in every workflow: the
// entity is unchanged and the audit record names the reason and the policy in force.

#include <optional>
#include <string>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

// `current` is nullopt for an unknown entity: the policy governing the event is recorded then.
template <typename State>
Decision<State> refuse(const std::optional<State>& current, const Event& event, RefusalReason reason,
                       const PolicySet& policies) {
  std::string policy_id;
  if (current) {
    policy_id = current->policy_id;
  } else if (const Policy* policy = policies.governing(event.occurred_at)) {
    policy_id = policy->policy_id;
  }
  Decision<State> decision;
  decision.audit = refusal(current ? std::optional<std::string>(std::string(name(current->status))) : std::nullopt,
                           policy_id, reason, event.type);
  return decision;
}

template <typename State>
Decision<State> refuse(const State& current, const Event& event, RefusalReason reason, const PolicySet& policies) {
  return refuse(std::optional<State>(current), event, reason, policies);
}

}  // namespace vextrus::domain

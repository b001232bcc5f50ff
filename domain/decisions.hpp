#pragma once
// Decisions built alike in every workflow: a change of state, and the refusal of a well-formed
// event that is not allowed now.

#include <optional>
#include <string>
#include <utility>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

// A change of state: the audit record shows the statuses before and after, and `detail`.
// `detail` is moved into the record: clang-tidy 14 takes the std::move of a parameter, under a
// type that depends on State, for a const use.
template <typename State>
// NOLINTNEXTLINE(performance-unnecessary-value-param)
Decision<State> transition(const State& before, State after, AuditAction action, Detail detail) {
  Decision<State> decision;
  decision.audit.action = action;
  decision.audit.status_before = std::string(name(before.status));
  decision.audit.status_after = std::string(name(after.status));
  decision.audit.detail = std::move(detail);
  decision.next = std::move(after);
  return decision;
}

// The refusal of an event: the entity is unchanged; the record names the reason and the policy
// in force. `current` is nullopt for an unknown entity: the policy governing the event is recorded then.
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
  decision.audit.action = AuditAction::refused;
  decision.audit.refusal = reason;
  if (current) {
    decision.audit.status_before = std::string(name(current->status));
    decision.audit.status_after = decision.audit.status_before;
  }
  decision.audit.detail = {
      {"policy_id", policy_id}, {"reason", std::string(name(reason))}, {"type", std::string(name(event.type))}};
  return decision;
}

template <typename State>
Decision<State> refuse(const State& current, const Event& event, RefusalReason reason, const PolicySet& policies) {
  return refuse(std::optional<State>(current), event, reason, policies);
}

}  // namespace vextrus::domain

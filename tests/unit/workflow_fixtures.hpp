#pragma once
// Shared by the invoice and onboarding workflow tests: the whole default policy of
// config/policy/bd-default.yaml (docs/policy.md) built in code, event construction, and
// readers of audit details and deadlines that print well when an expectation fails.

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"
#include "tests/unit/invoice_fixtures.hpp"

namespace vextrus::domain::testing_support {

inline constexpr const char* default_policy_id = "bd-default-2025-07-01";

inline Policy bd_default_policy() {
  Policy policy;
  policy.policy_id = default_policy_id;
  policy.effective_from = *parse_date("2025-07-01");
  policy.purchase_order.tiers = {{Role::department_head, Money::from_taka(0)},
                                 {Role::finance_manager, Money::from_taka(100'000)},
                                 {Role::cfo, Money::from_taka(1'000'000)},
                                 {Role::managing_director, Money::from_taka(10'000'000)}};
  policy.invoice = bd_invoice_policy();
  // onboarding: the defaults of OnboardingPolicy are the contract's -1d, 0d, 7d, 30d; spelled out
  // here so that the tests do not depend on them.
  policy.onboarding.task_offsets = {Duration::hours(-24), Duration::hours(0), Duration::hours(7 * 24),
                                    Duration::hours(30 * 24)};
  return policy;
}

inline const PolicySet& default_policies() {
  static const PolicySet set{{bd_default_policy()}};
  return set;
}

inline Timestamp at(const char* rfc3339) {
  const auto parsed = parse_rfc3339(rfc3339);
  if (!parsed) throw std::invalid_argument(std::string("bad timestamp in a test: ") + rfc3339);
  return *parsed;
}

inline Event make_event(EventType type, std::string entity_id, Actor actor, const char* occurred_at, Payload payload) {
  Event event;
  event.event_id = "evt-" + std::string(name(type)) + "-" + occurred_at;
  event.type = type;
  event.entity_id = std::move(entity_id);
  event.occurred_at = at(occurred_at);
  event.actor = std::move(actor);
  event.payload = std::move(payload);
  return event;
}

// An actor holding `role`.
inline Actor as(Role role) { return {"u-" + std::string(name(role)), role}; }

// --- Audit details ----------------------------------------------------------------------------

inline const DetailValue* find_detail(const AuditFact& fact, const std::string& key) {
  for (const auto& [detail_key, value] : fact.detail) {
    if (detail_key == key) return &value;
  }
  return nullptr;
}

inline std::string detail_string(const AuditFact& fact, const std::string& key) {
  const DetailValue* value = find_detail(fact, key);
  if (value == nullptr) return "<absent: " + key + ">";
  if (const auto* text = std::get_if<std::string>(value)) return *text;
  return "<not a string: " + key + ">";
}

inline std::optional<bool> detail_bool(const AuditFact& fact, const std::string& key) {
  const DetailValue* value = find_detail(fact, key);
  if (value == nullptr) return std::nullopt;
  if (const auto* flag = std::get_if<bool>(value)) return *flag;
  return std::nullopt;
}

inline std::optional<std::vector<std::string>> detail_strings(const AuditFact& fact, const std::string& key) {
  const DetailValue* value = find_detail(fact, key);
  if (value == nullptr) return std::nullopt;
  if (const auto* list = std::get_if<std::vector<std::string>>(value)) return *list;
  return std::nullopt;
}

// --- Deadlines and notifications --------------------------------------------------------------

// "kind step due_at(UTC)", sorted: a set of deadlines compared as text, in no particular order.
inline std::vector<std::string> describe(const std::vector<Deadline>& deadlines) {
  std::vector<std::string> out;
  for (const auto& d : deadlines) {
    out.push_back(std::string(name(d.kind)) + " " + std::to_string(d.step) + " " + format_utc(d.due_at));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The deadlines an entity has after a decision that created it or changed them: for a new entity
// "unchanged" means none.
template <typename State>
std::vector<std::string> new_deadlines(const Decision<State>& decision) {
  return decision.deadlines ? describe(*decision.deadlines) : std::vector<std::string>{};
}

// "type -> role" of each notification, in order.
template <typename State>
std::vector<std::string> notified(const Decision<State>& decision) {
  std::vector<std::string> out;
  for (const auto& n : decision.notifications) out.push_back(n.type + " -> " + n.to_role);
  return out;
}

// Problems found so far; success when there are none.
inline ::testing::AssertionResult verdict(const std::vector<std::string>& problems) {
  if (problems.empty()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  for (const auto& problem : problems) failure << "\n  " << problem;
  return failure;
}

// The audit fact's action as text ("<none>": nothing happened).
inline std::string action_text(const AuditFact& audit) {
  return audit.action ? std::string(name(*audit.action)) : "<none>";
}

// A refusal: nothing changes, no deadline moves, nobody is told; the audit fact says why and
// carries the entity's status (or none for an unknown entity) and the governing policy.
template <typename State>
::testing::AssertionResult refused(const Decision<State>& decision, std::string_view reason,
                                   const std::optional<std::string>& status) {
  std::vector<std::string> problems;
  const AuditFact& audit = decision.audit;
  if (decision.next) problems.push_back("the entity changed");
  if (audit.action != AuditAction::refused) problems.push_back("action is '" + action_text(audit) + "', not 'refused'");
  if (!audit.refusal || name(*audit.refusal) != reason)
    problems.push_back("the typed refusal is not '" + std::string(reason) + "'");
  if (detail_string(audit, "reason") != reason) {
    problems.push_back("reason is '" + detail_string(audit, "reason") + "', not '" + std::string(reason) + "'");
  }
  if (audit.status_before != status || audit.status_after != status) {
    problems.push_back("status before/after is '" + audit.status_before.value_or("<none>") + "'/'" +
                       audit.status_after.value_or("<none>") + "', not '" + status.value_or("<none>") + "'");
  }
  if (detail_string(audit, "policy_id") != default_policy_id) {
    problems.push_back("policy_id is '" + detail_string(audit, "policy_id") + "'");
  }
  if (decision.deadlines) problems.push_back("the deadlines changed");
  if (!decision.notifications.empty()) problems.push_back("a refusal notified " + decision.notifications[0].to_role);
  return verdict(problems);
}

// A deadline that no longer applies: no audit record, no change, no notification.
template <typename State>
::testing::AssertionResult nothing_decided(const Decision<State>& decision) {
  std::vector<std::string> problems;
  if (decision.audit.action) problems.push_back("action '" + action_text(decision.audit) + "'");
  if (decision.next) problems.push_back("the entity changed");
  if (decision.deadlines) problems.push_back("the deadlines changed");
  if (!decision.notifications.empty()) problems.push_back("notified " + decision.notifications[0].type);
  return verdict(problems);
}

}  // namespace vextrus::domain::testing_support

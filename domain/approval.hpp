#pragma once
// Multi-tier approval as purchase orders and invoices share it (docs/events.md): the
// deadlines of a pending tier and what its reminder and escalation decide.

#include <string>
#include <vector>

#include "domain/decision.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

// The role after `role` in the tier list; the last escalates to itself.
Role escalation_target(const std::vector<Tier>& tiers, Role role);

// The reminder and escalation of tier `step`, pending since `since`.
std::vector<Deadline> tier_deadlines(int step, Timestamp since, Duration reminder_after, Duration escalate_after);

// A due reminder (to the pending role) or escalation (to the next role of the tier list): the
// audit fact and the notification. The entity's state is unchanged.
template <typename State>
void tier_deadline_fired(Decision<State>& decision, DeadlineKind kind, Role pending, const std::vector<Tier>& tiers,
                         const std::string& status, Detail about) {
  if (kind == DeadlineKind::reminder) {
    decision.audit = fact(AuditAction::reminder_sent, status, status, about);
    decision.notifications.push_back(notify(NotificationType::approval_reminder, pending, std::move(about)));
    return;
  }
  const Role target = escalation_target(tiers, pending);
  about.emplace_back("escalated_to", std::string(name(target)));
  decision.audit = fact(AuditAction::escalated, status, status, about);
  decision.notifications.push_back(notify(NotificationType::approval_escalated, target, std::move(about)));
}

}  // namespace vextrus::domain

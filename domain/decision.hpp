#pragma once
// What a workflow decides about one event or one deadline: the audit fact (every accepted event
// produces one, applied or refused), the entity's next state when it changed, the deadlines
// that replace the entity's pending ones, and the notifications the decision causes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/detail.hpp"
#include "domain/time.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::domain {

struct AuditFact {
  std::optional<AuditAction> action;  // nullopt: nothing happened (a deadline that no longer applies)
  std::optional<std::string> status_before;
  std::optional<std::string> status_after;
  Detail detail;
  // Why, exactly when the action is `refused` (refuse() in decisions.hpp sets both; the reason is
  // in the detail too).
  std::optional<RefusalReason> refusal;
};

// reminder, escalation, expiry: of a pending approval tier (step = the tier, from 0);
// overdue: an invoice's due date (step 0); task_due: an onboarding task's (step = the task).
enum class DeadlineKind { reminder, escalation, expiry, overdue, task_due };

std::string_view name(DeadlineKind kind);
std::optional<DeadlineKind> parse_deadline_kind(std::string_view text);
std::vector<std::string_view> deadline_kind_names();

// A durable timer of one entity. `step` tells the deadlines of one kind apart (the approval
// tier it belongs to, counted from 0).
struct Deadline {
  DeadlineKind kind = DeadlineKind::reminder;
  int step = 0;
  Timestamp due_at;
  friend bool operator==(const Deadline& a, const Deadline& b) {
    return a.kind == b.kind && a.step == b.step && a.due_at == b.due_at;
  }
};

struct NotificationFact {
  std::string type;  // name(NotificationType), e.g. "approval.requested"
  std::string to_role;
  Detail detail;
};

// An audit fact of `action`, and a notification of `type` to `role`: the only ways the workflows
// name them, so every name comes from the vocabularies.
AuditFact fact(AuditAction action, std::optional<std::string> status_before, std::optional<std::string> status_after,
               Detail detail);
NotificationFact notify(NotificationType type, Role role, Detail detail);

template <typename State>
struct Decision {
  std::optional<State> next;  // set when the projection row changes
  AuditFact audit;
  // An invoice received (or held) that is the first with its vendor id and invoice number: it
  // claims them (docs/events.md, invoice.received), and the commit records the claim.
  bool claims_invoice_key = false;
  // Set when the entity's pending deadlines change: the complete new set (empty cancels all).
  std::optional<std::vector<Deadline>> deadlines;
  std::vector<NotificationFact> notifications;
};

}  // namespace vextrus::domain

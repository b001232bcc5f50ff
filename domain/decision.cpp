#include "domain/decision.hpp"

namespace vextrus::domain {

std::string_view name(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::reminder:
      return "reminder";
    case DeadlineKind::escalation:
      return "escalation";
    case DeadlineKind::expiry:
      return "expiry";
    case DeadlineKind::overdue:
      return "overdue";
    case DeadlineKind::task_due:
      return "task_due";
  }
  return {};
}

namespace {
constexpr DeadlineKind all_kinds[] = {DeadlineKind::reminder, DeadlineKind::escalation, DeadlineKind::expiry,
                                      DeadlineKind::overdue, DeadlineKind::task_due};
}  // namespace

std::optional<DeadlineKind> parse_deadline_kind(std::string_view text) {
  for (auto kind : all_kinds) {
    if (name(kind) == text) return kind;
  }
  return std::nullopt;
}

AuditFact fact(AuditAction action, std::optional<std::string> status_before, std::optional<std::string> status_after,
               Detail detail) {
  return {action, std::move(status_before), std::move(status_after), std::move(detail), std::nullopt};
}

NotificationFact notify(NotificationType type, Role role, Detail detail) {
  return {std::string(name(type)), std::string(name(role)), std::move(detail)};
}

std::vector<std::string_view> deadline_kind_names() {
  std::vector<std::string_view> out;
  for (auto kind : all_kinds) out.push_back(name(kind));
  return out;
}

}  // namespace vextrus::domain

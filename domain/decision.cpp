#include "domain/decision.hpp"

namespace vextrus::domain {

std::string_view name(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::reminder: return "reminder";
    case DeadlineKind::escalation: return "escalation";
    case DeadlineKind::expiry: return "expiry";
    case DeadlineKind::overdue: return "overdue";
    case DeadlineKind::task_due: return "task_due";
  }
  return {};
}

std::optional<DeadlineKind> parse_deadline_kind(std::string_view text) {
  for (auto kind : {DeadlineKind::reminder, DeadlineKind::escalation, DeadlineKind::expiry, DeadlineKind::overdue,
                    DeadlineKind::task_due}) {
    if (name(kind) == text) return kind;
  }
  return std::nullopt;
}

}  // namespace vextrus::domain

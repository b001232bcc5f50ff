#include "domain/decision.hpp"

namespace vextrus::domain {

std::string_view name(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::reminder: return "reminder";
    case DeadlineKind::escalation: return "escalation";
    case DeadlineKind::expiry: return "expiry";
  }
  return {};
}

}  // namespace vextrus::domain

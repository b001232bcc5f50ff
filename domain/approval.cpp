#include "domain/approval.hpp"

namespace vextrus::domain {

Role escalation_target(const std::vector<Tier>& tiers, Role role) {
  for (std::size_t i = 0; i + 1 < tiers.size(); ++i) {
    if (tiers[i].role == role) return tiers[i + 1].role;
  }
  return role;
}

std::vector<Deadline> tier_deadlines(int step, Timestamp since, Duration reminder_after, Duration escalate_after) {
  return {{DeadlineKind::reminder, step, since + reminder_after},
          {DeadlineKind::escalation, step, since + escalate_after}};
}

}  // namespace vextrus::domain

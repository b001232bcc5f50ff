#include "domain/policy.hpp"

#include <algorithm>

namespace vextrus::domain {

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
  std::sort(policies_.begin(), policies_.end(), [](const Policy& a, const Policy& b) {
    return a.effective_from.days < b.effective_from.days;
  });
}

const Policy* PolicySet::governing(Timestamp at) const {
  const Policy* found = nullptr;
  for (const auto& policy : policies_) {
    if (start_of_day_dhaka(policy.effective_from) <= at) found = &policy;
  }
  return found;
}

const Policy* PolicySet::find(const std::string& policy_id) const {
  for (const auto& policy : policies_) {
    if (policy.policy_id == policy_id) return &policy;
  }
  return nullptr;
}

std::vector<Role> required_tiers(const std::vector<Tier>& tiers, Money amount) {
  std::vector<Role> roles;
  for (const auto& tier : tiers) {
    if (amount > tier.above) roles.push_back(tier.role);
  }
  return roles;
}

}  // namespace vextrus::domain

#include "domain/policy.hpp"

#include <algorithm>
#include <stdexcept>

namespace vextrus::domain {

PolicySet::PolicySet(std::vector<Policy> policies) : policies_(std::move(policies)) {
  std::sort(policies_.begin(), policies_.end(),
            [](const Policy& a, const Policy& b) { return a.effective_from.days < b.effective_from.days; });
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

const Policy& PolicySet::of_entity(const std::string& policy_id, const std::string& entity_id) const {
  const Policy* policy = find(policy_id);
  if (policy == nullptr) {
    throw std::runtime_error("policy " + policy_id + " of " + entity_id +
                             " is no longer loaded; keep every policy file that governs live entities");
  }
  return *policy;
}

const VendorCategory* InvoicePolicy::category(const std::string& name) const {
  const auto it = categories.find(name);
  return it == categories.end() ? nullptr : &it->second;
}

bool InvoicePolicy::allows_vat_rate(Rate rate) const {
  return std::find(vat_rates.begin(), vat_rates.end(), rate) != vat_rates.end();
}

std::vector<Role> required_tiers(const std::vector<Tier>& tiers, Money amount) {
  std::vector<Role> roles;
  for (const auto& tier : tiers) {
    if (amount > tier.above) roles.push_back(tier.role);
  }
  return roles;
}

}  // namespace vextrus::domain

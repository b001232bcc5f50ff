#pragma once
// The approval policy in force (CONTRACT.md section 6): dated data, never code. Loaded from YAML
// by config/; the domain only reads it. A PolicySet is immutable once built and shared
// read-only by every actor.

#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::domain {

// A tier is required when the amount is strictly above `above`.
struct Tier {
  Role role = Role::department_head;
  Money above;
};

struct PurchaseOrderPolicy {
  std::vector<Tier> tiers;
  Duration reminder_after = Duration::hours(48);
  Duration escalate_after = Duration::hours(96);
  Duration expire_after = Duration::hours(168);
};

struct Policy {
  std::string policy_id;
  Date effective_from;
  PurchaseOrderPolicy purchase_order;
};

class PolicySet {
 public:
  PolicySet() = default;
  // Sorted by effective_from; two policies with the same id or the same date are a config error
  // the loader reports before this is built.
  explicit PolicySet(std::vector<Policy> policies);

  // The policy with the latest effective_from on or before `at`; nullptr when none is.
  const Policy* governing(Timestamp at) const;
  const Policy* find(const std::string& policy_id) const;
  const std::vector<Policy>& all() const { return policies_; }

 private:
  std::vector<Policy> policies_;
};

// The roles whose approvals an amount needs, in tier order.
std::vector<Role> required_tiers(const std::vector<Tier>& tiers, Money amount);

}  // namespace vextrus::domain

#pragma once
// The approval policy in force (docs/policy.md): dated data, never code. Loaded from YAML
// by config/; the domain only reads it. A PolicySet is immutable once built and shared
// read-only by every actor.

#include <array>
#include <map>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/rate.hpp"
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

// Withholding at source for one vendor category, in percent of the subtotal.
struct VendorCategory {
  Rate vds;
  Rate tds;
  bool bin_required = false;
};

struct InvoicePolicy {
  std::vector<Tier> tiers;
  Duration reminder_after = Duration::hours(48);
  Duration escalate_after = Duration::hours(96);
  Duration payment_terms = Duration::hours(30 * 24);  // due at the end of invoice_date + this
  Rate vat_default = Rate::whole(15);
  std::vector<Rate> vat_rates;
  Money vat_tolerance = Money::from_taka(1);
  Rate po_tolerance_percent = Rate::whole(2);
  Rate tds_uplift_without_return = Rate::from_scaled(15'000);  // 1.5
  Money mushak_6_10_above = Money::from_taka(200'000);
  Money cash_credit_limit = Money::from_taka(100'000);
  std::map<std::string, VendorCategory> categories;

  const VendorCategory* category(const std::string& name) const;
  bool allows_vat_rate(Rate rate) const;
};

struct OnboardingPolicy {
  // Per task (in onboarding_tasks order): due at the end of the day start_date + offset.
  std::array<Duration, 4> task_offsets{Duration::hours(-24), Duration::hours(0), Duration::hours(7 * 24),
                                       Duration::hours(30 * 24)};
};

struct Policy {
  std::string policy_id;
  Date effective_from;
  PurchaseOrderPolicy purchase_order;
  InvoicePolicy invoice;
  OnboardingPolicy onboarding;
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
  // find(), for an entity that recorded `policy_id`: throws when that policy is no longer loaded.
  const Policy& of_entity(const std::string& policy_id, const std::string& entity_id) const;
  const std::vector<Policy>& all() const { return policies_; }

 private:
  std::vector<Policy> policies_;
};

// The roles whose approvals an amount needs, in tier order.
std::vector<Role> required_tiers(const std::vector<Tier>& tiers, Money amount);

}  // namespace vextrus::domain

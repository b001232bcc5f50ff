#include "domain/dated_deadlines.hpp"

#include <algorithm>
#include <limits>

#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"

namespace vextrus::domain {

std::optional<Timestamp> earliest_dated_deadline(const Event& event, const PolicySet& policies) {
  constexpr Timestamp unknown{std::numeric_limits<std::int64_t>::min()};
  const Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) return unknown;
  if (const auto* received = std::get_if<InvoiceReceived>(&event.payload)) {
    return invoice_due_at(received->invoice_date, policy->invoice);
  }
  if (const auto* hired = std::get_if<EmployeeHired>(&event.payload)) {
    const auto due = task_due_times(hired->start_date, policy->onboarding);
    return *std::min_element(due.begin(), due.end());
  }
  if (std::holds_alternative<InvoiceHoldReleased>(event.payload) ||
      std::holds_alternative<EmployeeDetailsCorrected>(event.payload)) {
    return unknown;
  }
  return std::nullopt;
}

Duration shortest_approval_deadline(const PolicySet& policies) {
  std::int64_t shortest = Duration::hours(24 * 365).micros;
  for (const auto& policy : policies.all()) {
    const auto& po = policy.purchase_order;
    const auto& invoice = policy.invoice;
    for (auto d :
         {po.reminder_after, po.escalate_after, po.expire_after, invoice.reminder_after, invoice.escalate_after}) {
      shortest = std::min(shortest, d.micros);
    }
  }
  return {std::max<std::int64_t>(shortest, 1)};
}

}  // namespace vextrus::domain

#pragma once
// The purchase-order workflow of docs/events.md as a pure function: multi-tier approval by
// amount, requester and role checks, rejection and cancellation.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

enum class PurchaseOrderStatus { pending_approval, approved, rejected, cancelled, expired };

std::string_view name(PurchaseOrderStatus status);
std::optional<PurchaseOrderStatus> parse_purchase_order_status(std::string_view text);
std::vector<std::string_view> purchase_order_status_names();

struct PurchaseOrder {
  std::string po_id;
  PurchaseOrderStatus status = PurchaseOrderStatus::pending_approval;
  Money total;
  std::string department;
  std::string vendor_id;
  std::string requester_id;
  std::string budget_code;
  std::vector<Role> tiers;  // roles required, in order
  int tiers_approved = 0;
  std::string policy_id;
  Timestamp submitted_at;
  Timestamp pending_since;  // occurred_at of the event that made the current tier pending
  std::optional<Timestamp> decided_at;

  // The role whose decision is awaited; nullopt once the order is decided.
  std::optional<Role> pending_role() const;
};

// Decides one purchase_order.* event. `current` is nullopt for an unknown order. The decoder has
// already guaranteed that a policy governs the event's occurred_at.
Decision<PurchaseOrder> decide(const std::optional<PurchaseOrder>& current, const Event& event,
                               const PolicySet& policies);

// Decides a deadline of the order that came due: a reminder to the pending role, an escalation
// to the next role of the policy's tier list (the last escalates to itself), or expiry. A
// deadline of a tier no longer pending decides nothing (no audit action).
Decision<PurchaseOrder> decide_deadline(const PurchaseOrder& order, const Deadline& deadline,
                                        const PolicySet& policies);

}  // namespace vextrus::domain

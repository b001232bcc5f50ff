#include "domain/purchase_order.hpp"

#include <array>
#include <stdexcept>
#include <utility>

#include "domain/approval.hpp"
#include "domain/decisions.hpp"

namespace vextrus::domain {
namespace {

constexpr std::array<std::string_view, 5> status_names{"pending_approval", "approved", "rejected", "cancelled",
                                                       "expired"};

std::string status_text(PurchaseOrderStatus status) { return std::string(name(status)); }

DetailValue optional_role(std::optional<Role> role) {
  if (!role) return nullptr;
  return std::string(name(*role));
}

// A change of the order, recorded with `detail` and its policy.
Decision<PurchaseOrder> change(const PurchaseOrder& before, PurchaseOrder after, AuditAction action, Detail detail) {
  detail.emplace_back("policy_id", after.policy_id);
  return transition(before, std::move(after), action, std::move(detail));
}

const Policy& policy_of_order(const PurchaseOrder& order, const PolicySet& policies) {
  return policies.of_entity(order.policy_id, "purchase order " + order.po_id);
}

// The deadlines and notifications that follow from the order's new state: a pending tier gets
// its reminder, escalation and expiry from the moment it became pending and an approval
// request; a decided order has no deadlines left, and an approved one tells its requester.
void follow_up(Decision<PurchaseOrder>& decision, const PolicySet& policies) {
  const PurchaseOrder& order = *decision.next;
  const PurchaseOrderPolicy& rules = policy_of_order(order, policies).purchase_order;
  decision.deadlines.emplace();
  const Detail about{{"total", order.total.to_string()}, {"policy_id", order.policy_id}};
  if (const auto role = order.pending_role()) {
    const int step = order.tiers_approved;
    *decision.deadlines = tier_deadlines(step, order.pending_since, rules.reminder_after, rules.escalate_after);
    decision.deadlines->push_back({DeadlineKind::expiry, step, order.pending_since + rules.expire_after});
    Detail detail = about;
    detail.emplace_back("tier", static_cast<std::int64_t>(step + 1));
    decision.notifications.push_back(notify(NotificationType::approval_requested, *role, std::move(detail)));
  } else if (order.status == PurchaseOrderStatus::approved) {
    decision.notifications.push_back(notify(NotificationType::workflow_completed, Role::requester, about));
  }
}

Decision<PurchaseOrder> submit(const Event& event, const PurchaseOrderSubmitted& payload, const PolicySet& policies) {
  const Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) {
    throw std::logic_error("purchase order event without a governing policy reached decide()");
  }
  PurchaseOrder order;
  order.po_id = event.entity_id;
  order.status = PurchaseOrderStatus::pending_approval;
  order.total = payload.total;
  order.department = payload.department;
  order.vendor_id = payload.vendor_id;
  order.requester_id = payload.requester_id;
  order.budget_code = payload.budget_code;
  order.tiers = required_tiers(policy->purchase_order.tiers, payload.total);
  order.policy_id = policy->policy_id;
  order.submitted_at = event.occurred_at;
  order.pending_since = event.occurred_at;
  if (order.tiers.empty()) {
    // A policy whose lowest tier sits above this amount needs no approval at all.
    order.status = PurchaseOrderStatus::approved;
    order.decided_at = event.occurred_at;
  }

  Decision<PurchaseOrder> decision;
  decision.audit.action = AuditAction::submitted;
  decision.audit.status_after = status_text(order.status);
  decision.audit.detail = {
      {"policy_id", order.policy_id},
      {"total", order.total.to_string()},
      {"tiers", names(order.tiers)},
      {"tiers_required", static_cast<std::int64_t>(order.tiers.size())},
      {"pending_role", optional_role(order.pending_role())},
      {"requester_id", order.requester_id},
      {"department", order.department},
      {"vendor_id", order.vendor_id},
      {"budget_code", order.budget_code},
      {"lines", static_cast<std::int64_t>(payload.lines.size())},
  };
  decision.next = std::move(order);
  follow_up(decision, policies);
  return decision;
}

Decision<PurchaseOrder> approve(const PurchaseOrder& order, const Event& event, const PurchaseOrderApproved& payload,
                                const PolicySet& policies) {
  const Role role = *order.pending_role();
  if (event.actor.role != role) return refuse(order, event, RefusalReason::wrong_role, policies);
  if (event.actor.id == order.requester_id) return refuse(order, event, RefusalReason::self_approval, policies);

  PurchaseOrder next = order;
  next.tiers_approved += 1;
  next.pending_since = event.occurred_at;
  if (next.tiers_approved == static_cast<int>(next.tiers.size())) {
    next.status = PurchaseOrderStatus::approved;
    next.decided_at = event.occurred_at;
  }
  Detail detail{
      {"role", std::string(name(role))},
      {"tier", static_cast<std::int64_t>(next.tiers_approved)},
      {"tiers_required", static_cast<std::int64_t>(next.tiers.size())},
      {"pending_role", optional_role(next.pending_role())},
      {"total", next.total.to_string()},
  };
  if (payload.comment) detail.emplace_back("comment", *payload.comment);
  auto decision = change(order, std::move(next), AuditAction::approved, std::move(detail));
  follow_up(decision, policies);
  return decision;
}

Decision<PurchaseOrder> reject(const PurchaseOrder& order, const Event& event, const PurchaseOrderRejected& payload,
                               const PolicySet& policies) {
  const Role role = *order.pending_role();
  if (event.actor.role != role) return refuse(order, event, RefusalReason::wrong_role, policies);
  PurchaseOrder next = order;
  next.status = PurchaseOrderStatus::rejected;
  next.decided_at = event.occurred_at;
  auto decision = change(order, std::move(next), AuditAction::rejected,
                         {{"role", std::string(name(role))}, {"reason", payload.reason}});
  follow_up(decision, policies);
  return decision;
}

Decision<PurchaseOrder> cancel(const PurchaseOrder& order, const Event& event, const PurchaseOrderCancelled& payload,
                               const PolicySet& policies) {
  if (event.actor.id != order.requester_id) {
    return refuse(order, event, RefusalReason::not_requester, policies);
  }
  PurchaseOrder next = order;
  next.status = PurchaseOrderStatus::cancelled;
  next.decided_at = event.occurred_at;
  auto decision = change(order, std::move(next), AuditAction::cancelled, {{"reason", payload.reason}});
  follow_up(decision, policies);
  return decision;
}

}  // namespace

std::string_view name(PurchaseOrderStatus status) { return status_names[static_cast<std::size_t>(status)]; }

std::optional<PurchaseOrderStatus> parse_purchase_order_status(std::string_view text) {
  for (std::size_t i = 0; i < status_names.size(); ++i) {
    if (status_names[i] == text) return static_cast<PurchaseOrderStatus>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> purchase_order_status_names() { return {status_names.begin(), status_names.end()}; }

std::optional<Role> PurchaseOrder::pending_role() const {
  if (status != PurchaseOrderStatus::pending_approval) return std::nullopt;
  if (tiers_approved >= static_cast<int>(tiers.size())) return std::nullopt;
  return tiers[static_cast<std::size_t>(tiers_approved)];
}

Decision<PurchaseOrder> decide(const std::optional<PurchaseOrder>& current, const Event& event,
                               const PolicySet& policies) {
  if (const auto* submitted = std::get_if<PurchaseOrderSubmitted>(&event.payload)) {
    if (current) return refuse(current, event, RefusalReason::already_exists, policies);
    return submit(event, *submitted, policies);
  }
  if (!current) return refuse(current, event, RefusalReason::unknown_entity, policies);
  if (current->status != PurchaseOrderStatus::pending_approval) {
    return refuse(current, event, RefusalReason::wrong_state, policies);
  }
  if (const auto* approved = std::get_if<PurchaseOrderApproved>(&event.payload)) {
    return approve(*current, event, *approved, policies);
  }
  if (const auto* rejected = std::get_if<PurchaseOrderRejected>(&event.payload)) {
    return reject(*current, event, *rejected, policies);
  }
  if (const auto* cancelled = std::get_if<PurchaseOrderCancelled>(&event.payload)) {
    return cancel(*current, event, *cancelled, policies);
  }
  throw std::logic_error("a non purchase-order payload reached the purchase-order workflow");
}

}  // namespace vextrus::domain

namespace vextrus::domain {

Decision<PurchaseOrder> decide_deadline(const PurchaseOrder& order, const Deadline& deadline,
                                        const PolicySet& policies) {
  Decision<PurchaseOrder> decision;
  const auto role = order.pending_role();
  if (!role || deadline.step != order.tiers_approved) return decision;  // no longer applies
  const PurchaseOrderPolicy& rules = policy_of_order(order, policies).purchase_order;
  const std::string status = status_text(order.status);
  const Detail about{{"tier", static_cast<std::int64_t>(deadline.step + 1)},
                     {"pending_role", std::string(name(*role))},
                     {"due_at", format_utc(deadline.due_at)},
                     {"total", order.total.to_string()},
                     {"policy_id", order.policy_id}};
  switch (deadline.kind) {
    case DeadlineKind::reminder:
    case DeadlineKind::escalation:
      tier_deadline_fired(decision, deadline.kind, *role, rules.tiers, status, about);
      break;
    case DeadlineKind::expiry: {
      PurchaseOrder next = order;
      next.status = PurchaseOrderStatus::expired;
      next.decided_at = deadline.due_at;
      decision.audit = fact(AuditAction::expired, status, status_text(next.status), about);
      decision.next = std::move(next);
      decision.deadlines.emplace();  // nothing is left to remind of
      break;
    }
    default:
      break;  // not a purchase-order deadline: nothing applies
  }
  return decision;
}

}  // namespace vextrus::domain

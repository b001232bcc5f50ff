// Deadlines and notifications of the purchase-order workflow (docs/events.md), by hand:
// 48 h reminder, 96 h escalation, 168 h expiry per pending tier, from the event that made it
// pending.

#include <gtest/gtest.h>

#include "domain/purchase_order.hpp"

namespace vextrus::domain {
namespace {

constexpr std::int64_t hour_us = 3'600'000'000;

PolicySet policies() {
  Policy policy;
  policy.policy_id = "bd-test";
  policy.effective_from = *parse_date("2025-07-01");
  policy.purchase_order.tiers = {{Role::department_head, Money::from_taka(0)},
                                 {Role::finance_manager, Money::from_taka(100'000)},
                                 {Role::cfo, Money::from_taka(1'000'000)},
                                 {Role::managing_director, Money::from_taka(10'000'000)}};
  return PolicySet({policy});
}

Event event(EventType type, const std::string& actor, Role role, Timestamp at, Payload payload) {
  Event e;
  e.event_id = actor + std::to_string(at.micros);
  e.type = type;
  e.entity_id = "PO-1";
  e.occurred_at = at;
  e.actor = {actor, role};
  e.payload = std::move(payload);
  return e;
}

const Timestamp t0 = *parse_rfc3339("2025-09-17T10:00:00+06:00");

Event submitted(std::int64_t taka) {
  PurchaseOrderSubmitted p;
  p.requester_id = "req";
  p.department = "d";
  p.vendor_id = "v";
  p.budget_code = "b";
  p.lines = {{"item", 1, Money::from_taka(taka)}};
  p.total = Money::from_taka(taka);
  return event(EventType::purchase_order_submitted, "req", Role::requester, t0, p);
}

TEST(PurchaseOrderDeadlines, SubmissionSetsTheFirstTiersDeadlinesAndRequestsApproval) {
  const auto ps = policies();
  const auto d = decide(std::nullopt, submitted(150'000), ps);
  ASSERT_TRUE(d.deadlines.has_value());
  EXPECT_EQ(*d.deadlines, (std::vector<Deadline>{{DeadlineKind::reminder, 0, {t0.micros + 48 * hour_us}},
                                                 {DeadlineKind::escalation, 0, {t0.micros + 96 * hour_us}},
                                                 {DeadlineKind::expiry, 0, {t0.micros + 168 * hour_us}}}));
  ASSERT_EQ(d.notifications.size(), 1u);
  EXPECT_EQ(d.notifications[0].type, "approval.requested");
  EXPECT_EQ(d.notifications[0].to_role, "department_head");
}

TEST(PurchaseOrderDeadlines, AnApprovalReplacesThemWithTheNextTiersFromItsOwnTime) {
  const auto ps = policies();
  const auto order = decide(std::nullopt, submitted(150'000), ps).next;
  const Timestamp t1{t0.micros + 5 * hour_us};
  const auto d = decide(
      order, event(EventType::purchase_order_approved, "dh", Role::department_head, t1, PurchaseOrderApproved{}), ps);
  ASSERT_TRUE(d.deadlines.has_value());
  EXPECT_EQ(*d.deadlines, (std::vector<Deadline>{{DeadlineKind::reminder, 1, {t1.micros + 48 * hour_us}},
                                                 {DeadlineKind::escalation, 1, {t1.micros + 96 * hour_us}},
                                                 {DeadlineKind::expiry, 1, {t1.micros + 168 * hour_us}}}));
  ASSERT_EQ(d.notifications.size(), 1u);
  EXPECT_EQ(d.notifications[0].to_role, "finance_manager");

  // The last approval cancels every deadline and tells the requester.
  const auto done = decide(
      d.next, event(EventType::purchase_order_approved, "fm", Role::finance_manager, t1, PurchaseOrderApproved{}), ps);
  ASSERT_TRUE(done.deadlines.has_value());
  EXPECT_TRUE(done.deadlines->empty());
  ASSERT_EQ(done.notifications.size(), 1u);
  EXPECT_EQ(done.notifications[0].type, "workflow.completed");
  EXPECT_EQ(done.notifications[0].to_role, "requester");
}

TEST(PurchaseOrderDeadlines, RejectionAndCancellationCancelEveryDeadline) {
  const auto ps = policies();
  const auto order = decide(std::nullopt, submitted(10), ps).next;
  const auto rejected = decide(
      order, event(EventType::purchase_order_rejected, "dh", Role::department_head, t0, PurchaseOrderRejected{"no"}),
      ps);
  ASSERT_TRUE(rejected.deadlines.has_value());
  EXPECT_TRUE(rejected.deadlines->empty());
  EXPECT_TRUE(rejected.notifications.empty());
  const auto cancelled = decide(
      order, event(EventType::purchase_order_cancelled, "req", Role::requester, t0, PurchaseOrderCancelled{"x"}), ps);
  ASSERT_TRUE(cancelled.deadlines.has_value());
  EXPECT_TRUE(cancelled.deadlines->empty());
}

TEST(PurchaseOrderDeadlines, ARefusalLeavesTheDeadlinesAlone) {
  const auto ps = policies();
  const auto order = decide(std::nullopt, submitted(10), ps).next;
  const auto refused =
      decide(order, event(EventType::purchase_order_approved, "x", Role::cfo, t0, PurchaseOrderApproved{}), ps);
  EXPECT_EQ(refused.audit.action, domain::AuditAction::refused);
  EXPECT_FALSE(refused.deadlines.has_value());
  EXPECT_TRUE(refused.notifications.empty());
}

TEST(PurchaseOrderDeadlines, ReminderEscalationAndExpiryOfThePendingTier) {
  const auto ps = policies();
  const auto order = *decide(std::nullopt, submitted(150'000), ps).next;

  const auto reminder = decide_deadline(order, {DeadlineKind::reminder, 0, {t0.micros + 48 * hour_us}}, ps);
  EXPECT_EQ(reminder.audit.action, domain::AuditAction::reminder_sent);
  EXPECT_FALSE(reminder.next.has_value());
  ASSERT_EQ(reminder.notifications.size(), 1u);
  EXPECT_EQ(reminder.notifications[0].type, "approval.reminder");
  EXPECT_EQ(reminder.notifications[0].to_role, "department_head");

  const auto escalation = decide_deadline(order, {DeadlineKind::escalation, 0, {t0.micros + 96 * hour_us}}, ps);
  EXPECT_EQ(escalation.audit.action, domain::AuditAction::escalated);
  ASSERT_EQ(escalation.notifications.size(), 1u);
  EXPECT_EQ(escalation.notifications[0].type, "approval.escalated");
  EXPECT_EQ(escalation.notifications[0].to_role, "finance_manager");

  const Timestamp due{t0.micros + 168 * hour_us};
  const auto expiry = decide_deadline(order, {DeadlineKind::expiry, 0, due}, ps);
  EXPECT_EQ(expiry.audit.action, domain::AuditAction::expired);
  ASSERT_TRUE(expiry.next.has_value());
  EXPECT_EQ(expiry.next->status, PurchaseOrderStatus::expired);
  EXPECT_EQ(expiry.next->decided_at, due);
  EXPECT_FALSE(expiry.next->pending_role().has_value());
  ASSERT_TRUE(expiry.deadlines.has_value());
  EXPECT_TRUE(expiry.deadlines->empty());
}

TEST(PurchaseOrderDeadlines, TheManagingDirectorEscalatesToItself) {
  const auto ps = policies();
  auto order = *decide(std::nullopt, submitted(20'000'000), ps).next;
  order.tiers_approved = 3;
  const auto escalation = decide_deadline(order, {DeadlineKind::escalation, 3, t0}, ps);
  ASSERT_EQ(escalation.notifications.size(), 1u);
  EXPECT_EQ(escalation.notifications[0].to_role, "managing_director");
}

TEST(PurchaseOrderDeadlines, ADeadlineOfATierNoLongerPendingDecidesNothing) {
  const auto ps = policies();
  auto order = *decide(std::nullopt, submitted(150'000), ps).next;
  order.tiers_approved = 1;
  EXPECT_TRUE(decide_deadline(order, {DeadlineKind::expiry, 0, t0}, ps).audit.action == std::nullopt);
  order.status = PurchaseOrderStatus::approved;
  EXPECT_TRUE(decide_deadline(order, {DeadlineKind::reminder, 1, t0}, ps).audit.action == std::nullopt);
}

}  // namespace
}  // namespace vextrus::domain

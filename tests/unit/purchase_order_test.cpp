#include "domain/purchase_order.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vextrus {
namespace {

using domain::Actor;
using domain::Decision;
using domain::DetailValue;
using domain::Event;
using domain::EventType;
using domain::Money;
using domain::Policy;
using domain::PolicySet;
using domain::PurchaseOrder;
using domain::PurchaseOrderStatus;
using domain::Role;

// The policy of config/policy/bd-default.yaml (docs/policy.md), built in code.
Policy bd_default_policy() {
  Policy policy;
  policy.policy_id = "bd-default-2025-07-01";
  policy.effective_from = *domain::parse_date("2025-07-01");
  policy.purchase_order.tiers = {
      {Role::department_head, Money::from_taka(0)},
      {Role::finance_manager, Money::from_taka(100'000)},
      {Role::cfo, Money::from_taka(1'000'000)},
      {Role::managing_director, Money::from_taka(10'000'000)},
  };
  return policy;
}

const PolicySet& default_policies() {
  static const PolicySet set{{bd_default_policy()}};
  return set;
}

constexpr const char* requester = "u-1001";
constexpr const char* po_id = "PO-2025-000123";

domain::Timestamp at(const char* rfc3339) { return *domain::parse_rfc3339(rfc3339); }

Event make_event(EventType type, Actor actor, domain::Payload payload,
                 const char* occurred_at = "2025-09-17T10:15:00+06:00") {
  Event event;
  event.event_id = "evt-" + std::string(domain::name(type));
  event.type = type;
  event.entity_id = po_id;
  event.occurred_at = at(occurred_at);
  event.actor = std::move(actor);
  event.payload = std::move(payload);
  return event;
}

Event submitted(Money total, const char* occurred_at = "2025-09-17T10:15:00+06:00") {
  domain::PurchaseOrderSubmitted payload;
  payload.requester_id = requester;
  payload.department = "civil-works";
  payload.vendor_id = "V-77";
  payload.budget_code = "CAPEX-2025-11";
  payload.lines = {{"cement", 1, total}};
  payload.total = total;
  return make_event(EventType::purchase_order_submitted, {requester, Role::requester}, std::move(payload), occurred_at);
}

Event approved(Actor actor, const char* occurred_at = "2025-09-18T09:00:00+06:00",
               std::optional<std::string> comment = std::nullopt) {
  return make_event(EventType::purchase_order_approved, std::move(actor),
                    domain::PurchaseOrderApproved{std::move(comment)}, occurred_at);
}

Event rejected(Actor actor, const char* occurred_at = "2025-09-18T09:00:00+06:00") {
  return make_event(EventType::purchase_order_rejected, std::move(actor), domain::PurchaseOrderRejected{"over budget"},
                    occurred_at);
}

Event cancelled(Actor actor, const char* occurred_at = "2025-09-18T09:00:00+06:00") {
  return make_event(EventType::purchase_order_cancelled, std::move(actor),
                    domain::PurchaseOrderCancelled{"no longer needed"}, occurred_at);
}

// An approver for each role, never the requester.
Actor approver(Role role) { return {"approver-" + std::string(domain::name(role)), role}; }

const DetailValue* find_detail(const domain::AuditFact& fact, const std::string& key) {
  for (const auto& [name, value] : fact.detail) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string detail_string(const domain::AuditFact& fact, const std::string& key) {
  const DetailValue* value = find_detail(fact, key);
  if (value == nullptr) return "<absent: " + key + ">";
  if (const auto* text = std::get_if<std::string>(value)) return *text;
  return "<not a string: " + key + ">";
}

std::optional<std::int64_t> detail_int(const domain::AuditFact& fact, const std::string& key) {
  const DetailValue* value = find_detail(fact, key);
  if (value == nullptr) return std::nullopt;
  if (const auto* number = std::get_if<std::int64_t>(value)) return *number;
  return std::nullopt;
}

Decision<PurchaseOrder> submit(Money total) {
  return domain::decide(std::nullopt, submitted(total), default_policies());
}

PurchaseOrder pending_order(Money total) {
  auto decision = submit(total);
  EXPECT_TRUE(decision.next.has_value());
  return *decision.next;
}

std::vector<Role> tier_roles(std::size_t count) {
  const std::vector<Role> all{Role::department_head, Role::finance_manager, Role::cfo, Role::managing_director};
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(count)};
}

void expect_refused(const Decision<PurchaseOrder>& decision, const char* reason,
                    const std::optional<std::string>& status) {
  EXPECT_FALSE(decision.next.has_value()) << "a refusal must not change the order";
  EXPECT_EQ(decision.audit.action, domain::AuditAction::refused);
  EXPECT_EQ(detail_string(decision.audit, "reason"), reason);
  EXPECT_EQ(decision.audit.status_before, status);
  EXPECT_EQ(decision.audit.status_after, status);
}

// --- Vocabulary -------------------------------------------------------------------------------

TEST(PurchaseOrderStatus, NamesRoundTrip) {
  for (const char* text : {"pending_approval", "approved", "rejected", "cancelled", "expired"}) {
    const auto status = domain::parse_purchase_order_status(text);
    ASSERT_TRUE(status.has_value()) << text;
    EXPECT_EQ(domain::name(*status), text);
  }
  EXPECT_FALSE(domain::parse_purchase_order_status("pending").has_value());
  EXPECT_FALSE(domain::parse_purchase_order_status("").has_value());
}

// --- Tiers ------------------------------------------------------------------------------------

struct TierCase {
  const char* total;
  std::size_t tiers;
};

TEST(PurchaseOrderTiers, EveryBoundaryOfTheDefaultPolicy) {
  const TierCase cases[] = {
      {"0.01", 1},        {"1", 1},
      {"100000.00", 1},                        // 1,00,000.00: not above 1,00,000
      {"100000.01", 2},   {"1000000.00", 2},   // 10,00,000.00
      {"1000000.01", 3},  {"10000000.00", 3},  // 1,00,00,000.00
      {"10000000.01", 4}, {"9999999999999.99", 4},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.total);
    const Money total = *domain::parse_money(c.total);
    EXPECT_EQ(domain::required_tiers(bd_default_policy().purchase_order.tiers, total), tier_roles(c.tiers));
    const auto decision = submit(total);
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(decision.next->tiers, tier_roles(c.tiers));
    EXPECT_EQ(decision.next->pending_role(), Role::department_head);
    EXPECT_EQ(detail_int(decision.audit, "tiers_required"), static_cast<std::int64_t>(c.tiers));
    EXPECT_EQ(detail_string(decision.audit, "total"), total.to_string());
  }
}

TEST(PurchaseOrderTiers, ZeroAmountNeedsNoTierOfTheDefaultPolicy) {
  EXPECT_TRUE(domain::required_tiers(bd_default_policy().purchase_order.tiers, Money{}).empty());
}

// --- Submission -------------------------------------------------------------------------------

TEST(PurchaseOrderSubmit, CreatesAPendingOrderFromThePayload) {
  const auto decision = submit(*domain::parse_money("100000.01"));
  ASSERT_TRUE(decision.next.has_value());
  const PurchaseOrder& order = *decision.next;
  EXPECT_EQ(order.po_id, po_id);
  EXPECT_EQ(order.status, PurchaseOrderStatus::pending_approval);
  EXPECT_EQ(order.total.paisa(), 10'000'001);
  EXPECT_EQ(order.department, "civil-works");
  EXPECT_EQ(order.vendor_id, "V-77");
  EXPECT_EQ(order.requester_id, requester);
  EXPECT_EQ(order.budget_code, "CAPEX-2025-11");
  EXPECT_EQ(order.tiers_approved, 0);
  EXPECT_EQ(order.policy_id, "bd-default-2025-07-01");
  EXPECT_EQ(order.submitted_at, at("2025-09-17T10:15:00+06:00"));
  EXPECT_EQ(order.pending_since, at("2025-09-17T10:15:00+06:00"));
  EXPECT_FALSE(order.decided_at.has_value());
  EXPECT_EQ(order.pending_role(), Role::department_head);

  const auto& audit = decision.audit;
  EXPECT_EQ(audit.action, domain::AuditAction::submitted);
  EXPECT_FALSE(audit.status_before.has_value());
  EXPECT_EQ(audit.status_after, "pending_approval");
  EXPECT_EQ(detail_string(audit, "policy_id"), "bd-default-2025-07-01");
  EXPECT_EQ(detail_string(audit, "total"), "100000.01");
  EXPECT_EQ(detail_string(audit, "pending_role"), "department_head");
  EXPECT_EQ(detail_string(audit, "requester_id"), requester);
  const DetailValue* tiers = find_detail(audit, "tiers");
  ASSERT_NE(tiers, nullptr);
  EXPECT_EQ(std::get<std::vector<std::string>>(*tiers),
            (std::vector<std::string>{"department_head", "finance_manager"}));
}

TEST(PurchaseOrderSubmit, SecondSubmissionIsRefusedAlreadyExists) {
  const PurchaseOrder order = pending_order(Money::from_taka(5'000));
  const auto decision = domain::decide(order, submitted(Money::from_taka(5'000)), default_policies());
  expect_refused(decision, "already_exists", std::string("pending_approval"));
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
  EXPECT_EQ(detail_string(decision.audit, "type"), "purchase_order.submitted");
}

TEST(PurchaseOrderSubmit, SubmissionAfterAFinalStateIsStillAlreadyExists) {
  PurchaseOrder order = pending_order(Money::from_taka(5'000));
  order.status = PurchaseOrderStatus::approved;
  expect_refused(domain::decide(order, submitted(Money::from_taka(5'000)), default_policies()), "already_exists",
                 std::string("approved"));
}

TEST(PurchaseOrderSubmit, ThePolicyInForceAtSubmissionGovernsForLife) {
  Policy later = bd_default_policy();
  later.policy_id = "bd-2026-07-01";
  later.effective_from = *domain::parse_date("2026-07-01");
  later.purchase_order.tiers = {{Role::finance_manager, Money{}}};
  const PolicySet policies{{later, bd_default_policy()}};  // out of order on purpose

  const auto before =
      domain::decide(std::nullopt, submitted(Money::from_taka(200'000), "2026-06-30T23:59:59+06:00"), policies);
  ASSERT_TRUE(before.next.has_value());
  EXPECT_EQ(before.next->policy_id, "bd-default-2025-07-01");
  EXPECT_EQ(before.next->tiers, tier_roles(2));

  const auto after =
      domain::decide(std::nullopt, submitted(Money::from_taka(200'000), "2026-07-01T00:00:00+06:00"), policies);
  ASSERT_TRUE(after.next.has_value());
  EXPECT_EQ(after.next->policy_id, "bd-2026-07-01");
  EXPECT_EQ(after.next->tiers, std::vector<Role>{Role::finance_manager});

  // Approvals after the new policy took effect still follow the order's own tiers.
  const auto approval =
      domain::decide(*before.next, approved(approver(Role::department_head), "2026-07-02T10:00:00+06:00"), policies);
  ASSERT_TRUE(approval.next.has_value());
  EXPECT_EQ(approval.next->pending_role(), Role::finance_manager);
  EXPECT_EQ(detail_string(approval.audit, "policy_id"), "bd-default-2025-07-01");
}

// --- Approval sequences -----------------------------------------------------------------------

TEST(PurchaseOrderApprove, FullSequenceInTierOrderEndsApproved) {
  for (const char* total : {"100000.00", "100000.01", "1000000.01", "10000000.01"}) {
    SCOPED_TRACE(total);
    PurchaseOrder order = pending_order(*domain::parse_money(total));
    const std::vector<Role> tiers = order.tiers;
    const char* times[] = {"2025-09-18T09:00:00+06:00", "2025-09-19T09:00:00+06:00", "2025-09-20T09:00:00+06:00",
                           "2025-09-21T09:00:00+06:00"};
    for (std::size_t i = 0; i < tiers.size(); ++i) {
      SCOPED_TRACE(std::string(domain::name(tiers[i])));
      ASSERT_EQ(order.pending_role(), tiers[i]);
      const auto decision = domain::decide(order, approved(approver(tiers[i]), times[i]), default_policies());
      ASSERT_TRUE(decision.next.has_value());
      const bool last = i + 1 == tiers.size();
      EXPECT_EQ(decision.audit.action, domain::AuditAction::approved);
      EXPECT_EQ(decision.audit.status_before, "pending_approval");
      EXPECT_EQ(decision.audit.status_after, last ? "approved" : "pending_approval");
      EXPECT_EQ(detail_string(decision.audit, "role"), domain::name(tiers[i]));
      EXPECT_EQ(detail_int(decision.audit, "tier"), static_cast<std::int64_t>(i + 1));
      EXPECT_EQ(detail_int(decision.audit, "tiers_required"), static_cast<std::int64_t>(tiers.size()));
      EXPECT_EQ(detail_string(decision.audit, "total"), total);
      EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
      EXPECT_EQ(decision.next->tiers_approved, static_cast<int>(i + 1));
      EXPECT_EQ(decision.next->pending_since, at(times[i]));
      if (last) {
        EXPECT_EQ(decision.next->status, PurchaseOrderStatus::approved);
        EXPECT_EQ(decision.next->decided_at, at(times[i]));
        EXPECT_FALSE(decision.next->pending_role().has_value());
        const DetailValue* pending = find_detail(decision.audit, "pending_role");
        ASSERT_NE(pending, nullptr);
        EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(*pending));
      } else {
        EXPECT_EQ(decision.next->status, PurchaseOrderStatus::pending_approval);
        EXPECT_FALSE(decision.next->decided_at.has_value());
        EXPECT_EQ(decision.next->pending_role(), tiers[i + 1]);
        EXPECT_EQ(detail_string(decision.audit, "pending_role"), domain::name(tiers[i + 1]));
      }
      order = *decision.next;
    }
    EXPECT_EQ(order.status, PurchaseOrderStatus::approved);
  }
}

TEST(PurchaseOrderApprove, CommentIsRecordedWhenGiven) {
  const PurchaseOrder order = pending_order(Money::from_taka(5'000));
  const auto with = domain::decide(
      order, approved(approver(Role::department_head), "2025-09-18T09:00:00+06:00", "looks fine"), default_policies());
  EXPECT_EQ(detail_string(with.audit, "comment"), "looks fine");
  const auto without = domain::decide(order, approved(approver(Role::department_head)), default_policies());
  EXPECT_EQ(find_detail(without.audit, "comment"), nullptr);
}

TEST(PurchaseOrderApprove, WrongRoleIsRefused) {
  const PurchaseOrder order = pending_order(*domain::parse_money("1000000.01"));  // 3 tiers
  for (Role role :
       {Role::requester, Role::finance_manager, Role::cfo, Role::managing_director, Role::hr, Role::system}) {
    SCOPED_TRACE(std::string(domain::name(role)));
    const auto decision = domain::decide(order, approved(approver(role)), default_policies());
    expect_refused(decision, "wrong_role", std::string("pending_approval"));
    EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
    EXPECT_EQ(detail_string(decision.audit, "type"), "purchase_order.approved");
  }
}

TEST(PurchaseOrderApprove, LaterTierCannotApproveBeforeEarlierTier) {
  PurchaseOrder order = pending_order(*domain::parse_money("1000000.01"));
  order = *domain::decide(order, approved(approver(Role::department_head)), default_policies()).next;
  // finance_manager is pending now; department_head again and cfo are both wrong.
  expect_refused(domain::decide(order, approved(approver(Role::department_head)), default_policies()), "wrong_role",
                 std::string("pending_approval"));
  expect_refused(domain::decide(order, approved(approver(Role::cfo)), default_policies()), "wrong_role",
                 std::string("pending_approval"));
}

TEST(PurchaseOrderApprove, RequesterWithThePendingRoleIsRefusedSelfApproval) {
  const PurchaseOrder order = pending_order(Money::from_taka(5'000));
  const auto decision = domain::decide(order, approved({requester, Role::department_head}), default_policies());
  expect_refused(decision, "self_approval", std::string("pending_approval"));

  // Also at a later tier.
  PurchaseOrder two_tier = pending_order(*domain::parse_money("100000.01"));
  two_tier = *domain::decide(two_tier, approved(approver(Role::department_head)), default_policies()).next;
  expect_refused(domain::decide(two_tier, approved({requester, Role::finance_manager}), default_policies()),
                 "self_approval", std::string("pending_approval"));
}

// --- Rejection and cancellation ---------------------------------------------------------------

TEST(PurchaseOrderReject, PendingRoleRejects) {
  PurchaseOrder order = pending_order(*domain::parse_money("100000.01"));
  order = *domain::decide(order, approved(approver(Role::department_head)), default_policies()).next;
  const auto decision =
      domain::decide(order, rejected(approver(Role::finance_manager), "2025-09-19T12:00:00+06:00"), default_policies());
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, PurchaseOrderStatus::rejected);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-19T12:00:00+06:00"));
  EXPECT_FALSE(decision.next->pending_role().has_value());
  EXPECT_EQ(decision.audit.action, domain::AuditAction::rejected);
  EXPECT_EQ(decision.audit.status_before, "pending_approval");
  EXPECT_EQ(decision.audit.status_after, "rejected");
  EXPECT_EQ(detail_string(decision.audit, "reason"), "over budget");
  EXPECT_EQ(detail_string(decision.audit, "role"), "finance_manager");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
}

TEST(PurchaseOrderReject, WrongRoleIsRefused) {
  const PurchaseOrder order = pending_order(*domain::parse_money("100000.01"));
  for (Role role : {Role::requester, Role::finance_manager, Role::cfo, Role::managing_director}) {
    SCOPED_TRACE(std::string(domain::name(role)));
    const auto decision = domain::decide(order, rejected(approver(role)), default_policies());
    expect_refused(decision, "wrong_role", std::string("pending_approval"));
    EXPECT_EQ(detail_string(decision.audit, "type"), "purchase_order.rejected");
  }
}

TEST(PurchaseOrderCancel, RequesterCancelsWhilePending) {
  PurchaseOrder order = pending_order(*domain::parse_money("100000.01"));
  order = *domain::decide(order, approved(approver(Role::department_head)), default_policies()).next;
  const auto decision =
      domain::decide(order, cancelled({requester, Role::requester}, "2025-09-19T12:00:00+06:00"), default_policies());
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, PurchaseOrderStatus::cancelled);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-19T12:00:00+06:00"));
  EXPECT_FALSE(decision.next->pending_role().has_value());
  EXPECT_EQ(decision.audit.action, domain::AuditAction::cancelled);
  EXPECT_EQ(decision.audit.status_before, "pending_approval");
  EXPECT_EQ(decision.audit.status_after, "cancelled");
  EXPECT_EQ(detail_string(decision.audit, "reason"), "no longer needed");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
}

TEST(PurchaseOrderCancel, NonRequesterIsRefusedNotRequester) {
  const PurchaseOrder order = pending_order(Money::from_taka(5'000));
  for (const Actor& actor :
       {Actor{"u-2002", Role::requester}, approver(Role::department_head), Actor{"U-1001", Role::requester}}) {
    SCOPED_TRACE(actor.id);
    const auto decision = domain::decide(order, cancelled(actor), default_policies());
    expect_refused(decision, "not_requester", std::string("pending_approval"));
    EXPECT_EQ(detail_string(decision.audit, "type"), "purchase_order.cancelled");
  }
}

// --- Final states and unknown orders ----------------------------------------------------------

TEST(PurchaseOrderFinal, EveryEventAfterAFinalStateIsRefusedWrongState) {
  for (PurchaseOrderStatus status : {PurchaseOrderStatus::approved, PurchaseOrderStatus::rejected,
                                     PurchaseOrderStatus::cancelled, PurchaseOrderStatus::expired}) {
    const std::string status_name(domain::name(status));
    SCOPED_TRACE(status_name);
    PurchaseOrder order = pending_order(Money::from_taka(5'000));
    order.status = status;
    order.decided_at = at("2025-09-18T00:00:00+06:00");
    for (const Event& event : {approved(approver(Role::department_head)), rejected(approver(Role::department_head)),
                               cancelled({requester, Role::requester})}) {
      SCOPED_TRACE(std::string(domain::name(event.type)));
      const auto decision = domain::decide(order, event, default_policies());
      expect_refused(decision, "wrong_state", status_name);
      EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
    }
  }
}

TEST(PurchaseOrderFinal, ReachedFinalStatesRefuseFurtherEvents) {
  PurchaseOrder order = pending_order(Money::from_taka(5'000));
  order = *domain::decide(order, approved(approver(Role::department_head)), default_policies()).next;
  ASSERT_EQ(order.status, PurchaseOrderStatus::approved);
  expect_refused(domain::decide(order, approved(approver(Role::department_head)), default_policies()), "wrong_state",
                 std::string("approved"));
  expect_refused(domain::decide(order, cancelled({requester, Role::requester}), default_policies()), "wrong_state",
                 std::string("approved"));
}

TEST(PurchaseOrderUnknown, EventsForAnUnknownOrderAreRefusedUnknownEntity) {
  for (const Event& event : {approved(approver(Role::department_head)), rejected(approver(Role::department_head)),
                             cancelled({requester, Role::requester})}) {
    SCOPED_TRACE(std::string(domain::name(event.type)));
    const auto decision = domain::decide(std::nullopt, event, default_policies());
    expect_refused(decision, "unknown_entity", std::nullopt);
    EXPECT_EQ(detail_string(decision.audit, "type"), domain::name(event.type));
  }
}

// docs/events.md: the governing policy_id is "in every audit record". For an unknown order
// that is the policy governing the event's occurred_at (the decoder guarantees there is one).
TEST(PurchaseOrderUnknown, UnknownEntityRefusalRecordsTheGoverningPolicyId) {
  const auto decision = domain::decide(std::nullopt, approved(approver(Role::department_head)), default_policies());
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), "bd-default-2025-07-01");
}

// A policy whose lowest tier sits above the amount needs no approval: approved on submission.
TEST(PurchaseOrderSubmit, NoRequiredTierMeansApprovedAtOnce) {
  Policy policy = bd_default_policy();
  policy.purchase_order.tiers = {{Role::finance_manager, Money::from_taka(1'000)}};
  const PolicySet policies{{policy}};
  const auto decision = domain::decide(std::nullopt, submitted(Money::from_taka(1'000)), policies);
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, PurchaseOrderStatus::approved);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-17T10:15:00+06:00"));
  EXPECT_FALSE(decision.next->pending_role().has_value());
  EXPECT_EQ(decision.audit.status_after, "approved");
  // One paisa more needs the tier.
  const auto needs_tier = domain::decide(std::nullopt, submitted(Money::from_paisa(100'001)), policies);
  EXPECT_EQ(needs_tier.next->pending_role(), Role::finance_manager);
}

}  // namespace
}  // namespace vextrus

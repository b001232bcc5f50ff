// The invoice workflow of docs/events.md (invoices, notifications, audit records), hand-checked against the default
// policy: receipt and hold, hold release, approval tiers, rejection, payments, the NBR flags, the
// due date and the reminders and escalations of the pending tier. The tax arithmetic and each
// hold reason are covered by invoice_tax_test.cpp.

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/invoice.hpp"
#include "tests/unit/invoice_fixtures.hpp"
#include "tests/unit/workflow_fixtures.hpp"

namespace vextrus::domain {
namespace {

using testing_support::as;
using testing_support::at;
using testing_support::default_policies;
using testing_support::default_policy_id;
using testing_support::detail_bool;
using testing_support::detail_string;
using testing_support::detail_strings;
using testing_support::line;
using testing_support::make_event;
using testing_support::money;
using testing_support::new_deadlines;
using testing_support::nothing_decided;
using testing_support::notified;
using testing_support::refused;

constexpr const char* invoice_id = "INV-2025-0001";

// 2025-09-17T10:15:00+06:00 is 04:15Z: +48 h is 2025-09-19T04:15Z, +96 h 2025-09-21T04:15Z.
constexpr const char* t_received = "2025-09-17T10:15:00+06:00";
// The fixtures' invoice_date is 2025-09-17: due at the end of 2025-10-17, Asia/Dhaka.
constexpr const char* overdue_deadline = "overdue 0 2025-10-17T18:00:00.000000Z";
constexpr const char* t_first_approval = "2025-09-18T09:00:00+06:00";   // 2025-09-18T03:00Z
constexpr const char* t_second_approval = "2025-09-19T09:00:00+06:00";  // 2025-09-19T03:00Z
constexpr const char* t_third_approval = "2025-09-20T09:00:00+06:00";   // 2025-09-20T03:00Z
constexpr const char* t_payment = "2025-09-25T14:00:00+06:00";

// --- Payloads ---------------------------------------------------------------------------------

// Construction, 1,00,000.00 at 15% VAT, total 1,15,000.00, vendor with proof of return:
// VDS 7.5% = 7,500.00, TDS 7% = 7,000.00, net payable 1,15,000.00 − 14,500.00 = 1,00,500.00.
// One tier (finance_manager); above the cash limit, below the Mushak 6.10 threshold.
InvoiceReceived standard() {
  auto invoice =
      testing_support::received("construction", {line(1, "100000.00")}, "100000.00", "15000.00", "115000.00");
  invoice.vendor.return_filed = true;
  return invoice;
}

// A clean zero-rated construction invoice whose total is `total`; with proof of return its net
// payable is total − 7.5% − 7%.
InvoiceReceived zero_rated(const char* total) {
  auto invoice = testing_support::received("construction", {line(1, total, "0")}, total, "0.00", total);
  invoice.vendor.return_filed = true;
  return invoice;
}

// The standard invoice with a TIN of 3 digits: on hold for invalid_tin.
InvoiceReceived with_bad_tin(InvoiceReceived invoice = standard()) {
  invoice.vendor.tin = "123";
  return invoice;
}

// --- Events -----------------------------------------------------------------------------------

Event invoice_event(EventType type, Actor actor, const char* occurred_at, Payload payload) {
  return make_event(type, invoice_id, std::move(actor), occurred_at, std::move(payload));
}

Event received_event(InvoiceReceived payload, const char* occurred_at = t_received) {
  return invoice_event(EventType::invoice_received, {"u-ap-clerk", Role::requester}, occurred_at, std::move(payload));
}

Event hold_released(Role role, const char* occurred_at = "2025-09-18T11:00:00+06:00") {
  return invoice_event(EventType::invoice_hold_released, as(role), occurred_at,
                       InvoiceHoldReleased{"TIN confirmed by phone"});
}

Event approved(Role role, const char* occurred_at = t_first_approval) {
  return invoice_event(EventType::invoice_approved, as(role), occurred_at, InvoiceApproved{});
}

Event rejected(Role role, const char* occurred_at = t_first_approval) {
  return invoice_event(EventType::invoice_rejected, as(role), occurred_at, InvoiceRejected{"duplicate billing"});
}

Event paid(const char* amount, PaymentMethod method = PaymentMethod::bank, Role role = Role::finance_manager,
           const char* occurred_at = t_payment) {
  return invoice_event(EventType::invoice_paid, as(role), occurred_at,
                       InvoicePaid{money(amount), "PAY-" + std::string(amount), method});
}

// --- Deciding ---------------------------------------------------------------------------------

Decision<Invoice> receive(InvoiceReceived payload, const InvoiceLookups& lookups = {}) {
  return decide(std::nullopt, received_event(std::move(payload)), default_policies(), lookups);
}

Decision<Invoice> decide_on(const Invoice& invoice, const Event& event) {
  return decide(invoice, event, default_policies(), {});
}

// The entity after a decision that must have changed it (throws, failing the test, otherwise).
Invoice after(const Decision<Invoice>& decision) { return decision.next.value(); }

Invoice received_invoice(InvoiceReceived payload = standard()) { return after(receive(std::move(payload))); }

Invoice held_invoice() { return received_invoice(with_bad_tin()); }

// Every tier approves in order, a day apart.
Invoice approved_invoice(InvoiceReceived payload = standard()) {
  Invoice invoice = received_invoice(std::move(payload));
  const char* times[] = {t_first_approval, t_second_approval, t_third_approval};
  for (std::size_t i = 0; i < invoice.tiers.size(); ++i)
    invoice = after(decide_on(invoice, approved(invoice.tiers[i], times[i])));
  return invoice;
}

Invoice partially_paid_invoice() { return after(decide_on(approved_invoice(), paid("40000.00"))); }

Invoice paid_invoice() { return after(decide_on(approved_invoice(), paid("100500.00"))); }

Invoice rejected_invoice() { return after(decide_on(received_invoice(), rejected(Role::finance_manager))); }

std::vector<Role> roles(std::initializer_list<Role> list) { return list; }

// --- Receipt ----------------------------------------------------------------------------------

TEST(InvoiceReceive, ACleanInvoiceGoesToFinanceForApproval) {
  const auto decision = receive(standard());
  ASSERT_TRUE(decision.next.has_value());
  const Invoice& invoice = *decision.next;
  EXPECT_EQ(invoice.invoice_id, invoice_id);
  EXPECT_EQ(invoice.status, InvoiceStatus::pending_approval);
  EXPECT_TRUE(invoice.hold_reasons.empty());
  EXPECT_EQ(invoice.tiers, roles({Role::finance_manager}));
  EXPECT_EQ(invoice.tiers_approved, 0);
  EXPECT_EQ(invoice.pending_role(), Role::finance_manager);
  EXPECT_EQ(invoice.policy_id, default_policy_id);
  EXPECT_EQ(invoice.received_at, at(t_received));
  EXPECT_EQ(invoice.pending_since, at(t_received));
  EXPECT_EQ(invoice.paid_amount.to_string(), "0.00");
  EXPECT_EQ(invoice.tax.net_payable.to_string(), "100500.00");
  EXPECT_FALSE(invoice.overdue);
  EXPECT_FALSE(invoice.decided_at.has_value());

  EXPECT_EQ(decision.audit.action, domain::AuditAction::received);
  EXPECT_FALSE(decision.audit.status_before.has_value());
  EXPECT_EQ(decision.audit.status_after, "pending_approval");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(detail_string(decision.audit, "due_date"), "2025-10-17");
  EXPECT_EQ(detail_string(decision.audit, "net_payable"), "100500.00");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), std::vector<std::string>{});
  EXPECT_EQ(detail_strings(decision.audit, "tiers"), std::vector<std::string>{"finance_manager"});

  EXPECT_EQ(notified(decision), std::vector<std::string>{"approval.requested -> finance_manager"});
  // Tier 0's reminder (+48 h) and escalation (+96 h) from receipt, and the due date; no expiry.
  EXPECT_EQ(new_deadlines(decision),
            (std::vector<std::string>{"escalation 0 2025-09-21T04:15:00.000000Z", overdue_deadline,
                                      "reminder 0 2025-09-19T04:15:00.000000Z"}));
}

struct DueDateCase {
  const char* invoice_date;
  const char* due_date;
  const char* due_at;
};

TEST(InvoiceReceive, DueAtTheEndOfInvoiceDatePlus30DaysInDhaka) {
  const DueDateCase cases[] = {
      {"2025-09-17", "2025-10-17", "2025-10-17T18:00:00Z"},
      {"2025-12-15", "2026-01-14", "2026-01-14T18:00:00Z"},  // across the year end
      {"2026-02-10", "2026-03-12", "2026-03-12T18:00:00Z"},  // February of 28 days
      {"2028-02-10", "2028-03-11", "2028-03-11T18:00:00Z"},  // February of 29 days
      {"2025-07-01", "2025-07-31", "2025-07-31T18:00:00Z"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.invoice_date);
    auto payload = standard();
    payload.invoice_date = *parse_date(c.invoice_date);
    const auto decision = receive(payload);
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(format_date(decision.next->due_date), c.due_date);
    EXPECT_EQ(format_utc(decision.next->due_at), format_utc(at(c.due_at)));
    EXPECT_EQ(detail_string(decision.audit, "due_date"), c.due_date);
    ASSERT_TRUE(decision.deadlines.has_value());
    bool found = false;
    for (const auto& deadline : *decision.deadlines) {
      if (deadline.kind == DeadlineKind::overdue) {
        found = true;
        EXPECT_EQ(deadline.step, 0);
        EXPECT_EQ(format_utc(deadline.due_at), format_utc(at(c.due_at)));
      }
    }
    EXPECT_TRUE(found) << "no overdue deadline";
  }
}

TEST(InvoiceReceive, AnInvoiceWithHoldReasonsIsHeldWithoutApprovalOrDeadlines) {
  const auto decision = receive(with_bad_tin());
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::on_hold);
  EXPECT_EQ(decision.next->hold_reasons, std::vector<std::string>{"invalid_tin"});
  EXPECT_FALSE(decision.next->pending_role().has_value());
  EXPECT_EQ(decision.audit.action, domain::AuditAction::held);
  EXPECT_FALSE(decision.audit.status_before.has_value());
  EXPECT_EQ(decision.audit.status_after, "on_hold");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), std::vector<std::string>{"invalid_tin"});
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(decision).empty());
  EXPECT_TRUE(new_deadlines(decision).empty());
}

TEST(InvoiceReceive, ALookedUpDuplicateIsHeldToo) {
  InvoiceLookups lookups;
  lookups.duplicate = true;
  const auto decision = receive(standard(), lookups);
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::on_hold);
  EXPECT_EQ(decision.audit.action, domain::AuditAction::held);
  EXPECT_TRUE(notified(decision).empty());
  EXPECT_TRUE(new_deadlines(decision).empty());
}

// The first invoice with a vendor and number claims them, held or not; a duplicate and a refused
// second receipt claim nothing.
TEST(InvoiceReceive, TheFirstReceiptClaimsItsVendorAndNumberAndADuplicateDoesNot) {
  EXPECT_TRUE(receive(standard()).claims_invoice_key);
  EXPECT_TRUE(receive(with_bad_tin()).claims_invoice_key) << "held for another reason, it is still the first";
  InvoiceLookups lookups;
  lookups.duplicate = true;
  EXPECT_FALSE(receive(standard(), lookups).claims_invoice_key);
  EXPECT_FALSE(decide_on(received_invoice(), received_event(standard())).claims_invoice_key);
  EXPECT_EQ(decide_on(received_invoice(), received_event(standard())).audit.refusal,
            domain::RefusalReason::already_exists);
}

TEST(InvoiceReceive, ASecondReceiptIsRefusedAlreadyExists) {
  EXPECT_TRUE(refused(decide_on(received_invoice(), received_event(standard())), "already_exists",
                      std::string("pending_approval")));
  EXPECT_TRUE(refused(decide_on(held_invoice(), received_event(standard())), "already_exists", std::string("on_hold")));
  EXPECT_TRUE(refused(decide_on(paid_invoice(), received_event(standard())), "already_exists", std::string("paid")));
  const auto decision = decide_on(received_invoice(), received_event(standard()));
  EXPECT_EQ(detail_string(decision.audit, "type"), "invoice.received");
}

TEST(InvoiceReceive, EveryOtherEventForAnUnknownInvoiceIsRefusedUnknownEntity) {
  const Event events[] = {hold_released(Role::finance_manager), approved(Role::finance_manager),
                          rejected(Role::finance_manager), paid("100.00")};
  for (const auto& event : events) {
    SCOPED_TRACE(std::string(name(event.type)));
    const auto decision = decide(std::nullopt, event, default_policies(), {});
    EXPECT_TRUE(refused(decision, "unknown_entity", std::nullopt));
    EXPECT_EQ(detail_string(decision.audit, "type"), name(event.type));
  }
}

// --- Hold release -----------------------------------------------------------------------------

TEST(InvoiceHoldRelease, FinanceReleasesAHeldInvoiceIntoApprovalWithFreshDeadlines) {
  const auto decision = decide_on(held_invoice(), hold_released(Role::finance_manager, "2025-09-18T11:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::pending_approval);
  EXPECT_EQ(decision.next->pending_role(), Role::finance_manager);
  EXPECT_EQ(decision.next->pending_since, at("2025-09-18T11:00:00+06:00"));
  // An override: the reasons stay on record.
  EXPECT_EQ(decision.next->hold_reasons, std::vector<std::string>{"invalid_tin"});
  EXPECT_EQ(decision.audit.action, domain::AuditAction::hold_released);
  EXPECT_EQ(decision.audit.status_before, "on_hold");
  EXPECT_EQ(decision.audit.status_after, "pending_approval");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), std::vector<std::string>{"invalid_tin"});
  EXPECT_EQ(detail_string(decision.audit, "note"), "TIN confirmed by phone");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(notified(decision), std::vector<std::string>{"approval.requested -> finance_manager"});
  // 2025-09-18T11:00+06:00 is 05:00Z; the due date still counts from invoice_date.
  EXPECT_EQ(new_deadlines(decision),
            (std::vector<std::string>{"escalation 0 2025-09-22T05:00:00.000000Z", overdue_deadline,
                                      "reminder 0 2025-09-20T05:00:00.000000Z"}));
}

TEST(InvoiceHoldRelease, AnyoneButFinanceIsRefusedWrongRole) {
  for (Role role :
       {Role::requester, Role::department_head, Role::cfo, Role::managing_director, Role::hr, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(held_invoice(), hold_released(role)), "wrong_role", std::string("on_hold")));
  }
}

TEST(InvoiceHoldRelease, AnInvoiceNotOnHoldIsRefusedWrongState) {
  EXPECT_TRUE(refused(decide_on(received_invoice(), hold_released(Role::finance_manager)), "wrong_state",
                      std::string("pending_approval")));
  EXPECT_TRUE(refused(decide_on(approved_invoice(), hold_released(Role::finance_manager)), "wrong_state",
                      std::string("approved")));
  EXPECT_TRUE(refused(decide_on(rejected_invoice(), hold_released(Role::finance_manager)), "wrong_state",
                      std::string("rejected")));
  // Released once, it is no longer on hold.
  const Invoice released = after(decide_on(held_invoice(), hold_released(Role::finance_manager)));
  EXPECT_TRUE(refused(decide_on(released, hold_released(Role::finance_manager)), "wrong_state",
                      std::string("pending_approval")));
}

// --- Tiers and approval -----------------------------------------------------------------------

struct TierCase {
  const char* total;
  std::vector<Role> tiers;
};

TEST(InvoiceTiers, FinanceAlwaysCfoAboveFiveLakhManagingDirectorAboveFiftyLakh) {
  const TierCase cases[] = {
      {"0.01", {Role::finance_manager}},
      {"500000.00", {Role::finance_manager}},
      {"500000.01", {Role::finance_manager, Role::cfo}},
      {"5000000.00", {Role::finance_manager, Role::cfo}},
      {"5000000.01", {Role::finance_manager, Role::cfo, Role::managing_director}},
      {"900000000.00", {Role::finance_manager, Role::cfo, Role::managing_director}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.total);
    const auto decision = receive(zero_rated(c.total));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(decision.next->status, InvoiceStatus::pending_approval);
    EXPECT_EQ(decision.next->tiers, c.tiers);
    EXPECT_EQ(decision.next->pending_role(), Role::finance_manager);
    EXPECT_EQ(detail_strings(decision.audit, "tiers"), names(c.tiers));
  }
}

TEST(InvoiceTiers, TheTotalDecidesNotTheSubtotal) {
  // Subtotal 4,40,000.00 + 15% VAT 66,000.00 = 5,06,000.00: above 5,00,000, so the CFO too.
  auto payload =
      testing_support::received("construction", {line(1, "440000.00")}, "440000.00", "66000.00", "506000.00");
  const auto decision = receive(payload);
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::pending_approval);
  EXPECT_EQ(decision.next->tiers, roles({Role::finance_manager, Role::cfo}));
}

TEST(InvoiceApprove, ThreeTiersApproveInOrderEachWithItsOwnDeadlines) {
  Invoice invoice = received_invoice(zero_rated("5000000.01"));

  const auto first = decide_on(invoice, approved(Role::finance_manager, t_first_approval));
  ASSERT_TRUE(first.next.has_value());
  EXPECT_EQ(first.next->status, InvoiceStatus::pending_approval);
  EXPECT_EQ(first.next->tiers_approved, 1);
  EXPECT_EQ(first.next->pending_role(), Role::cfo);
  EXPECT_EQ(first.audit.action, domain::AuditAction::approved);
  EXPECT_EQ(first.audit.status_before, "pending_approval");
  EXPECT_EQ(first.audit.status_after, "pending_approval");
  EXPECT_EQ(detail_string(first.audit, "role"), "finance_manager");
  EXPECT_EQ(detail_string(first.audit, "pending_role"), "cfo");
  EXPECT_EQ(detail_string(first.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(notified(first), std::vector<std::string>{"approval.requested -> cfo"});
  EXPECT_EQ(new_deadlines(first),
            (std::vector<std::string>{"escalation 1 2025-09-22T03:00:00.000000Z", overdue_deadline,
                                      "reminder 1 2025-09-20T03:00:00.000000Z"}));

  const auto second = decide_on(*first.next, approved(Role::cfo, t_second_approval));
  ASSERT_TRUE(second.next.has_value());
  EXPECT_EQ(second.next->tiers_approved, 2);
  EXPECT_EQ(second.next->pending_role(), Role::managing_director);
  EXPECT_EQ(detail_string(second.audit, "role"), "cfo");
  EXPECT_EQ(notified(second), std::vector<std::string>{"approval.requested -> managing_director"});
  EXPECT_EQ(new_deadlines(second),
            (std::vector<std::string>{"escalation 2 2025-09-23T03:00:00.000000Z", overdue_deadline,
                                      "reminder 2 2025-09-21T03:00:00.000000Z"}));

  const auto last = decide_on(*second.next, approved(Role::managing_director, t_third_approval));
  ASSERT_TRUE(last.next.has_value());
  EXPECT_EQ(last.next->status, InvoiceStatus::approved);
  EXPECT_EQ(last.next->tiers_approved, 3);
  EXPECT_FALSE(last.next->pending_role().has_value());
  EXPECT_EQ(last.next->decided_at, at(t_third_approval));
  EXPECT_EQ(last.audit.status_before, "pending_approval");
  EXPECT_EQ(last.audit.status_after, "approved");
  EXPECT_EQ(detail_string(last.audit, "role"), "managing_director");
  EXPECT_EQ(detail_string(last.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(last).empty()) << "no one is asked to approve any more, and nothing is paid yet";
  // Only the due date remains.
  EXPECT_EQ(new_deadlines(last), std::vector<std::string>{overdue_deadline});
}

TEST(InvoiceApprove, ASingleTierInvoiceIsApprovedByFinance) {
  const auto decision = decide_on(received_invoice(), approved(Role::finance_manager));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::approved);
  EXPECT_EQ(decision.audit.status_after, "approved");
  EXPECT_EQ(new_deadlines(decision), std::vector<std::string>{overdue_deadline});
}

TEST(InvoiceApprove, OnlyThePendingTiersRoleMayApprove) {
  const Invoice pending_finance = received_invoice(zero_rated("5000000.01"));
  for (Role role :
       {Role::requester, Role::department_head, Role::cfo, Role::managing_director, Role::hr, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(pending_finance, approved(role)), "wrong_role", std::string("pending_approval")));
  }
  const Invoice pending_cfo = after(decide_on(pending_finance, approved(Role::finance_manager)));
  EXPECT_TRUE(
      refused(decide_on(pending_cfo, approved(Role::finance_manager)), "wrong_role", std::string("pending_approval")));
  EXPECT_TRUE(refused(decide_on(pending_cfo, approved(Role::managing_director)), "wrong_role",
                      std::string("pending_approval")));
}

TEST(InvoiceApprove, AnInvoiceNotPendingApprovalIsRefusedWrongState) {
  EXPECT_TRUE(
      refused(decide_on(held_invoice(), approved(Role::finance_manager)), "wrong_state", std::string("on_hold")));
  EXPECT_TRUE(
      refused(decide_on(approved_invoice(), approved(Role::finance_manager)), "wrong_state", std::string("approved")));
  EXPECT_TRUE(
      refused(decide_on(rejected_invoice(), approved(Role::finance_manager)), "wrong_state", std::string("rejected")));
  EXPECT_TRUE(refused(decide_on(paid_invoice(), approved(Role::finance_manager)), "wrong_state", std::string("paid")));
}

// --- Rejection --------------------------------------------------------------------------------

TEST(InvoiceReject, ThePendingTiersRoleRejects) {
  const Invoice pending_cfo =
      after(decide_on(received_invoice(zero_rated("500000.01")), approved(Role::finance_manager)));
  const auto decision = decide_on(pending_cfo, rejected(Role::cfo, "2025-09-19T12:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::rejected);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-19T12:00:00+06:00"));
  EXPECT_FALSE(decision.next->pending_role().has_value());
  EXPECT_EQ(decision.audit.action, domain::AuditAction::rejected);
  EXPECT_EQ(decision.audit.status_before, "pending_approval");
  EXPECT_EQ(decision.audit.status_after, "rejected");
  EXPECT_EQ(detail_string(decision.audit, "reason"), "duplicate billing");
  EXPECT_EQ(detail_string(decision.audit, "role"), "cfo");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(decision).empty());
  ASSERT_TRUE(decision.deadlines.has_value()) << "the pending tier's deadlines and the due date must be cancelled";
  EXPECT_TRUE(decision.deadlines->empty());
}

TEST(InvoiceReject, ARoleOtherThanThePendingTiersIsRefusedWrongRole) {
  const Invoice pending_cfo =
      after(decide_on(received_invoice(zero_rated("500000.01")), approved(Role::finance_manager)));
  for (Role role : {Role::finance_manager, Role::managing_director, Role::requester, Role::hr}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(pending_cfo, rejected(role)), "wrong_role", std::string("pending_approval")));
  }
}

TEST(InvoiceReject, FinanceRejectsAHeldInvoice) {
  const auto decision = decide_on(held_invoice(), rejected(Role::finance_manager));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::rejected);
  EXPECT_EQ(decision.audit.action, domain::AuditAction::rejected);
  EXPECT_EQ(decision.audit.status_before, "on_hold");
  EXPECT_EQ(decision.audit.status_after, "rejected");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(new_deadlines(decision).empty());
}

TEST(InvoiceReject, OnlyFinanceMayRejectAHeldInvoice) {
  for (Role role : {Role::cfo, Role::managing_director, Role::requester, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(held_invoice(), rejected(role)), "wrong_role", std::string("on_hold")));
  }
}

TEST(InvoiceReject, AnApprovedInvoiceCanStillBeRejectedBeforeAnyPayment) {
  const auto decision = decide_on(approved_invoice(), rejected(Role::finance_manager));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::rejected);
  EXPECT_EQ(decision.audit.status_before, "approved");
  EXPECT_TRUE(new_deadlines(decision).empty());
}

TEST(InvoiceReject, AfterAPaymentOrAFinalStateItIsRefusedWrongState) {
  EXPECT_TRUE(refused(decide_on(partially_paid_invoice(), rejected(Role::finance_manager)), "wrong_state",
                      std::string("partially_paid")));
  EXPECT_TRUE(refused(decide_on(paid_invoice(), rejected(Role::finance_manager)), "wrong_state", std::string("paid")));
  EXPECT_TRUE(
      refused(decide_on(rejected_invoice(), rejected(Role::finance_manager)), "wrong_state", std::string("rejected")));
}

// --- Payments ---------------------------------------------------------------------------------

TEST(InvoicePay, APartialPaymentLeavesItPartiallyPaidAndStillDue) {
  const auto decision = decide_on(approved_invoice(), paid("40000.00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::partially_paid);
  EXPECT_EQ(decision.next->paid_amount.to_string(), "40000.00");
  EXPECT_EQ(decision.audit.action, domain::AuditAction::paid);
  EXPECT_EQ(decision.audit.status_before, "approved");
  EXPECT_EQ(decision.audit.status_after, "partially_paid");
  EXPECT_EQ(detail_string(decision.audit, "amount"), "40000.00");
  EXPECT_EQ(detail_string(decision.audit, "paid_amount"), "40000.00");
  EXPECT_EQ(detail_string(decision.audit, "method"), "bank");
  EXPECT_EQ(detail_string(decision.audit, "payment_ref"), "PAY-40000.00");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(decision).empty());
  EXPECT_EQ(new_deadlines(decision), std::vector<std::string>{overdue_deadline});
}

TEST(InvoicePay, PaymentsAccumulateAndTheExactRemainderMakesItPaid) {
  const Invoice partial = partially_paid_invoice();  // 40,000.00 of 1,00,500.00
  const auto second = decide_on(partial, paid("30000.50"));
  ASSERT_TRUE(second.next.has_value());
  EXPECT_EQ(second.next->status, InvoiceStatus::partially_paid);
  EXPECT_EQ(second.next->paid_amount.to_string(), "70000.50");
  EXPECT_EQ(second.audit.status_before, "partially_paid");

  const auto last = decide_on(
      *second.next, paid("30499.50", PaymentMethod::cheque, Role::finance_manager, "2025-09-26T10:00:00+06:00"));
  ASSERT_TRUE(last.next.has_value());
  EXPECT_EQ(last.next->status, InvoiceStatus::paid);
  EXPECT_EQ(last.next->paid_amount.to_string(), "100500.00");
  EXPECT_EQ(last.next->decided_at, at("2025-09-26T10:00:00+06:00"));
  EXPECT_EQ(last.audit.action, domain::AuditAction::paid);
  EXPECT_EQ(last.audit.status_before, "partially_paid");
  EXPECT_EQ(last.audit.status_after, "paid");
  EXPECT_EQ(detail_string(last.audit, "paid_amount"), "100500.00");
  EXPECT_EQ(notified(last), std::vector<std::string>{"workflow.completed -> finance_manager"});
  ASSERT_TRUE(last.deadlines.has_value()) << "the due date must be cancelled";
  EXPECT_TRUE(last.deadlines->empty());
}

TEST(InvoicePay, OnePaymentOfTheWholeNetPayableMakesItPaid) {
  const auto decision = decide_on(approved_invoice(), paid("100500.00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, InvoiceStatus::paid);
  EXPECT_EQ(decision.audit.status_before, "approved");
  EXPECT_EQ(decision.audit.status_after, "paid");
  EXPECT_EQ(notified(decision), std::vector<std::string>{"workflow.completed -> finance_manager"});
  ASSERT_TRUE(decision.deadlines.has_value());
  EXPECT_TRUE(decision.deadlines->empty());
}

TEST(InvoicePay, TheNetPayableIsTheLimitNotTheTotal) {
  // 1,15,000.00 total, but VDS and TDS are withheld: 1,00,500.00 is all that is ever paid.
  EXPECT_TRUE(refused(decide_on(approved_invoice(), paid("115000.00")), "overpayment", std::string("approved")));
  EXPECT_TRUE(refused(decide_on(approved_invoice(), paid("100500.01")), "overpayment", std::string("approved")));
  EXPECT_TRUE(
      refused(decide_on(partially_paid_invoice(), paid("60500.01")), "overpayment", std::string("partially_paid")));
}

TEST(InvoicePay, OnlyFinancePays) {
  for (Role role : {Role::cfo, Role::managing_director, Role::requester, Role::department_head, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(approved_invoice(), paid("100.00", PaymentMethod::bank, role)), "wrong_role",
                        std::string("approved")));
    EXPECT_TRUE(refused(decide_on(partially_paid_invoice(), paid("100.00", PaymentMethod::bank, role)), "wrong_role",
                        std::string("partially_paid")));
  }
}

TEST(InvoicePay, OnlyAnApprovedOrPartiallyPaidInvoiceIsPaid) {
  EXPECT_TRUE(refused(decide_on(received_invoice(), paid("100.00")), "wrong_state", std::string("pending_approval")));
  EXPECT_TRUE(refused(decide_on(held_invoice(), paid("100.00")), "wrong_state", std::string("on_hold")));
  EXPECT_TRUE(refused(decide_on(rejected_invoice(), paid("100.00")), "wrong_state", std::string("rejected")));
  EXPECT_TRUE(refused(decide_on(paid_invoice(), paid("100.00")), "wrong_state", std::string("paid")));
  // Part-way through a three-tier approval.
  const Invoice pending_cfo =
      after(decide_on(received_invoice(zero_rated("5000000.01")), approved(Role::finance_manager)));
  EXPECT_TRUE(refused(decide_on(pending_cfo, paid("100.00")), "wrong_state", std::string("pending_approval")));
}

// --- NBR flags --------------------------------------------------------------------------------

struct MushakCase {
  const char* total;
  bool flagged;
};

TEST(InvoiceFlags, Mushak610WhenTheTotalIsAboveTwoLakh) {
  const MushakCase cases[] = {{"199999.99", false}, {"200000.00", false}, {"200000.01", true}, {"750000.00", true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.total);
    const auto decision = receive(zero_rated(c.total));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(decision.next->mushak_6_10, c.flagged);
    EXPECT_EQ(detail_bool(decision.audit, "mushak_6_10"), c.flagged);
  }
  // 1,15,000.00 with VAT.
  EXPECT_FALSE(received_invoice().mushak_6_10);
}

TEST(InvoiceFlags, Mushak610IsCarriedInLaterAuditRecords) {
  const Invoice invoice = received_invoice(zero_rated("200000.01"));
  const auto decision = decide_on(invoice, approved(Role::finance_manager));
  EXPECT_EQ(detail_bool(decision.audit, "mushak_6_10"), true);
}

TEST(InvoiceFlags, ACashPaymentOnAnInvoiceAboveOneLakhMakesInputVatIneligible) {
  const auto decision = decide_on(approved_invoice(), paid("1000.00", PaymentMethod::cash));  // total 1,15,000.00
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_TRUE(decision.next->input_vat_credit_ineligible);
  EXPECT_EQ(detail_bool(decision.audit, "input_vat_credit_ineligible"), true);

  // The flag stays, whatever the later payments are.
  const auto later = decide_on(*decision.next, paid("1000.00", PaymentMethod::bank));
  ASSERT_TRUE(later.next.has_value());
  EXPECT_TRUE(later.next->input_vat_credit_ineligible);
  EXPECT_EQ(detail_bool(later.audit, "input_vat_credit_ineligible"), true);
}

TEST(InvoiceFlags, ACashPaymentJustAboveOneLakhCounts) {
  // 1,00,000.01: net payable 1,00,000.01 − 7,500.00 − 7,000.00 = 85,500.01.
  const auto decision = decide_on(approved_invoice(zero_rated("100000.01")), paid("1000.00", PaymentMethod::cash));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_TRUE(decision.next->input_vat_credit_ineligible);
}

TEST(InvoiceFlags, NoOtherPaymentMakesInputVatIneligible) {
  for (PaymentMethod method : {PaymentMethod::bank, PaymentMethod::cheque, PaymentMethod::mobile}) {
    SCOPED_TRACE(std::string(name(method)));
    const auto decision = decide_on(approved_invoice(), paid("1000.00", method));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_FALSE(decision.next->input_vat_credit_ineligible);
    EXPECT_EQ(detail_bool(decision.audit, "input_vat_credit_ineligible"), false);
  }
  // Cash, but the total is not above 1,00,000.
  for (const char* total : {"100000.00", "50000.00"}) {
    SCOPED_TRACE(total);
    const auto decision = decide_on(approved_invoice(zero_rated(total)), paid("1000.00", PaymentMethod::cash));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_FALSE(decision.next->input_vat_credit_ineligible);
    EXPECT_EQ(detail_bool(decision.audit, "input_vat_credit_ineligible"), false);
  }
  EXPECT_FALSE(received_invoice().input_vat_credit_ineligible);
}

// --- The due date -----------------------------------------------------------------------------

Deadline due_date_deadline() { return {DeadlineKind::overdue, 0, at("2025-10-17T18:00:00Z")}; }

TEST(InvoiceOverdue, AnUnpaidInvoiceFallsOverdueAndFinanceIsToldOnce) {
  const std::pair<const char*, Invoice> cases[] = {{"pending_approval", received_invoice()},
                                                   {"approved", approved_invoice()},
                                                   {"partially_paid", partially_paid_invoice()}};
  for (const auto& [status, invoice] : cases) {
    SCOPED_TRACE(status);
    const auto decision = decide_deadline(invoice, due_date_deadline(), default_policies());
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_TRUE(decision.next->overdue);
    EXPECT_EQ(name(decision.next->status), status);
    EXPECT_EQ(decision.next->paid_amount, invoice.paid_amount);
    EXPECT_EQ(decision.audit.action, domain::AuditAction::overdue);
    EXPECT_EQ(decision.audit.status_before, status);
    EXPECT_EQ(decision.audit.status_after, status);
    EXPECT_EQ(detail_string(decision.audit, "due_date"), "2025-10-17");
    EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
    EXPECT_EQ(notified(decision), std::vector<std::string>{"invoice.overdue -> finance_manager"});
  }
}

TEST(InvoiceOverdue, NothingHappensToAPaidRejectedHeldOrAlreadyOverdueInvoice) {
  Invoice already = received_invoice();
  already.overdue = true;
  const std::pair<const char*, Invoice> cases[] = {{"paid", paid_invoice()},
                                                   {"rejected", rejected_invoice()},
                                                   {"on_hold", held_invoice()},
                                                   {"already overdue", already}};
  for (const auto& [label, invoice] : cases) {
    SCOPED_TRACE(label);
    EXPECT_TRUE(nothing_decided(decide_deadline(invoice, due_date_deadline(), default_policies())));
  }
}

TEST(InvoiceOverdue, AnOverdueInvoiceGetsNoSecondDueDate) {
  const Invoice overdue = after(decide_deadline(received_invoice(), due_date_deadline(), default_policies()));
  // Approved after its due date: nothing is left to wait for.
  const auto approval = decide_on(overdue, approved(Role::finance_manager, "2025-10-20T10:00:00+06:00"));
  ASSERT_TRUE(approval.next.has_value());
  EXPECT_TRUE(approval.next->overdue);
  EXPECT_TRUE(new_deadlines(approval).empty());
  // And the invoice can still be paid.
  const auto payment = decide_on(
      *approval.next, paid("100500.00", PaymentMethod::bank, Role::finance_manager, "2025-10-21T10:00:00+06:00"));
  ASSERT_TRUE(payment.next.has_value());
  EXPECT_EQ(payment.next->status, InvoiceStatus::paid);
}

// --- Reminders and escalations of the pending tier --------------------------------------------

TEST(InvoiceTierDeadlines, ReminderToThePendingRoleEscalationToTheNextRole) {
  // Tier 0 (finance_manager) pending since 2025-09-17T04:15Z.
  const Invoice invoice = received_invoice(zero_rated("5000000.01"));
  const auto reminder =
      decide_deadline(invoice, {DeadlineKind::reminder, 0, at("2025-09-19T04:15:00Z")}, default_policies());
  EXPECT_EQ(reminder.audit.action, domain::AuditAction::reminder_sent);
  EXPECT_EQ(reminder.audit.status_before, "pending_approval");
  EXPECT_EQ(reminder.audit.status_after, "pending_approval");
  EXPECT_EQ(detail_string(reminder.audit, "policy_id"), default_policy_id);
  EXPECT_FALSE(reminder.next.has_value());
  EXPECT_FALSE(reminder.deadlines.has_value());
  EXPECT_EQ(notified(reminder), std::vector<std::string>{"approval.reminder -> finance_manager"});

  const auto escalation =
      decide_deadline(invoice, {DeadlineKind::escalation, 0, at("2025-09-21T04:15:00Z")}, default_policies());
  EXPECT_EQ(escalation.audit.action, domain::AuditAction::escalated);
  EXPECT_EQ(detail_string(escalation.audit, "policy_id"), default_policy_id);
  EXPECT_FALSE(escalation.next.has_value());
  EXPECT_EQ(notified(escalation), std::vector<std::string>{"approval.escalated -> cfo"});
}

TEST(InvoiceTierDeadlines, EachLaterTierEscalatesToTheNextAndTheLastToItself) {
  const Invoice pending_cfo =
      after(decide_on(received_invoice(zero_rated("5000000.01")), approved(Role::finance_manager)));
  EXPECT_EQ(notified(decide_deadline(pending_cfo, {DeadlineKind::reminder, 1, at("2025-09-20T03:00:00Z")},
                                     default_policies())),
            std::vector<std::string>{"approval.reminder -> cfo"});
  EXPECT_EQ(notified(decide_deadline(pending_cfo, {DeadlineKind::escalation, 1, at("2025-09-22T03:00:00Z")},
                                     default_policies())),
            std::vector<std::string>{"approval.escalated -> managing_director"});

  const Invoice pending_md = after(decide_on(pending_cfo, approved(Role::cfo, t_second_approval)));
  EXPECT_EQ(notified(decide_deadline(pending_md, {DeadlineKind::reminder, 2, at("2025-09-21T03:00:00Z")},
                                     default_policies())),
            std::vector<std::string>{"approval.reminder -> managing_director"});
  const auto escalation =
      decide_deadline(pending_md, {DeadlineKind::escalation, 2, at("2025-09-23T03:00:00Z")}, default_policies());
  EXPECT_EQ(escalation.audit.action, domain::AuditAction::escalated);
  EXPECT_EQ(notified(escalation), std::vector<std::string>{"approval.escalated -> managing_director"});
}

TEST(InvoiceTierDeadlines, EscalationOnlyNotifiesApprovalStaysWithThePendingRole) {
  const Invoice invoice = received_invoice(zero_rated("5000000.01"));
  const auto escalation =
      decide_deadline(invoice, {DeadlineKind::escalation, 0, at("2025-09-21T04:15:00Z")}, default_policies());
  ASSERT_FALSE(escalation.next.has_value());
  EXPECT_TRUE(refused(decide_on(invoice, approved(Role::cfo)), "wrong_role", std::string("pending_approval")));
  EXPECT_TRUE(decide_on(invoice, approved(Role::finance_manager)).next.has_value());
}

TEST(InvoiceTierDeadlines, ADeadlineOfATierNoLongerPendingDecidesNothing) {
  const Invoice invoice = received_invoice(zero_rated("5000000.01"));
  const Invoice pending_cfo = after(decide_on(invoice, approved(Role::finance_manager)));
  EXPECT_TRUE(nothing_decided(
      decide_deadline(pending_cfo, {DeadlineKind::reminder, 0, at("2025-09-19T04:15:00Z")}, default_policies())));
  EXPECT_TRUE(nothing_decided(
      decide_deadline(pending_cfo, {DeadlineKind::escalation, 0, at("2025-09-21T04:15:00Z")}, default_policies())));

  const Invoice approved_one = approved_invoice();
  EXPECT_TRUE(nothing_decided(
      decide_deadline(approved_one, {DeadlineKind::reminder, 0, at("2025-09-19T04:15:00Z")}, default_policies())));
  EXPECT_TRUE(nothing_decided(decide_deadline(
      rejected_invoice(), {DeadlineKind::escalation, 0, at("2025-09-21T04:15:00Z")}, default_policies())));
  EXPECT_TRUE(nothing_decided(
      decide_deadline(held_invoice(), {DeadlineKind::reminder, 0, at("2025-09-19T04:15:00Z")}, default_policies())));
}

TEST(InvoiceTierDeadlines, InvoicesNeverExpire) {
  const Invoice invoice = received_invoice();
  EXPECT_TRUE(nothing_decided(
      decide_deadline(invoice, {DeadlineKind::expiry, 0, at("2025-09-24T04:15:00Z")}, default_policies())));
}

// --- policy_id on every record of an existing invoice -----------------------------------------

TEST(InvoicePolicyId, EveryDecisionAboutAnExistingInvoiceRecordsItsPolicy) {
  const Invoice pending = received_invoice();
  const std::pair<const char*, Decision<Invoice>> decisions[] = {
      {"hold_released", decide_on(held_invoice(), hold_released(Role::finance_manager))},
      {"approved", decide_on(pending, approved(Role::finance_manager))},
      {"rejected", decide_on(pending, rejected(Role::finance_manager))},
      {"paid", decide_on(approved_invoice(), paid("100.00"))},
      {"refused", decide_on(pending, approved(Role::cfo))},
      {"overdue", decide_deadline(pending, due_date_deadline(), default_policies())},
      {"reminder",
       decide_deadline(pending, {DeadlineKind::reminder, 0, at("2025-09-19T04:15:00Z")}, default_policies())},
      {"escalation",
       decide_deadline(pending, {DeadlineKind::escalation, 0, at("2025-09-21T04:15:00Z")}, default_policies())},
  };
  for (const auto& [label, decision] : decisions) {
    SCOPED_TRACE(label);
    EXPECT_FALSE(decision.audit.action == std::nullopt);
    EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  }
}

}  // namespace
}  // namespace vextrus::domain

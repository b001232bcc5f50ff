// Properties of the invoice and onboarding workflows (docs/events.md), checked with
// rapidcheck over random inputs under the default policy:
//   - the tax arithmetic of any valid invoice is exact to the paisa (VDS and TDS within half a
//     paisa of the exact rational value, rounded half away from zero; net payable exact);
//   - no sequence of invoice events or deadlines takes a paid invoice back to unpaid;
//   - the four onboarding tasks, completed in any order among deadlines and duplicates, complete
//     the onboarding exactly at the fourth, and a task whose deadline fired first is late.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "tests/unit/invoice_fixtures.hpp"
#include "tests/unit/workflow_fixtures.hpp"

namespace vextrus::domain {
namespace {

using testing_support::as;
using testing_support::at;
using testing_support::bd_invoice_policy;
using testing_support::default_policies;
using testing_support::default_policy_id;
using testing_support::detail_string;

// 128-bit integers for the exact rational checks, spelt so that -Wpedantic accepts them.
__extension__ using Int128 = __int128;

constexpr const char* valid_bin = "1234567890123";  // 13 digits

// --- Generators -------------------------------------------------------------------------------

// One of the categories of the policy.
std::string any_category(const InvoicePolicy& policy) {
  std::vector<std::string> categories;
  for (const auto& entry : policy.categories) categories.push_back(entry.first);
  return *rc::gen::elementOf(categories);
}

// 1–5 lines, each with a quantity of 1–1000, a unit price of 0.01–99,999.99 and a VAT rate
// from the policy or none (the policy's default).
std::vector<InvoiceLine> any_lines(const InvoicePolicy& policy) {
  const int count = *rc::gen::inRange(1, 6);
  std::vector<InvoiceLine> lines;
  for (int i = 0; i < count; ++i) {
    InvoiceLine out;
    out.description = "item " + std::to_string(i + 1);
    out.quantity = *rc::gen::inRange<std::int64_t>(1, 1001);
    out.unit_price = Money::from_paisa(*rc::gen::inRange<std::int64_t>(1, 10'000'000));
    const int rate = *rc::gen::inRange(-1, static_cast<int>(policy.vat_rates.size()));
    if (rate >= 0) out.vat_rate = policy.vat_rates[static_cast<std::size_t>(rate)];
    lines.push_back(std::move(out));
  }
  return lines;
}

// --- An oracle for the contract's arithmetic, independent of rate.cpp ---------------------------

// round(numerator / denominator), half away from zero, for a non-negative numerator.
std::int64_t round_half_up(Int128 numerator, Int128 denominator) {
  Int128 quotient = numerator / denominator;
  if (2 * (numerator % denominator) >= denominator) quotient += 1;
  return static_cast<std::int64_t>(quotient);
}

// VAT is 15% on a line without a rate (the default policy's vat_default).
constexpr std::int64_t default_vat_scaled = 15 * Rate::scale;

// Σ line amounts and Σ round(line amount × VAT rate / 100), in paisa.
std::pair<std::int64_t, std::int64_t> line_sums(const std::vector<InvoiceLine>& lines) {
  std::int64_t subtotal = 0;
  std::int64_t vat = 0;
  for (const auto& l : lines) {
    const std::int64_t amount = l.unit_price.paisa() * l.quantity;
    const std::int64_t rate = l.vat_rate ? l.vat_rate->scaled() : default_vat_scaled;
    subtotal += amount;
    vat += round_half_up(static_cast<Int128>(amount) * rate, static_cast<Int128>(100) * Rate::scale);
  }
  return {subtotal, vat};
}

// Whether `rounded` paisa is the exact value numerator / denominator paisa rounded half away from
// zero: within half a paisa, a tie going up: −D < 2 × (rounded × D − N) ≤ D.
bool rounds(std::int64_t rounded, Int128 numerator, Int128 denominator) {
  const Int128 twice_error = 2 * (static_cast<Int128>(rounded) * denominator - numerator);
  return -denominator < twice_error && twice_error <= denominator;
}

// A valid invoice: subtotal, VAT and total agree with the lines.
InvoiceReceived any_valid_invoice(const InvoicePolicy& policy) {
  InvoiceReceived invoice;
  invoice.vendor.id = "V-" + std::to_string(*rc::gen::inRange(1, 1000));
  invoice.vendor.name = "Vendor";
  invoice.vendor.category = any_category(policy);
  invoice.vendor.return_filed = *rc::gen::arbitrary<bool>();
  invoice.vendor.bin = valid_bin;
  invoice.invoice_number = "INV-" + std::to_string(*rc::gen::inRange(1, 100000));
  invoice.invoice_date = *parse_date("2025-09-17");
  invoice.lines = any_lines(policy);
  const auto [subtotal, vat] = line_sums(invoice.lines);
  invoice.subtotal = Money::from_paisa(subtotal);
  invoice.vat_amount = Money::from_paisa(vat);
  invoice.total = Money::from_paisa(subtotal + vat);
  return invoice;
}

// --- a. Tax arithmetic ------------------------------------------------------------------------

RC_GTEST_PROP(InvoiceTaxProperties, AnyValidInvoiceIsExactToThePaisa, ()) {
  const InvoicePolicy policy = bd_invoice_policy();
  RC_ASSERT(policy.categories.size() == 11u);
  InvoiceReceived invoice = any_valid_invoice(policy);
  const bool with_bin = *rc::gen::arbitrary<bool>();
  if (!with_bin) invoice.vendor.bin.reset();
  const VendorCategory& category = *policy.category(invoice.vendor.category);
  const auto [subtotal, vat] = line_sums(invoice.lines);

  const InvoiceTax tax = compute_invoice_tax(invoice, policy);

  RC_ASSERT(tax.lines_total.paisa() == subtotal);
  RC_ASSERT(tax.vat_computed.paisa() == vat);
  RC_ASSERT(tax.net_payable.paisa() == invoice.total.paisa() - tax.vds_amount.paisa() - tax.tds_amount.paisa());
  RC_ASSERT(tax.vds_amount.paisa() >= 0);
  RC_ASSERT(tax.tds_amount.paisa() >= 0);
  // VDS: subtotal × vds / 100, with vds scaled by Rate::scale.
  RC_ASSERT(rounds(tax.vds_amount.paisa(), static_cast<Int128>(subtotal) * category.vds.scaled(),
                   static_cast<Int128>(100) * Rate::scale));
  // TDS: subtotal × tds × (1.5 without proof of return) / 100, both rates scaled by Rate::scale.
  const std::int64_t uplift_scaled = invoice.vendor.return_filed ? Rate::scale : 15'000;
  RC_ASSERT(rounds(tax.tds_amount.paisa(), static_cast<Int128>(subtotal) * category.tds.scaled() * uplift_scaled,
                   static_cast<Int128>(100) * Rate::scale * Rate::scale));

  const auto reasons = hold_reasons(invoice, tax, policy, {});
  if (with_bin || !category.bin_required) {
    RC_ASSERT(reasons.empty());
  } else {
    RC_ASSERT(reasons == std::vector<std::string>{"invalid_bin"});
  }
}

// --- b. A paid invoice stays paid -------------------------------------------------------------

Event invoice_event(EventType type, Actor actor, Timestamp occurred_at, Payload payload) {
  static int serial = 0;
  Event event;
  event.event_id = "evt-" + std::to_string(++serial);
  event.type = type;
  event.entity_id = "INV-PROP-1";
  event.occurred_at = occurred_at;
  event.actor = std::move(actor);
  event.payload = std::move(payload);
  return event;
}

Invoice decided(const Decision<Invoice>& decision) {
  RC_ASSERT(decision.next.has_value());
  return *decision.next;
}

// A valid invoice received, approved by every tier in turn and paid in full in 1–3 payments,
// all through decide().
Invoice any_paid_invoice(Timestamp& now) {
  const PolicySet& policies = default_policies();
  InvoiceReceived payload = any_valid_invoice(policies.all().at(0).invoice);
  Invoice invoice = decided(decide(
      std::nullopt, invoice_event(EventType::invoice_received, as(Role::requester), now, payload), policies, {}));
  RC_ASSERT(invoice.status == InvoiceStatus::pending_approval);
  for (const Role role : std::vector<Role>(invoice.tiers)) {
    now = now + Duration::hours(*rc::gen::inRange(1, 100));
    invoice = decided(
        decide(invoice, invoice_event(EventType::invoice_approved, as(role), now, InvoiceApproved{}), policies, {}));
  }
  RC_ASSERT(invoice.status == InvoiceStatus::approved);
  const std::int64_t net = invoice.tax.net_payable.paisa();
  RC_ASSERT(net > 0);
  const int payments = *rc::gen::inRange(1, 4);
  for (int i = 0; i < payments; ++i) {
    const std::int64_t rest = net - invoice.paid_amount.paisa();
    const bool last = i + 1 == payments || rest == 1;
    const std::int64_t amount = last ? rest : *rc::gen::inRange<std::int64_t>(1, rest);
    const auto method = static_cast<PaymentMethod>(*rc::gen::inRange(0, 4));
    now = now + Duration::hours(*rc::gen::inRange(1, 200));
    const auto decision =
        decide(invoice,
               invoice_event(EventType::invoice_paid, as(Role::finance_manager), now,
                             InvoicePaid{Money::from_paisa(amount), "PAY-" + std::to_string(i), method}),
               policies, {});
    RC_ASSERT(decision.audit.action == domain::AuditAction::paid);
    invoice = decided(decision);
    if (last) break;
    RC_ASSERT(invoice.status == InvoiceStatus::partially_paid);
  }
  RC_ASSERT(invoice.status == InvoiceStatus::paid);
  RC_ASSERT(invoice.paid_amount == invoice.tax.net_payable);
  return invoice;
}

// A random later happening: kind (0 received, 1 hold_released, 2 approved, 3 rejected, 4 paid,
// 5 reminder, 6 escalation, 7 expiry, 8 overdue), the actor's role, the deadline's step, the
// payment in paisa and the hours since the previous happening.
using Happening = std::tuple<int, int, int, std::int64_t, int>;

RC_GTEST_PROP(InvoiceWorkflowProperties, NoSequenceOfEventsTakesAPaidInvoiceBackToUnpaid, ()) {
  const PolicySet& policies = default_policies();
  Timestamp now = at("2025-09-17T10:15:00+06:00");
  Invoice invoice = any_paid_invoice(now);
  const std::int64_t net = invoice.tax.net_payable.paisa();
  const auto happenings = *rc::gen::container<std::vector<Happening>>(
      static_cast<std::size_t>(*rc::gen::inRange(0, 21)),
      rc::gen::tuple(rc::gen::inRange(0, 9), rc::gen::inRange(0, 7), rc::gen::inRange(0, 4),
                     rc::gen::inRange<std::int64_t>(1, 2 * net + 2), rc::gen::inRange(0, 24 * 60)));

  for (const auto& [kind, role_index, step, amount, hours] : happenings) {
    now = now + Duration::hours(hours);
    const Actor actor = as(static_cast<Role>(role_index));
    if (kind <= 4) {
      Event event;
      switch (kind) {
        case 0: {
          InvoiceReceived again = any_valid_invoice(policies.all().at(0).invoice);
          event = invoice_event(EventType::invoice_received, actor, now, std::move(again));
          break;
        }
        case 1:
          event = invoice_event(EventType::invoice_hold_released, actor, now, InvoiceHoldReleased{"override"});
          break;
        case 2:
          event = invoice_event(EventType::invoice_approved, actor, now, InvoiceApproved{});
          break;
        case 3:
          event = invoice_event(EventType::invoice_rejected, actor, now, InvoiceRejected{"changed our mind"});
          break;
        default:
          event = invoice_event(EventType::invoice_paid, actor, now,
                                InvoicePaid{Money::from_paisa(amount), "PAY-LATE", static_cast<PaymentMethod>(step)});
          break;
      }
      RC_LOG() << name(event.type) << " by " << name(actor.role) << "\n";
      const auto decision = decide(invoice, event, policies, {});
      // Paid is final: every later event is refused and changes nothing.
      RC_ASSERT(decision.audit.action == domain::AuditAction::refused);
      RC_ASSERT(detail_string(decision.audit, "reason") == (kind == 0 ? "already_exists" : "wrong_state"));
      RC_ASSERT(decision.audit.status_before == std::optional<std::string>("paid"));
      RC_ASSERT(decision.audit.status_after == std::optional<std::string>("paid"));
      RC_ASSERT(detail_string(decision.audit, "policy_id") == default_policy_id);
      RC_ASSERT(!decision.next.has_value());
      RC_ASSERT(!decision.deadlines.has_value());
      RC_ASSERT(decision.notifications.empty());
    } else {
      const DeadlineKind deadline_kind = kind == 5   ? DeadlineKind::reminder
                                         : kind == 6 ? DeadlineKind::escalation
                                         : kind == 7 ? DeadlineKind::expiry
                                                     : DeadlineKind::overdue;
      const Deadline deadline{deadline_kind, deadline_kind == DeadlineKind::overdue ? 0 : step,
                              deadline_kind == DeadlineKind::overdue ? invoice.due_at : now};
      RC_LOG() << name(deadline_kind) << " " << deadline.step << "\n";
      const auto decision = decide_deadline(invoice, deadline, policies);
      // Nothing happens, or at most a notice that leaves the status as it is.
      if (decision.audit.action) {
        RC_ASSERT(decision.audit.status_before == std::optional<std::string>("paid"));
        RC_ASSERT(decision.audit.status_after == std::optional<std::string>("paid"));
      }
      if (decision.next) {
        RC_ASSERT(decision.next->status == InvoiceStatus::paid);
        RC_ASSERT(decision.next->paid_amount == invoice.tax.net_payable);
        invoice = *decision.next;
      }
    }
    RC_ASSERT(invoice.status == InvoiceStatus::paid);
    RC_ASSERT(invoice.paid_amount == invoice.tax.net_payable);
  }
}

// --- c. Onboarding tasks in any order ---------------------------------------------------------

EmployeeHired valid_hire() {
  EmployeeHired payload;
  payload.name = "Rahima Akter";
  payload.nid = "1234567890";
  payload.mobile = "01712345678";
  payload.tin = "123456789012";
  payload.department = "engineering";
  payload.position = "site engineer";
  payload.start_date = *parse_date("2025-10-01");
  return payload;
}

Event onboarding_event(EventType type, Actor actor, Timestamp occurred_at, Payload payload) {
  static int serial = 0;
  Event event;
  event.event_id = "evt-onb-" + std::to_string(++serial);
  event.type = type;
  event.entity_id = "EMP-PROP-1";
  event.occurred_at = occurred_at;
  event.actor = std::move(actor);
  event.payload = std::move(payload);
  return event;
}

// Something between two task completions: a task's deadline firing, or a completion repeated.
// (slot: how many distinct tasks are complete when it happens, 0–4; kind: 0 deadline,
// 1 duplicate completion; task: 0–3)
using Interlude = std::tuple<int, int, int>;

bool is_done(TaskStatus status) { return status == TaskStatus::completed || status == TaskStatus::completed_late; }

RC_GTEST_PROP(OnboardingProperties, AnyOrderOfTheFourTasksCompletesTheOnboardingAtTheFourth, ()) {
  const PolicySet& policies = default_policies();
  Timestamp now = at("2025-09-20T10:00:00+06:00");
  const auto hire = decide(std::optional<Onboarding>(),
                           onboarding_event(EventType::employee_hired, as(Role::hr), now, valid_hire()), policies);
  RC_ASSERT(hire.next.has_value());
  Onboarding onboarding = *hire.next;
  RC_ASSERT(onboarding.status == OnboardingStatus::in_progress);

  // A random permutation of the tasks (Fisher–Yates).
  std::array<int, 4> order{0, 1, 2, 3};
  for (int i = 3; i > 0; --i) {
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(*rc::gen::inRange(0, i + 1))]);
  }
  const auto interludes = *rc::gen::container<std::vector<Interlude>>(
      static_cast<std::size_t>(*rc::gen::inRange(0, 13)),
      rc::gen::tuple(rc::gen::inRange(0, 5), rc::gen::inRange(0, 2), rc::gen::inRange(0, 4)));

  std::array<bool, 4> fired_while_pending{};  // a task_due deadline fired before its completion
  int completed = 0;

  for (int slot = 0; slot <= 4; ++slot) {
    for (const auto& [when, kind, task_index] : interludes) {
      if (when != slot) continue;
      now = now + Duration::hours(1);
      if (kind == 0 || slot == 0) {
        // task_due of any step: it marks the task overdue only while the task is pending.
        const auto i = static_cast<std::size_t>(task_index);
        const bool applies =
            onboarding.status == OnboardingStatus::in_progress && onboarding.tasks[i].status == TaskStatus::pending;
        RC_LOG() << "task_due " << task_index << (applies ? " (applies)" : " (no longer applies)") << "\n";
        const auto decision =
            decide_deadline(onboarding, {DeadlineKind::task_due, task_index, onboarding.tasks[i].due_at}, policies);
        if (applies) {
          RC_ASSERT(decision.next.has_value());
          RC_ASSERT(decision.audit.action == domain::AuditAction::task_overdue);
          RC_ASSERT(decision.next->tasks[i].status == TaskStatus::overdue);
          RC_ASSERT(decision.next->status == OnboardingStatus::in_progress);
          RC_ASSERT(decision.notifications.size() == 1u);
          RC_ASSERT(decision.notifications[0].type == "onboarding.task_overdue");
          fired_while_pending[i] = true;
          onboarding = *decision.next;
        } else {
          RC_ASSERT(!decision.next.has_value());
          RC_ASSERT(decision.audit.action == std::nullopt);
          RC_ASSERT(decision.notifications.empty());
        }
      } else {
        // A repeat of a completion that was already applied: refused, nothing changes.
        const auto task = static_cast<OnboardingTask>(order[static_cast<std::size_t>(task_index % slot)]);
        RC_LOG() << "task_completed " << name(task) << " again\n";
        const auto decision = decide(onboarding,
                                     onboarding_event(EventType::onboarding_task_completed, as(Role::requester), now,
                                                      OnboardingTaskCompleted{task}),
                                     policies);
        RC_ASSERT(decision.audit.action == domain::AuditAction::refused);
        RC_ASSERT(detail_string(decision.audit, "reason") == "wrong_state");
        RC_ASSERT(!decision.next.has_value());
        RC_ASSERT(decision.notifications.empty());
      }
    }
    if (slot == 4) break;

    const auto i = static_cast<std::size_t>(order[static_cast<std::size_t>(slot)]);
    const auto task = onboarding_tasks[i];
    now = now + Duration::hours(1);
    RC_LOG() << "task_completed " << name(task) << "\n";
    const auto decision = decide(
        onboarding,
        onboarding_event(EventType::onboarding_task_completed, as(Role::requester), now, OnboardingTaskCompleted{task}),
        policies);
    RC_ASSERT(decision.next.has_value());
    onboarding = *decision.next;
    ++completed;
    RC_ASSERT(onboarding.tasks[i].status ==
              (fired_while_pending[i] ? TaskStatus::completed_late : TaskStatus::completed));
    RC_ASSERT(onboarding.tasks[i].completed_at == std::optional<Timestamp>(now));
    if (completed < 4) {
      RC_ASSERT(onboarding.status == OnboardingStatus::in_progress);
      RC_ASSERT(decision.audit.action == domain::AuditAction::task_completed);
      RC_ASSERT(decision.notifications.empty());
    } else {
      RC_ASSERT(onboarding.status == OnboardingStatus::completed);
      RC_ASSERT(decision.audit.action == domain::AuditAction::completed);
      RC_ASSERT(decision.notifications.size() == 1u);
      RC_ASSERT(decision.notifications[0].type == "workflow.completed");
      RC_ASSERT(decision.notifications[0].to_role == "hr");
    }
  }

  RC_ASSERT(onboarding.status == OnboardingStatus::completed);
  for (std::size_t i = 0; i < onboarding.tasks.size(); ++i) {
    RC_ASSERT(is_done(onboarding.tasks[i].status));
    RC_ASSERT((onboarding.tasks[i].status == TaskStatus::completed_late) == fired_while_pending[i]);
  }
}

}  // namespace
}  // namespace vextrus::domain

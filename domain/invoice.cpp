#include "domain/invoice.hpp"

#include <array>
#include <stdexcept>

#include "domain/approval.hpp"
#include "domain/decisions.hpp"
#include "domain/identity.hpp"

namespace vextrus::domain {
namespace {

constexpr std::array<std::string_view, 6> status_names{"on_hold", "pending_approval", "approved", "partially_paid",
                                                       "paid",    "rejected"};

std::string status_text(InvoiceStatus status) { return std::string(name(status)); }

Money exact_sum(Money a, Money b) {
  const auto sum = checked_add(a, b);
  if (!sum) throw std::invalid_argument("invoice amounts beyond numeric(18,2)");
  return *sum;
}

const Policy& governing(const Event& event, const PolicySet& policies) {
  const Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) throw std::logic_error("invoice event without a governing policy reached decide()");
  return *policy;
}

const InvoicePolicy& rules_of(const Invoice& invoice, const PolicySet& policies) {
  return policies.of_entity(invoice.policy_id, "invoice " + invoice.invoice_id).invoice;
}

// Whether the due date can still make the invoice overdue: not paid, rejected or on hold.
bool can_fall_overdue(const Invoice& invoice) {
  return !invoice.overdue &&
         (invoice.status == InvoiceStatus::pending_approval || invoice.status == InvoiceStatus::approved ||
          invoice.status == InvoiceStatus::partially_paid);
}

Detail money_facts(const Invoice& invoice) {
  return {{"subtotal", invoice.subtotal.to_string()},
          {"vat_amount", invoice.vat_amount.to_string()},
          {"vat_computed", invoice.tax.vat_computed.to_string()},
          {"vds_amount", invoice.tax.vds_amount.to_string()},
          {"tds_amount", invoice.tax.tds_amount.to_string()},
          {"net_payable", invoice.tax.net_payable.to_string()},
          {"total", invoice.total.to_string()},
          {"paid_amount", invoice.paid_amount.to_string()},
          {"mushak_6_10", invoice.mushak_6_10},
          {"input_vat_credit_ineligible", invoice.input_vat_credit_ineligible},
          {"policy_id", invoice.policy_id}};
}

// The deadlines and notifications that follow from the invoice's new state: a pending tier gets
// its reminder and escalation and an approval request; an invoice that can still fall overdue
// keeps its due date; one paid in full tells finance.
void follow_up(Decision<Invoice>& decision, const PolicySet& policies, bool tier_changed) {
  const Invoice& invoice = *decision.next;
  const InvoicePolicy& rules = rules_of(invoice, policies);
  decision.deadlines.emplace();
  const Detail about{{"total", invoice.total.to_string()}, {"policy_id", invoice.policy_id}};
  if (const auto role = invoice.pending_role()) {
    const int step = invoice.tiers_approved;
    *decision.deadlines = tier_deadlines(step, invoice.pending_since, rules.reminder_after, rules.escalate_after);
    if (tier_changed) {
      Detail detail = about;
      detail.emplace_back("tier", static_cast<std::int64_t>(step + 1));
      decision.notifications.push_back(notify(NotificationType::approval_requested, *role, std::move(detail)));
    }
  }
  if (can_fall_overdue(invoice)) decision.deadlines->push_back({DeadlineKind::overdue, 0, invoice.due_at});
  if (invoice.status == InvoiceStatus::paid) {
    decision.notifications.push_back(notify(NotificationType::workflow_completed, Role::finance_manager, about));
  }
}

// A change of the invoice, recorded with its amounts and flags and `detail`.
Decision<Invoice> change(const Invoice& before, Invoice after, AuditAction action, const Detail& detail) {
  Detail facts = money_facts(after);
  facts.insert(facts.end(), detail.begin(), detail.end());
  return transition(before, std::move(after), action, std::move(facts));
}

Decision<Invoice> receive(const Event& event, const InvoiceReceived& payload, const PolicySet& policies,
                          const InvoiceLookups& lookups) {
  const Policy& policy = governing(event, policies);
  const InvoicePolicy& rules = policy.invoice;
  Invoice invoice;
  invoice.invoice_id = event.entity_id;
  invoice.vendor_id = payload.vendor.id;
  invoice.vendor_name = payload.vendor.name;
  invoice.vendor_bin = payload.vendor.bin;
  invoice.vendor_category = payload.vendor.category;
  invoice.invoice_number = payload.invoice_number;
  invoice.invoice_date = payload.invoice_date;
  invoice.po_id = payload.po_id;
  invoice.subtotal = payload.subtotal;
  invoice.vat_amount = payload.vat_amount;
  invoice.total = payload.total;
  const auto lines = compute_line_taxes(payload, rules);
  invoice.tax = compute_invoice_tax(payload, rules, lines);
  // due_date is the last day to pay.
  invoice.due_at = invoice_due_at(payload.invoice_date, rules);
  invoice.due_date = dhaka_date_of(Timestamp{invoice.due_at.micros - 1});
  invoice.hold_reasons = hold_reasons(payload, invoice.tax, rules, lookups);
  invoice.mushak_6_10 = invoice.total > rules.mushak_6_10_above;
  invoice.tiers = required_tiers(rules.tiers, invoice.total);
  invoice.policy_id = policy.policy_id;
  invoice.received_at = event.occurred_at;
  invoice.pending_since = event.occurred_at;
  const bool held = !invoice.hold_reasons.empty();
  if (held) {
    invoice.status = InvoiceStatus::on_hold;
  } else if (invoice.tiers.empty()) {
    invoice.status = InvoiceStatus::approved;  // a policy whose lowest tier sits above this total
    invoice.decided_at = event.occurred_at;
  } else {
    invoice.status = InvoiceStatus::pending_approval;
  }

  Decision<Invoice> decision;
  decision.audit.action = held ? AuditAction::held : AuditAction::received;
  decision.claims_invoice_key = !lookups.duplicate;
  decision.audit.status_after = status_text(invoice.status);
  decision.audit.detail = money_facts(invoice);
  decision.audit.detail.emplace_back("lines_total", invoice.tax.lines_total.to_string());
  // Line by line, in the event's order: the tax breakdown an auditor and the console show.
  std::vector<std::string> amounts, rates, vat;
  for (const auto& line : lines) {
    amounts.push_back(line.amount.to_string());
    rates.push_back(line.vat_rate.to_string());
    vat.push_back(line.vat.to_string());
  }
  decision.audit.detail.emplace_back("line_amounts", std::move(amounts));
  decision.audit.detail.emplace_back("line_vat_rates", std::move(rates));
  decision.audit.detail.emplace_back("line_vat", std::move(vat));
  decision.audit.detail.emplace_back("hold_reasons", invoice.hold_reasons);
  decision.audit.detail.emplace_back("vendor_id", invoice.vendor_id);
  decision.audit.detail.emplace_back("vendor_category", invoice.vendor_category);
  decision.audit.detail.emplace_back("return_filed", payload.vendor.return_filed);
  decision.audit.detail.emplace_back("invoice_number", invoice.invoice_number);
  decision.audit.detail.emplace_back("invoice_date", format_date(invoice.invoice_date));
  decision.audit.detail.emplace_back("due_date", format_date(invoice.due_date));
  decision.audit.detail.emplace_back("po_id", invoice.po_id ? DetailValue(*invoice.po_id) : DetailValue(nullptr));
  decision.audit.detail.emplace_back("tiers", names(invoice.tiers));
  decision.next = std::move(invoice);
  follow_up(decision, policies, true);
  return decision;
}

Decision<Invoice> release_hold(const Invoice& invoice, const Event& event, const InvoiceHoldReleased& payload,
                               const PolicySet& policies) {
  if (invoice.status != InvoiceStatus::on_hold) return refuse(invoice, event, RefusalReason::wrong_state, policies);
  if (event.actor.role != Role::finance_manager) return refuse(invoice, event, RefusalReason::wrong_role, policies);
  Invoice next = invoice;
  next.status = next.tiers.empty() ? InvoiceStatus::approved : InvoiceStatus::pending_approval;
  next.pending_since = event.occurred_at;
  if (next.tiers.empty()) next.decided_at = event.occurred_at;
  // An override: the reasons stay on the invoice and in this record.
  auto decision = change(invoice, std::move(next), AuditAction::hold_released,
                         {{"note", payload.note}, {"hold_reasons", invoice.hold_reasons}});
  follow_up(decision, policies, true);
  return decision;
}

Decision<Invoice> approve(const Invoice& invoice, const Event& event, const PolicySet& policies) {
  const auto role = invoice.pending_role();
  if (!role) return refuse(invoice, event, RefusalReason::wrong_state, policies);
  if (event.actor.role != *role) return refuse(invoice, event, RefusalReason::wrong_role, policies);
  Invoice next = invoice;
  next.tiers_approved += 1;
  next.pending_since = event.occurred_at;
  if (next.tiers_approved == static_cast<int>(next.tiers.size())) {
    next.status = InvoiceStatus::approved;
    next.decided_at = event.occurred_at;
  }
  const auto pending = next.pending_role();
  auto decision = change(invoice, std::move(next), AuditAction::approved,
                         {{"role", std::string(name(*role))},
                          {"tier", static_cast<std::int64_t>(invoice.tiers_approved + 1)},
                          {"tiers_required", static_cast<std::int64_t>(invoice.tiers.size())},
                          {"pending_role", pending ? DetailValue(std::string(name(*pending))) : DetailValue(nullptr)}});
  follow_up(decision, policies, true);
  return decision;
}

Decision<Invoice> reject(const Invoice& invoice, const Event& event, const InvoiceRejected& payload,
                         const PolicySet& policies) {
  // The pending tier's role while pending; finance while on hold or approved and not yet paid.
  std::optional<Role> allowed;
  if (invoice.status == InvoiceStatus::pending_approval) {
    allowed = invoice.pending_role();
  } else if (invoice.status == InvoiceStatus::on_hold || invoice.status == InvoiceStatus::approved) {
    allowed = Role::finance_manager;
  }
  if (!allowed) return refuse(invoice, event, RefusalReason::wrong_state, policies);
  if (event.actor.role != *allowed) return refuse(invoice, event, RefusalReason::wrong_role, policies);
  Invoice next = invoice;
  next.status = InvoiceStatus::rejected;
  next.decided_at = event.occurred_at;
  auto decision = change(invoice, std::move(next), AuditAction::rejected,
                         {{"role", std::string(name(event.actor.role))}, {"reason", payload.reason}});
  follow_up(decision, policies, false);
  return decision;
}

Decision<Invoice> pay(const Invoice& invoice, const Event& event, const InvoicePaid& payload,
                      const PolicySet& policies) {
  if (invoice.status != InvoiceStatus::approved && invoice.status != InvoiceStatus::partially_paid) {
    return refuse(invoice, event, RefusalReason::wrong_state, policies);
  }
  if (event.actor.role != Role::finance_manager) return refuse(invoice, event, RefusalReason::wrong_role, policies);
  const auto paid = checked_add(invoice.paid_amount, payload.amount);
  if (!paid || *paid > invoice.tax.net_payable) return refuse(invoice, event, RefusalReason::overpayment, policies);
  const InvoicePolicy& rules = rules_of(invoice, policies);
  Invoice next = invoice;
  next.paid_amount = *paid;
  if (!next.first_paid_at) next.first_paid_at = event.occurred_at;
  next.status = *paid == invoice.tax.net_payable ? InvoiceStatus::paid : InvoiceStatus::partially_paid;
  if (next.status == InvoiceStatus::paid) next.decided_at = event.occurred_at;
  // Input VAT on a large invoice paid in cash cannot be credited (VAT and SD Act 2012, s. 46).
  if (payload.method == PaymentMethod::cash && invoice.total > rules.cash_credit_limit) {
    next.input_vat_credit_ineligible = true;
  }
  auto decision = change(invoice, std::move(next), AuditAction::paid,
                         {{"amount", payload.amount.to_string()},
                          {"payment_ref", payload.payment_ref},
                          {"method", std::string(name(payload.method))}});
  follow_up(decision, policies, false);
  return decision;
}

}  // namespace

std::string_view name(InvoiceStatus status) { return status_names[static_cast<std::size_t>(status)]; }

std::optional<InvoiceStatus> parse_invoice_status(std::string_view text) {
  for (std::size_t i = 0; i < status_names.size(); ++i) {
    if (status_names[i] == text) return static_cast<InvoiceStatus>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> invoice_status_names() { return {status_names.begin(), status_names.end()}; }

std::optional<Role> Invoice::pending_role() const {
  if (status != InvoiceStatus::pending_approval) return std::nullopt;
  if (tiers_approved >= static_cast<int>(tiers.size())) return std::nullopt;
  return tiers[static_cast<std::size_t>(tiers_approved)];
}

Timestamp invoice_due_at(Date invoice_date, const InvoicePolicy& policy) {
  return start_of_day_dhaka(invoice_date) + Duration::hours(24) + policy.payment_terms;
}

std::vector<LineTax> compute_line_taxes(const InvoiceReceived& invoice, const InvoicePolicy& policy) {
  std::vector<LineTax> lines;
  for (const auto& line : invoice.lines) {
    const auto amount = checked_multiply(line.unit_price, line.quantity);
    if (!amount) throw std::invalid_argument("an invoice line beyond numeric(18,2)");
    const Rate rate = line.vat_rate.value_or(policy.vat_default);
    if (!policy.allows_vat_rate(rate))
      throw std::invalid_argument("VAT rate " + rate.to_string() + " not in the policy");
    lines.push_back({*amount, rate, percent_of(*amount, rate)});
  }
  return lines;
}

InvoiceTax compute_invoice_tax(const InvoiceReceived& invoice, const InvoicePolicy& policy) {
  return compute_invoice_tax(invoice, policy, compute_line_taxes(invoice, policy));
}

InvoiceTax compute_invoice_tax(const InvoiceReceived& invoice, const InvoicePolicy& policy,
                               const std::vector<LineTax>& lines) {
  const VendorCategory* category = policy.category(invoice.vendor.category);
  if (category == nullptr) throw std::invalid_argument("unknown vendor category " + invoice.vendor.category);
  InvoiceTax tax;
  for (const auto& line : lines) {
    tax.lines_total = exact_sum(tax.lines_total, line.amount);
    tax.vat_computed = exact_sum(tax.vat_computed, line.vat);
  }
  tax.vds_amount = percent_of(invoice.subtotal, category->vds);
  const Rate uplift = invoice.vendor.return_filed ? Rate::whole(1) : policy.tds_uplift_without_return;
  tax.tds_amount = percent_of(invoice.subtotal, category->tds, uplift);
  tax.net_payable = Money::from_paisa(invoice.total.paisa() - tax.vds_amount.paisa() - tax.tds_amount.paisa());
  return tax;
}

std::vector<std::string> hold_reasons(const InvoiceReceived& invoice, const InvoiceTax& tax,
                                      const InvoicePolicy& policy, const InvoiceLookups& lookups) {
  std::vector<std::string> reasons;
  const VendorCategory* category = policy.category(invoice.vendor.category);
  const auto& bin = invoice.vendor.bin;
  if ((bin && !valid_bin(*bin)) || (!bin && category != nullptr && category->bin_required)) {
    reasons.emplace_back(name(HoldReason::invalid_bin));
  }
  if (invoice.vendor.tin && !valid_tin(*invoice.vendor.tin)) reasons.emplace_back(name(HoldReason::invalid_tin));
  if (invoice.subtotal != tax.lines_total) reasons.emplace_back(name(HoldReason::subtotal_mismatch));
  const std::int64_t vat_gap = invoice.vat_amount.paisa() - tax.vat_computed.paisa();
  if ((vat_gap < 0 ? -vat_gap : vat_gap) > policy.vat_tolerance.paisa())
    reasons.emplace_back(name(HoldReason::vat_mismatch));
  if (invoice.total.paisa() != invoice.subtotal.paisa() + invoice.vat_amount.paisa()) {
    reasons.emplace_back(name(HoldReason::total_mismatch));
  }
  if (lookups.duplicate) reasons.emplace_back(name(HoldReason::duplicate_invoice));
  if (invoice.po_id) {
    if (!lookups.order) {
      reasons.emplace_back(name(HoldReason::po_not_found));
    } else {
      if (lookups.order->status != PurchaseOrderStatus::approved)
        reasons.emplace_back(name(HoldReason::po_not_approved));
      if (lookups.order->vendor_id != invoice.vendor.id) reasons.emplace_back(name(HoldReason::vendor_mismatch));
      if (exceeds_by_more_than(invoice.subtotal, lookups.order->total, policy.po_tolerance_percent)) {
        reasons.emplace_back(name(HoldReason::po_amount_exceeded));
      }
    }
  }
  return reasons;
}

Decision<Invoice> decide(const std::optional<Invoice>& current, const Event& event, const PolicySet& policies,
                         const InvoiceLookups& lookups) {
  if (const auto* received = std::get_if<InvoiceReceived>(&event.payload)) {
    if (current) return refuse(current, event, RefusalReason::already_exists, policies);
    return receive(event, *received, policies, lookups);
  }
  if (!current) return refuse(current, event, RefusalReason::unknown_entity, policies);
  if (const auto* released = std::get_if<InvoiceHoldReleased>(&event.payload)) {
    return release_hold(*current, event, *released, policies);
  }
  if (std::holds_alternative<InvoiceApproved>(event.payload)) return approve(*current, event, policies);
  if (const auto* rejected = std::get_if<InvoiceRejected>(&event.payload)) {
    return reject(*current, event, *rejected, policies);
  }
  if (const auto* paid = std::get_if<InvoicePaid>(&event.payload)) return pay(*current, event, *paid, policies);
  throw std::logic_error("a non-invoice payload reached the invoice workflow");
}

Decision<Invoice> decide_deadline(const Invoice& invoice, const Deadline& deadline, const PolicySet& policies) {
  Decision<Invoice> decision;
  const std::string status = status_text(invoice.status);
  if (deadline.kind == DeadlineKind::overdue) {
    if (!can_fall_overdue(invoice)) return decision;  // paid, rejected, on hold, or already overdue
    Invoice next = invoice;
    next.overdue = true;
    Detail detail = money_facts(next);
    detail.emplace_back("due_date", format_date(invoice.due_date));
    decision.audit = fact(AuditAction::overdue, status, status, detail);
    decision.notifications.push_back(notify(NotificationType::invoice_overdue, Role::finance_manager,
                                            {{"due_date", format_date(invoice.due_date)},
                                             {"net_payable", invoice.tax.net_payable.to_string()},
                                             {"paid_amount", invoice.paid_amount.to_string()},
                                             {"policy_id", invoice.policy_id}}));
    decision.next = std::move(next);
    return decision;
  }
  const auto role = invoice.pending_role();
  if (!role || deadline.step != invoice.tiers_approved) return decision;  // no longer applies
  if (deadline.kind != DeadlineKind::reminder && deadline.kind != DeadlineKind::escalation) return decision;
  tier_deadline_fired(decision, deadline.kind, *role, rules_of(invoice, policies).tiers, status,
                      {{"tier", static_cast<std::int64_t>(deadline.step + 1)},
                       {"pending_role", std::string(name(*role))},
                       {"due_at", format_utc(deadline.due_at)},
                       {"total", invoice.total.to_string()},
                       {"policy_id", invoice.policy_id}});
  return decision;
}

}  // namespace vextrus::domain

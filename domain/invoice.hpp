#pragma once
// The invoice workflow of docs/events.md as pure functions: the tax computations (VAT per line,
// VAT and income tax deducted at source), the hold checks, multi-tier approval, payments, the due
// date and the NBR reporting flags. Facts about other entities (a duplicate invoice, the linked
// purchase order) are looked up by the caller and passed in.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"
#include "domain/purchase_order.hpp"

namespace vextrus::domain {

enum class InvoiceStatus { on_hold, pending_approval, approved, partially_paid, paid, rejected };

std::string_view name(InvoiceStatus status);
std::optional<InvoiceStatus> parse_invoice_status(std::string_view text);
std::vector<std::string_view> invoice_status_names();

// Amounts computed from the invoice's lines and vendor under the policy, each rounded half away
// from zero to the paisa.
struct InvoiceTax {
  Money lines_total;   // Σ quantity × unit_price
  Money vat_computed;  // Σ round(line amount × VAT rate / 100)
  Money vds_amount;    // round(subtotal × VDS % / 100)
  Money tds_amount;    // round(subtotal × TDS % × uplift without proof of return / 100)
  Money net_payable;   // total − VDS − TDS
};

// One line of the invoice as taxed: quantity × unit_price, the VAT rate it bears (its own or
// the policy's vat_default) and round(amount × rate / 100).
struct LineTax {
  Money amount;
  Rate vat_rate;
  Money vat;
};

// Throw std::invalid_argument for a category or VAT rate the policy does not know (the decoder
// dead-letters those first) or amounts beyond numeric(18,2).
std::vector<LineTax> compute_line_taxes(const InvoiceReceived& invoice, const InvoicePolicy& policy);
InvoiceTax compute_invoice_tax(const InvoiceReceived& invoice, const InvoicePolicy& policy);
// The same from the invoice's lines already taxed (compute_line_taxes), which receipt records too.
InvoiceTax compute_invoice_tax(const InvoiceReceived& invoice, const InvoicePolicy& policy,
                               const std::vector<LineTax>& lines);

// When an invoice dated `invoice_date` falls due: the end of invoice_date + payment terms,
// Asia/Dhaka.
Timestamp invoice_due_at(Date invoice_date, const InvoicePolicy& policy);

// The committed projection of the purchase order an invoice names.
struct LinkedOrder {
  PurchaseOrderStatus status = PurchaseOrderStatus::pending_approval;
  std::string vendor_id;
  Money total;
};

// What the caller looked up for an invoice.received.
struct InvoiceLookups {
  bool duplicate = false;            // another invoice with the same vendor id and number was received first
  std::optional<LinkedOrder> order;  // when the payload names a po_id: nullopt if not found
};

// Every failing check, in the contract's order (empty: the invoice may go to approval).
std::vector<std::string> hold_reasons(const InvoiceReceived& invoice, const InvoiceTax& tax,
                                      const InvoicePolicy& policy, const InvoiceLookups& lookups);

struct Invoice {
  std::string invoice_id;
  InvoiceStatus status = InvoiceStatus::pending_approval;
  std::string vendor_id;
  std::string vendor_name;                // empty for an invoice stored before it was kept
  std::optional<std::string> vendor_bin;  // as sent, valid or not
  std::string vendor_category;
  std::string invoice_number;
  Date invoice_date;
  std::optional<std::string> po_id;
  Money subtotal;
  Money vat_amount;
  Money total;
  InvoiceTax tax;
  Money paid_amount;
  // The first payment's business time: when VAT was deducted at source (Mushak-6.6).
  std::optional<Timestamp> first_paid_at;
  Date due_date;     // the last day to pay
  Timestamp due_at;  // the end of due_date, Asia/Dhaka
  bool overdue = false;
  std::vector<std::string> hold_reasons;
  bool mushak_6_10 = false;
  bool input_vat_credit_ineligible = false;
  std::vector<Role> tiers;
  int tiers_approved = 0;
  Timestamp pending_since;  // when the current tier became pending
  std::string policy_id;
  Timestamp received_at;
  std::optional<Timestamp> decided_at;  // approved, rejected or paid in full

  std::optional<Role> pending_role() const;
};

// Decides one invoice.* event. `current` is nullopt for an unknown invoice; `lookups` matter
// only for invoice.received.
Decision<Invoice> decide(const std::optional<Invoice>& current, const Event& event, const PolicySet& policies,
                         const InvoiceLookups& lookups);

// A due reminder or escalation of the pending tier, or the due date passing.
Decision<Invoice> decide_deadline(const Invoice& invoice, const Deadline& deadline, const PolicySet& policies);

}  // namespace vextrus::domain

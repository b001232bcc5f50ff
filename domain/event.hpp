#pragma once
// A decoded, validated input event: the envelope of docs/events.md and its typed payload.
// Produced by the decoder adapter; everything here has already passed the syntactic checks.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/money.hpp"
#include "domain/rate.hpp"
#include "domain/time.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::domain {

struct PurchaseOrderLine {
  std::string item;
  std::int64_t quantity = 0;
  Money unit_price;
};

struct PurchaseOrderSubmitted {
  std::string requester_id;
  std::string department;
  std::string vendor_id;
  std::string budget_code;
  std::vector<PurchaseOrderLine> lines;
  Money total;
};

struct PurchaseOrderApproved {
  std::optional<std::string> comment;
};

struct PurchaseOrderRejected {
  std::string reason;
};

struct PurchaseOrderCancelled {
  std::string reason;
};

struct Vendor {
  std::string id;
  std::string name;
  std::string category;  // a key of the policy's invoice.categories (checked by the decoder)
  std::optional<std::string> tin;
  std::optional<std::string> bin;
  bool return_filed = false;
};

struct InvoiceLine {
  std::string description;
  std::int64_t quantity = 0;
  Money unit_price;
  std::optional<Rate> vat_rate;  // one of the policy's vat_rates (checked by the decoder)
};

struct InvoiceReceived {
  Vendor vendor;
  std::string invoice_number;
  Date invoice_date;
  std::optional<std::string> po_id;
  std::vector<InvoiceLine> lines;
  Money subtotal;
  Money vat_amount;
  Money total;
};

struct InvoiceHoldReleased {
  std::string note;
};

struct InvoiceApproved {};

struct InvoiceRejected {
  std::string reason;
};

struct InvoicePaid {
  Money amount;
  std::string payment_ref;
  PaymentMethod method = PaymentMethod::bank;
};

struct EmployeeHired {
  std::string name;
  std::string nid;
  std::string mobile;
  std::optional<std::string> tin;
  std::string department;
  std::string position;
  Date start_date;
};

struct EmployeeDetailsCorrected {
  std::optional<std::string> nid;
  std::optional<std::string> mobile;
  std::optional<std::string> tin;
};

struct OnboardingTaskCompleted {
  OnboardingTask task = OnboardingTask::account;
};

struct OnboardingCancelled {
  std::string reason;
};

using Payload =
    std::variant<PurchaseOrderSubmitted, PurchaseOrderApproved, PurchaseOrderRejected, PurchaseOrderCancelled,
                 InvoiceReceived, InvoiceHoldReleased, InvoiceApproved, InvoiceRejected, InvoicePaid, EmployeeHired,
                 EmployeeDetailsCorrected, OnboardingTaskCompleted, OnboardingCancelled>;

struct Actor {
  std::string id;
  Role role = Role::system;
};

struct Event {
  std::string event_id;
  EventType type = EventType::purchase_order_submitted;
  std::string entity_id;
  Timestamp occurred_at;
  Actor actor;
  Payload payload;
};

}  // namespace vextrus::domain

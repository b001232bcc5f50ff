#include "adapters/json/workflow_payloads.hpp"

#include <stdexcept>

#include "adapters/json/json_fields.hpp"
#include "adapters/json/utf8.hpp"
#include "domain/invoice.hpp"

namespace vextrus::adapters {
namespace {

using domain::DeadLetterReason;
using domain::EventType;

std::optional<std::string> optional_id(const JsonObject& object, std::string_view key, const Where& where) {
  auto id = optional_string(object, key, where);
  if (id && !valid_entity_id(*id)) {
    reject_member(DeadLetterReason::wrong_type, where, key, " must be 1-64 characters of [A-Za-z0-9._:-]");
  }
  return id;
}

domain::Vendor decode_vendor(const JsonObject& payload, const domain::InvoicePolicy& policy) {
  const Where path = payload_where(EventType::invoice_received);
  const JsonObject& vendor = object_field(payload, "vendor", path);
  const Where where = path.member("vendor", "schemas/invoice.received.json#/$defs/vendor");
  domain::Vendor out;
  out.id = non_empty_string(vendor, "id", where);
  out.name = non_empty_string(vendor, "name", where);
  out.category = string_field(vendor, "category", where);
  if (policy.category(out.category) == nullptr) {
    reject(DeadLetterReason::unknown_category,
           "payload.vendor.category '" + quote_utf8(out.category, 64) + "' is not a category of the policy",
           where.field("category"), {});
  }
  out.tin = optional_string(vendor, "tin", where);
  out.bin = optional_string(vendor, "bin", where);
  out.return_filed = optional_bool(vendor, "return_filed", where, false);
  return out;
}

domain::InvoiceReceived decode_invoice_received(const JsonObject& payload, const domain::InvoicePolicy& policy) {
  const Where path = payload_where(EventType::invoice_received);
  domain::InvoiceReceived out;
  out.vendor = decode_vendor(payload, policy);
  out.invoice_number = non_empty_string(payload, "invoice_number", path);
  out.invoice_date = date_field(payload, "invoice_date", path);
  out.po_id = optional_id(payload, "po_id", path);
  const JsonArray& lines = array_field(payload, "lines", path);
  if (lines.empty()) reject_member(DeadLetterReason::missing_field, path, "lines", " is empty");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string index = "lines[" + std::to_string(i) + "]";
    const Where line_path = path.member(index, "schemas/invoice.received.json#/$defs/line");
    const JsonObject* line = lines[i].object();
    if (line == nullptr) {
      reject(DeadLetterReason::wrong_type, path.field(index) + " must be an object", path.field(index),
             line_path.schema);
    }
    domain::InvoiceLine parsed;
    parsed.description = non_empty_string(*line, "description", line_path);
    parsed.quantity = quantity_field(*line, "quantity", line_path);
    parsed.unit_price = money_field(*line, "unit_price", line_path, false);
    if (!domain::checked_multiply(parsed.unit_price, parsed.quantity)) {
      reject(DeadLetterReason::bad_money, line_path.path + "amount is beyond numeric(18,2)");
    }
    parsed.vat_rate = optional_rate(*line, "vat_rate", line_path);
    if (parsed.vat_rate && !policy.allows_vat_rate(*parsed.vat_rate)) {
      reject(DeadLetterReason::bad_vat_rate,
             line_path.field("vat_rate") + " " + parsed.vat_rate->to_string() + " is not one of the policy's vat_rates",
             line_path.field("vat_rate"), {});
    }
    out.lines.push_back(std::move(parsed));
  }
  out.subtotal = money_field(payload, "subtotal", path, false);
  out.vat_amount = money_field(payload, "vat_amount", path, true);
  out.total = money_field(payload, "total", path, false);
  try {
    domain::compute_invoice_tax(out, policy);  // sums beyond numeric(18,2) throw
  } catch (const std::invalid_argument& e) {
    reject(DeadLetterReason::bad_money, std::string("payload: ") + e.what());
  }
  return out;
}

domain::InvoicePaid decode_invoice_paid(const JsonObject& payload) {
  const Where path = payload_where(EventType::invoice_paid);
  domain::InvoicePaid out;
  out.amount = money_field(payload, "amount", path, false);
  out.payment_ref = non_empty_string(payload, "payment_ref", path);
  const std::string& method = string_field(payload, "method", path);
  const auto parsed = domain::parse_payment_method(method);
  if (!parsed) {
    reject_member(DeadLetterReason::wrong_type, path, "method",
                  " '" + quote_utf8(method, 32) + "' is not one of bank, cheque, cash, mobile");
  }
  out.method = *parsed;
  return out;
}

domain::EmployeeHired decode_employee_hired(const JsonObject& payload) {
  const Where path = payload_where(EventType::employee_hired);
  domain::EmployeeHired out;
  out.name = non_empty_string(payload, "name", path);
  out.nid = string_field(payload, "nid", path);  // its syntax is an identity check, not a decoding error
  out.mobile = string_field(payload, "mobile", path);
  out.tin = optional_string(payload, "tin", path);
  out.department = non_empty_string(payload, "department", path);
  out.position = non_empty_string(payload, "position", path);
  out.start_date = date_field(payload, "start_date", path);
  return out;
}

domain::EmployeeDetailsCorrected decode_details_corrected(const JsonObject& payload) {
  const Where path = payload_where(EventType::employee_details_corrected);
  domain::EmployeeDetailsCorrected out;
  out.nid = optional_string(payload, "nid", path);
  out.mobile = optional_string(payload, "mobile", path);
  out.tin = optional_string(payload, "tin", path);
  if (!out.nid && !out.mobile && !out.tin) {
    reject(DeadLetterReason::missing_field, "payload has none of nid, mobile, tin to correct", "payload",
           path.schema + "/anyOf");
  }
  return out;
}

domain::OnboardingTaskCompleted decode_task_completed(const JsonObject& payload) {
  const Where path = payload_where(EventType::onboarding_task_completed);
  const std::string& task = string_field(payload, "task", path);
  const auto parsed = domain::parse_onboarding_task(task);
  if (!parsed) {
    reject_member(DeadLetterReason::wrong_type, path, "task",
                  " '" + quote_utf8(task, 32) + "' is not one of account, it_equipment, orientation, benefits");
  }
  return {*parsed};
}

}  // namespace

domain::Payload decode_invoice_payload(domain::EventType type, const JsonObject& payload,
                                       const domain::Policy& policy) {
  switch (type) {
    case domain::EventType::invoice_received:
      return decode_invoice_received(payload, policy.invoice);
    case domain::EventType::invoice_hold_released:
      return domain::InvoiceHoldReleased{string_field(payload, "note", payload_where(type))};
    case domain::EventType::invoice_approved:
      return domain::InvoiceApproved{};
    case domain::EventType::invoice_rejected:
      return domain::InvoiceRejected{string_field(payload, "reason", payload_where(type))};
    case domain::EventType::invoice_paid:
      return decode_invoice_paid(payload);
    default:
      throw std::logic_error("not an invoice event type");
  }
}

domain::Payload decode_onboarding_payload(domain::EventType type, const JsonObject& payload) {
  switch (type) {
    case domain::EventType::employee_hired:
      return decode_employee_hired(payload);
    case domain::EventType::employee_details_corrected:
      return decode_details_corrected(payload);
    case domain::EventType::onboarding_task_completed:
      return decode_task_completed(payload);
    case domain::EventType::onboarding_cancelled:
      return domain::OnboardingCancelled{string_field(payload, "reason", payload_where(type))};
    default:
      throw std::logic_error("not an onboarding event type");
  }
}

}  // namespace vextrus::adapters

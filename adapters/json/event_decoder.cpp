#include "adapters/json/event_decoder.hpp"

#include <stdexcept>

#include "adapters/json/json_fields.hpp"
#include "adapters/json/utf8.hpp"
#include "adapters/json/workflow_payloads.hpp"

namespace vextrus::adapters {
namespace {

using domain::DeadLetterReason;

domain::PurchaseOrderSubmitted decode_po_submitted(const JsonObject& payload) {
  constexpr std::string_view path = "payload.";
  domain::PurchaseOrderSubmitted out;
  out.requester_id = non_empty_string(payload, "requester_id", path);
  out.department = non_empty_string(payload, "department", path);
  out.vendor_id = non_empty_string(payload, "vendor_id", path);
  out.budget_code = non_empty_string(payload, "budget_code", path);
  const JsonArray& lines = array_field(payload, "lines", path);
  if (lines.empty()) reject(DeadLetterReason::missing_field, "payload.lines is empty");
  domain::Money sum;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line_path = "payload.lines[" + std::to_string(i) + "].";
    const JsonObject* line = lines[i].object();
    if (line == nullptr) {
      reject(DeadLetterReason::wrong_type, "payload.lines[" + std::to_string(i) + "] must be an object");
    }
    domain::PurchaseOrderLine parsed;
    parsed.item = non_empty_string(*line, "item", line_path);
    parsed.quantity = quantity_field(*line, "quantity", line_path);
    parsed.unit_price = money_field(*line, "unit_price", line_path, false);
    const auto amount = domain::checked_multiply(parsed.unit_price, parsed.quantity);
    const auto next = amount ? domain::checked_add(sum, *amount) : std::nullopt;
    if (!next) reject(DeadLetterReason::bad_money, line_path + "amount is beyond numeric(18,2)");
    sum = *next;
    out.lines.push_back(std::move(parsed));
  }
  out.total = money_field(payload, "total", path, false);
  if (out.total != sum) {
    reject(DeadLetterReason::total_mismatch, "payload.total " + out.total.to_string() +
                                                 " differs from the sum of the lines " +
                                                 sum.to_string());
  }
  return out;
}

domain::Payload decode_payload(domain::EventType type, const JsonObject& payload, const domain::Policy& policy) {
  switch (domain::workflow_of(type)) {
    case domain::Workflow::invoice: return decode_invoice_payload(type, payload, policy);
    case domain::Workflow::onboarding: return decode_onboarding_payload(type, payload);
    case domain::Workflow::purchase_order: break;
  }
  switch (type) {
    case domain::EventType::purchase_order_submitted: return decode_po_submitted(payload);
    case domain::EventType::purchase_order_approved:
      return domain::PurchaseOrderApproved{optional_string(payload, "comment", "payload.")};
    case domain::EventType::purchase_order_rejected:
      return domain::PurchaseOrderRejected{string_field(payload, "reason", "payload.")};
    case domain::EventType::purchase_order_cancelled:
      return domain::PurchaseOrderCancelled{string_field(payload, "reason", "payload.")};
    default: throw std::logic_error("not a purchase-order event type");
  }
}

domain::Event decode_envelope(const JsonObject& root, const RawEvent& raw,
                              const domain::PolicySet& policies) {
  domain::Event event;
  event.event_id = non_empty_string(root, "event_id", "");
  if (event.event_id.size() > max_id_length) {
    reject(DeadLetterReason::wrong_type, "event_id is longer than 64 characters");
  }
  const std::string& type_text = string_field(root, "type", "");
  const auto type = domain::parse_event_type(type_text);
  if (!type) reject(DeadLetterReason::unknown_type, "type '" + quote_utf8(type_text, 64) + "' is unknown");
  event.type = *type;

  event.entity_id = string_field(root, "entity_id", "");
  if (!valid_entity_id(event.entity_id)) {
    reject(DeadLetterReason::wrong_type, "entity_id must be 1-64 characters of [A-Za-z0-9._:-]");
  }
  if (raw.key && *raw.key != event.entity_id) {
    reject(DeadLetterReason::key_mismatch, "the message key differs from entity_id");
  }
  if (raw.topic_workflow && domain::workflow_of(event.type) != *raw.topic_workflow) {
    reject(DeadLetterReason::wrong_topic, std::string(domain::name(event.type)) + " does not belong on this topic");
  }

  const std::string& occurred_at = string_field(root, "occurred_at", "");
  const auto timestamp = domain::parse_rfc3339(occurred_at);
  if (!timestamp) {
    reject(DeadLetterReason::bad_date, "occurred_at must be an RFC 3339 date-time with an offset");
  }
  event.occurred_at = *timestamp;

  const JsonObject& actor = object_field(root, "actor", "");
  event.actor.id = non_empty_string(actor, "id", "actor.");
  const std::string& role_text = string_field(actor, "role", "actor.");
  const auto role = domain::parse_role(role_text);
  if (!role) reject(DeadLetterReason::unknown_role, "actor.role '" + quote_utf8(role_text, 64) + "' is unknown");
  event.actor.role = *role;

  const JsonObject& payload = object_field(root, "payload", "");
  const domain::Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) reject(DeadLetterReason::no_policy, "occurred_at is before every policy's effective_from");
  event.payload = decode_payload(event.type, payload, *policy);
  return event;
}

}  // namespace

EventDecoder::EventDecoder(const domain::PolicySet& policies)
    : policies_(policies), parser_(std::make_unique<JsonParser>()) {}

EventDecoder::~EventDecoder() = default;

DecodeResult EventDecoder::decode(const RawEvent& raw) {
  if (raw.value.size() > max_event_bytes) {
    return Malformed{DeadLetterReason::too_large, "the message is larger than 1 MiB"};
  }
  if (raw.key_required && (!raw.key || raw.key->empty())) {
    return Malformed{DeadLetterReason::no_key, "the message has no key"};
  }
  auto parsed = parser_->parse(raw.value);
  if (const auto* error = std::get_if<JsonError>(&parsed)) {
    return Malformed{DeadLetterReason::invalid_json, *error == JsonError::contains_nul
                                                         ? "a string contains U+0000"
                                                         : "the message is not valid JSON"};
  }
  const JsonObject* root = std::get<JsonValue>(parsed).object();
  if (root == nullptr) return Malformed{DeadLetterReason::not_an_object, "the message is not a JSON object"};
  try {
    return decode_envelope(*root, raw, policies_);
  } catch (Reject& rejected) {
    return Malformed{rejected.reason, std::move(rejected.detail)};
  }
}

}  // namespace vextrus::adapters

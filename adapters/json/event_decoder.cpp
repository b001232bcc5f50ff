#include "adapters/json/event_decoder.hpp"

#include <stdexcept>

#include "adapters/json/json_fields.hpp"
#include "adapters/json/utf8.hpp"
#include "adapters/json/workflow_payloads.hpp"

namespace vextrus::adapters {
namespace {

using domain::DeadLetterReason;

domain::PurchaseOrderSubmitted decode_po_submitted(const JsonObject& payload) {
  const Where where = payload_where(domain::EventType::purchase_order_submitted);
  domain::PurchaseOrderSubmitted out;
  out.requester_id = non_empty_string(payload, "requester_id", where);
  out.department = non_empty_string(payload, "department", where);
  out.vendor_id = non_empty_string(payload, "vendor_id", where);
  out.budget_code = non_empty_string(payload, "budget_code", where);
  const JsonArray& lines = array_field(payload, "lines", where);
  if (lines.empty()) reject_member(DeadLetterReason::missing_field, where, "lines", " is empty");
  domain::Money sum;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Where line_where =
        where.member("lines[" + std::to_string(i) + "]", "schemas/purchase_order.submitted.json#/$defs/line");
    const JsonObject* line = lines[i].object();
    if (line == nullptr) {
      reject(DeadLetterReason::wrong_type, "payload.lines[" + std::to_string(i) + "] must be an object",
             "payload.lines[" + std::to_string(i) + "]", line_where.schema);
    }
    domain::PurchaseOrderLine parsed;
    parsed.item = non_empty_string(*line, "item", line_where);
    parsed.quantity = quantity_field(*line, "quantity", line_where);
    parsed.unit_price = money_field(*line, "unit_price", line_where, false);
    const auto amount = domain::checked_multiply(parsed.unit_price, parsed.quantity);
    const auto next = amount ? domain::checked_add(sum, *amount) : std::nullopt;
    if (!next) reject(DeadLetterReason::bad_money, line_where.path + "amount is beyond numeric(18,2)");
    sum = *next;
    out.lines.push_back(std::move(parsed));
  }
  out.total = money_field(payload, "total", where, false);
  if (out.total != sum) {
    reject(DeadLetterReason::total_mismatch,
           "payload.total " + out.total.to_string() + " differs from the sum of the lines " + sum.to_string());
  }
  return out;
}

domain::Payload decode_payload(domain::EventType type, const JsonObject& payload, const domain::Policy& policy) {
  switch (domain::workflow_of(type)) {
    case domain::Workflow::invoice:
      return decode_invoice_payload(type, payload, policy);
    case domain::Workflow::onboarding:
      return decode_onboarding_payload(type, payload);
    case domain::Workflow::purchase_order:
      break;
  }
  switch (type) {
    case domain::EventType::purchase_order_submitted:
      return decode_po_submitted(payload);
    case domain::EventType::purchase_order_approved:
      return domain::PurchaseOrderApproved{optional_string(payload, "comment", payload_where(type))};
    case domain::EventType::purchase_order_rejected:
      return domain::PurchaseOrderRejected{string_field(payload, "reason", payload_where(type))};
    case domain::EventType::purchase_order_cancelled:
      return domain::PurchaseOrderCancelled{string_field(payload, "reason", payload_where(type))};
    default:
      throw std::logic_error("not a purchase-order event type");
  }
}

// The envelope's schema, and the one of its actor (docs/schemas/common.json).
const Where envelope{"", "schemas/common.json#/$defs/envelope"};
const Where actor_where{"actor.", "schemas/common.json#/$defs/actor"};

// The input channel of each workflow in docs/asyncapi.yaml: its messages are the event types
// that belong on the topic.
std::string channel_messages(domain::Workflow workflow) {
  switch (workflow) {
    case domain::Workflow::purchase_order:
      return "asyncapi.yaml#/channels/purchaseOrders/messages";
    case domain::Workflow::invoice:
      return "asyncapi.yaml#/channels/invoices/messages";
    case domain::Workflow::onboarding:
      return "asyncapi.yaml#/channels/onboarding/messages";
  }
  return {};
}

domain::Event decode_envelope(const JsonObject& root, const RawEvent& raw, const domain::PolicySet& policies) {
  domain::Event event;
  event.event_id = non_empty_string(root, "event_id", envelope);
  if (utf8_length(event.event_id) > max_id_length) {
    reject_member(DeadLetterReason::wrong_type, envelope, "event_id", " is longer than 64 characters");
  }
  const std::string& type_text = string_field(root, "type", envelope);
  const auto type = domain::parse_event_type(type_text);
  if (!type)
    reject_member(DeadLetterReason::unknown_type, envelope, "type", " '" + quote_utf8(type_text, 64) + "' is unknown");
  event.type = *type;

  event.entity_id = string_field(root, "entity_id", envelope);
  if (!valid_entity_id(event.entity_id)) {
    reject_member(DeadLetterReason::wrong_type, envelope, "entity_id", " must be 1-64 characters of [A-Za-z0-9._:-]");
  }
  if (raw.key && *raw.key != event.entity_id) {
    reject(DeadLetterReason::key_mismatch, "the message key differs from entity_id");
  }
  if (raw.topic_workflow && domain::workflow_of(event.type) != *raw.topic_workflow) {
    reject(DeadLetterReason::wrong_topic, std::string(domain::name(event.type)) + " does not belong on this topic",
           "type", channel_messages(*raw.topic_workflow));
  }

  const std::string& occurred_at = string_field(root, "occurred_at", envelope);
  const auto timestamp = domain::parse_rfc3339(occurred_at);
  if (!timestamp) {
    reject_member(DeadLetterReason::bad_date, envelope, "occurred_at", " must be an RFC 3339 date-time with an offset");
  }
  event.occurred_at = *timestamp;

  const JsonObject& actor = object_field(root, "actor", envelope);
  event.actor.id = non_empty_string(actor, "id", actor_where);
  const std::string& role_text = string_field(actor, "role", actor_where);
  const auto role = domain::parse_role(role_text);
  if (!role)
    reject_member(DeadLetterReason::unknown_role, actor_where, "role",
                  " '" + quote_utf8(role_text, 64) + "' is unknown");
  event.actor.role = *role;

  const JsonObject& payload = object_field(root, "payload", envelope);
  const domain::Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) reject(DeadLetterReason::no_policy, "occurred_at is before every policy's effective_from");
  event.payload = decode_payload(event.type, payload, *policy);
  return event;
}

// A rejection as the dead letter tells it: the detail names the schema rule when there is one.
Malformed malformed(Reject rejected) {
  if (!rejected.rule.empty()) rejected.detail += " (schema: docs/" + rejected.rule + ")";
  return Malformed{rejected.reason, std::move(rejected.detail), std::move(rejected.field), std::move(rejected.rule)};
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
    return Malformed{DeadLetterReason::invalid_json,
                     *error == JsonError::contains_nul ? "a string contains U+0000" : "the message is not valid JSON"};
  }
  const JsonObject* root = std::get<JsonValue>(parsed).object();
  if (root == nullptr) {
    return malformed({DeadLetterReason::not_an_object, "the message is not a JSON object", "", envelope.schema});
  }
  try {
    return decode_envelope(*root, raw, policies_);
  } catch (Reject& rejected) {
    return malformed(std::move(rejected));
  }
}

}  // namespace vextrus::adapters

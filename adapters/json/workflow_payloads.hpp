#pragma once
// The payloads of the invoice and onboarding events (docs/events.md), read from a decoded
// JSON object; a malformed one throws Reject (json_fields.hpp). Internal to adapters/json.

#include "adapters/json/json_tree.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::adapters {

// `policy` governs the event: the vendor category and VAT rates must be among its own.
domain::Payload decode_invoice_payload(domain::EventType type, const JsonObject& payload, const domain::Policy& policy);
domain::Payload decode_onboarding_payload(domain::EventType type, const JsonObject& payload);

}  // namespace vextrus::adapters

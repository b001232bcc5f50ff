#pragma once
// Readers of typed fields of a decoded JSON object for the event decoder: each either returns
// the value or throws Reject with the dead-letter reason (docs/events.md), a human-readable
// detail naming the field, and the rule of the event's JSON Schema (docs/schemas) the value
// breaks, when the schema can state it. Internal to adapters/json.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/json/json_tree.hpp"
#include "domain/money.hpp"
#include "domain/rate.hpp"
#include "domain/time.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::adapters {

inline constexpr std::size_t max_id_length = 64;  // event_id and entity_id, in characters

// Thrown inside the decoder only; turned into a Malformed result at its edge.
struct Reject {
  domain::DeadLetterReason reason;
  std::string detail;
  std::string field;  // "payload.lines[1].unit_price"; empty for the message as a whole
  std::string rule;   // "schemas/common.json#/$defs/actor/properties/role" under docs/; empty: no rule states it
};

[[noreturn]] void reject(domain::DeadLetterReason reason, std::string detail);
[[noreturn]] void reject(domain::DeadLetterReason reason, std::string detail, std::string field, std::string rule);

// Where an object of the event sits: its path in messages ("payload.lines[2].") and the location
// of its JSON Schema under docs/ ("schemas/purchase_order.submitted.json#/$defs/line").
struct Where {
  std::string path;
  std::string schema;

  std::string field(std::string_view key) const { return path + std::string(key); }
  // The schema rule of one member, and the rule that lists the required members.
  std::string rule(std::string_view key) const { return schema + "/properties/" + std::string(key); }
  std::string required_rule() const { return schema + "/required"; }
  // The object held by member `key`, whose schema is `member_schema`.
  Where member(std::string_view key, std::string member_schema) const {
    return {field(key) + ".", std::move(member_schema)};
  }
};

// The payload of an event type: its schema is docs/schemas/<type>.json.
Where payload_where(domain::EventType type);

// A member that breaks the rule of its own schema: rejected with that rule named.
[[noreturn]] void reject_member(domain::DeadLetterReason reason, const Where& where, std::string_view key,
                                std::string_view message);

const JsonValue& required(const JsonObject& object, std::string_view key, const Where& where);
const std::string& string_field(const JsonObject& object, std::string_view key, const Where& where);
const std::string& non_empty_string(const JsonObject& object, std::string_view key, const Where& where);
std::optional<std::string> optional_string(const JsonObject& object, std::string_view key, const Where& where);
const JsonObject& object_field(const JsonObject& object, std::string_view key, const Where& where);
const JsonArray& array_field(const JsonObject& object, std::string_view key, const Where& where);
domain::Money money_field(const JsonObject& object, std::string_view key, const Where& where, bool zero_allowed);
std::int64_t quantity_field(const JsonObject& object, std::string_view key, const Where& where);
// "YYYY-MM-DD" (bad_date otherwise).
domain::Date date_field(const JsonObject& object, std::string_view key, const Where& where);
// A JSON boolean; `absent` when missing or null.
bool optional_bool(const JsonObject& object, std::string_view key, const Where& where, bool absent);
// A percentage as a JSON number or string ("7.5"); nullopt when missing or null; bad_vat_rate
// when it is not a non-negative decimal.
std::optional<domain::Rate> optional_rate(const JsonObject& object, std::string_view key, const Where& where);

bool valid_entity_id(std::string_view id);

}  // namespace vextrus::adapters

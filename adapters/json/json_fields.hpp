#pragma once
// Readers of typed fields of a decoded JSON object for the event decoder: each either returns
// the value or throws Reject with the dead-letter reason of CONTRACT.md section 3 and a
// human-readable detail naming the field. Internal to adapters/json.

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

inline constexpr std::size_t max_id_length = 64;  // event_id and entity_id

// Thrown inside the decoder only; turned into a Malformed result at its edge.
struct Reject {
  domain::DeadLetterReason reason;
  std::string detail;
};

[[noreturn]] void reject(domain::DeadLetterReason reason, std::string detail);

// `path` prefixes the key in messages ("payload.", "payload.lines[2].").
const JsonValue& required(const JsonObject& object, std::string_view key, std::string_view path);
const std::string& string_field(const JsonObject& object, std::string_view key, std::string_view path);
const std::string& non_empty_string(const JsonObject& object, std::string_view key, std::string_view path);
std::optional<std::string> optional_string(const JsonObject& object, std::string_view key, std::string_view path);
const JsonObject& object_field(const JsonObject& object, std::string_view key, std::string_view path);
const JsonArray& array_field(const JsonObject& object, std::string_view key, std::string_view path);
domain::Money money_field(const JsonObject& object, std::string_view key, std::string_view path, bool zero_allowed);
std::int64_t quantity_field(const JsonObject& object, std::string_view key, std::string_view path);
// "YYYY-MM-DD" (bad_date otherwise).
domain::Date date_field(const JsonObject& object, std::string_view key, std::string_view path);
// A JSON boolean; `absent` when missing or null.
bool optional_bool(const JsonObject& object, std::string_view key, std::string_view path, bool absent);
// A percentage as a JSON number or string ("7.5"); nullopt when missing or null; bad_vat_rate
// when it is not a non-negative decimal.
std::optional<domain::Rate> optional_rate(const JsonObject& object, std::string_view key, std::string_view path);

bool valid_entity_id(std::string_view id);

}  // namespace vextrus::adapters

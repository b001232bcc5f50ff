#include "adapters/json/json_fields.hpp"

#include <charconv>

#include "adapters/json/utf8.hpp"

namespace vextrus::adapters {

using domain::DeadLetterReason;

[[noreturn]] void reject(DeadLetterReason reason, std::string detail) {
  throw Reject{reason, std::move(detail), {}, {}};
}

[[noreturn]] void reject(DeadLetterReason reason, std::string detail, std::string field, std::string rule) {
  throw Reject{reason, std::move(detail), std::move(field), std::move(rule)};
}

Where payload_where(domain::EventType type) {
  return {"payload.", "schemas/" + std::string(domain::name(type)) + ".json#/properties/payload"};
}

[[noreturn]] void reject_member(DeadLetterReason reason, const Where& where, std::string_view key,
                                std::string_view message) {
  reject(reason, where.field(key) + std::string(message), where.field(key), where.rule(key));
}

const JsonValue& required(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue* value = find_member(object, key);
  // An absent member breaks the object's `required`; a null one, the member's own type.
  if (value == nullptr) {
    reject(DeadLetterReason::missing_field, where.field(key) + " is missing", where.field(key), where.required_rule());
  }
  if (value->is_null()) reject_member(DeadLetterReason::missing_field, where, key, " is null");
  return *value;
}

const std::string& string_field(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue& value = required(object, key, where);
  const std::string* text = value.string();
  if (text == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be a string");
  return *text;
}

const std::string& non_empty_string(const JsonObject& object, std::string_view key, const Where& where) {
  const std::string& text = string_field(object, key, where);
  if (text.empty()) reject_member(DeadLetterReason::missing_field, where, key, " is empty");
  return text;
}

std::optional<std::string> optional_string(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->string() == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be a string");
  return *value->string();
}

const JsonObject& object_field(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue& value = required(object, key, where);
  if (value.object() == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be an object");
  return *value.object();
}

const JsonArray& array_field(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue& value = required(object, key, where);
  if (value.array() == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be an array");
  return *value.array();
}

domain::Money money_field(const JsonObject& object, std::string_view key, const Where& where, bool zero_allowed) {
  const JsonValue& value = required(object, key, where);
  std::string_view text;
  const JsonNumber* number = value.number();
  if (const std::string* s = value.string()) {
    text = *s;
  } else if (number != nullptr) {
    text = number->text;
  } else {
    reject_member(DeadLetterReason::wrong_type, where, key, " must be a decimal string or number");
  }
  // The schema states the grammar of a money string in full; of a number it sees only the value,
  // so it breaks a rule only when it is clearly negative, or zero where zero is not allowed.
  const auto money = domain::parse_money(text);
  const auto fault = [&](const std::string& message, bool schema_sees_it) {
    if (schema_sees_it) reject_member(DeadLetterReason::bad_money, where, key, message);
    reject(DeadLetterReason::bad_money, where.field(key) + message, where.field(key), {});
  };
  if (!money) {
    const auto negated =
        number != nullptr && text.size() > 1 && text[0] == '-' ? domain::parse_money(text.substr(1)) : std::nullopt;
    fault(" '" + quote_utf8(text, 40) + "' is not a decimal amount with at most 2 decimals",
          number == nullptr || (negated && negated->paisa() != 0));
  }
  if (!zero_allowed && money->paisa() == 0) fault(" must be above 0", true);
  return *money;
}

std::int64_t quantity_field(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue& value = required(object, key, where);
  const JsonNumber* number = value.number();
  if (number == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be a number");
  std::int64_t quantity = 0;
  const auto* begin = number->text.data();
  const auto* end = begin + number->text.size();
  const auto [ptr, error] = std::from_chars(begin, end, quantity);
  const bool whole = error == std::errc() && ptr == end;
  if (!whole || quantity <= 0) {
    // The schema's `minimum` sees a whole number below 1; "1e2" or "10.0" are whole to it.
    const std::string message = " must be a positive integer";
    if (whole) reject_member(DeadLetterReason::bad_quantity, where, key, message);
    reject(DeadLetterReason::bad_quantity, where.field(key) + message, where.field(key), {});
  }
  return quantity;
}

domain::Date date_field(const JsonObject& object, std::string_view key, const Where& where) {
  const std::string& text = string_field(object, key, where);
  const auto date = domain::parse_date(text);
  if (!date) reject_member(DeadLetterReason::bad_date, where, key, " must be a date YYYY-MM-DD");
  return *date;
}

bool optional_bool(const JsonObject& object, std::string_view key, const Where& where, bool absent) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return absent;
  if (value->boolean() == nullptr) reject_member(DeadLetterReason::wrong_type, where, key, " must be true or false");
  return *value->boolean();
}

std::optional<domain::Rate> optional_rate(const JsonObject& object, std::string_view key, const Where& where) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  std::string_view text;
  if (const std::string* s = value->string()) {
    text = *s;
  } else if (const JsonNumber* n = value->number()) {
    text = n->text;
  } else {
    reject_member(DeadLetterReason::wrong_type, where, key, " must be a number or string");
  }
  const auto rate = domain::parse_rate(text);
  if (!rate) {
    // Which rates are allowed is the policy's, so no schema rule is named for a rate.
    reject(DeadLetterReason::bad_vat_rate, where.field(key) + " '" + quote_utf8(text, 40) + "' is not a percentage",
           where.field(key), {});
  }
  return rate;
}

bool valid_entity_id(std::string_view id) {
  if (id.empty() || id.size() > max_id_length) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace vextrus::adapters

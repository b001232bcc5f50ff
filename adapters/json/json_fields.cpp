#include "adapters/json/json_fields.hpp"

#include <charconv>

#include "adapters/json/utf8.hpp"

namespace vextrus::adapters {

using domain::DeadLetterReason;

[[noreturn]] void reject(DeadLetterReason reason, std::string detail) {
  throw Reject{reason, std::move(detail)};
}

const JsonValue& required(const JsonObject& object, std::string_view key, std::string_view path) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) {
    reject(DeadLetterReason::missing_field, std::string(path) + std::string(key) + " is missing");
  }
  return *value;
}

const std::string& string_field(const JsonObject& object, std::string_view key,
                                std::string_view path) {
  const JsonValue& value = required(object, key, path);
  const std::string* text = value.string();
  if (text == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be a string");
  }
  return *text;
}

const std::string& non_empty_string(const JsonObject& object, std::string_view key,
                                    std::string_view path) {
  const std::string& text = string_field(object, key, path);
  if (text.empty()) {
    reject(DeadLetterReason::missing_field, std::string(path) + std::string(key) + " is empty");
  }
  return text;
}

std::optional<std::string> optional_string(const JsonObject& object, std::string_view key,
                                           std::string_view path) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->string() == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be a string");
  }
  return *value->string();
}

const JsonObject& object_field(const JsonObject& object, std::string_view key,
                               std::string_view path) {
  const JsonValue& value = required(object, key, path);
  if (value.object() == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be an object");
  }
  return *value.object();
}

const JsonArray& array_field(const JsonObject& object, std::string_view key,
                             std::string_view path) {
  const JsonValue& value = required(object, key, path);
  if (value.array() == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be an array");
  }
  return *value.array();
}

domain::Money money_field(const JsonObject& object, std::string_view key, std::string_view path,
                          bool zero_allowed) {
  const JsonValue& value = required(object, key, path);
  std::string_view text;
  if (const std::string* s = value.string()) {
    text = *s;
  } else if (const JsonNumber* n = value.number()) {
    text = n->text;
  } else {
    reject(DeadLetterReason::wrong_type,
           std::string(path) + std::string(key) + " must be a decimal string or number");
  }
  const auto money = domain::parse_money(text);
  if (!money) {
    reject(DeadLetterReason::bad_money, std::string(path) + std::string(key) + " '" +
                                            quote_utf8(text, 40) +
                                            "' is not a decimal amount with at most 2 decimals");
  }
  if (!zero_allowed && money->paisa() == 0) {
    reject(DeadLetterReason::bad_money, std::string(path) + std::string(key) + " must be above 0");
  }
  return *money;
}

std::int64_t quantity_field(const JsonObject& object, std::string_view key,
                            std::string_view path) {
  const JsonValue& value = required(object, key, path);
  const JsonNumber* number = value.number();
  if (number == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be a number");
  }
  std::int64_t quantity = 0;
  const auto* begin = number->text.data();
  const auto* end = begin + number->text.size();
  const auto [ptr, error] = std::from_chars(begin, end, quantity);
  if (error != std::errc() || ptr != end || quantity <= 0) {
    reject(DeadLetterReason::bad_quantity,
           std::string(path) + std::string(key) + " must be a positive integer");
  }
  return quantity;
}

domain::Date date_field(const JsonObject& object, std::string_view key, std::string_view path) {
  const std::string& text = string_field(object, key, path);
  const auto date = domain::parse_date(text);
  if (!date) reject(DeadLetterReason::bad_date, std::string(path) + std::string(key) + " must be a date YYYY-MM-DD");
  return *date;
}

bool optional_bool(const JsonObject& object, std::string_view key, std::string_view path, bool absent) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return absent;
  if (value->boolean() == nullptr) {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be true or false");
  }
  return *value->boolean();
}

std::optional<domain::Rate> optional_rate(const JsonObject& object, std::string_view key, std::string_view path) {
  const JsonValue* value = find_member(object, key);
  if (value == nullptr || value->is_null()) return std::nullopt;
  std::string_view text;
  if (const std::string* s = value->string()) {
    text = *s;
  } else if (const JsonNumber* n = value->number()) {
    text = n->text;
  } else {
    reject(DeadLetterReason::wrong_type, std::string(path) + std::string(key) + " must be a number or string");
  }
  const auto rate = domain::parse_rate(text);
  if (!rate) {
    reject(DeadLetterReason::bad_vat_rate,
           std::string(path) + std::string(key) + " '" + quote_utf8(text, 40) + "' is not a percentage");
  }
  return rate;
}

bool valid_entity_id(std::string_view id) {
  if (id.empty() || id.size() > max_id_length) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace vextrus::adapters

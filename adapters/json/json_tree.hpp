#pragma once
// A small, fully validated JSON tree built from simdjson's On-Demand parser. Unlike simdjson's
// DOM it keeps each number's original text, so money is parsed exactly from what was sent.
// Owned by one decoder at a time; not shared between threads.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace vextrus::adapters {

struct JsonValue;
using JsonObject = std::vector<std::pair<std::string, JsonValue>>;
using JsonArray = std::vector<JsonValue>;

struct JsonNumber {
  std::string text;  // exactly as written, e.g. "125000.50", "-3", "1e5"
};

struct JsonValue {
  std::variant<std::nullptr_t, bool, JsonNumber, std::string, JsonArray, JsonObject> value;

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(value); }
  const std::string* string() const { return std::get_if<std::string>(&value); }
  const JsonNumber* number() const { return std::get_if<JsonNumber>(&value); }
  const JsonObject* object() const { return std::get_if<JsonObject>(&value); }
  const JsonArray* array() const { return std::get_if<JsonArray>(&value); }
  const bool* boolean() const { return std::get_if<bool>(&value); }
};

// The first member named `key`, or nullptr.
const JsonValue* find_member(const JsonObject& object, std::string_view key);

enum class JsonError { invalid_json, contains_nul };

// Parses and validates a whole document (structure, UTF-8, every value, nothing trailing).
// Strings containing U+0000 are refused. Nesting is bounded to keep the recursion safe.
class JsonParser {
 public:
  JsonParser();
  ~JsonParser();
  JsonParser(const JsonParser&) = delete;
  JsonParser& operator=(const JsonParser&) = delete;

  std::variant<JsonValue, JsonError> parse(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::adapters

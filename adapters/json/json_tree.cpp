#include "adapters/json/json_tree.hpp"

#include <simdjson.h>

namespace vextrus::adapters {
namespace {

namespace od = simdjson::ondemand;

constexpr int max_depth = 64;

struct Failure {
  JsonError error;
};

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

template <typename T>
T take(simdjson::simdjson_result<T> result) {
  T out{};
  if (std::move(result).get(out) != simdjson::SUCCESS) throw Failure{JsonError::invalid_json};
  return out;
}

std::string checked_string(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) throw Failure{JsonError::contains_nul};
  return std::string(text);
}

JsonValue build(od::value value, int depth);

// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. Checked here rather
// than by simdjson's number parser, which refuses valid numbers beyond 64 bits or double range.
bool is_json_number(std::string_view t) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
    return i > start;
  };
  if (i < t.size() && t[i] == '-') ++i;
  if (i < t.size() && t[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < t.size() && t[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == t.size();
}

JsonValue number_value(std::string_view raw) {
  const std::string_view text = trim_right(raw);
  if (!is_json_number(text)) throw Failure{JsonError::invalid_json};
  return JsonValue{JsonNumber{std::string(text)}};
}

JsonValue build_object(od::object object, int depth) {
  JsonObject members;
  for (auto field_result : object) {
    od::field field = take(std::move(field_result));
    std::string key = checked_string(take(field.unescaped_key()));
    JsonValue member = build(field.value(), depth + 1);
    members.emplace_back(std::move(key), std::move(member));
  }
  return JsonValue{std::move(members)};
}

JsonValue build_array(od::array array, int depth) {
  JsonArray items;
  for (auto item : array) items.push_back(build(take(item), depth + 1));
  return JsonValue{std::move(items)};
}

JsonValue build(od::value value, int depth) {
  if (depth > max_depth) throw Failure{JsonError::invalid_json};
  switch (take(value.type())) {
    case od::json_type::object:
      return build_object(take(value.get_object()), depth);
    case od::json_type::array:
      return build_array(take(value.get_array()), depth);
    case od::json_type::string:
      return JsonValue{checked_string(take(value.get_string()))};
    case od::json_type::boolean:
      return JsonValue{take(value.get_bool())};
    case od::json_type::null:
      if (!value.is_null()) throw Failure{JsonError::invalid_json};
      return JsonValue{nullptr};
    case od::json_type::number:
      return number_value(value.raw_json_token());
  }
  throw Failure{JsonError::invalid_json};
}

}  // namespace

const JsonValue* find_member(const JsonObject& object, std::string_view key) {
  for (const auto& [name, value] : object) {
    if (name == key) return &value;
  }
  return nullptr;
}

struct JsonParser::Impl {
  od::parser parser;
  std::string buffer;  // the input plus simdjson's padding
};

JsonParser::JsonParser() : impl_(std::make_unique<Impl>()) {}
JsonParser::~JsonParser() = default;

std::variant<JsonValue, JsonError> JsonParser::parse(std::string_view text) {
  impl_->buffer.assign(text);
  impl_->buffer.append(simdjson::SIMDJSON_PADDING, ' ');
  try {
    od::document document;
    if (impl_->parser.iterate(impl_->buffer.data(), text.size(), impl_->buffer.size()).get(document) !=
        simdjson::SUCCESS) {
      return JsonError::invalid_json;
    }
    // Scalars at the root are documents too; read them through the same path.
    JsonValue root;
    const auto type = take(document.type());
    if (type == od::json_type::object) {
      root = build_object(take(document.get_object()), 0);
    } else if (type == od::json_type::array) {
      root = build_array(take(document.get_array()), 0);
    } else if (type == od::json_type::string) {
      root = JsonValue{checked_string(take(document.get_string()))};
    } else if (type == od::json_type::boolean) {
      root = JsonValue{take(document.get_bool())};
    } else if (type == od::json_type::null) {
      if (!take(document.is_null())) return JsonError::invalid_json;
      root = JsonValue{nullptr};
    } else {
      // A root number's raw token runs to the end of the input, so the grammar check covers
      // trailing content too; the iterator does not move past it.
      return number_value(take(document.raw_json_token()));
    }
    // Anything after the root value (a second document, stray characters) is invalid.
    const char* location = nullptr;
    if (document.current_location().get(location) != simdjson::OUT_OF_BOUNDS) {
      return JsonError::invalid_json;
    }
    return root;
  } catch (const Failure& failure) {
    return failure.error;
  } catch (const simdjson::simdjson_error&) {
    return JsonError::invalid_json;
  }
}

}  // namespace vextrus::adapters

#include "adapters/postgres/json_rows.hpp"

#include <stdexcept>

#include "adapters/json/json_text.hpp"

namespace vextrus::pg {

JsonRows::JsonRows(std::vector<std::string> columns, std::size_t expected_bytes) : columns_(std::move(columns)) {
  text_.reserve(expected_bytes);
}

void JsonRows::key() {
  if (fields_ >= columns_.size()) {
    throw std::logic_error("JSON rows: more values than the " + std::to_string(columns_.size()) + " columns");
  }
  text_.append(fields_ == 0 ? (rows_ == 0 ? "{\"" : ",{\"") : ",\"");
  text_.append(columns_[fields_++]);  // column names are plain identifiers
  text_.append("\":");
}

JsonRows& JsonRows::add(std::string_view value) {
  key();
  adapters::append_json_string(text_, value);
  return *this;
}

JsonRows& JsonRows::add(const std::optional<std::string>& value) {
  if (value) return add(std::string_view(*value));
  key();
  text_.append("null");
  return *this;
}

JsonRows& JsonRows::add_json(std::string_view json) {
  key();
  text_.append(json);
  return *this;
}

JsonRows& JsonRows::add(std::int64_t value) {
  key();
  text_.append(std::to_string(value));
  return *this;
}

void JsonRows::end_row() {
  if (fields_ != columns_.size()) {
    throw std::logic_error("JSON rows: a row of " + std::to_string(fields_) + " values for " +
                           std::to_string(columns_.size()) + " columns");
  }
  text_.push_back('}');
  fields_ = 0;
  ++rows_;
}

}  // namespace vextrus::pg

#include "adapters/postgres/json_rows.hpp"

#include <stdexcept>

#include "adapters/json/json_text.hpp"
#include "adapters/postgres/copy_row.hpp"

namespace vextrus::pg {

JsonRows::JsonRows(std::vector<std::string> columns) : columns_(std::move(columns)) {}

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

JsonRows& JsonRows::add(std::int64_t value) {
  key();
  text_.append(std::to_string(value));
  return *this;
}

JsonRows& JsonRows::add_json(std::string_view json) {
  key();
  text_.append(json);
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

void insert_rows(WriteStatement& writes, const std::string& table, const JsonRows& rows, const std::string& on_conflict,
                 const std::string& where) {
  if (rows.rows() == 0) return;
  const auto columns = joined(rows.columns());
  writes.add("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM json_populate_recordset(NULL::" +
                 table + ", $1::json)" + (where.empty() ? "" : " WHERE " + where) +
                 (on_conflict.empty() ? "" : " " + on_conflict) + " RETURNING 1",
             {rows.text()});
}

void upsert_rows(WriteStatement& writes, const std::string& table, const JsonRows& rows, std::size_t key_columns,
                 bool touch_updated_at) {
  const auto& columns = rows.columns();
  std::string keys, updates;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    auto& list = i < key_columns ? keys : updates;
    if (!list.empty()) list += ", ";
    list += i < key_columns ? columns[i] : columns[i] + " = EXCLUDED." + columns[i];
  }
  if (touch_updated_at) updates += ", updated_at = now()";
  insert_rows(writes, table, rows, "ON CONFLICT (" + keys + ") DO UPDATE SET " + updates);
}

}  // namespace vextrus::pg

#pragma once
// Rows sent as one JSON array of objects keyed by column name, written with
//   INSERT INTO t (columns) SELECT columns FROM json_populate_recordset(NULL::t, $1::json)
// as a part of the commit's one statement (write_statement.hpp). One parameter for any number of
// rows, each value read by its column type's input function as COPY would, and no staging table:
// the upserts of the projections used to COPY into temporary tables, whose truncation at every
// commit was the most frequent wait of a trickle of small transactions (bench/results/history-2026-11.md). Used by
// one thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/postgres/write_statement.hpp"

namespace vextrus::pg {

class JsonRows {
 public:
  explicit JsonRows(std::vector<std::string> columns);

  // The next value of the current row, in column order. Text is sent as a JSON string and read by
  // the column's input function (numeric, timestamptz, text[] literals, ...); nullopt is NULL.
  JsonRows& add(std::string_view value);
  JsonRows& add(const std::string& value) { return add(std::string_view(value)); }
  JsonRows& add(const std::optional<std::string>& value);
  JsonRows& add(std::int64_t value);
  // A value already in JSON, taken as it is: for json and jsonb columns, which would store a JSON
  // string as a string. The caller vouches that it is valid JSON.
  JsonRows& add_json(std::string_view json);
  // Ends the row; it must have had one value per column.
  void end_row();

  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& columns() const { return columns_; }
  // The JSON array of the rows ended so far.
  std::string text() const { return text_ + "]"; }

 private:
  void key();

  std::vector<std::string> columns_;
  std::string text_ = "[";
  std::size_t rows_ = 0;
  std::size_t fields_ = 0;
};

// Adds the insert of the rows into `table` to `writes`, unless there are none. `on_conflict` (may
// be empty) follows the SELECT, e.g. "ON CONFLICT (id) DO UPDATE SET ..."; `where` (may be empty)
// is a condition on the insert, e.g. WriteStatement::completed().
void insert_rows(WriteStatement& writes, const std::string& table, const JsonRows& rows,
                 const std::string& on_conflict = "", const std::string& where = "");

// Inserts the rows, or where the first `key_columns` columns conflict with a stored row, updates
// its other columns (and updated_at when `touch_updated_at`).
void upsert_rows(WriteStatement& writes, const std::string& table, const JsonRows& rows, std::size_t key_columns,
                 bool touch_updated_at);

}  // namespace vextrus::pg

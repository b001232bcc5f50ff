#pragma once
// Rows sent as one JSON array of objects keyed by column name, which the functions of migration
// 010 write with INSERT ... SELECT ... FROM json_populate_recordset(NULL::t, rows). One parameter
// for any number of rows, each value read by its column type's input function as COPY would, and
// no staging table: the upserts of the projections used to COPY into temporary tables, whose
// truncation at every commit was the most frequent wait of a trickle of small transactions
// (bench/README.md). Used by one thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vextrus::pg {

class JsonRows {
 public:
  // `expected_bytes`: room reserved up front, so a large batch is not copied as it grows.
  explicit JsonRows(std::vector<std::string> columns, std::size_t expected_bytes = 0);

  // The next value of the current row, in column order. Text is sent as a JSON string and read by
  // the column's input function (numeric, timestamptz, text[] literals, ...); nullopt is NULL.
  JsonRows& add(std::string_view value);
  JsonRows& add(const std::string& value) { return add(std::string_view(value)); }
  JsonRows& add(const std::optional<std::string>& value);
  JsonRows& add(std::int64_t value);
  // A JSON value as it is (for json and jsonb columns); the caller vouches it is valid JSON.
  JsonRows& add_json(std::string_view json);
  // Ends the row; it must have had one value per column.
  void end_row();

  std::size_t rows() const { return rows_; }
  const std::vector<std::string>& columns() const { return columns_; }
  // The JSON array of the rows ended so far, moved out rather than copied (a backlog's batch is
  // megabytes): the last call on these rows.
  std::string take() && {
    text_.push_back(']');
    return std::move(text_);
  }

 private:
  void key();

  std::vector<std::string> columns_;
  std::string text_ = "[";
  std::size_t rows_ = 0;
  std::size_t fields_ = 0;
};

}  // namespace vextrus::pg

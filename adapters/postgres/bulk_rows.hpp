#pragma once
// The rows of one table within a transaction, sent the cheaper way for their number. Many go by
// COPY (copy_row.hpp), at once: two round trips, and a fifth of JSON's encoding cost per row. A
// few go as a JSON array inserted by a part of the commit's one statement (json_rows.hpp,
// write_statement.hpp): no round trip of their own. A live load commits a few rows per table at
// a time, and there the round trips are what costs (bench/results/history-2026-11.md). Both ways read every value
// with its column type's input function, so the stored rows are the same.
// Used by one thread, inside the transaction it was made with.

#include <cstdint>
#include <memory>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/postgres/copy_row.hpp"
#include "adapters/postgres/json_rows.hpp"

namespace vextrus::pg {

class BulkRows {
 public:
  // At most this many rows go as JSON.
  static constexpr std::size_t few_rows = 32;
  static bool by_copy(std::size_t rows) { return rows > few_rows; }

  // `rows`: how many rows will be added (chooses the way; COPY starts here). Columns are plain
  // identifiers.
  BulkRows(pqxx::transaction_base& tx, std::string table, std::vector<std::string> columns, std::size_t rows);

  BulkRows& add(std::string_view value) { return pass(value); }
  BulkRows& add(const std::string& value) { return pass(std::string_view(value)); }
  BulkRows& add(const std::optional<std::string>& value) { return pass(value); }  // nullopt is NULL
  BulkRows& add(std::int64_t value) { return pass(value); }
  // A value of a json or jsonb column, already JSON text.
  BulkRows& add_json(std::string_view json);
  void end_row();
  // Ends the rows: COPY sends what is left, and PostgreSQL reports a bad row here at the latest;
  // JSON becomes a part of `writes` (with `where`, a condition such as WriteStatement::completed()),
  // and PostgreSQL sees the rows when `writes` runs. So COPY's rows are written before any part of
  // `writes`: a caller that needs an order runs the earlier write first when by_copy().
  void complete(WriteStatement& writes, const std::string& where = "");

 private:
  // JsonRows and CopyLine take the same values.
  template <class Value>
  BulkRows& pass(const Value& value) {
    if (json_)
      json_->add(value);
    else
      copy_->row().add(value);
    return *this;
  }

  std::string table_;
  std::optional<JsonRows> json_;
  std::unique_ptr<CopyWriter> copy_;
};

}  // namespace vextrus::pg

#pragma once
// COPY ... FROM STDIN in text format, shared by the PostgreSQL adapters that write in bulk.

#include <cstdint>
#include <memory>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

namespace pqxx {
class tablewriter;
}

namespace vextrus::pg {

// One row in COPY's text format. Pure encoding, kept apart from the sending so that
// bench/stages can time it without a database.
class CopyLine {
 public:
  CopyLine& add(std::string_view value);
  CopyLine& add(const std::string& value) { return add(std::string_view(value)); }
  CopyLine& add(const std::optional<std::string>& value);  // nullopt is NULL
  CopyLine& add(std::int64_t value);

  const std::string& text() const { return text_; }
  std::size_t fields() const { return fields_; }
  void clear();

 private:
  void separate();

  std::string text_;
  std::size_t fields_ = 0;
};

// Rows of one COPY, each escaped in one pass (CopyLine) and sent as a whole line. pqxx 6.4's
// stream_to escapes byte by byte through a temporary string per field, which was a seventh of
// the service's CPU in bench/e2e; its tablewriter is the only class that sends a ready line.
// Used by one thread, inside the transaction it was made with.
class CopyWriter {
 public:
  CopyWriter(pqxx::transaction_base& tx, const std::string& table, const std::vector<std::string>& columns);
  ~CopyWriter();
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;

  // The next row, empty: add one value per column, then end_row().
  CopyLine& row() { return line_; }
  void end_row();
  // Ends the COPY; PostgreSQL reports a bad row here at the latest.
  void complete();

 private:
  std::unique_ptr<pqxx::tablewriter> writer_;
  std::string table_;
  std::size_t columns_;
  CopyLine line_;
};

// "a, b, c", each column prefixed.
inline std::string joined(const std::vector<std::string>& columns, const std::string& prefix = "") {
  std::string out;
  for (const auto& column : columns) {
    if (!out.empty()) out += ", ";
    out += prefix + column;
  }
  return out;
}

}  // namespace vextrus::pg

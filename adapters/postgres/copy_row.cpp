#include "adapters/postgres/copy_row.hpp"

#include <charconv>
#include <pqxx/tablewriter>
#include <stdexcept>

namespace vextrus::pg {

// tablewriter is deprecated in pqxx 6.4 in favour of stream_to, which cannot send a line
// escaped beforehand (see the header).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
CopyWriter::CopyWriter(pqxx::transaction_base& tx, const std::string& table, const std::vector<std::string>& columns)
    : writer_(std::make_unique<pqxx::tablewriter>(tx, table, columns.begin(), columns.end())),
      table_(table),
      columns_(columns.size()) {}
#pragma GCC diagnostic pop

CopyWriter::~CopyWriter() = default;

void CopyLine::separate() {
  if (fields_++ > 0) text_.push_back('\t');
}

void CopyLine::clear() {
  text_.clear();
  fields_ = 0;
}

// COPY's text format: backslash, and the newline, carriage return and tab that would end a field
// or a row, are escaped; every other byte is sent as it is.
CopyLine& CopyLine::add(std::string_view value) {
  separate();
  std::size_t plain = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c != '\\' && c != '\n' && c != '\r' && c != '\t') continue;
    text_.append(value.data() + plain, i - plain);
    text_.push_back('\\');
    text_.push_back(c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\');
    plain = i + 1;
  }
  text_.append(value.data() + plain, value.size() - plain);
  return *this;
}

CopyLine& CopyLine::add(const std::optional<std::string>& value) {
  if (value) return add(std::string_view(*value));
  separate();
  text_.append("\\N");
  return *this;
}

CopyLine& CopyLine::add(std::int64_t value) {
  separate();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  text_.append(digits, end);
  return *this;
}

void CopyWriter::end_row() {
  if (line_.fields() != columns_) {
    throw std::logic_error("COPY " + table_ + ": a row of " + std::to_string(line_.fields()) + " values for " +
                           std::to_string(columns_) + " columns");
  }
  writer_->write_raw_line(line_.text());
  line_.clear();
}

void CopyWriter::complete() { writer_->complete(); }

}  // namespace vextrus::pg

#include "adapters/postgres/write_statement.hpp"

#include <cctype>
#include <stdexcept>

#include "adapters/postgres/prepared.hpp"

namespace vextrus::pg {
namespace {

std::string cte_name(WriteStatement::Part part) { return "w" + std::to_string(part); }

// `sql` with each parameter $n renamed $(n + offset). The parts' texts are this adapter's own
// statements, with no dollar-quoted strings, so every '$' followed by a digit is a parameter.
std::string shift_parameters(const std::string& sql, std::size_t offset) {
  std::string out;
  out.reserve(sql.size() + 16);
  for (std::size_t i = 0; i < sql.size();) {
    if (sql[i] == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      std::size_t end = i + 1;
      while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
      out += '$';
      out += std::to_string(std::stoul(sql.substr(i + 1, end - i - 1)) + offset);
      i = end;
    } else {
      out += sql[i++];
    }
  }
  return out;
}

}  // namespace

void WriteStatement::check(Part part) const {
  if (part >= parts_.size()) throw std::logic_error("write statement: no part " + std::to_string(part));
}

WriteStatement::Part WriteStatement::add(std::string sql, std::vector<std::string> params) {
  parts_.push_back({std::move(sql), std::move(params), std::nullopt});
  return parts_.size() - 1;
}

void WriteStatement::expect_rows(Part part, std::int64_t rows) {
  check(part);
  parts_[part].expected_rows = rows;
}

std::string WriteStatement::completed(Part earlier) const {
  check(earlier);
  // An uncorrelated subquery in a WHERE clause is evaluated once, before the first row is
  // read; counting the earlier part's rows runs it to completion.
  return "(SELECT count(*) FROM " + cte_name(earlier) + ") >= 0";
}

std::vector<std::int64_t> WriteStatement::run(pqxx::transaction_base& tx) const {
  if (parts_.empty()) return {};
  std::string sql = "WITH ";
  std::string counts = " SELECT ";
  std::vector<std::string> params;
  for (Part part = 0; part < parts_.size(); ++part) {
    const auto& entry = parts_[part];
    if (part > 0) {
      sql += ", ";
      counts += ", ";
    }
    sql += cte_name(part) + " AS (" + shift_parameters(entry.sql, params.size()) + ")";
    params.insert(params.end(), entry.params.begin(), entry.params.end());
    const auto count = "(SELECT count(*) FROM " + cte_name(part) + ")";
    if (entry.expected_rows) {
      params.push_back(std::to_string(*entry.expected_rows));
      counts += "vextrus_expect_rows(" + count + ", $" + std::to_string(params.size()) + "::bigint)";
    } else {
      counts += count;
    }
  }
  sql += counts;
  const auto row = exec_prepared_text(tx, sql, pqxx::prepare::make_dynamic_params(params)).at(0);
  std::vector<std::int64_t> out;
  out.reserve(parts_.size());
  for (const auto& field : row) out.push_back(field.as<std::int64_t>());
  return out;
}

}  // namespace vextrus::pg

#pragma once
// The writes of one transaction sent as one statement: each write is a data-modifying WITH query
// (a CTE) of
//   WITH w0 AS (INSERT ... RETURNING 1), w1 AS (DELETE ... RETURNING 1), ...
//   SELECT (SELECT count(*) FROM w0), (SELECT count(*) FROM w1), ...
// so a commit of a few rows into each of several tables costs one round trip instead of one per
// table. Under a live load each partition commits a few events at a time, and the round trips,
// not the rows, were most of what a commit cost both sides (bench/results/history-2026-11.md).
//
// The parts run in one snapshot, in an order PostgreSQL chooses unless one is made to wait for
// another (completed()); each table should be written by one part. Prepared on the connection
// (prepared.hpp): the statement's text depends only on which parts it has. Used by one thread,
// within the transaction it is run in, or run alone as its own transaction (expect_rows()).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

namespace vextrus::pg {

class WriteStatement {
 public:
  using Part = std::size_t;

  // Adds `sql`, a data-modifying statement ending in RETURNING (one row per row written), whose
  // parameters are $1, $2, ... of `params`, given as text. Returns the part, to read its count.
  Part add(std::string sql, std::vector<std::string> params);

  // A condition, always true, that makes the part whose WHERE clause holds it start only after
  // `earlier` has written all its rows: e.g. inserting keys that `earlier` deletes.
  std::string completed(Part earlier) const;

  // Makes the statement fail with SQLSTATE `unexpected_rows`, so that it writes nothing, unless
  // `part` writes exactly `rows` rows: the check of a statement run outside a transaction block,
  // which is committed when it returns (function vextrus_expect_rows, migration 011).
  void expect_rows(Part part, std::int64_t rows);
  static constexpr const char* unexpected_rows = "VX001";

  bool empty() const { return parts_.empty(); }

  // Sends the statement; returns the number of rows each part wrote, indexed by part.
  std::vector<std::int64_t> run(pqxx::transaction_base& tx) const;

 private:
  void check(Part part) const;  // throws std::logic_error for a part never added

  struct Entry {
    std::string sql;
    std::vector<std::string> params;
    std::optional<std::int64_t> expected_rows;
  };
  std::vector<Entry> parts_;
};

}  // namespace vextrus::pg

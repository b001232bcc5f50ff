// Parameterised statements run as prepared statements (adapters/postgres/prepared.hpp): each
// text is prepared once per connection, gives the same answers as exec_params for every
// argument, and a new connection (after a reconnect) prepares it again.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/prepared.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

const std::string squares = "SELECT n, n * n FROM generate_series($1::int, $2::int) AS n ORDER BY n";

std::int64_t prepared_in_session(pqxx::transaction_base& tx) {
  return tx.exec_params1("SELECT count(*) FROM pg_prepared_statements WHERE name = $1", pg::prepared_name(squares))[0]
      .as<std::int64_t>();
}

TEST(PreparedText, TheNameFollowsTheTextAlone) {
  EXPECT_EQ(pg::prepared_name(squares), pg::prepared_name(std::string(squares)));
  EXPECT_NE(pg::prepared_name(squares), pg::prepared_name(squares + " "));
  EXPECT_NE(pg::prepared_name("SELECT $1"), pg::prepared_name("SELECT $2"));
  EXPECT_EQ(pg::prepared_name(squares).size(), 3u + 16u);
  EXPECT_EQ(pg::prepared_name(squares).rfind("vx_", 0), 0u);
}

// What makes a clash of two texts' names loud rather than wrong: libpqxx refuses to define a
// name again with another text (and accepts the same text again, which every call does).
TEST(PreparedText, ANameIsNeverRedefinedWithAnotherText) {
  ScratchDatabase db("prepared-clash");
  pqxx::connection connection(db.owner_dsn());
  connection.prepare("vx_clash", "SELECT 1");
  EXPECT_NO_THROW(connection.prepare("vx_clash", "SELECT 1"));
  EXPECT_THROW(connection.prepare("vx_clash", "SELECT 2"), pqxx::argument_error);
}

TEST(PreparedText, OnePreparationPerConnectionServesEveryArgument) {
  ScratchDatabase db("prepared");
  for (int connection_number = 0; connection_number < 2; ++connection_number) {
    SCOPED_TRACE(connection_number);
    pqxx::connection connection(db.owner_dsn());
    {
      pqxx::read_transaction tx(connection);
      EXPECT_EQ(prepared_in_session(tx), 0);  // a new connection starts with none
    }
    for (int upto = 1; upto <= 4; ++upto) {
      pqxx::read_transaction tx(connection);
      const auto rows = pg::exec_prepared_text(tx, squares, 1, upto);
      ASSERT_EQ(rows.size(), static_cast<std::size_t>(upto));
      EXPECT_EQ(rows[upto - 1][1].as<int>(), upto * upto);
      EXPECT_EQ(prepared_in_session(tx), 1);
    }
  }
}

TEST(PreparedText, AFailedStatementLeavesThePreparationUsable) {
  ScratchDatabase db("prepared-fail");
  pqxx::connection connection(db.owner_dsn());
  {
    pqxx::work tx(connection);
    EXPECT_THROW(pg::exec_prepared_text(tx, squares, "not a number", 2), pqxx::data_exception);
  }
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(pg::exec_prepared_text(tx, squares, 2, 3).size(), 2u);
}

}  // namespace
}  // namespace vextrus::testing

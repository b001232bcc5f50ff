// The commit's one statement of many writes, against a real PostgreSQL: each part keeps its own
// parameters, reports the rows it wrote, can be made to wait for another part, and, run outside
// a transaction block, fails itself on a part's unexpected row count.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/write_statement.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

class WriteStatement : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.scalar("CREATE TABLE a (id text PRIMARY KEY, n bigint)");
    db_.scalar("CREATE TABLE b (id text PRIMARY KEY, note text)");
  }

  ScratchDatabase db_{"writestatement"};
  pqxx::connection connection_{db_.owner_dsn()};
};

TEST_F(WriteStatement, EachPartReadsItsOwnParametersAndReportsItsRows) {
  pg::WriteStatement writes;
  // Eleven parameters after two: $10 and $11 of the second part must not be read as $1 and a 0.
  const auto first = writes.add("INSERT INTO a VALUES ($1, $2::bigint), ($2, 7) RETURNING 1", {"x", "5"});
  std::string values;
  std::vector<std::string> params;
  for (int i = 1; i <= 11; ++i) {
    values += std::string(i > 1 ? ", " : "") + "($" + std::to_string(i) + ", 'note " + std::to_string(i) + "')";
    params.push_back("b" + std::to_string(i));
  }
  const auto second = writes.add("INSERT INTO b VALUES " + values + " RETURNING 1", params);
  const auto none = writes.add("DELETE FROM b WHERE id = $1 RETURNING 1", {"absent"});
  pqxx::work tx(connection_);
  const auto written = writes.run(tx);
  tx.commit();
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written[first], 2);
  EXPECT_EQ(written[second], 11);
  EXPECT_EQ(written[none], 0);
  EXPECT_EQ(db_.rows("SELECT id, n FROM a ORDER BY id"), (std::vector<std::string>{"5|7", "x|5"}));
  EXPECT_EQ(db_.scalar("SELECT string_agg(id, ',' ORDER BY note) FROM b WHERE note IN ('note 10', 'note 11')"),
            "b10,b11");
}

// The timers' replacement: the keys deleted come back in the same statement. (PostgreSQL runs an
// insert that does not wait whenever its rows are first read, and then fails on the keys not yet
// deleted; run() happens to read the parts in order, so this checks the outcome, not the wait.)
TEST_F(WriteStatement, APartMadeToWaitSeesTheRowsTheEarlierOneDeleted) {
  db_.scalar("INSERT INTO a SELECT 'k' || i, i FROM generate_series(1, 100) i");
  pg::WriteStatement writes;
  std::vector<std::string> ids;
  for (int i = 1; i <= 100; ++i) ids.push_back("k" + std::to_string(i));
  const auto deletion = writes.add("DELETE FROM a WHERE id = ANY($1::text[]) RETURNING 1", {pg::text_array(ids)});
  const auto insertion =
      writes.add("INSERT INTO a SELECT 'k' || i, 1000 + i FROM generate_series(1, $1::integer) i WHERE " +
                     writes.completed(deletion) + " RETURNING 1",
                 {"100"});
  pqxx::work tx(connection_);
  const auto written = writes.run(tx);
  tx.commit();
  EXPECT_EQ(written[deletion], 100);
  EXPECT_EQ(written[insertion], 100);
  EXPECT_EQ(db_.scalar("SELECT min(n) || '-' || max(n) || '/' || count(*) FROM a"), "1001-1100/100");
}

TEST_F(WriteStatement, AFailingPartWritesNothingOfTheOthers) {
  db_.scalar("INSERT INTO b VALUES ('taken', 'first')");
  pg::WriteStatement writes;
  writes.add("INSERT INTO a VALUES ($1, 1) RETURNING 1", {"written?"});
  writes.add("INSERT INTO b VALUES ($1, 'second') RETURNING 1", {"taken"});
  {
    pqxx::work tx(connection_);
    EXPECT_THROW(writes.run(tx), pqxx::unique_violation);
  }
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM a"), "0");
}

// As a commit sent as its statement alone does: once it returns it is committed, so a fenced
// offset write (no row) must fail the statement itself.
TEST_F(WriteStatement, OutsideATransactionAnUnexpectedRowCountWritesNothing) {
  pg::apply_migrations(db_.owner_dsn());  // vextrus_expect_rows
  db_.scalar("INSERT INTO b VALUES ('owner', 'epoch 2')");
  const auto statement = [](const std::string& epoch) {
    pg::WriteStatement writes;
    writes.add("INSERT INTO a VALUES ($1, 1) RETURNING 1", {"row-" + epoch});
    const auto fenced = writes.add("UPDATE b SET note = note WHERE id = 'owner' AND note = $1 RETURNING 1", {epoch});
    writes.expect_rows(fenced, 1);
    return writes;
  };
  {
    pqxx::nontransaction tx(connection_);
    try {
      statement("epoch 1").run(tx);
      ADD_FAILURE() << "the statement ran with the wrong count";
    } catch (const pqxx::sql_error& e) {
      EXPECT_EQ(e.sqlstate(), pg::WriteStatement::unexpected_rows) << e.what();
    }
  }
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM a"), "0");
  {
    pqxx::nontransaction tx(connection_);
    EXPECT_EQ(statement("epoch 2").run(tx), (std::vector<std::int64_t>{1, 1}));
  }
  EXPECT_EQ(db_.scalar("SELECT string_agg(id, ',') FROM a"), "row-epoch 2");
  EXPECT_THROW(pg::WriteStatement().expect_rows(0, 1), std::logic_error);
}

TEST_F(WriteStatement, AnEmptyStatementSendsNothing) {
  pg::WriteStatement writes;
  EXPECT_TRUE(writes.empty());
  pqxx::work tx(connection_);
  EXPECT_TRUE(writes.run(tx).empty());
  EXPECT_THROW(writes.completed(0), std::logic_error);
}

}  // namespace
}  // namespace vextrus::testing

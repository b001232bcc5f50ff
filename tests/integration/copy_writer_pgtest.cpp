// The COPY lines the partition store sends, read back from a real PostgreSQL: every byte COPY's
// text format treats specially survives, NULL stays NULL, and a short row is refused before it
// is sent.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/copy_row.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

TEST(CopyWriter, EveryByteRoundTrips) {
  ScratchDatabase db("copywriter");
  pqxx::connection connection(db.owner_dsn());
  pqxx::work tx(connection);
  tx.exec("CREATE TEMPORARY TABLE copied (id bigint, value text, maybe text)");
  std::string every_ascii;  // text holds no NUL, and the database is UTF-8
  for (int c = 1; c < 128; ++c) every_ascii.push_back(static_cast<char>(c));
  const std::vector<std::string> values{
      "", "plain", "tab\there", "line\nbreak\r\n", "back\\slash\\N", "\\.", "\xe0\xa6\xaa\xe0\xa7\x82", every_ascii};
  {
    pg::CopyWriter copy(tx, "copied", {"id", "value", "maybe"});
    for (std::size_t i = 0; i < values.size(); ++i) {
      copy.row()
          .add(static_cast<std::int64_t>(i) - 3)
          .add(values[i])
          .add(i % 2 ? std::optional<std::string>(values[i]) : std::nullopt);
      copy.end_row();
    }
    copy.complete();
  }
  const auto rows = tx.exec("SELECT id, value, maybe FROM copied ORDER BY id");
  ASSERT_EQ(rows.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(rows[i][0].as<std::int64_t>(), static_cast<std::int64_t>(i) - 3);
    EXPECT_EQ(rows[i][1].as<std::string>(), values[i]);
    EXPECT_EQ(rows[i][2].is_null(), i % 2 == 0);
    if (i % 2) {
      EXPECT_EQ(rows[i][2].as<std::string>(), values[i]);
    }
  }
}

TEST(CopyWriter, ARowWithTheWrongNumberOfValuesIsRefused) {
  ScratchDatabase db("copywriter");
  pqxx::connection connection(db.owner_dsn());
  pqxx::work tx(connection);
  tx.exec("CREATE TEMPORARY TABLE copied (id bigint, value text)");
  pg::CopyWriter copy(tx, "copied", {"id", "value"});
  copy.row().add(std::int64_t{1});
  EXPECT_THROW(copy.end_row(), std::logic_error);
}

}  // namespace
}  // namespace vextrus::testing

// The JSON rows the partition store sends, read back from a real PostgreSQL the way migration
// 010's functions read them (json_populate_recordset): every byte survives, NULL stays NULL, a
// JSON value stays that value, and a short row is refused before it is sent.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/json_rows.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

TEST(JsonRows, EveryByteRoundTrips) {
  ScratchDatabase db("jsonrows");
  pqxx::connection connection(db.owner_dsn());
  pqxx::work tx(connection);
  tx.exec("CREATE TEMPORARY TABLE sent (id bigint, value text, maybe text, detail jsonb, tags text[])");
  std::string every_ascii;  // text holds no NUL, and the database is UTF-8
  for (int c = 1; c < 128; ++c) every_ascii.push_back(static_cast<char>(c));
  const std::vector<std::string> values{"", "plain", "tab\there", "line\nbreak\r\n", "back\\slash\\N", "\"quoted\"",
                                        "\xe0\xa6\xaa\xe0\xa7\x82", every_ascii};
  pg::JsonRows rows({"id", "value", "maybe", "detail", "tags"});
  for (std::size_t i = 0; i < values.size(); ++i) {
    rows.add(static_cast<std::int64_t>(i) - 3).add(values[i])
        .add(i % 2 ? std::optional<std::string>(values[i]) : std::nullopt)
        .add_json(R"({"n":)" + std::to_string(i) + R"(,"s":"a\"b"})").add(std::string(R"({"x","y z"})"));
    rows.end_row();
  }
  tx.exec_params("INSERT INTO sent SELECT * FROM json_populate_recordset(NULL::sent, $1::json)", std::move(rows).take());
  const auto read = tx.exec("SELECT id, value, maybe, detail ->> 'n', detail ->> 's', tags[2] FROM sent ORDER BY id");
  ASSERT_EQ(read.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(read[i][0].as<std::int64_t>(), static_cast<std::int64_t>(i) - 3);
    EXPECT_EQ(read[i][1].as<std::string>(), values[i]);
    EXPECT_EQ(read[i][2].is_null(), i % 2 == 0);
    if (i % 2) {
      EXPECT_EQ(read[i][2].as<std::string>(), values[i]);
    }
    EXPECT_EQ(read[i][3].as<std::string>(), std::to_string(i));
    EXPECT_EQ(read[i][4].as<std::string>(), "a\"b");
    EXPECT_EQ(read[i][5].as<std::string>(), "y z");
  }
}

TEST(JsonRows, ARowWithTheWrongNumberOfValuesIsRefused) {
  pg::JsonRows rows({"id", "value"});
  rows.add(std::int64_t{1});
  EXPECT_THROW(rows.end_row(), std::logic_error);
  pg::JsonRows full({"id"});
  full.add(std::int64_t{1});
  EXPECT_THROW(full.add(std::int64_t{2}), std::logic_error);
}

}  // namespace
}  // namespace vextrus::testing

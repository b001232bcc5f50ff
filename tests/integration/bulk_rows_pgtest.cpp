// The partition store's bulk rows, read back from a real PostgreSQL: a few rows go as one INSERT
// of a JSON array, many by COPY, and the stored rows are the same either way, whatever bytes the
// values hold, NULLs and jsonb included.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/bulk_rows.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

std::vector<std::string> tricky_values() {
  std::string every_ascii;  // text holds no NUL, and the database is UTF-8
  for (int c = 1; c < 128; ++c) every_ascii.push_back(static_cast<char>(c));
  return {"",
          "plain",
          "tab\there",
          "line\nbreak\r\n",
          "back\\slash\\N",
          "\\.",
          "quote\"d",
          "\xe0\xa6\xaa\xe0\xa7\x82",
          every_ascii};
}

// Writes `count` rows into `table` and returns them as text, in id order, with whether they
// went as JSON (the JSON way prepares its INSERT on the connection; COPY prepares nothing).
std::pair<std::vector<std::string>, bool> write_and_read(pqxx::connection& connection, const std::string& table,
                                                         std::size_t count) {
  pqxx::work tx(connection);
  tx.exec("CREATE TABLE " + table + " (id bigint, value text, maybe text, detail jsonb, at timestamptz)");
  const auto values = tricky_values();
  pg::BulkRows rows(tx, table, {"id", "value", "maybe", "detail", "at"}, count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& value = values[i % values.size()];
    std::string detail =
        "{\"n\": " + std::to_string(i) + ", \"list\": [1, \"two\", null], \"nested\": {\"b\": true, \"a\": 0.5}}";
    rows.add(static_cast<std::int64_t>(i) - 3)
        .add(value)
        .add(i % 2 ? std::optional<std::string>(value) : std::nullopt)
        .add_json(detail)
        .add("2026-11-30T06:0" + std::to_string(i % 10) + ":00.123456Z");
    rows.end_row();
  }
  pg::WriteStatement writes;
  rows.complete(writes);
  const auto written = writes.run(tx);
  EXPECT_EQ(written, (count > pg::BulkRows::few_rows ? std::vector<std::int64_t>{}
                                                     : std::vector<std::int64_t>{static_cast<std::int64_t>(count)}))
      << "a few rows are a part of the statement, many went by COPY";
  const bool as_json =
      tx.exec1("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO " + table + " %'")[0]
          .as<int>() > 0;
  std::vector<std::string> stored;
  for (const auto& row : tx.exec("SELECT id, value, maybe, detail::text, at FROM " + table + " ORDER BY id")) {
    std::string text;
    for (const auto& field : row) text += (field.is_null() ? std::string("<NULL>") : field.as<std::string>()) + "|";
    stored.push_back(text);
  }
  tx.commit();
  return {stored, as_json};
}

TEST(BulkRows, AFewRowsGoAsJsonManyByCopyAndBothStoreTheSame) {
  ScratchDatabase db("bulkrows");
  pqxx::connection connection(db.owner_dsn());
  const auto few = pg::BulkRows::few_rows;
  const auto [as_json, json_way] = write_and_read(connection, "few", few);
  const auto [as_copy, json_again] = write_and_read(connection, "many", few + 1);
  EXPECT_TRUE(json_way);
  EXPECT_FALSE(json_again);
  ASSERT_EQ(as_json.size(), few);
  ASSERT_EQ(as_copy.size(), few + 1);
  for (std::size_t i = 0; i < few; ++i) EXPECT_EQ(as_json[i], as_copy[i]) << i;
  // And the values are the ones sent, not merely equal to each other.
  const auto values = tricky_values();
  for (std::size_t i = 0; i < few; ++i) {
    const auto& value = values[i % values.size()];
    const auto expected = std::to_string(static_cast<std::int64_t>(i) - 3) + "|" + value + "|" +
                          (i % 2 ? value : std::string("<NULL>")) + "|";
    EXPECT_EQ(as_json[i].substr(0, expected.size()), expected) << i;
    EXPECT_NE(as_json[i].find("{\"n\": " + std::to_string(i) + ", \"list\": [1, \"two\", null]"), std::string::npos)
        << as_json[i];  // a jsonb object, not a JSON string
  }
}

TEST(BulkRows, ARowWithTheWrongNumberOfValuesIsRefusedEitherWay) {
  ScratchDatabase db("bulkrows");
  pqxx::connection connection(db.owner_dsn());
  pqxx::work tx(connection);
  tx.exec("CREATE TEMPORARY TABLE t (id bigint, value text)");
  for (const std::size_t count : {std::size_t{1}, pg::BulkRows::few_rows + 1}) {
    pg::BulkRows rows(tx, "t", {"id", "value"}, count);
    rows.add(std::int64_t{1});
    EXPECT_THROW(rows.end_row(), std::logic_error) << count;
  }
}

}  // namespace
}  // namespace vextrus::testing

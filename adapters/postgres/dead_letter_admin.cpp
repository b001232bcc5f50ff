#include "adapters/postgres/dead_letter_admin.hpp"

#include <pqxx/pqxx>

#include "adapters/postgres/dead_letter_row.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

constexpr int fetch_size = 500;  // dead letters per round trip (each up to 1 MiB of payload)

}  // namespace

std::int64_t for_each_dead_letter(const std::string& dsn, const DeadLetterFilter& filter,
                                  const std::function<void(const StoredDeadLetter&)>& each) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  const std::optional<std::string> since = filter.since ? std::optional(timestamp_text(*filter.since)) : std::nullopt;
  tx.exec_params(
      "DECLARE dead_letter_cursor NO SCROLL CURSOR FOR SELECT d.id, d.topic, d.partition, d.\"offset\", d.key,"
      " d.reason, d.detail, d.payload, " +
          micros_of("d.received_at") +
          ", (SELECT count(*) FROM dead_letter_redrives r WHERE r.dead_letter_id = d.id) FROM dead_letters d"
          " WHERE ($1::bigint IS NULL OR d.id = $1) AND ($2::text IS NULL OR d.reason = $2)"
          " AND ($3::timestamptz IS NULL OR d.received_at >= $3::timestamptz) ORDER BY d.id",
      filter.id, filter.reason, since);
  std::int64_t count = 0;
  for (;;) {
    const auto rows = tx.exec("FETCH " + std::to_string(fetch_size) + " FROM dead_letter_cursor");
    if (rows.empty()) break;
    for (const auto& row : rows) {
      StoredDeadLetter letter;
      letter.id = row[0].as<std::int64_t>();
      letter.row = dead_letter_of(row, 1);
      letter.redrives = row[9].as<std::int64_t>();
      each(letter);
      ++count;
    }
  }
  return count;
}

void record_redrives(const std::string& dsn, const std::vector<std::int64_t>& ids, const std::string& by) {
  if (ids.empty()) return;
  pqxx::connection connection(dsn);
  pqxx::work tx(connection);
  tx.exec_params("INSERT INTO dead_letter_redrives (dead_letter_id, redriven_by) SELECT unnest($1::bigint[]), $2",
                 bigint_array(ids), by);
  tx.commit();
}

}  // namespace vextrus::pg

#include "adapters/postgres/dead_letter_admin.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "adapters/json/audit_codec.hpp"
#include "adapters/postgres/api_sql.hpp"
#include "adapters/postgres/dead_letter_row.hpp"
#include "adapters/postgres/ops_audit.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::pg {
namespace {

constexpr int fetch_size = 500;  // dead letters per round trip (each up to 1 MiB of payload)

// The filter's condition on dead_letters d, parameters $1 to $5.
const std::string matching =
    " WHERE ($1::bigint IS NULL OR d.id = $1) AND ($2::text IS NULL OR d.reason = $2)"
    " AND ($3::text IS NULL OR d.topic = $3) AND ($4::timestamptz IS NULL OR d.received_at >= $4)"
    " AND ($5::timestamptz IS NULL OR d.received_at < $5)";

}  // namespace

std::int64_t count_dead_letters(const std::string& dsn, const DeadLetterFilter& filter) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  return tx
      .exec_params1("SELECT count(*) FROM dead_letters d" + matching, filter.id, filter.reason, filter.topic,
                    time_or_null(filter.since), time_or_null(filter.until))[0]
      .as<std::int64_t>();
}

std::int64_t for_each_dead_letter(const std::string& dsn, const DeadLetterFilter& filter,
                                  const std::function<void(const StoredDeadLetter&)>& each) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  tx.exec_params(
      "DECLARE dead_letter_cursor NO SCROLL CURSOR FOR SELECT d.id, d.topic, d.partition, d.\"offset\", d.key,"
      " d.reason, d.detail, d.payload, " +
          micros_of("d.received_at") +
          ", (SELECT count(*) FROM dead_letter_redrives r WHERE r.dead_letter_id = d.id) FROM dead_letters d" +
          matching + " ORDER BY d.id",
      filter.id, filter.reason, filter.topic, time_or_null(filter.since), time_or_null(filter.until));
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

std::string record_redrive(const std::string& dsn, const Redrive& redrive) {
  pqxx::connection connection(dsn);
  pqxx::work tx(connection);
  if (!redrive.dry_run && !redrive.ids.empty()) {
    tx.exec_params("INSERT INTO dead_letter_redrives (dead_letter_id, redriven_by) SELECT unnest($1::bigint[]), $2",
                   bigint_array(redrive.ids), redrive.by);
  }
  const nlohmann::json detail{
      {"reason", redrive.reason}, {"dead_letter_ids", redrive.ids}, {"dry_run", redrive.dry_run}};
  const auto record = append_ops_record(tx, {"dead_letter", redrive.single ? std::to_string(*redrive.single) : "batch",
                                             std::string(domain::name(domain::AuditAction::redriven)), redrive.by,
                                             detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
  tx.commit();
  return adapters::audit_message(record.canonical, record.hash);
}

}  // namespace vextrus::pg

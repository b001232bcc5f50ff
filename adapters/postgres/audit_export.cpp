#include "adapters/postgres/audit_export.hpp"

#include <pqxx/pqxx>

#include "adapters/json/audit_codec.hpp"

namespace vextrus::pg {
namespace {

constexpr int fetch_size = 10'000;

// audit_log's columns in table order (migration 001), timestamps as the records write them.
const char* const csv_header =
    "chain,seq,entity_type,entity_id,event_id,action,actor_id,actor_role,status_before,status_after,"
    "occurred_at,recorded_at,detail,prev_hash,hash,canonical";

std::string utc(const char* column) {
  return std::string("to_char(") + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}

}  // namespace

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::int64_t export_audit(const std::string& dsn, const AuditExport& request, std::ostream& out,
                          const std::function<void(std::int64_t)>& progress) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  // The days are Asia/Dhaka's: from its midnight starting `from` to the one ending `to`.
  tx.exec_params(
      "DECLARE export_cursor NO SCROLL CURSOR FOR SELECT chain, seq, entity_type, entity_id, event_id, action,"
      " actor_id, actor_role, status_before, status_after, " +
          utc("occurred_at") + ", " + utc("recorded_at") +
          ", detail::text, prev_hash, hash, canonical FROM audit_log"
          " WHERE recorded_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Dhaka')"
          " AND recorded_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Dhaka')"
          " AND ($3::text IS NULL OR entity_id = $3)"
          " ORDER BY recorded_at, chain, seq",
      domain::format_date(request.from), domain::format_date(request.to), request.entity_id);
  if (request.format == ExportFormat::csv) out << csv_header << "\r\n";
  std::int64_t written = 0;
  for (;;) {
    const auto rows = tx.exec("FETCH " + std::to_string(fetch_size) + " FROM export_cursor");
    if (rows.empty()) break;
    for (const auto& row : rows) {
      if (request.format == ExportFormat::ndjson) {
        out << adapters::audit_message(row["canonical"].c_str(), row["hash"].c_str()) << '\n';
      } else {
        for (pqxx::row::size_type i = 0; i < row.size(); ++i) {
          if (i > 0) out << ',';
          if (!row[i].is_null()) out << csv_field(row[i].as<std::string>());
        }
        out << "\r\n";
      }
      if (++written % 100'000 == 0 && progress) progress(written);
    }
  }
  out.flush();
  return written;
}

}  // namespace vextrus::pg

#include "adapters/postgres/audit_export.hpp"

#include <pqxx/pqxx>

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/csv_field.hpp"
#include "adapters/postgres/api_sql.hpp"

namespace vextrus::pg {
namespace {

constexpr int fetch_size = 10'000;

// audit_log's columns in table order (migration 001), timestamps as the records write them.
const char* const csv_header =
    "chain,seq,entity_type,entity_id,event_id,action,actor_id,actor_role,status_before,status_after,"
    "occurred_at,recorded_at,detail,prev_hash,hash,canonical";

}  // namespace

struct AuditExportReader::Impl {
  pqxx::connection connection;
  pqxx::read_transaction tx;
  ExportFormat format;
  bool header_written = false;
  bool done = false;
  pqxx::result rows;  // the fetched rows not yet written, from `row`
  pqxx::result::size_type row = 0;

  Impl(const std::string& dsn, ExportFormat f) : connection(dsn), tx(connection), format(f) {}
};

AuditExportReader::AuditExportReader(const std::string& dsn, const AuditExport& request)
    : impl_(std::make_unique<Impl>(dsn, request.format)) {
  // The days are Asia/Dhaka's: from its midnight starting `from` to the one ending `to`.
  impl_->tx.exec_params(
      "DECLARE export_cursor NO SCROLL CURSOR FOR SELECT chain, seq, entity_type, entity_id, event_id, action,"
      " actor_id, actor_role, status_before, status_after, " +
          utc("occurred_at") + ", " + utc("recorded_at") +
          ", detail::text, prev_hash, hash, canonical FROM audit_log"
          " WHERE recorded_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Dhaka')"
          " AND recorded_at < (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Dhaka')"
          " AND ($3::text IS NULL OR entity_id = $3)"
          " ORDER BY recorded_at, chain, seq",
      domain::format_date(request.from), domain::format_date(request.to), request.entity_id);
}

AuditExportReader::~AuditExportReader() = default;

std::optional<std::string> AuditExportReader::next(std::size_t bytes) {
  auto& r = *impl_;
  std::string out;
  if (!r.header_written) {
    r.header_written = true;
    if (r.format == ExportFormat::csv) out = std::string(csv_header) + "\r\n";
  }
  while (out.size() < bytes && !r.done) {
    if (r.row == r.rows.size()) {
      r.rows = r.tx.exec("FETCH " + std::to_string(fetch_size) + " FROM export_cursor");
      r.row = 0;
      if (r.rows.empty()) {
        r.done = true;
        break;
      }
    }
    const auto row = r.rows[r.row++];
    if (r.format == ExportFormat::ndjson) {
      out += adapters::audit_message(row["canonical"].c_str(), row["hash"].c_str());
      out.push_back('\n');
    } else {
      for (pqxx::row::size_type i = 0; i < row.size(); ++i) {
        if (i > 0) out.push_back(',');
        if (!row[i].is_null()) out += adapters::csv_field(row[i].as<std::string>());
      }
      out += "\r\n";
    }
    ++records_;
  }
  if (out.empty() && r.done) return std::nullopt;
  return out;
}

std::int64_t export_audit(const std::string& dsn, const AuditExport& request, std::ostream& out,
                          const std::function<void(std::int64_t)>& progress) {
  AuditExportReader reader(dsn, request);
  std::int64_t reported = 0;
  while (const auto piece = reader.next()) {
    out << *piece;
    if (progress && reader.records() / 100'000 > reported) {
      reported = reader.records() / 100'000;
      progress(reader.records());
    }
  }
  out.flush();
  return reader.records();
}

}  // namespace vextrus::pg

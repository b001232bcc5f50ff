#pragma once
// `audit export` (README.md, docs/audit.md): the audit records whose recorded_at falls on the given
// days (inclusive, Asia/Dhaka), oldest first, as NDJSON (each line the record as published on
// vextrus.audit) or CSV (a header, then the columns of audit_log in table order). Streams
// through a server-side cursor, so memory stays bounded whatever the number of records.

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "domain/time.hpp"

namespace vextrus::pg {

enum class ExportFormat { ndjson, csv };

struct AuditExport {
  domain::Date from;
  domain::Date to;  // inclusive
  std::optional<std::string> entity_id;
  ExportFormat format = ExportFormat::ndjson;
};

// Writes the records to `out`; `progress` is called every 100,000 records with the count so far.
// Returns how many were written. Throws on a database failure.
std::int64_t export_audit(const std::string& dsn, const AuditExport& request, std::ostream& out,
                          const std::function<void(std::int64_t)>& progress);

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& value);

}  // namespace vextrus::pg

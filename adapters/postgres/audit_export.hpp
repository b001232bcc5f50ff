#pragma once
// `audit export` (README.md, docs/audit.md): the audit records whose recorded_at falls on the given
// days (inclusive, Asia/Dhaka), oldest first, as NDJSON (each line the record as published on
// vextrus.audit) or CSV (a header, then the columns of audit_log in table order). Streams
// through a server-side cursor, so memory stays bounded whatever the number of records.

#include <cstdint>
#include <functional>
#include <memory>
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

// The export, read piece by piece (the command writes each to stdout, GET /v1/audit/export sends
// each as a chunk): a connection and a read transaction of its own, held until the end. Used by
// one thread at a time. Throws on a database failure.
class AuditExportReader {
 public:
  AuditExportReader(const std::string& dsn, const AuditExport& request);
  ~AuditExportReader();
  // The next records (the CSV header first), whole lines of about `bytes`; nullopt at the end.
  std::optional<std::string> next(std::size_t bytes = 64 * 1024);
  std::int64_t records() const { return records_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::int64_t records_ = 0;
};

// Writes the records to `out`; `progress` is called every 100,000 records with the count so far.
// Returns how many were written. Throws on a database failure.
std::int64_t export_audit(const std::string& dsn, const AuditExport& request, std::ostream& out,
                          const std::function<void(std::int64_t)>& progress);

}  // namespace vextrus::pg

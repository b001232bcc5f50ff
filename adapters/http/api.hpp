#pragma once
// What the /v1 API of docs/openapi.yaml reads, as seen from the HTTP adapter. The PostgreSQL
// adapter implements it (pg::ApiQueries); the HTTP adapter validates requests, calls it and
// writes the replies. Implementations are called from several HTTP threads at once.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace vextrus::http {

enum class EntityKind { purchase_order, invoice, onboarding };

struct AuditQuery {
  std::optional<std::string> entity_id;
  std::optional<std::string> chain;
  std::optional<domain::Timestamp> from;  // occurred_at >= from
  std::optional<domain::Timestamp> to;    // occurred_at < to
  int limit = 100;
  // Records after this one (a cursor of a previous page), in (chain, seq) order.
  std::optional<std::pair<std::string, std::int64_t>> after;
};

struct AuditPage {
  std::vector<std::string> records;  // each as published on vextrus.audit: canonical JSON + hash
  std::optional<std::pair<std::string, std::int64_t>> last;  // set when more records follow
};

struct AuditVerification {
  bool ok = true;
  std::int64_t chains = 0;
  std::int64_t records = 0;
  struct Break {
    std::string chain;
    std::int64_t seq = 0;
    std::string expected;
    std::string found;
  };
  std::optional<Break> first_break;
};

// A page of a list, read by its key (keyset pagination, never OFFSET): `after` is the key of the
// last item of the previous page, as the backend gave it.
struct PageRequest {
  int limit = 50;
  std::optional<std::string> after;
  bool oldest_first = false;  // `order=asc`, on the lists that take it
};

struct Page {
  std::vector<std::string> items;       // JSON objects
  std::optional<std::string> last_key;  // set when more items follow
};

// The filters of each list, validated and typed by the HTTP adapter (nullopt: not given).
struct PurchaseOrderFilter {
  std::optional<std::string> status, pending_role, department, vendor_id, requester_id;
  std::optional<domain::Money> min_total, max_total;
  std::optional<domain::Timestamp> submitted_from, submitted_to;  // [from, to)
};

struct InvoiceFilter {
  std::optional<std::string> status, vendor_id, vendor_bin, hold_reason, po_id;
  std::optional<bool> overdue, mushak_6_10;
  std::optional<domain::Date> invoice_from, invoice_to;  // inclusive
};

struct OnboardingFilter {
  std::optional<std::string> status, department, task_status;
  std::optional<domain::Date> start_from, start_to;  // inclusive
};

struct PendingFilter {
  std::optional<std::string> workflow, role;
  std::optional<std::int64_t> older_than_seconds;  // pending for longer than this
};

struct OverdueFilter {
  std::optional<std::string> workflow;
};

struct DeadLetterFilter {
  std::optional<std::string> reason, topic;
  std::optional<domain::Timestamp> since, until;  // [since, until)
};

// A report's period: a fiscal year (July to June) or one month of it, as days [from, until).
struct ReportPeriod {
  domain::Date from;
  domain::Date until;
};

// A report as a table: named columns and rows of text cells (money as decimal text, days as
// YYYY-MM-DD; nullopt for NULL). The HTTP adapter writes it as JSON or CSV.
struct Report {
  struct Column {
    std::string name;
    bool count = false;  // a whole number, written as a JSON number; anything else is a string
    bool money = false;  // BDT as decimal text, summed into the report's totals
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// The console's overview (GET /v1/summary).
struct Summary {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::int64_t>>>>
      counts;  // workflow -> status -> count
  std::int64_t dead_letters_last_24h = 0;
  std::optional<std::string> last_verification;  // a JSON object: when, by whom, and its result
  // What waits for each role, and what is overdue, with the oldest of each: JSON arrays of
  // objects, as PostgreSQL built them.
  std::string pending_by_role = "[]";
  std::string overdue = "[]";
};

// The days of `audit export` (Asia/Dhaka, inclusive), streamed.
struct AuditExportQuery {
  domain::Date from;
  domain::Date to;
  std::optional<std::string> entity_id;
  bool csv = false;
};

// The next piece of a streamed answer, nullopt at its end; called again only after the previous
// piece was written, from one thread at a time. Throws on a failure.
using Chunks = std::function<std::optional<std::string>()>;

class ApiBackend {
 public:
  virtual ~ApiBackend() = default;
  // The entity as a JSON object (without its audit history unless `history`), or nullopt when
  // unknown. Throws on a database failure.
  virtual std::optional<std::string> entity(EntityKind kind, const std::string& id, bool history) = 0;
  virtual AuditPage audit(const AuditQuery& query) = 0;
  // Verifies every chain and records the result, with `by`, for the summary's last verification.
  virtual AuditVerification verify(const std::string& by) = 0;
  // Newest first by an immutable key (submission, receipt, start date), the id breaking ties.
  virtual Page purchase_orders(const PurchaseOrderFilter& filter, const PageRequest& page) = 0;
  virtual Page invoices(const InvoiceFilter& filter, const PageRequest& page) = 0;
  virtual Page onboardings(const OnboardingFilter& filter, const PageRequest& page) = 0;
  // Oldest pending first; each item has workflow, entity_id, pending_role, amount, pending_since
  // and policy_id.
  virtual Page pending_approvals(const PendingFilter& filter, const PageRequest& page) = 0;
  // Earliest due first.
  virtual Page overdue(const OverdueFilter& filter, const PageRequest& page) = 0;
  virtual Page dead_letters(const DeadLetterFilter& filter, const PageRequest& page) = 0;
  // One dead letter with its original bytes (UTF-8 text, or base64), or nullopt.
  virtual std::optional<std::string> dead_letter(std::int64_t id) = 0;

  // VAT by fiscal month of the invoice date: month, invoices, subtotal, vat_amount, vat_computed,
  // vds_amount. Rejected invoices do not count.
  virtual Report vat_report(const ReportPeriod& period) = 0;
  // VDS and TDS by vendor category, over the invoices dated in the period.
  virtual Report withholding_report(const ReportPeriod& period) = 0;
  // One row per invoice whose VAT was deducted at source in the period (at its first payment, on
  // that day in Asia/Dhaka), by supplier, month and day: the lines of Mushak-6.6 certificates.
  virtual Report vds_certificate_lines(const ReportPeriod& period) = 0;
  virtual Summary summary() = 0;
  // The records of `audit export` for the query, the very bytes, in pieces.
  virtual Chunks audit_export(const AuditExportQuery& query) = 0;
};

// Re-publishes dead letters (POST /v1/dead-letters/.../redrive), as `dead-letters redrive` does,
// and records the operator's action in the audit trail's chain "ops".
struct RedriveOrder {
  std::optional<std::int64_t> id;  // one dead letter; otherwise those of `filter`
  DeadLetterFilter filter;
  std::string reason;  // why, from the operator
  bool dry_run = false;
  std::string actor;  // the token's name
};

struct RedriveOutcome {
  std::vector<std::int64_t> dead_letter_ids;  // re-published, or that would be in a dry run
  std::string audit_record;                   // the "redriven" record, as /v1/audit shows it
};

class Redriver {
 public:
  virtual ~Redriver() = default;
  // Throws std::invalid_argument when the order cannot be carried out as given (too many
  // matches, no such dead letter), anything else on a failure of Kafka or PostgreSQL.
  virtual RedriveOutcome redrive(const RedriveOrder& order) = 0;
};

}  // namespace vextrus::http

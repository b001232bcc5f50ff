// The reports, the overview and the audit export of the /v1 API (docs/openapi.yaml "Reports").
// Each report reads the invoices of one period through an index on the date that selects them
// (invoices_date, invoices_first_paid): a scan bounded by the period, never by the history.

#include <pqxx/pqxx>

#include "adapters/postgres/api_queries_impl.hpp"
#include "adapters/postgres/api_sql.hpp"
#include "adapters/postgres/audit_export.hpp"
#include "adapters/postgres/audit_verifier.hpp"

namespace vextrus::pg {
namespace {

using Column = http::Report::Column;

const Column text_column(const char* name) { return {name, false, false}; }
const Column count_column(const char* name) { return {name, true, false}; }
const Column money_column(const char* name) { return {name, false, true}; }

// Invoices that count: all but the rejected (as v_vat_by_fiscal_month and
// v_withholding_by_category count them).
const std::string vat_sql =
    "SELECT to_char(date_trunc('month', invoice_date), 'YYYY-MM'), count(*), sum(subtotal)::text,"
    " sum(vat_amount)::text, sum(vat_computed)::text, sum(vds_amount)::text FROM invoices"
    " WHERE invoice_date >= $1::date AND invoice_date < $2::date AND status <> 'rejected'"
    " GROUP BY 1 ORDER BY 1";

const std::string withholding_sql =
    "SELECT vendor_category, count(*), sum(subtotal)::text, sum(vds_amount)::text, sum(tds_amount)::text"
    " FROM invoices WHERE invoice_date >= $1::date AND invoice_date < $2::date AND status <> 'rejected'"
    " GROUP BY 1 ORDER BY 1";

// VAT is deducted at source at an invoice's first payment, on that day in Asia/Dhaka.
const std::string deducted_on = "(first_paid_at AT TIME ZONE 'Asia/Dhaka')";
const std::string certificates_sql = "SELECT vendor_id, vendor_name, vendor_bin, to_char(" + deducted_on +
                                     ", 'YYYY-MM'), invoice_id, invoice_number, " + day("invoice_date") +
                                     ", subtotal::text, vat_amount::text, vds_amount::text, to_char(" + deducted_on +
                                     ", 'YYYY-MM-DD') FROM invoices"
                                     " WHERE first_paid_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Dhaka')"
                                     " AND first_paid_at < ($2::date::timestamp AT TIME ZONE 'Asia/Dhaka')"
                                     " AND vds_amount > 0 AND status <> 'rejected'"
                                     " ORDER BY vendor_id, 4, 11, invoice_number, invoice_id";

}  // namespace

http::Report ApiQueries::vat_report(const http::ReportPeriod& period) {
  return impl_->report(vat_sql,
                       {text_column("month"), count_column("invoices"), money_column("subtotal"),
                        money_column("vat_amount"), money_column("vat_computed"), money_column("vds_amount")},
                       domain::format_date(period.from), domain::format_date(period.until));
}

http::Report ApiQueries::withholding_report(const http::ReportPeriod& period) {
  return impl_->report(withholding_sql,
                       {text_column("vendor_category"), count_column("invoices"), money_column("subtotal"),
                        money_column("vds_amount"), money_column("tds_amount")},
                       domain::format_date(period.from), domain::format_date(period.until));
}

http::Report ApiQueries::vds_certificate_lines(const http::ReportPeriod& period) {
  return impl_->report(
      certificates_sql,
      {text_column("supplier_id"), text_column("supplier_name"), text_column("supplier_bin"), text_column("month"),
       text_column("invoice_id"), text_column("invoice_number"), text_column("invoice_date"), money_column("value"),
       money_column("vat_amount"), money_column("vds_amount"), text_column("deducted_on")},
      domain::format_date(period.from), domain::format_date(period.until));
}

http::Summary ApiQueries::summary() {
  return impl_->with_connection([&](pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    http::Summary out;
    // Each table read whole (its status has no index: bench/results/history-2026-12.md, "The query API").
    const auto rows = tx.exec(
        "SELECT 'purchase_order', status, count(*) FROM purchase_orders GROUP BY status"
        " UNION ALL SELECT 'invoice', status, count(*) FROM invoices GROUP BY status"
        " UNION ALL SELECT 'onboarding', status, count(*) FROM onboardings GROUP BY status");
    for (const auto& row : rows) {
      const std::string workflow = row[0].c_str();
      if (out.counts.empty() || out.counts.back().first != workflow) out.counts.push_back({workflow, {}});
      out.counts.back().second.emplace_back(row[1].c_str(), row[2].as<std::int64_t>());
    }
    out.dead_letters_last_24h =
        tx.exec1("SELECT count(*) FROM dead_letters WHERE received_at >= now() - interval '24 hours'")[0]
            .as<std::int64_t>();
    const auto last = tx.exec("SELECT json_build_object('verified_at', " + utc("verified_at") +
                              ", 'verified_by', verified_by, 'ok', ok, 'chains', chains, 'records', records, "
                              "'first_break', first_break)::text"
                              " FROM audit_verifications ORDER BY id DESC LIMIT 1");
    if (!last.empty()) out.last_verification = last[0][0].c_str();
    // Both through the partial indexes of the pending and overdue lists: as many rows as wait.
    out.pending_by_role =
        tx.exec1(
              "SELECT coalesce(json_agg(json_build_object('workflow', workflow, 'role', pending_role, 'count', n,"
              " 'oldest_since', " +
              utc("oldest") +
              ", 'oldest_age_seconds', floor(extract(epoch FROM now() - oldest))::bigint)"
              " ORDER BY workflow, pending_role), '[]')::text FROM (SELECT workflow, pending_role, count(*) AS n,"
              " min(pending_since) AS oldest FROM v_pending_approvals GROUP BY workflow, pending_role) p")[0]
            .c_str();
    out.overdue =
        tx.exec1("SELECT coalesce(json_agg(json_build_object('workflow', workflow, 'count', n, 'earliest_due_at', " +
                 utc("earliest") +
                 ") ORDER BY workflow), '[]')::text FROM (SELECT workflow, count(*) AS n,"
                 " min(due_at) AS earliest FROM v_overdue GROUP BY workflow) o")[0]
            .c_str();
    return out;
  });
}

http::AuditVerification ApiQueries::verify(const std::string& by) {
  std::lock_guard<std::mutex> lock(impl_->verify_mutex);
  const auto result = verify_audit(impl_->dsn, {});
  record_verification(impl_->dsn, result, by);
  http::AuditVerification out;
  out.ok = result.ok();
  out.chains = result.chains;
  out.records = result.records;
  if (result.first_break) {
    out.first_break = http::AuditVerification::Break{result.first_break->chain, result.first_break->seq,
                                                     result.first_break->expected, result.first_break->found};
  }
  return out;
}

http::Chunks ApiQueries::audit_export(const http::AuditExportQuery& query) {
  AuditExport request{query.from, query.to, query.entity_id, query.csv ? ExportFormat::csv : ExportFormat::ndjson};
  // Opened now, so that a database that is down answers 503 before the answer's head is sent.
  auto reader = std::make_shared<AuditExportReader>(impl_->dsn, request);
  return [reader] { return reader->next(); };
}

}  // namespace vextrus::pg

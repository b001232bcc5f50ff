#pragma once
// The reads behind the /v1 API (docs/openapi.yaml), as the runtime role. PostgreSQL builds
// each entity's JSON itself (money as decimal text, timestamps as UTC text), so a reply is one
// query. Thread-safe: the HTTP threads share a small pool of connections, each used by one
// request at a time; every statement is bounded by a timeout.

#include <memory>
#include <string>

#include "adapters/http/api.hpp"

namespace vextrus::pg {

class ApiQueries final : public http::ApiBackend {
 public:
  // `serve` answers; `explain` makes each list and report answer its query plan instead (EXPLAIN
  // (FORMAT JSON) of the very statement and parameters it would run, as its one item), for the
  // tests that prove no list scans a table whole, and for an operator looking into a slow one.
  enum class Mode { serve, explain };
  explicit ApiQueries(std::string dsn, Mode mode = Mode::serve);
  ~ApiQueries() override;

  std::optional<std::string> entity(http::EntityKind kind, const std::string& id, bool history) override;
  http::AuditPage audit(const http::AuditQuery& query) override;
  // One verification at a time: a second request waits for the first.
  http::AuditVerification verify(const std::string& by) override;
  http::Page purchase_orders(const http::PurchaseOrderFilter& filter, const http::PageRequest& page) override;
  http::Page invoices(const http::InvoiceFilter& filter, const http::PageRequest& page) override;
  http::Page onboardings(const http::OnboardingFilter& filter, const http::PageRequest& page) override;
  http::Page pending_approvals(const http::PendingFilter& filter, const http::PageRequest& page) override;
  http::Page overdue(const http::OverdueFilter& filter, const http::PageRequest& page) override;
  http::Page dead_letters(const http::DeadLetterFilter& filter, const http::PageRequest& page) override;
  std::optional<std::string> dead_letter(std::int64_t id) override;
  http::Report vat_report(const http::ReportPeriod& period) override;
  http::Report withholding_report(const http::ReportPeriod& period) override;
  http::Report vds_certificate_lines(const http::ReportPeriod& period) override;
  http::Summary summary() override;
  http::Chunks audit_export(const http::AuditExportQuery& query) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::pg

#pragma once
// An /v1 backend that knows nothing: no entity, empty pages, a verified empty trail. Test
// backends derive from it and answer only what their test asks.

#include "adapters/http/api.hpp"

namespace vextrus::testing {

class EmptyBackend : public http::ApiBackend {
 public:
  std::optional<std::string> entity(http::EntityKind, const std::string&, bool) override { return std::nullopt; }
  http::AuditPage audit(const http::AuditQuery&) override { return {}; }
  http::AuditVerification verify(const std::string&) override { return {}; }
  http::Page purchase_orders(const http::PurchaseOrderFilter&, const http::PageRequest& page) override {
    return list(page);
  }
  http::Page invoices(const http::InvoiceFilter&, const http::PageRequest& page) override { return list(page); }
  http::Page onboardings(const http::OnboardingFilter&, const http::PageRequest& page) override { return list(page); }
  http::Page pending_approvals(const http::PendingFilter&, const http::PageRequest& page) override {
    return list(page);
  }
  http::Page overdue(const http::OverdueFilter&, const http::PageRequest& page) override { return list(page); }
  http::Page dead_letters(const http::DeadLetterFilter&, const http::PageRequest& page) override { return list(page); }
  std::optional<std::string> dead_letter(std::int64_t) override { return std::nullopt; }
  http::Report vat_report(const http::ReportPeriod&) override { return {}; }
  http::Report withholding_report(const http::ReportPeriod&) override { return {}; }
  http::Report vds_certificate_lines(const http::ReportPeriod&) override { return {}; }
  http::Summary summary() override { return {}; }
  http::Chunks audit_export(const http::AuditExportQuery&) override {
    return [] { return std::optional<std::string>(); };
  }

 protected:
  // Every list goes through here: a test backend overrides it to see the pages asked for.
  virtual http::Page list(const http::PageRequest&) { return {}; }
};

}  // namespace vextrus::testing

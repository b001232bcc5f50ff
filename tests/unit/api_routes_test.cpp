// The /v1 routes without a network: list filters typed and checked before the backend sees them
// (400 naming the parameter otherwise), cursors that lead to the next page and refuse being
// altered or carried to other filters, reports as JSON and CSV, re-drive orders, the streamed
// export, and each role's reach over every route.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/http_routes.hpp"
#include "adapters/json/base64.hpp"
#include "tests/support/empty_backend.hpp"
#include "tests/support/in_memory_http.hpp"

namespace vextrus::http {
namespace {

const std::string viewer_token = "viewer-secret-1";
const std::string auditor_token = "auditor-secret-2";
const std::string operator_token = "operator-secret-3";

// Remembers the filters and pages it was asked for; serves pages of `total` numbered items.
class RecordingBackend : public testing::EmptyBackend {
 public:
  std::vector<PageRequest> pages;
  std::optional<PurchaseOrderFilter> orders;
  std::optional<InvoiceFilter> invoice_filter;
  std::optional<PendingFilter> pending;
  int total = 0;

  Page purchase_orders(const PurchaseOrderFilter& filter, const PageRequest& page) override {
    orders = filter;
    return list(page);
  }
  Page invoices(const InvoiceFilter& filter, const PageRequest& page) override {
    invoice_filter = filter;
    return list(page);
  }
  Page pending_approvals(const PendingFilter& filter, const PageRequest& page) override {
    pending = filter;
    return list(page);
  }
  std::optional<std::string> entity(EntityKind, const std::string& id, bool) override {
    return nlohmann::json{{"id", id}}.dump();
  }
  std::optional<std::string> dead_letter(std::int64_t id) override {
    if (id != 1) return std::nullopt;
    return std::string(R"({"id":1,"payload":"{}"})");
  }
  std::optional<ReportPeriod> period;
  Report vat_report(const ReportPeriod& p) override {
    period = p;
    Report r;
    r.columns = {{"month", false, false}, {"invoices", true, false}, {"vat_amount", false, true}};
    r.rows = {{"2025-09", "2", "15000.50"}, {"2025-10", "1", "0.75"}};
    return r;
  }
  Report vds_certificate_lines(const ReportPeriod& p) override {
    period = p;
    Report r;
    r.columns = {{"supplier_id", false, false}, {"supplier_name", false, false},  {"supplier_bin", false, false},
                 {"month", false, false},       {"invoice_number", false, false}, {"vds_amount", false, true}};
    r.rows = {{"V-1", "Meghna, \"Stationers\"", "0000123456789", "2025-09", "M-1", "100.10"},
              {"V-1", "Meghna, \"Stationers\"", "0000123456789", "2025-09", "M-2", "0.90"},
              {"V-2", std::nullopt, std::nullopt, "2025-09", "X-7", "7.00"}};
    return r;
  }
  Chunks audit_export(const AuditExportQuery& query) override {
    exported = query;
    auto pieces =
        std::make_shared<std::vector<std::string>>(std::vector<std::string>{"{\"a\":1}\n", "", "{\"b\":2}\n"});
    return [pieces]() -> std::optional<std::string> {
      if (pieces->empty()) return std::nullopt;
      auto piece = pieces->front();
      pieces->erase(pieces->begin());
      return piece;
    };
  }
  std::optional<AuditExportQuery> exported;

 protected:
  // Items "0".."total-1" in order; a key is the index of the last item shown.
  Page list(const PageRequest& page) override {
    pages.push_back(page);
    const int first = page.after ? std::stoi(*page.after) + 1 : 0;
    Page out;
    for (int i = first; i < total && i < first + page.limit; ++i)
      out.items.push_back("{\"n\":" + std::to_string(i) + "}");
    if (first + page.limit < total) out.last_key = std::to_string(first + page.limit - 1);
    return out;
  }
};

// Records the orders it is given; re-drives dead letters 1 to 3 when they are asked for.
class FakeRedriver : public Redriver {
 public:
  std::vector<RedriveOrder> orders;
  RedriveOutcome redrive(const RedriveOrder& order) override {
    orders.push_back(order);
    RedriveOutcome outcome;
    if (order.id && *order.id > 3) return outcome;
    outcome.dead_letter_ids = order.id ? std::vector<std::int64_t>{*order.id} : std::vector<std::int64_t>{1, 2, 3};
    outcome.audit_record = R"({"chain":"ops","seq":1,"action":"redriven"})";
    return outcome;
  }
};

struct Reply {
  int status = 0;
  nlohmann::json body;
};

class ListRoutesTest : public ::testing::Test {
 protected:
  ListRoutesTest() {
    deps_.tokens = {{"dashboards", ApiRole::viewer, sha256(viewer_token)},
                    {"nbr-audit", ApiRole::auditor, sha256(auditor_token)},
                    {"ops-rahim", ApiRole::operator_role, sha256(operator_token)}};
    deps_.health = [] { return HealthSnapshot{true, true, false, true, "ok", {}}; };
    deps_.metrics = [] { return std::string(); };
    deps_.api = backend_;
    deps_.redriver = redriver_;
    deps_.company = Company{"Vextrus Trading Ltd", "0000987654321"};
  }

  std::string raw(const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body = "", const std::string& headers = "") {
    return server_.serve(method + " " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                         "\r\nContent-Type: application/json\r\n" + headers +
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  Reply request(const std::string& method, const std::string& target, const std::string& token = viewer_token,
                const std::string& body = "") {
    const std::string raw = this->raw(method, target, token, body);
    Reply reply;
    reply.status = std::stoi(raw.substr(9, 3));
    reply.body = nlohmann::json::parse(raw.substr(raw.find("\r\n\r\n") + 4), nullptr, false);
    return reply;
  }
  Reply get(const std::string& target, const std::string& token = viewer_token) {
    return request("GET", target, token);
  }

  std::shared_ptr<RecordingBackend> backend_ = std::make_shared<RecordingBackend>();
  std::shared_ptr<FakeRedriver> redriver_ = std::make_shared<FakeRedriver>();
  HttpDeps deps_;
  testing::InMemoryServer server_{deps_};
};

TEST_F(ListRoutesTest, EachFilterReachesTheBackendTyped) {
  const auto reply =
      get("/v1/purchase-orders?status=pending_approval&pending_role=cfo&department=IT&vendor_id=V-1&requester_id=U-9"
          "&min_total=1000000.01&max_total=5000000&submitted_from=2025-09-01T00:00:00%2B06:00&submitted_to=2025-10-"
          "01T00:00:00Z");
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_TRUE(backend_->orders);
  const auto& f = *backend_->orders;
  EXPECT_EQ(f.status, "pending_approval");
  EXPECT_EQ(f.pending_role, "cfo");
  EXPECT_EQ(f.department, "IT");
  EXPECT_EQ(f.vendor_id, "V-1");
  EXPECT_EQ(f.requester_id, "U-9");
  EXPECT_EQ(f.min_total->to_string(), "1000000.01");
  EXPECT_EQ(f.max_total->to_string(), "5000000.00");
  EXPECT_EQ(domain::format_utc(*f.submitted_from), "2025-08-31T18:00:00.000000Z");
  EXPECT_EQ(domain::format_utc(*f.submitted_to), "2025-10-01T00:00:00.000000Z");

  ASSERT_EQ(get("/v1/invoices?overdue=true&mushak_6_10=false&hold_reason=vat_mismatch&vendor_bin=0000123456789"
                "&invoice_from=2025-09-01&invoice_to=2025-09-30&po_id=PO-1")
                .status,
            200);
  const auto& i = *backend_->invoice_filter;
  EXPECT_EQ(i.overdue, true);
  EXPECT_EQ(i.mushak_6_10, false);
  EXPECT_EQ(i.hold_reason, "vat_mismatch");
  EXPECT_EQ(i.vendor_bin, "0000123456789");
  EXPECT_EQ(domain::format_date(*i.invoice_to), "2025-09-30");
  EXPECT_EQ(i.po_id, "PO-1");

  ASSERT_EQ(get("/v1/pending-approvals?workflow=invoice&role=finance_manager&older_than=48h").status, 200);
  EXPECT_EQ(backend_->pending->older_than_seconds, 48 * 3600);
  EXPECT_EQ(backend_->pending->workflow, "invoice");
}

TEST_F(ListRoutesTest, ABadFilterIsRefusedNamingItBeforeTheDatabase) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"/v1/purchase-orders?status=pending", "status"},
      {"/v1/purchase-orders?min_total=1e6", "min_total"},
      {"/v1/purchase-orders?max_total=10.001", "max_total"},
      {"/v1/purchase-orders?submitted_from=2025-09-01", "submitted_from"},
      {"/v1/purchase-orders?pending_role=boss", "pending_role"},
      {"/v1/purchase-orders?stauts=approved", "stauts"},
      {"/v1/invoices?overdue=yes", "overdue"},
      {"/v1/invoices?invoice_from=2025-13-01", "invoice_from"},
      {"/v1/invoices?hold_reason=late", "hold_reason"},
      {"/v1/onboardings?task_status=done", "task_status"},
      {"/v1/onboardings?start_to=tomorrow", "start_to"},
      {"/v1/pending-approvals?older_than=two+days", "older_than"},
      {"/v1/pending-approvals?workflow=onboarding", "workflow"},
      {"/v1/overdue?workflow=purchase_order", "workflow"},
      {"/v1/dead-letters?reason=bad", "reason"},
      {"/v1/dead-letters?since=2025-09-17", "since"},
      {"/v1/invoices?limit=0", "limit"},
      {"/v1/invoices?limit=501", "limit"},
      {"/v1/invoices?limit=-1", "limit"},
      {"/v1/invoices?cursor=%21%21", "cursor"},
      {"/v1/invoices?status=paid&status=rejected", "status"},
      {"/v1/invoices?vendor_id=%FF", "vendor_id"},
      {"/v1/invoices?order=oldest", "order"},
      {"/v1/pending-approvals?order=asc", "order"},
  };
  for (const auto& [target, parameter] : bad) {
    const auto reply = get(target);
    EXPECT_EQ(reply.status, 400) << target;
    EXPECT_NE(reply.body.value("error", "").find(parameter), std::string::npos) << target << ": " << reply.body;
  }
  EXPECT_TRUE(backend_->pages.empty()) << "no bad filter reached the backend";
  EXPECT_EQ(get("/v1/invoices?limit=500").status, 200);
}

TEST_F(ListRoutesTest, TheEntityListsAreReadOldestFirstOnRequestAndTheCursorKeepsTheOrder) {
  backend_->total = 5;
  for (const char* list : {"/v1/purchase-orders", "/v1/invoices", "/v1/onboardings"}) {
    backend_->pages.clear();
    ASSERT_EQ(get(std::string(list) + "?order=asc&limit=2").status, 200) << list;
    ASSERT_EQ(get(std::string(list) + "?order=desc").status, 200) << list;
    ASSERT_EQ(get(list).status, 200) << list;
    ASSERT_EQ(backend_->pages.size(), 3u);
    EXPECT_TRUE(backend_->pages[0].oldest_first) << list;
    EXPECT_FALSE(backend_->pages[1].oldest_first) << list;
    EXPECT_FALSE(backend_->pages[2].oldest_first) << list << ": newest first unless asked";
  }
  // A cursor of one order does not continue the other.
  const auto first = get("/v1/invoices?order=asc&limit=2");
  const std::string cursor = first.body["next_cursor"];
  EXPECT_EQ(get("/v1/invoices?order=asc&limit=2&cursor=" + cursor).status, 200);
  EXPECT_EQ(get("/v1/invoices?limit=2&cursor=" + cursor).status, 400);
}

TEST_F(ListRoutesTest, CursorsWalkEveryItemOnceAndKeepTheFilters) {
  backend_->total = 7;
  std::vector<int> seen;
  std::string target = "/v1/invoices?status=approved&limit=3";
  for (int pages = 0; pages < 10; ++pages) {
    const auto reply = get(target);
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_EQ(reply.body.size(), 2u) << "items and next_cursor only";
    for (const auto& item : reply.body.at("items")) seen.push_back(item.at("n"));
    if (reply.body.at("next_cursor").is_null()) break;
    target = "/v1/invoices?status=approved&limit=3&cursor=" + reply.body.at("next_cursor").get<std::string>();
  }
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
  for (const auto& page : backend_->pages) EXPECT_EQ(page.limit, 3);

  // A cursor is valid for its list and filters only, whatever the page size.
  const std::string cursor = get("/v1/invoices?status=approved&limit=2").body.at("next_cursor");
  EXPECT_EQ(get("/v1/invoices?limit=5&status=approved&cursor=" + cursor).status, 200) << "another limit is fine";
  for (const std::string other :
       {"/v1/invoices?status=paid&cursor=", "/v1/invoices?cursor=", "/v1/purchase-orders?status=approved&cursor=",
        "/v1/dead-letters?status=approved&cursor="}) {
    const auto reply = get(other + cursor);
    EXPECT_EQ(reply.status, 400) << other;
    EXPECT_NE(reply.body.value("error", "").find("cursor"), std::string::npos) << reply.body;
  }
}

TEST_F(ListRoutesTest, ATamperedCursorIsRefused) {
  backend_->total = 10;
  const std::string cursor = get("/v1/purchase-orders?limit=2").body.at("next_cursor");
  const std::size_t calls = backend_->pages.size();
  auto key = adapters::from_base64url(cursor);
  ASSERT_TRUE(key);
  // Every byte changed in turn, and the key swapped for another.
  for (std::size_t i = 0; i < key->size(); ++i) {
    std::string altered = *key;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_EQ(get("/v1/purchase-orders?limit=2&cursor=" + adapters::base64url(altered)).status, 400) << i;
  }
  std::string swapped = key->substr(0, 12) + "5";
  EXPECT_EQ(get("/v1/purchase-orders?limit=2&cursor=" + adapters::base64url(swapped)).status, 400);
  EXPECT_EQ(get("/v1/purchase-orders?limit=2&cursor=" + cursor.substr(1)).status, 400);
  EXPECT_EQ(backend_->pages.size(), calls) << "no altered cursor reached the backend";
}

TEST_F(ListRoutesTest, ADeadLetterIdThatIsNotANumberIsUnknown) {
  for (const std::string id : {"abc", "-1", "1.5", "99999999999999999999"}) {
    const auto reply = get("/v1/dead-letters/" + id);
    EXPECT_EQ(reply.status, 404) << id;
    EXPECT_EQ(reply.body.at("error"), "no dead letter " + id);
  }
}

// Every route × every role: a viewer reads entities, lists and reports; an auditor also the audit
// trail; an operator also re-drives. Outside its role a caller gets 403 naming the role needed.
TEST_F(ListRoutesTest, EachRoleReachesExactlyItsRoutes) {
  struct Case {
    std::string method, target;
    ApiRole needs;
  };
  const std::vector<Case> routes = {
      {"GET", "/v1/me", ApiRole::viewer},
      {"GET", "/v1/purchase-orders/PO-1", ApiRole::viewer},
      {"GET", "/v1/invoices/INV-1", ApiRole::viewer},
      {"GET", "/v1/onboardings/EMP-1", ApiRole::viewer},
      {"GET", "/v1/purchase-orders", ApiRole::viewer},
      {"GET", "/v1/invoices", ApiRole::viewer},
      {"GET", "/v1/onboardings", ApiRole::viewer},
      {"GET", "/v1/pending-approvals", ApiRole::viewer},
      {"GET", "/v1/overdue", ApiRole::viewer},
      {"GET", "/v1/dead-letters", ApiRole::viewer},
      {"GET", "/v1/dead-letters/1", ApiRole::viewer},
      {"GET", "/v1/reports/vat?fiscal_year=2025-26", ApiRole::viewer},
      {"GET", "/v1/reports/withholding?fiscal_year=2025-26", ApiRole::viewer},
      {"GET", "/v1/reports/vds-certificates?month=2025-09", ApiRole::viewer},
      {"GET", "/v1/summary", ApiRole::viewer},
      {"GET", "/v1/audit", ApiRole::auditor},
      {"GET", "/v1/audit/verify", ApiRole::auditor},
      {"GET", "/v1/audit/export?from=2025-09-01&to=2025-09-30", ApiRole::auditor},
      {"POST", "/v1/dead-letters/1/redrive", ApiRole::operator_role},
      {"POST", "/v1/dead-letters/redrive", ApiRole::operator_role},
  };
  const std::vector<std::pair<std::string, ApiRole>> callers = {
      {viewer_token, ApiRole::viewer}, {auditor_token, ApiRole::auditor}, {operator_token, ApiRole::operator_role}};
  for (const auto& route : routes) {
    for (const auto& [token, role] : callers) {
      const bool batch = route.target == "/v1/dead-letters/redrive";
      const std::string body = route.method != "POST" ? ""
                               : batch                ? R"({"reason":"fix deployed","filter":{"topic":"t"}})"
                                                      : R"({"reason":"fix deployed"})";
      const std::string answer = raw(route.method, route.target, token, body);
      Reply reply{std::stoi(answer.substr(9, 3)),
                  nlohmann::json::parse(answer.substr(answer.find("\r\n\r\n") + 4), nullptr, false)};
      if (allows(role, route.needs)) {
        EXPECT_EQ(reply.status, 200) << route.target << " as " << name(role) << ": " << answer;
      } else {
        EXPECT_EQ(reply.status, 403) << route.target << " as " << name(role);
        EXPECT_NE(reply.body.value("error", "").find("needs the role " + std::string(name(route.needs))),
                  std::string::npos)
            << reply.body;
      }
    }
  }
}

TEST_F(ListRoutesTest, AReportCoversAFiscalYearOrOneMonthOfIt) {
  const auto year = get("/v1/reports/vat?fiscal_year=2025-26");
  ASSERT_EQ(year.status, 200) << year.body;
  EXPECT_EQ(domain::format_date(backend_->period->from), "2025-07-01");
  EXPECT_EQ(domain::format_date(backend_->period->until), "2026-07-01");
  EXPECT_EQ(year.body.at("fiscal_year"), "2025-26");
  EXPECT_TRUE(year.body.at("month").is_null());
  EXPECT_EQ(year.body.at("rows").at(0),
            (nlohmann::json{{"month", "2025-09"}, {"invoices", 2}, {"vat_amount", "15000.50"}}));
  EXPECT_EQ(year.body.at("totals"), (nlohmann::json{{"invoices", 3}, {"vat_amount", "15001.25"}})) << "exact sums";

  ASSERT_EQ(get("/v1/reports/vat?month=2025-12").status, 200);
  EXPECT_EQ(domain::format_date(backend_->period->from), "2025-12-01");
  EXPECT_EQ(domain::format_date(backend_->period->until), "2026-01-01");
  const auto june = get("/v1/reports/vat?fiscal_year=2025-26&month=2026-06");
  ASSERT_EQ(june.status, 200);
  EXPECT_EQ(june.body.at("month"), "2026-06");
  EXPECT_EQ(domain::format_date(backend_->period->until), "2026-07-01");

  for (const std::string bad : {"", "?fiscal_year=2025-27", "?fiscal_year=2025", "?month=2025-9", "?month=2025-13",
                                "?fiscal_year=2025-26&month=2025-06", "?fiscal_year=2025-26&year=2025"}) {
    const auto reply = get("/v1/reports/vat" + bad);
    EXPECT_EQ(reply.status, 400) << bad;
    EXPECT_TRUE(reply.body.at("error").is_string()) << bad;
  }
}

TEST_F(ListRoutesTest, AReportAsCsvOpensWithItsHeader) {
  const std::string answer =
      raw("GET", "/v1/reports/vat?fiscal_year=2025-26", viewer_token, "", "Accept: text/csv\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("Content-Type: text/csv; charset=utf-8\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("filename=\"vat-2025-26.csv\""), std::string::npos) << answer;
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4),
            "month,invoices,vat_amount\r\n2025-09,2,15000.50\r\n2025-10,1,0.75\r\n");
}

TEST_F(ListRoutesTest, VdsCertificatesGroupTheLinesBySupplierAndNameTheWithholdingEntity) {
  const auto reply = get("/v1/reports/vds-certificates?month=2025-09");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body.at("withholding_entity"),
            (nlohmann::json{{"name", "Vextrus Trading Ltd"}, {"bin", "0000987654321"}}));
  const auto& certificates = reply.body.at("certificates");
  ASSERT_EQ(certificates.size(), 2u);
  EXPECT_EQ(certificates[0].at("supplier"),
            (nlohmann::json{{"id", "V-1"}, {"name", "Meghna, \"Stationers\""}, {"bin", "0000123456789"}}));
  EXPECT_EQ(certificates[0].at("invoices").size(), 2u);
  EXPECT_EQ(certificates[0].at("invoices")[1], (nlohmann::json{{"invoice_number", "M-2"}, {"vds_amount", "0.90"}}));
  EXPECT_EQ(certificates[0].at("totals").at("vds_amount"), "101.00");
  EXPECT_TRUE(certificates[1].at("supplier").at("bin").is_null()) << "an invoice from before the BIN was stored";

  const std::string csv =
      raw("GET", "/v1/reports/vds-certificates?month=2025-09", viewer_token, "", "Accept: text/csv\r\n");
  EXPECT_NE(
      csv.find(
          "\r\n\r\nwithholding_entity_name,withholding_entity_bin,supplier_id,supplier_name,supplier_bin,"
          "month,invoice_number,vds_amount\r\n"
          "Vextrus Trading Ltd,0000987654321,V-1,\"Meghna, \"\"Stationers\"\"\",0000123456789,2025-09,M-1,100.10\r\n"),
      std::string::npos)
      << csv;

  deps_.company.reset();
  const auto unset = get("/v1/reports/vds-certificates?month=2025-09");
  EXPECT_EQ(unset.status, 409);
  EXPECT_NE(unset.body.at("error").get<std::string>().find("company.name and company.bin"), std::string::npos);
  EXPECT_EQ(get("/v1/reports/vat?month=2025-09").status, 200) << "the other reports need no company";
}

TEST_F(ListRoutesTest, TheAuditExportIsStreamedInChunks) {
  const std::string answer = raw("GET", "/v1/audit/export?from=2025-09-01&to=2025-09-30&entity_id=PO-1", auditor_token);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_NE(answer.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_EQ(answer.find("Content-Length"), std::string::npos);
  EXPECT_NE(answer.find("Content-Type: application/x-ndjson\r\n"), std::string::npos);
  EXPECT_EQ(answer.substr(answer.find("\r\n\r\n") + 4), "8\r\n{\"a\":1}\n\r\n8\r\n{\"b\":2}\n\r\n0\r\n\r\n");
  EXPECT_EQ(backend_->exported->entity_id, "PO-1");
  EXPECT_FALSE(backend_->exported->csv);
  for (const std::string bad :
       {"from=2025-09-01", "from=2025-09-30&to=2025-09-01", "from=2025-09-01&to=2025-09-02&format=xml"}) {
    EXPECT_EQ(request("GET", "/v1/audit/export?" + bad, auditor_token).status, 400) << bad;
  }
}

TEST_F(ListRoutesTest, AReDriveNeedsAReasonAndNamesTheOperator) {
  const auto one =
      request("POST", "/v1/dead-letters/2/redrive", operator_token, R"({"reason":"fix v1.4 deployed","dry_run":true})");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.body.at("dead_letter_ids"), nlohmann::json::array({2}));
  EXPECT_EQ(one.body.at("dry_run"), true);
  EXPECT_EQ(one.body.at("audit_record").at("chain"), "ops");
  ASSERT_EQ(redriver_->orders.size(), 1u);
  EXPECT_EQ(redriver_->orders[0].actor, "ops-rahim");
  EXPECT_EQ(redriver_->orders[0].reason, "fix v1.4 deployed");
  EXPECT_EQ(redriver_->orders[0].id, 2);

  EXPECT_EQ(request("POST", "/v1/dead-letters/9/redrive", operator_token, R"({"reason":"x"})").status, 404);

  const auto many = request(
      "POST", "/v1/dead-letters/redrive", operator_token,
      R"({"reason":"category added","filter":{"reason":"unknown_category","since":"2025-09-17T00:00:00+06:00"}})");
  ASSERT_EQ(many.status, 200) << many.body;
  EXPECT_EQ(many.body.at("count"), 3);
  EXPECT_EQ(redriver_->orders.back().filter.reason, "unknown_category");
  EXPECT_EQ(domain::format_utc(*redriver_->orders.back().filter.since), "2025-09-16T18:00:00.000000Z");
  EXPECT_FALSE(redriver_->orders.back().dry_run);

  const std::size_t orders = redriver_->orders.size();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"/v1/dead-letters/1/redrive", ""},
      {"/v1/dead-letters/1/redrive", "[]"},
      {"/v1/dead-letters/1/redrive", R"({"dry_run":true})"},
      {"/v1/dead-letters/1/redrive", R"({"reason":"   "})"},
      {"/v1/dead-letters/1/redrive", R"({"reason":"x","dry_run":"yes"})"},
      {"/v1/dead-letters/1/redrive", R"({"reason":"x","force":true})"},
      {"/v1/dead-letters/redrive", R"({"reason":"x"})"},
      {"/v1/dead-letters/redrive", R"({"reason":"x","filter":{}})"},
      {"/v1/dead-letters/redrive", R"({"reason":"x","filter":{"reason":"bad_reason"}})"},
      {"/v1/dead-letters/redrive", R"({"reason":"x","filter":{"since":"yesterday"}})"},
      {"/v1/dead-letters/redrive", R"({"reason":"x","filter":{"id":3}})"},
  };
  for (const auto& [path, body] : bad) {
    const auto reply = request("POST", path, operator_token, body);
    EXPECT_EQ(reply.status, 400) << path << " " << body;
    EXPECT_TRUE(reply.body.at("error").is_string());
  }
  EXPECT_EQ(redriver_->orders.size(), orders) << "no bad order reached the re-driver";
}

TEST(Base64Url, RoundTripsEveryLengthAndRefusesOtherAlphabets) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    const auto text = adapters::base64url(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    EXPECT_EQ(adapters::from_base64url(text), bytes) << n;
    bytes.push_back(static_cast<char>(n * 37 + 250));
  }
  EXPECT_FALSE(adapters::from_base64url("ab+c"));
  EXPECT_FALSE(adapters::from_base64url("abc="));
  EXPECT_FALSE(adapters::from_base64url("abcde"));
}

}  // namespace
}  // namespace vextrus::http

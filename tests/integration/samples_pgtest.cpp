// The sample events of config/samples/ through the real broker and PostgreSQL, one file after
// the other (invoices are checked against committed orders): the rows they must end in, worked
// out by hand from docs/events.md and the default policy, and what the dashboard views make of them.
// The samples are dated September 2025, so every deadline in them is past and fires.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::vector<Record> sample(const std::string& file) {
  std::ifstream in(repository_root() + "/config/samples/" + file);
  std::vector<Record> records;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    records.push_back({nlohmann::json::parse(line).at("entity_id").get<std::string>(), line});
  }
  return records;
}

class Samples : public ::testing::Test {
 protected:
  static constexpr const char* token = "samples-token-not-a-secret";  // an operator
  static constexpr const char* viewer_token = "samples-viewer-token";
  static constexpr const char* auditor_token = "samples-auditor-token";

  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>("samples");
    topics_ = std::make_unique<TopicSet>("samples");
    env_ = service_environment(*db_, *topics_, "g-" + topics_->invoices);
    env_["VEXTRUS_API_TOKEN"] = token;
    env_["VEXTRUS_API_TOKENS_FILE"] =
        tokens_file({{"dashboards", "viewer", viewer_token}, {"nbr-audit", "auditor", auditor_token}});
    env_["VEXTRUS_COMPANY_NAME"] = "Vextrus Trading Ltd";
    env_["VEXTRUS_COMPANY_BIN"] = "0000987654321";
    service_ = std::make_unique<ServiceProcess>(env_, "/tmp/vextrus-samples.log");
    service_->start();
    std::int64_t published = 0;
    for (const auto& [file, topic] :
         {std::pair<std::string, std::string>{"purchase-orders.ndjson", topics_->purchase_orders},
          {"invoices.ndjson", topics_->invoices},
          {"onboarding.ndjson", topics_->onboarding}}) {
      const auto records = sample(file);
      publish(topic, records);
      published += static_cast<std::int64_t>(records.size());
      ASSERT_TRUE(wait_until([&] { return committed_events(*db_) >= published; }, 60s))
          << file << ": committed " << committed_events(*db_) << " of " << published;
    }
    // Overdue deadlines fire within a second of the watermark reaching the wall clock.
    ASSERT_TRUE(wait_until([&] { return db_->scalar("SELECT count(*) FROM v_overdue") == "6"; }, 30s))
        << db_->scalar("SELECT count(*) FROM v_overdue") << " overdue items; see " << service_->log_path();
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TopicSet> topics_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(Samples, EndInTheExpectedRowsAndViews) {
  // Booleans read t/f; an empty hold list leaves two spaces.
  const auto invoice = [&](const std::string& id) {
    return db_->scalar(
        "SELECT concat_ws(' ', status, total, vat_computed, vds_amount, tds_amount, net_payable, paid_amount, overdue,"
        " array_to_string(hold_reasons, ','), mushak_6_10, input_vat_credit_ineligible) FROM invoices"
        " WHERE invoice_id = '" +
        id + "'");
  };
  // procurement_provider, return filed: VDS 7.5% of 125,005.00 = 9,375.375 -> 9,375.38; TDS 5% =
  // 6,250.25; net 143,755.75 - 9,375.38 - 6,250.25 = 128,130.12; paid 50,000.00; due 2025-10-20.
  EXPECT_EQ(invoice("INV-2025-0001"), "partially_paid 143755.75 18750.75 9375.38 6250.25 128130.12 50000.00 t  f f");
  // consultancy, no proof of return: VDS 15% = 37,500.00, TDS 10% x 1.5 = 37,500.00; paid in cash
  // on an invoice over 1,00,000; total over 2,00,000.
  EXPECT_EQ(invoice("INV-2025-0003"), "paid 287500.00 37500.00 37500.00 37500.00 212500.00 212500.00 f  t t");
  // The pair with one vendor and number, published at once: one holds the key, the other is held.
  const std::string held = "on_hold 23000.00 3000.00 1500.00 1000.00 20500.00 0.00 f duplicate_invoice f f";
  const std::string pending = "pending_approval 23000.00 3000.00 1500.00 1000.00 20500.00 0.00 t  f f";
  const auto second = invoice("INV-2025-0002"), fifth = invoice("INV-2025-0005");
  EXPECT_TRUE((second == held && fifth == pending) || (second == pending && fifth == held)) << second << "\n" << fifth;
  const auto owner = db_->scalar("SELECT invoice_id FROM invoice_keys WHERE invoice_number = 'MSL/2025/0921'");
  EXPECT_EQ(invoice(owner), pending) << "the key belongs to the one not held";
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM invoices WHERE invoice_id = 'INV-2025-0004'"), "0");
  EXPECT_EQ(db_->scalar("SELECT string_agg(reason, ',' ORDER BY reason) FROM dead_letters"), "bad_money,bad_vat_rate");

  EXPECT_EQ(db_->scalar("SELECT string_agg(employee_id || ':' || status, ',' ORDER BY employee_id) FROM onboardings"),
            "EMP-1001:completed,EMP-1002:in_progress,EMP-1003:cancelled");
  EXPECT_EQ(db_->scalar("SELECT string_agg(task || ':' || status, ',' ORDER BY due_at) FROM onboarding_tasks"
                        " WHERE employee_id = 'EMP-1001'"),
            "account:completed,it_equipment:completed,orientation:completed,benefits:completed");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM onboarding_tasks WHERE employee_id = 'EMP-1002' AND status = 'overdue'"),
            "4");
  EXPECT_EQ(db_->scalar("SELECT detail->>'reason' FROM audit_log WHERE entity_id = 'EMP-1003' AND action = 'refused'"),
            "wrong_role");

  EXPECT_EQ(db_->scalar("SELECT string_agg(type || '=' || n, ',' ORDER BY type) FROM"
                        " (SELECT type, count(*) AS n FROM notifications WHERE type IN ('invoice.overdue',"
                        " 'onboarding.task_overdue', 'workflow.completed') GROUP BY type) t"),
            "invoice.overdue=2,onboarding.task_overdue=4,workflow.completed=3");

  EXPECT_EQ(
      db_->scalar("SELECT string_agg(concat_ws(' ', workflow, pending_role, amount), ',') FROM v_pending_approvals"),
      "invoice finance_manager 23000.00");
  EXPECT_EQ(db_->scalar("SELECT string_agg(workflow || ':' || item, ',' ORDER BY due_at, item) FROM v_overdue"),
            "onboarding:account,onboarding:it_equipment,onboarding:orientation,invoice:payment,invoice:payment,"
            "onboarding:benefits");
  EXPECT_EQ(
      db_->scalar("SELECT concat_ws(' ', fiscal_year, month, vat_computed, vds_amount) FROM v_vat_by_fiscal_month"),
      "2025-26 2025-09-01 62250.75 49875.38");
  EXPECT_EQ(
      db_->scalar("SELECT string_agg(concat_ws(' ', fiscal_year, vendor_category, invoices, vds_amount, tds_amount),"
                  " ',' ORDER BY vendor_category) FROM v_withholding_by_category"),
      "2025-26 consultancy 1 37500.00 37500.00,2025-26 procurement_provider 3 12375.38 8250.25");
  // The gauge follows the view (refreshed every 2 s by the health probe).
  std::string metrics;
  EXPECT_TRUE(wait_until(
      [&] {
        return http_get(env_.at("VEXTRUS_HTTP_ADDR"), "/metrics", &metrics) == 200 &&
               metrics.find("vextrus_pending_approvals{workflow=\"invoice\"} 1") != std::string::npos &&
               metrics.find("vextrus_pending_approvals{workflow=\"purchase_order\"} 0") != std::string::npos;
      },
      10s))
      << metrics.substr(0, 2000);
  EXPECT_EQ(run_command(env_, {"audit", "verify"}), 0);
}

// The /v1 API over the same rows (docs/openapi.yaml).
TEST_F(Samples, ServedByTheApi) {
  const auto& address = env_.at("VEXTRUS_HTTP_ADDR");
  const auto get = [&](const std::string& path, int expected_status) {
    std::string body;
    EXPECT_EQ(http_get(address, path, &body, token), expected_status) << path << ": " << body;
    const auto json = nlohmann::json::parse(body, nullptr, false);
    EXPECT_FALSE(json.is_discarded()) << path << " answered no JSON: " << body;
    return json;
  };
  for (const std::string path : {"/v1/purchase-orders/PO-2025-000123", "/v1/invoices/INV-2025-0001",
                                 "/v1/onboardings/EMP-1001", "/v1/audit", "/v1/audit/verify"}) {
    std::string body;
    EXPECT_EQ(http_get(address, path, &body), 401) << path;
    EXPECT_TRUE(nlohmann::json::parse(body).contains("error")) << path;
    EXPECT_EQ(http_get(address, path, nullptr, "samples-token-not-a-secreT"), 401) << path;
  }

  const auto order = get("/v1/purchase-orders/PO-2025-000123", 200);
  EXPECT_EQ(order.at("po_id"), "PO-2025-000123");
  EXPECT_TRUE(order.at("total").is_string()) << "money is decimal text";
  EXPECT_EQ(order.at("status"), db_->scalar("SELECT status FROM purchase_orders WHERE po_id = 'PO-2025-000123'"));
  EXPECT_EQ(order.at("total"), db_->scalar("SELECT total FROM purchase_orders WHERE po_id = 'PO-2025-000123'"));
  ASSERT_FALSE(order.at("history").empty());
  EXPECT_EQ(order.at("history").front().at("action"), "submitted");
  EXPECT_EQ(order.at("history").size(),
            std::stoul(db_->scalar("SELECT count(*) FROM audit_log WHERE entity_id = 'PO-2025-000123'")));
  EXPECT_EQ(order.at("approvals").size(),
            std::stoul(db_->scalar(
                "SELECT count(*) FROM audit_log WHERE entity_id = 'PO-2025-000123' AND action = 'approved'")));

  const auto invoice = get("/v1/invoices/INV-2025-0001", 200);
  EXPECT_EQ(invoice.at("status"), "partially_paid");
  EXPECT_EQ(invoice.at("tax").at("vds_amount"), "9375.38");
  EXPECT_EQ(invoice.at("tax").at("tds_amount"), "6250.25");
  EXPECT_EQ(invoice.at("tax").at("net_payable"), "128130.12");
  EXPECT_EQ(invoice.at("paid_amount"), "50000.00");
  EXPECT_EQ(invoice.at("due_date"), "2025-10-20");
  EXPECT_EQ(invoice.at("overdue"), true);
  // Its lines as taxed (docs/events.md's worked example: 200 × 450.00 and 10 × 3500.50 at 15 %).
  const auto& lines = invoice.at("tax").at("lines");
  ASSERT_EQ(lines.size(), 2u) << lines;
  EXPECT_EQ(lines[0].at("amount"), "90000.00");
  EXPECT_EQ(lines[1].at("amount"), "35005.00");
  EXPECT_EQ(lines[0].at("vat_rate"), "15");
  EXPECT_EQ(lines[0].at("vat"), "13500.00");
  EXPECT_EQ(lines[1].at("vat"), "5250.75");
  // Its one payment, what it told whom, and what fires next: as the tables hold them.
  ASSERT_EQ(invoice.at("payments").size(), 1u);
  EXPECT_EQ(invoice.at("payments").front().at("amount"), "50000.00");
  EXPECT_EQ(invoice.at("notifications").size(),
            std::stoul(db_->scalar("SELECT count(*) FROM notifications WHERE entity_id = 'INV-2025-0001'")));
  const auto next = db_->scalar(
      "SELECT kind || ' ' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM timers"
      " WHERE entity_id = 'INV-2025-0001' ORDER BY due_at LIMIT 1");
  if (next.empty()) {
    EXPECT_TRUE(invoice.at("next_deadline").is_null());
  } else {
    EXPECT_EQ(invoice.at("next_deadline").at("kind").get<std::string>() + " " +
                  invoice.at("next_deadline").at("due_at").get<std::string>(),
              next);
  }
  const auto told = db_->scalar(
      "SELECT entity_id FROM notifications WHERE entity_type = 'purchase_order' GROUP BY 1 ORDER BY count(*) DESC "
      "LIMIT 1");
  ASSERT_FALSE(told.empty()) << "the samples' orders notify their approvers";
  const auto told_order = get("/v1/purchase-orders/" + told + "?history=false", 200);
  EXPECT_FALSE(told_order.contains("history"));
  EXPECT_EQ(told_order.at("notifications").size(),
            std::min<std::size_t>(
                50, std::stoul(db_->scalar("SELECT count(*) FROM notifications WHERE entity_id = '" + told + "'"))));

  const auto employee = get("/v1/onboardings/EMP-1001", 200);
  EXPECT_EQ(employee.at("tasks").size(), 4u);
  EXPECT_FALSE(employee.contains("nid")) << "identity numbers are not served";
  EXPECT_EQ(employee.at("history").front().at("action"), "hired");

  EXPECT_EQ(get("/v1/purchase-orders/PO-NONE", 404).at("error"), "no purchase order PO-NONE");
  get("/v1/invoices/INV-NONE", 404);
  get("/v1/onboardings/EMP-NONE", 404);
  get("/v1/nothing-here", 404);

  // Paging one record at a time through an entity's trail and through a whole chain.
  const auto page_through = [&](const std::string& filter, int limit) {
    std::vector<nlohmann::json> records;
    std::string path = "/v1/audit?" + filter + "&limit=" + std::to_string(limit);
    for (int pages = 0; pages < 1000; ++pages) {
      const auto page = get(path, 200);
      for (const auto& record : page.at("records")) records.push_back(record);
      if (page.at("next").is_null()) break;
      EXPECT_EQ(page.at("records").size(), static_cast<std::size_t>(limit));
      path =
          "/v1/audit?" + filter + "&limit=" + std::to_string(limit) + "&cursor=" + page.at("next").get<std::string>();
    }
    return records;
  };
  const auto trail = page_through("entity_id=PO-2025-000123", 1);
  ASSERT_EQ(trail.size(), order.at("history").size());
  for (std::size_t i = 0; i < trail.size(); ++i) {
    EXPECT_EQ(trail[i].at("action"), order.at("history")[i].at("action"));
    EXPECT_EQ(trail[i].at("hash"), order.at("history")[i].at("hash"));
    if (i > 0) {
      EXPECT_EQ(trail[i].at("prev_hash"), trail[i - 1].at("hash")) << "a chain, oldest first";
    }
  }
  const std::string chain = trail.front().at("chain");
  const auto whole_chain = page_through("chain=" + chain, 2);
  EXPECT_EQ(whole_chain.size(),
            std::stoul(db_->scalar("SELECT count(*) FROM audit_log WHERE chain = '" + chain + "'")));
  for (std::size_t i = 0; i < whole_chain.size(); ++i) EXPECT_EQ(whole_chain[i].at("seq"), i + 1);
  EXPECT_EQ(page_through("chain=" + chain + "&from=2100-01-01T00:00:00Z", 10).size(), 0u);
  EXPECT_EQ(page_through("chain=" + chain + "&to=2100-01-01T00:00:00Z", 1000).size(), whole_chain.size());

  for (const std::string bad :
       {"limit=0", "limit=1001", "limit=ten", "from=yesterday", "cursor=nonsense", "cursor=12", "limit=5&limit=6"}) {
    EXPECT_TRUE(get("/v1/audit?" + bad, 400).contains("error")) << bad;
  }

  const auto verified = get("/v1/audit/verify", 200);
  EXPECT_EQ(verified.at("ok"), true);
  EXPECT_TRUE(verified.at("first_break").is_null());
  EXPECT_EQ(verified.at("records"), std::stoll(db_->scalar("SELECT count(*) FROM audit_log")));
  EXPECT_EQ(verified.at("chains"), std::stoll(db_->scalar("SELECT count(DISTINCT chain) FROM audit_log")));
}

// Each list and filter of the query API against the same question asked of the tables: every
// page walked by its cursor (two items at a time), each item exactly once, in the list's order.
TEST_F(Samples, ListedByTheApiWithEachFilter) {
  const auto& address = env_.at("VEXTRUS_HTTP_ADDR");
  const auto walk = [&](const std::string& path, const std::string& query, const std::string& id_member) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int pages = 0; pages < 500; ++pages) {
      std::string body;
      const std::string target =
          path + "?limit=2" + (query.empty() ? "" : "&" + query) + (cursor.empty() ? "" : "&cursor=" + cursor);
      EXPECT_EQ(http_get(address, target, &body, token), 200) << target << ": " << body;
      const auto page = nlohmann::json::parse(body, nullptr, false);
      if (page.is_discarded() || !page.contains("items")) break;
      EXPECT_EQ(page.size(), 2u) << "items and next_cursor only: " << body;
      for (const auto& item : page.at("items")) ids.push_back(item.at(id_member).get<std::string>());
      if (page.at("next_cursor").is_null()) break;
      cursor = page.at("next_cursor").get<std::string>();
    }
    return ids;
  };
  const auto rows = [&](const std::string& sql) {
    std::vector<std::string> ids;
    const auto text = db_->scalar(
        "SELECT coalesce(string_agg(id, ',' ORDER BY n), '') FROM (SELECT id, row_number() OVER () AS n FROM (" + sql +
        ") q) r");
    std::stringstream in(text);
    for (std::string id; std::getline(in, id, ',');) ids.push_back(id);
    return ids;
  };
  struct Case {
    std::string path, query, id_member, sql;
  };
  const std::string orders = "SELECT po_id AS id FROM purchase_orders";
  const std::string order_by_submission = " ORDER BY submitted_at DESC, po_id DESC";
  const std::string invoices = "SELECT invoice_id AS id FROM invoices";
  const std::string by_receipt = " ORDER BY received_at DESC, invoice_id DESC";
  const std::string onboardings = "SELECT employee_id AS id FROM onboardings";
  const std::string by_start = " ORDER BY start_date DESC, employee_id DESC";
  const std::vector<Case> cases = {
      {"/v1/purchase-orders", "", "po_id", orders + order_by_submission},
      {"/v1/purchase-orders", "status=approved", "po_id", orders + " WHERE status = 'approved'" + order_by_submission},
      {"/v1/purchase-orders", "department=it", "po_id", orders + " WHERE department = 'it'" + order_by_submission},
      {"/v1/purchase-orders", "vendor_id=V-2001", "po_id",
       orders + " WHERE vendor_id = 'V-2001'" + order_by_submission},
      {"/v1/purchase-orders", "requester_id=u-1002", "po_id",
       orders + " WHERE requester_id = 'u-1002'" + order_by_submission},
      {"/v1/purchase-orders", "min_total=100000.01", "po_id",
       orders + " WHERE total >= 100000.01" + order_by_submission},
      {"/v1/purchase-orders", "max_total=100000", "po_id", orders + " WHERE total <= 100000" + order_by_submission},
      {"/v1/purchase-orders", "submitted_from=2025-09-18T00:00:00%2B06:00&submitted_to=2025-09-19T00:00:00%2B06:00",
       "po_id",
       orders + " WHERE submitted_at >= '2025-09-18T00:00:00+06' AND submitted_at < '2025-09-19T00:00:00+06'" +
           order_by_submission},
      {"/v1/invoices", "", "invoice_id", invoices + by_receipt},
      {"/v1/invoices", "status=on_hold", "invoice_id", invoices + " WHERE status = 'on_hold'" + by_receipt},
      {"/v1/invoices", "vendor_id=V-2001", "invoice_id", invoices + " WHERE vendor_id = 'V-2001'" + by_receipt},
      {"/v1/invoices", "overdue=true", "invoice_id", invoices + " WHERE overdue" + by_receipt},
      {"/v1/invoices", "overdue=false", "invoice_id", invoices + " WHERE NOT overdue" + by_receipt},
      {"/v1/invoices", "mushak_6_10=true", "invoice_id", invoices + " WHERE mushak_6_10" + by_receipt},
      {"/v1/invoices", "hold_reason=duplicate_invoice", "invoice_id",
       invoices + " WHERE 'duplicate_invoice' = ANY(hold_reasons)" + by_receipt},
      {"/v1/invoices", "invoice_from=2025-09-21&invoice_to=2025-09-30", "invoice_id",
       invoices + " WHERE invoice_date BETWEEN '2025-09-21' AND '2025-09-30'" + by_receipt},
      {"/v1/invoices", "po_id=PO-2025-000123", "invoice_id", invoices + " WHERE po_id = 'PO-2025-000123'" + by_receipt},
      {"/v1/onboardings", "", "employee_id", onboardings + by_start},
      {"/v1/onboardings", "status=on_hold", "employee_id", onboardings + " WHERE status = 'on_hold'" + by_start},
      {"/v1/onboardings", "task_status=overdue", "employee_id",
       onboardings +
           " o WHERE EXISTS (SELECT 1 FROM onboarding_tasks t WHERE t.employee_id = o.employee_id AND t.status = "
           "'overdue')" +
           by_start},
      {"/v1/onboardings", "start_from=2025-10-01&start_to=2025-10-31", "employee_id",
       onboardings + " WHERE start_date BETWEEN '2025-10-01' AND '2025-10-31'" + by_start},
      {"/v1/pending-approvals", "", "entity_id",
       "SELECT entity_id AS id FROM v_pending_approvals ORDER BY pending_since, workflow, entity_id"},
      {"/v1/pending-approvals", "workflow=invoice", "entity_id",
       "SELECT entity_id AS id FROM v_pending_approvals WHERE workflow = 'invoice' ORDER BY pending_since, workflow, "
       "entity_id"},
      {"/v1/overdue", "", "entity_id",
       "SELECT entity_id AS id FROM v_overdue ORDER BY due_at, workflow, entity_id, item"},
      {"/v1/overdue", "workflow=onboarding", "entity_id",
       "SELECT entity_id AS id FROM v_overdue WHERE workflow = 'onboarding' ORDER BY due_at, workflow, entity_id, "
       "item"},
  };
  for (const auto& c : cases) {
    const auto expected = rows(c.sql);
    EXPECT_EQ(walk(c.path, c.query, c.id_member), expected) << c.path << "?" << c.query;
  }
  // The samples hold something for most filters: a filter that matches nothing proves little.
  EXPECT_FALSE(rows(invoices + " WHERE overdue").empty());
  EXPECT_FALSE(rows(invoices + " WHERE cardinality(hold_reasons) > 0").empty());

  std::string body;
  ASSERT_EQ(http_get(address, "/v1/invoices?vendor_id=V-2001&limit=1", &body, token), 200);
  const auto invoice = nlohmann::json::parse(body).at("items").at(0);
  EXPECT_EQ(invoice.at("vendor_name"), "Meghna Stationers Ltd");
  EXPECT_TRUE(invoice.at("total").is_string()) << "money is decimal text";
}

// The reports for September 2025 and fiscal year 2025-26 against the same sums asked of the tables
// (and of the dashboards' views), as JSON and as CSV; the Mushak-6.6 lines of the one invoice
// paid in September; the overview.
TEST_F(Samples, ReportedByTheApi) {
  const auto& address = env_.at("VEXTRUS_HTTP_ADDR");
  const auto get = [&](const std::string& path, bool csv = false) {
    const auto answer = http_request(address, "GET", path, viewer_token, "",
                                     csv ? std::vector<std::pair<std::string, std::string>>{{"Accept", "text/csv"}}
                                         : std::vector<std::pair<std::string, std::string>>{});
    EXPECT_EQ(answer.status, 200) << path << ": " << answer.body;
    return answer;
  };
  const auto vat = nlohmann::json::parse(get("/v1/reports/vat?fiscal_year=2025-26").body);
  EXPECT_EQ(vat.at("fiscal_year"), "2025-26");
  const std::string from_view = db_->scalar(
      "SELECT string_agg(to_char(month, 'YYYY-MM') || ' ' || vat_computed || ' ' || vds_amount, ',' ORDER BY month)"
      " FROM v_vat_by_fiscal_month WHERE fiscal_year = '2025-26'");
  std::string from_api;
  for (const auto& row : vat.at("rows")) {
    from_api += (from_api.empty() ? "" : ",") + row.at("month").get<std::string>() + " " +
                row.at("vat_computed").get<std::string>() + " " + row.at("vds_amount").get<std::string>();
  }
  EXPECT_EQ(from_api, from_view);
  EXPECT_EQ(
      vat.at("totals").at("vat_amount"),
      db_->scalar("SELECT sum(vat_amount) FROM invoices WHERE status <> 'rejected' AND invoice_date >= '2025-07-01'"
                  " AND invoice_date < '2026-07-01'"));
  EXPECT_EQ(vat.at("totals").at("invoices"),
            std::stoll(db_->scalar("SELECT count(*) FROM invoices WHERE status <> 'rejected'")));

  const auto withholding = nlohmann::json::parse(get("/v1/reports/withholding?fiscal_year=2025-26&month=2025-09").body);
  EXPECT_EQ(withholding.at("month"), "2025-09");
  for (const auto& row : withholding.at("rows")) {
    const std::string category = row.at("vendor_category");
    EXPECT_EQ(row.at("tds_amount"), db_->scalar("SELECT sum(tds_amount) FROM invoices WHERE status <> 'rejected'"
                                                " AND vendor_category = '" +
                                                category +
                                                "' AND invoice_date >= '2025-09-01'"
                                                " AND invoice_date < '2025-10-01'"))
        << category;
  }
  EXPECT_FALSE(withholding.at("rows").empty());

  const auto certificates = nlohmann::json::parse(get("/v1/reports/vds-certificates?month=2025-09").body);
  EXPECT_EQ(certificates.at("withholding_entity"),
            (nlohmann::json{{"name", "Vextrus Trading Ltd"}, {"bin", "0000987654321"}}));
  // One certificate per supplier paid in September, each invoice with VAT deducted at source on one.
  std::size_t lines = 0;
  nlohmann::json certificate, line;
  for (const auto& c : certificates.at("certificates")) {
    EXPECT_EQ(c.at("month"), "2025-09");
    for (const auto& l : c.at("invoices")) {
      ++lines;
      if (l.at("invoice_id") == "INV-2025-0001") certificate = c, line = l;
    }
  }
  EXPECT_EQ(lines,
            std::stoul(db_->scalar("SELECT count(*) FROM invoices WHERE vds_amount > 0 AND first_paid_at"
                                   " >= '2025-09-01T00:00:00+06' AND first_paid_at < '2025-10-01T00:00:00+06'")));
  ASSERT_FALSE(line.is_null()) << certificates;
  EXPECT_EQ(certificate.at("supplier").at("name"), "Meghna Stationers Ltd");
  EXPECT_EQ(certificate.at("supplier").at("bin"),
            db_->scalar("SELECT vendor_bin FROM invoices WHERE invoice_id = 'INV-2025-0001'"));
  EXPECT_EQ(line.at("vds_amount"), "9375.38");
  EXPECT_EQ(line.at("deducted_on"), "2025-09-25") << "the first payment's day in Asia/Dhaka";
  EXPECT_EQ(line.at("value"), db_->scalar("SELECT subtotal FROM invoices WHERE invoice_id = 'INV-2025-0001'"));
  EXPECT_EQ(nlohmann::json::parse(get("/v1/reports/vds-certificates?month=2025-10").body).at("certificates").size(),
            0u);

  // Each CSV opens with its header line (docs/api.md shows them).
  const std::pair<std::string, std::string> headers[] = {
      {"/v1/reports/vat?fiscal_year=2025-26", "month,invoices,subtotal,vat_amount,vat_computed,vds_amount"},
      {"/v1/reports/withholding?fiscal_year=2025-26", "vendor_category,invoices,subtotal,vds_amount,tds_amount"},
      {"/v1/reports/vds-certificates?month=2025-09",
       "withholding_entity_name,withholding_entity_bin,supplier_id,supplier_name,supplier_bin,month,invoice_id,"
       "invoice_number,invoice_date,value,vat_amount,vds_amount,deducted_on"}};
  for (const auto& [path, header] : headers) {
    const auto answer = get(path, true);
    EXPECT_EQ(answer.content_type, "text/csv; charset=utf-8") << path;
    EXPECT_EQ(answer.body.substr(0, answer.body.find("\r\n")), header) << path;
  }

  const auto summary = nlohmann::json::parse(get("/v1/summary").body);
  EXPECT_EQ(summary.at("counts").at("invoice").at("partially_paid"),
            std::stoll(db_->scalar("SELECT count(*) FROM invoices WHERE status = 'partially_paid'")));
  EXPECT_EQ(summary.at("counts").at("purchase_order").at("approved"),
            std::stoll(db_->scalar("SELECT count(*) FROM purchase_orders WHERE status = 'approved'")));
  EXPECT_EQ(summary.at("counts").at("onboarding").size(), 4u) << "every status, zero or not";
  EXPECT_EQ(summary.at("dead_letters_last_24h"), std::stoll(db_->scalar("SELECT count(*) FROM dead_letters")));
  EXPECT_TRUE(summary.at("last_verification").is_null()) << "none yet";
  // What waits for whom and what is overdue, as the views count them.
  const auto waiting = db_->scalar(
      "SELECT string_agg(workflow || '/' || pending_role || '=' || n || '@' || oldest, ' ' ORDER BY workflow, "
      "pending_role)"
      " FROM (SELECT workflow, pending_role, count(*) AS n, to_char(min(pending_since) AT TIME ZONE 'UTC',"
      " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS oldest FROM v_pending_approvals GROUP BY 1, 2) p");
  std::string served;
  for (const auto& p : summary.at("pending_approvals")) {
    served += (served.empty() ? "" : " ") + p.at("workflow").get<std::string>() + "/" +
              p.at("role").get<std::string>() + "=" + std::to_string(p.at("count").get<std::int64_t>()) + "@" +
              p.at("oldest_since").get<std::string>();
    EXPECT_GT(p.at("oldest_age_seconds").get<std::int64_t>(), 0);
  }
  EXPECT_EQ(served, waiting);
  EXPECT_FALSE(served.empty()) << "the samples leave approvals pending";
  std::int64_t overdue = 0;
  for (const auto& o : summary.at("overdue")) overdue += o.at("count").get<std::int64_t>();
  EXPECT_EQ(overdue, std::stoll(db_->scalar("SELECT count(*) FROM v_overdue")));
  const auto records_before = std::stoll(db_->scalar("SELECT count(*) FROM audit_log"));
  ASSERT_EQ(http_request(address, "GET", "/v1/audit/verify", auditor_token).status, 200);
  const auto verified = nlohmann::json::parse(get("/v1/summary").body).at("last_verification");
  EXPECT_EQ(verified.at("ok"), true);
  EXPECT_EQ(verified.at("verified_by"), "nbr-audit");
  // The records then (a deadline may fire meanwhile: between the counts before and after).
  EXPECT_GE(verified.at("records").get<std::int64_t>(), records_before);
  EXPECT_LE(verified.at("records").get<std::int64_t>(), std::stoll(db_->scalar("SELECT count(*) FROM audit_log")));
  // The command (the CronJob's) records its verdict too, naming who ran it.
  ASSERT_EQ(run_command(env_, {"audit", "verify", "--postgres-only"}), 0);
  const auto by_command = nlohmann::json::parse(get("/v1/summary").body).at("last_verification");
  EXPECT_NE(by_command.at("verified_by").get<std::string>().find('@'), std::string::npos) << by_command;
  EXPECT_EQ(by_command.at("ok"), true);
}

// Every endpoint × every role, through the real service: a viewer reads entities, lists and
// reports; an auditor also the audit trail, its verification and export; an operator also
// re-drives. Outside its role, 403 naming the role it would need.
TEST_F(Samples, EachRoleGetsExactlyItsEndpoints) {
  const auto& address = env_.at("VEXTRUS_HTTP_ADDR");
  const std::string dead_letter = db_->scalar("SELECT coalesce(min(id)::text, '1') FROM dead_letters");
  struct Endpoint {
    std::string method, path, role;
  };
  const std::vector<Endpoint> endpoints = {
      {"GET", "/v1/me", "viewer"},
      {"GET", "/v1/purchase-orders/PO-2025-000123", "viewer"},
      {"GET", "/v1/invoices/INV-2025-0001", "viewer"},
      {"GET", "/v1/onboardings/EMP-1001", "viewer"},
      {"GET", "/v1/purchase-orders", "viewer"},
      {"GET", "/v1/invoices", "viewer"},
      {"GET", "/v1/onboardings", "viewer"},
      {"GET", "/v1/pending-approvals", "viewer"},
      {"GET", "/v1/overdue", "viewer"},
      {"GET", "/v1/dead-letters", "viewer"},
      {"GET", "/v1/reports/vat?fiscal_year=2025-26", "viewer"},
      {"GET", "/v1/reports/withholding?fiscal_year=2025-26", "viewer"},
      {"GET", "/v1/reports/vds-certificates?fiscal_year=2025-26", "viewer"},
      {"GET", "/v1/summary", "viewer"},
      {"GET", "/v1/audit?limit=1", "auditor"},
      {"GET", "/v1/audit/verify", "auditor"},
      {"GET", "/v1/audit/export?from=2025-09-01&to=2025-09-01", "auditor"},
      {"POST", "/v1/dead-letters/redrive", "operator"},
  };
  const std::vector<std::pair<std::string, std::string>> callers = {
      {"viewer", viewer_token}, {"auditor", auditor_token}, {"operator", token}};
  const auto rank = [](const std::string& role) { return role == "viewer" ? 0 : role == "auditor" ? 1 : 2; };
  for (const auto& e : endpoints) {
    for (const auto& [role, secret] : callers) {
      // A dry run of a filter that matches nothing: re-drives nothing, but is an operator's action.
      const std::string body =
          e.method == "POST" ? R"({"reason":"role table","dry_run":true,"filter":{"topic":"none"}})" : "";
      const auto answer = http_request(address, e.method, e.path, secret, body);
      if (rank(role) >= rank(e.role)) {
        EXPECT_EQ(answer.status, 200) << e.method << " " << e.path << " as " << role << ": " << answer.body;
      } else {
        EXPECT_EQ(answer.status, 403) << e.method << " " << e.path << " as " << role;
        EXPECT_NE(answer.body.find("needs the role " + e.role), std::string::npos) << answer.body;
      }
    }
    EXPECT_EQ(http_request(address, e.method, e.path, "").status, 401) << e.path;
  }
  const auto me = nlohmann::json::parse(http_request(address, "GET", "/v1/me", auditor_token).body);
  EXPECT_EQ(me, (nlohmann::json{{"name", "nbr-audit"}, {"role", "auditor"}}));
  // The single token of VEXTRUS_API_TOKEN is an operator.
  EXPECT_EQ(nlohmann::json::parse(http_request(address, "GET", "/v1/me", token).body).at("role"), "operator");
  // No token appears in the service's log; each request's line names its token.
  const auto log = file_text(service_->log_path());
  for (const char* secret : {token, viewer_token, auditor_token}) EXPECT_EQ(log.find(secret), std::string::npos);
  EXPECT_NE(log.find("\"token\":\"nbr-audit\""), std::string::npos);
}

// `audit export` over the same records (README.md, docs/audit.md).
TEST_F(Samples, ExportedByTheAuditTool) {
  // Days around now, so that Asia/Dhaka's date of every record is inside whatever the hour.
  const std::string yesterday = rfc3339_from_now(-86400).substr(0, 10);
  const std::string tomorrow = rfc3339_from_now(86400).substr(0, 10);
  const auto records = std::stoul(db_->scalar("SELECT count(*) FROM audit_log"));
  const auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };

  std::string out;
  ASSERT_EQ(run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow}, &out), 0);
  const auto ndjson = lines(out);
  ASSERT_EQ(ndjson.size(), records);
  std::string previous_recorded;
  for (const auto& line : ndjson) {
    const auto record = nlohmann::json::parse(line);
    EXPECT_EQ(record.at("hash").get<std::string>().size(), 64u);
    EXPECT_LE(previous_recorded, record.at("recorded_at").get<std::string>()) << "oldest first";
    previous_recorded = record.at("recorded_at");
    // The very bytes published on vextrus.audit: the stored canonical text plus the hash.
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log WHERE chain = '" + record.at("chain").get<std::string>() +
                          "' AND seq = " + std::to_string(record.at("seq").get<std::int64_t>()) + " AND hash = '" +
                          record.at("hash").get<std::string>() + "'"),
              "1");
  }

  ASSERT_EQ(
      run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow, "--entity", "PO-2025-000123"}, &out),
      0);
  EXPECT_EQ(lines(out).size(),
            std::stoul(db_->scalar("SELECT count(*) FROM audit_log WHERE entity_id = 'PO-2025-000123'")));

  ASSERT_EQ(run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow, "--format", "csv"}, &out), 0);
  const auto csv = lines(out);
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv.front(),
            "chain,seq,entity_type,entity_id,event_id,action,actor_id,actor_role,status_before,status_after,"
            "occurred_at,recorded_at,detail,prev_hash,hash,canonical\r");
  EXPECT_EQ(csv.size(), records + 1);
  EXPECT_NE(out.find(",\"{\"\""), std::string::npos) << "the JSON columns are quoted, their quotes doubled";

  // GET /v1/audit/export: the very bytes of the command, streamed.
  const auto& address = env_.at("VEXTRUS_HTTP_ADDR");
  for (const std::string format : {"ndjson", "csv"}) {
    ASSERT_EQ(run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow, "--format", format}, &out),
              0);
    const auto answer = http_request(
        address, "GET", "/v1/audit/export?from=" + yesterday + "&to=" + tomorrow + "&format=" + format, auditor_token);
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.content_type, format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson");
    EXPECT_EQ(answer.body, out) << format;
  }
  EXPECT_EQ(http_request(address, "GET", "/v1/audit/export?from=" + yesterday + "&to=" + tomorrow, viewer_token).status,
            403);
  EXPECT_EQ(
      http_request(address, "GET", "/v1/audit/export?from=" + tomorrow + "&to=" + yesterday, auditor_token).status,
      400);

  ASSERT_EQ(run_command(env_, {"audit", "export", "--from", "2100-01-01", "--to", "2100-01-31"}, &out), 0);
  EXPECT_TRUE(out.empty()) << "no record was made then";
  EXPECT_EQ(run_command(env_, {"audit", "export", "--from", "2025-13-01", "--to", tomorrow}), 2);
  EXPECT_EQ(run_command(env_, {"audit", "export", "--from", tomorrow, "--to", yesterday}), 2);
  EXPECT_EQ(run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow, "--format", "xml"}), 2);
  EXPECT_EQ(run_command(env_, {"audit", "export", "--to", tomorrow}), 2);
}

// An auditor verifies an export without trusting vextrus-flow: `audit verify --file` and the
// reference verifier of tools/ (Python, standard library only) both accept the export, and both
// find a changed amount and a removed record.
TEST_F(Samples, AnExportVerifiesOnItsOwnAndTamperingIsFound) {
  const std::string yesterday = rfc3339_from_now(-86400).substr(0, 10);
  const std::string tomorrow = rfc3339_from_now(86400).substr(0, 10);
  std::string exported;
  ASSERT_EQ(run_command(env_, {"audit", "export", "--from", yesterday, "--to", tomorrow}, &exported), 0);
  const auto write = [](const std::string& path, const std::string& text) { std::ofstream(path) << text; };
  const auto python = [](const std::string& path, std::string* out) {
    const std::string command = "python3 " + repository_root() + "/tools/verify_audit_export.py " + path + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[4096];
    out->clear();
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) *out += buffer;
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  const std::string good = "/tmp/vextrus-export-good.ndjson";
  write(good, exported);
  std::string out;
  ASSERT_EQ(run_command(env_, {"audit", "verify", "--file", good}, &out), 0) << out;
  const auto verdict = nlohmann::json::parse(out);
  EXPECT_TRUE(verdict.at("ok").get<bool>());
  // Every record of the file (the service may still record a deadline firing meanwhile: count the
  // file, not the table).
  EXPECT_EQ(verdict.at("records"), static_cast<std::int64_t>(std::count(exported.begin(), exported.end(), '\n')));
  EXPECT_EQ(python(good, &out), 0) << out;
  EXPECT_NE(out.find("ok: "), std::string::npos) << out;

  // A changed amount in a record of the middle.
  const auto at = exported.find("\"total\":\"", exported.size() / 2);
  ASSERT_NE(at, std::string::npos);
  std::string changed = exported;
  changed[at + 9] = changed[at + 9] == '9' ? '1' : '9';
  const std::string tampered = "/tmp/vextrus-export-tampered.ndjson";
  write(tampered, changed);
  EXPECT_EQ(run_command(env_, {"audit", "verify", "--file", tampered}, &out), 1) << out;
  EXPECT_EQ(nlohmann::json::parse(out).at("first_break").at("problem"),
            "hash differs from SHA-256(prev_hash + canonical)");
  EXPECT_EQ(python(tampered, &out), 1) << out;
  EXPECT_NE(out.find("BROKEN"), std::string::npos) << out;

  // A record removed: the next one of its chain no longer follows.
  std::vector<std::string> lines;
  std::istringstream in(exported);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  const auto chain_of = [&](std::size_t i) { return nlohmann::json::parse(lines[i]).at("chain").get<std::string>(); };
  std::size_t removed = 0;  // a record of the chain of the first line with another after it
  for (std::size_t i = 1; i < lines.size() && removed == 0; ++i) {
    if (chain_of(i) != chain_of(0)) continue;
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      if (chain_of(j) == chain_of(0)) {
        removed = i;
        break;
      }
    }
  }
  ASSERT_NE(removed, 0u) << "a chain with three records";
  std::string shortened;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i != removed) shortened += lines[i] + "\n";
  }
  write(tampered, shortened);
  EXPECT_EQ(run_command(env_, {"audit", "verify", "--file", tampered}, &out), 1) << out;
  EXPECT_EQ(nlohmann::json::parse(out).at("first_break").at("problem"), "a record is missing or out of order (seq)");
  EXPECT_EQ(python(tampered, &out), 1) << out;
  EXPECT_EQ(run_command(env_, {"audit", "verify", "--file", "/no/such/export.ndjson"}, &out), 3);
}

}  // namespace
}  // namespace vextrus::testing

// The sample events of config/samples/ through the real broker and PostgreSQL, one file after
// the other (invoices are checked against committed orders): the rows they must end in, worked
// out by hand from CONTRACT.md and the default policy, and what the dashboard views make of them.
// The samples are dated September 2025, so every deadline in them is past and fires.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

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
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>("samples");
    topics_ = std::make_unique<TopicSet>("samples");
    env_ = service_environment(*db_, *topics_, "g-" + topics_->invoices);
    service_ = std::make_unique<ServiceProcess>(env_, "/tmp/vextrus-samples.log");
    service_->start();
    std::int64_t published = 0;
    for (const auto& [file, topic] : {std::pair<std::string, std::string>{"purchase-orders.ndjson", topics_->purchase_orders},
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
        " WHERE invoice_id = '" + id + "'");
  };
  // procurement_provider, return filed: VDS 7.5% of 125,005.00 = 9,375.375 -> 9,375.38; TDS 5% =
  // 6,250.25; net 143,755.75 - 9,375.38 - 6,250.25 = 128,130.12; paid 50,000.00; due 2025-10-20.
  EXPECT_EQ(invoice("INV-2025-0001"),
            "partially_paid 143755.75 18750.75 9375.38 6250.25 128130.12 50000.00 t  f f");
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

  EXPECT_EQ(db_->scalar("SELECT string_agg(concat_ws(' ', workflow, pending_role, amount), ',') FROM v_pending_approvals"),
            "invoice finance_manager 23000.00");
  EXPECT_EQ(db_->scalar("SELECT string_agg(workflow || ':' || item, ',' ORDER BY due_at, item) FROM v_overdue"),
            "onboarding:account,onboarding:it_equipment,onboarding:orientation,invoice:payment,invoice:payment,"
            "onboarding:benefits");
  EXPECT_EQ(db_->scalar("SELECT concat_ws(' ', fiscal_year, month, vat_computed, vds_amount) FROM v_vat_by_fiscal_month"),
            "2025-26 2025-09-01 62250.75 49875.38");
  EXPECT_EQ(db_->scalar("SELECT string_agg(concat_ws(' ', fiscal_year, vendor_category, invoices, vds_amount, tds_amount),"
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

}  // namespace
}  // namespace vextrus::testing

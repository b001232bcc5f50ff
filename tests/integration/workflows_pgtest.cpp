// Invoices and onboarding end to end against the real broker and PostgreSQL: tax figures and
// holds in the projection, the cross-entity checks across topics and partitions, duplicates
// arriving at once, payments, due dates and task deadlines, and the dashboard views.

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "domain/time.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

// An event that occurred `seconds_ago`.
std::string event(const std::string& id, const std::string& type, const std::string& entity, const std::string& actor,
                  const std::string& role, const std::string& payload, std::int64_t seconds_ago = 60) {
  return event_json(id, type, entity, rfc3339_from_now(-seconds_ago), actor, role, payload);
}

// Today's date in Asia/Dhaka, shifted by `days`.
std::string dhaka_date(int days) {
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return domain::format_date(domain::dhaka_date_of(domain::Timestamp{micros}));
}

std::string received(const std::string& id, const std::string& invoice, const std::string& vendor,
                     const std::string& number, const std::string& po, const std::string& invoice_date) {
  return event(id, "invoice.received", invoice, "u-ap", "finance_manager",
               R"({"vendor":{"id":")" + vendor +
                   R"(","name":"Vendor","category":"consultancy","tin":"123456789012",)"
                   R"("return_filed":true},"invoice_number":")" +
                   number + R"(","invoice_date":")" + invoice_date + R"(",)" +
                   (po.empty() ? "" : R"("po_id":")" + po + R"(",)") +
                   R"("lines":[{"description":"audit","quantity":1,"unit_price":"100000.00"}],)"
                   R"("subtotal":"100000.00","vat_amount":"15000.00","total":"115000.00"})");
}

class Workflows : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    db_ = std::make_unique<ScratchDatabase>("flows");
    topics_ = std::make_unique<TopicSet>(name);
    env_ = service_environment(*db_, *topics_, "g-" + topics_->invoices);
    service_ = std::make_unique<ServiceProcess>(env_, "/tmp/vextrus-" + name + ".log");
    service_->start();
  }

  // Waits until `sql` answers `expected`; a query before the service's migrations ran (its
  // tables missing) counts as not yet.
  void wait_for(const std::string& sql, const std::string& expected) {
    const auto answer = [&] {
      try {
        return db_->scalar(sql);
      } catch (const std::exception& e) {
        return std::string("(") + e.what() + ")";
      }
    };
    ASSERT_TRUE(wait_until([&] { return answer() == expected; }, 60s))
        << sql << " is " << answer() << ", expected " << expected << "; see " << service_->log_path();
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TopicSet> topics_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(Workflows, AnInvoiceIsCheckedAgainstItsOrderHeldForEveryFailureAndPaidInFull) {
  publish(topics_->purchase_orders,
          {{"PO-9", po_submitted("p-1", "PO-9", "req", "100000.00")},
           {"PO-9", event("p-2", "purchase_order.approved", "PO-9", "u-dh", "department_head", "{}")}});
  wait_for("SELECT status FROM purchase_orders WHERE po_id = 'PO-9'", "approved");
  const auto vendor = db_->scalar("SELECT vendor_id FROM purchase_orders WHERE po_id = 'PO-9'");
  const auto today = dhaka_date(0);
  publish(topics_->invoices, {{"INV-1", received("i-1", "INV-1", vendor, "N-1", "PO-9", today)},
                              {"INV-2", received("i-2", "INV-2", vendor, "N-2", "PO-404", today)},
                              {"INV-3", received("i-3", "INV-3", "V-other", "N-3", "PO-9", today)}});
  wait_for("SELECT count(*) FROM invoices", "3");
  EXPECT_EQ(db_->scalar("SELECT status || ' ' || vat_computed || ' ' || vds_amount || ' ' || tds_amount || ' ' ||"
                        " net_payable || ' ' || mushak_6_10 FROM invoices WHERE invoice_id = 'INV-1'"),
            "pending_approval 15000.00 15000.00 10000.00 90000.00 false");
  EXPECT_EQ(db_->scalar(
                "SELECT status || ' ' || array_to_string(hold_reasons, ',') FROM invoices WHERE invoice_id = 'INV-2'"),
            "on_hold po_not_found");
  EXPECT_EQ(db_->scalar(
                "SELECT status || ' ' || array_to_string(hold_reasons, ',') FROM invoices WHERE invoice_id = 'INV-3'"),
            "on_hold vendor_mismatch");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM notifications WHERE entity_id = 'INV-1' AND type = 'approval.requested'"
                        " AND to_role = 'finance_manager'"),
            "1");

  publish(topics_->invoices, {{"INV-1", event("i-4", "invoice.approved", "INV-1", "u-fm", "finance_manager", "{}", 50)},
                              {"INV-1", event("i-5", "invoice.paid", "INV-1", "u-fm", "finance_manager",
                                              R"({"amount":"50000.00","payment_ref":"TT-1","method":"bank"})", 40)},
                              {"INV-1", event("i-6", "invoice.paid", "INV-1", "u-fm", "finance_manager",
                                              R"({"amount":"40000.01","payment_ref":"TT-2","method":"cash"})", 30)},
                              {"INV-1", event("i-7", "invoice.paid", "INV-1", "u-fm", "finance_manager",
                                              R"({"amount":"40000.00","payment_ref":"TT-3","method":"cash"})", 20)}});
  wait_for("SELECT status FROM invoices WHERE invoice_id = 'INV-1'", "paid");
  EXPECT_EQ(
      db_->scalar("SELECT paid_amount || ' ' || input_vat_credit_ineligible FROM invoices WHERE invoice_id = 'INV-1'"),
      "90000.00 true");
  EXPECT_EQ(db_->scalar("SELECT detail->>'reason' FROM audit_log WHERE event_id = 'i-6'"), "overpayment");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM notifications WHERE entity_id = 'INV-1' AND type = 'workflow.completed'"),
            "1");
  EXPECT_EQ(db_->scalar("SELECT invoices || ' ' || vds_amount || ' ' || tds_amount FROM v_withholding_by_category"
                        " WHERE vendor_category = 'consultancy'"),
            "3 45000.00 30000.00");
  EXPECT_EQ(run_command(env_, {"audit", "verify"}), 0);
}

TEST_F(Workflows, OfDuplicatesArrivingAtOnceOnDifferentPartitionsExactlyOneIsNotHeld) {
  std::vector<Record> records;
  for (int i = 0; i < 12; ++i) {
    const auto id = "DUP-" + std::to_string(i);
    records.push_back({id, received("d-" + std::to_string(i), id, "V-7", "SAME-1", "", dhaka_date(0))});
  }
  publish(topics_->invoices, records);
  wait_for("SELECT count(*) FROM invoices", "12");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM invoices WHERE 'duplicate_invoice' = ANY(hold_reasons)"), "11");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM invoices WHERE status = 'pending_approval'"), "1");
  EXPECT_EQ(db_->scalar("SELECT i.status FROM invoices i JOIN invoice_keys k USING (invoice_id)"), "pending_approval")
      << "the key belongs to the invoice that was not held";
}

TEST_F(Workflows, TwoProcessesSharingThePartitionsLetExactlyOneDuplicateThrough) {
  auto env = env_;
  env["VEXTRUS_HTTP_ADDR"] = "127.0.0.1:" + std::to_string(free_port());
  ServiceProcess second(env, "/tmp/vextrus-TwoProcesses-second.log");
  second.start();
  // Both members own some of the invoice partitions once the group has rebalanced.
  const auto owns_invoice_partitions = [&](const std::string& log) {
    std::ifstream in(log);
    for (std::string line; std::getline(in, line);) {
      if (line.find("partition worker started") != std::string::npos &&
          line.find(topics_->invoices) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(wait_until([&] { return owns_invoice_partitions(second.log_path()); }, 60s)) << second.log_path();
  std::this_thread::sleep_for(3s);  // the first member finishes its part of the rebalance
  std::vector<Record> records;
  for (int i = 0; i < 12; ++i) {
    const auto id = "TWO-" + std::to_string(i);
    records.push_back({id, received("t-" + std::to_string(i), id, "V-8", "SAME-2", "", dhaka_date(0))});
  }
  publish(topics_->invoices, records);
  wait_for("SELECT count(*) FROM invoices", "12");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM invoices WHERE 'duplicate_invoice' = ANY(hold_reasons)"), "11");
  EXPECT_EQ(db_->scalar("SELECT i.status FROM invoices i JOIN invoice_keys k USING (invoice_id)"), "pending_approval");
  EXPECT_EQ(db_->scalar("SELECT count(DISTINCT split_part(chain, '/', 2)) > 1 FROM audit_log"), "t")
      << "the invoices were decided on several partitions";
  second.stop();
}

TEST_F(Workflows, PastDueDatesFireOnArrivalAndShowOnTheDashboards) {
  publish(topics_->invoices, {{"INV-OLD", received("o-1", "INV-OLD", "V-1", "N-9", "", dhaka_date(-45))}});
  publish(topics_->onboarding,
          {{"EMP-1", event("h-1", "employee.hired", "EMP-1", "u-hr", "hr",
                           R"({"name":"Rahim","nid":"1234567890","mobile":"01712345678","department":"it",)"
                           R"("position":"engineer","start_date":")" +
                               dhaka_date(-3) + R"("})")},
           {"EMP-2", event("h-2", "employee.hired", "EMP-2", "u-hr", "hr",
                           R"({"name":"Karim","nid":"12","mobile":"01712345678","department":"it",)"
                           R"("position":"engineer","start_date":")" +
                               dhaka_date(30) + R"("})")}});
  wait_for("SELECT overdue::text FROM invoices WHERE invoice_id = 'INV-OLD'", "true");
  wait_for("SELECT count(*) FROM onboarding_tasks WHERE employee_id = 'EMP-1' AND status = 'overdue'", "2");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM notifications WHERE type = 'invoice.overdue'"), "1");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM notifications WHERE type = 'onboarding.task_overdue'"), "2")
      << "account (start - 1) and it_equipment (start) are past; orientation and benefits are not";
  EXPECT_EQ(db_->scalar("SELECT string_agg(workflow || ':' || entity_id || ':' || item, ',' ORDER BY item)"
                        " FROM v_overdue"),
            "onboarding:EMP-1:account,onboarding:EMP-1:it_equipment,invoice:INV-OLD:payment");
  // EMP-2 may be on another partition, committed after EMP-1's tasks.
  wait_for("SELECT status || ' ' || array_to_string(hold_reasons, ',') FROM onboardings WHERE employee_id = 'EMP-2'",
           "on_hold invalid_nid");

  publish(
      topics_->onboarding,
      {{"EMP-2", event("c-1", "employee.details_corrected", "EMP-2", "u-hr", "hr", R"({"nid":"1234567890123"})", 30)},
       {"EMP-1",
        event("t-1", "onboarding.task_completed", "EMP-1", "u-it", "requester", R"({"task":"account"})", 20)}});
  wait_for("SELECT status FROM onboardings WHERE employee_id = 'EMP-2'", "in_progress");
  wait_for("SELECT status FROM onboarding_tasks WHERE employee_id = 'EMP-1' AND task = 'account'", "completed_late");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM onboarding_tasks WHERE employee_id = 'EMP-2' AND status = 'pending'"),
            "4");
  EXPECT_EQ(run_command(env_, {"audit", "verify"}), 0);
}

}  // namespace
}  // namespace vextrus::testing

// Durable deadlines against the real broker and PostgreSQL, with a policy in seconds: pending
// orders are reminded, escalated and expire, an approved one never does, and a kill -9 while
// timers are due still fires each exactly once after the restart.

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <thread>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::string seconds_policy() {
  return policy_variant("seconds", {{"policy_id: bd-default-2025-07-01", "policy_id: test-seconds"},
                                    {"reminder_after: 48h\n  escalate_after: 96h\n  expire_after: 168h",
                                     "reminder_after: 2s\n  escalate_after: 4s\n  expire_after: 6s"}});
}

class Timers : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<ScratchDatabase>("timers");
    topics_ = std::make_unique<TopicSet>("timers");
    env_ = service_environment(*db_, *topics_, "g-" + topics_->purchase_orders);
    env_["VEXTRUS_POLICY"] = seconds_policy();
  }

  std::string count(const std::string& where) { return db_->scalar("SELECT count(*) FROM audit_log WHERE " + where); }

  // Every pending order of `orders` ended with exactly one reminder, escalation and expiry.
  void expect_each_fired_once(int orders) {
    const auto n = std::to_string(orders);
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM purchase_orders WHERE status = 'expired'"), n);
    for (const char* action : {"reminder_sent", "escalated", "expired"}) {
      EXPECT_EQ(db_->scalar(std::string("SELECT count(DISTINCT entity_id) FROM audit_log WHERE action = '") + action +
                            "' AND entity_id LIKE 'PEND-%'"),
                n)
          << action;
      EXPECT_EQ(count(std::string("action = '") + action + "' AND entity_id LIKE 'PEND-%'"), n) << action << " twice";
    }
    for (const char* type : {"approval.requested", "approval.reminder", "approval.escalated"}) {
      EXPECT_EQ(db_->scalar(std::string("SELECT count(*) FROM notifications WHERE type = '") + type +
                            "' AND entity_id LIKE 'PEND-%'"),
                n)
          << type;
    }
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM timers WHERE entity_id LIKE 'PEND-%'"), "0");
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log WHERE action IN ('reminder_sent', 'escalated', 'expired')"
                          " AND (actor_role <> 'system' OR event_id IS NOT NULL)"),
              "0");
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TopicSet> topics_;
  std::map<std::string, std::string> env_;
};

TEST_F(Timers, PendingOrdersExpireAndAnApprovedOneNeverDoes) {
  std::vector<Record> records;
  const int pending = 20;
  for (int i = 0; i < pending; ++i) {
    const auto po = "PEND-" + std::to_string(i);
    records.push_back({po, po_submitted(po + "-s", po, "req", "500.00", rfc3339_from_now(0))});
  }
  records.push_back({"DONE-1", po_submitted("d-s", "DONE-1", "req", "500.00", rfc3339_from_now(0))});
  records.push_back({"DONE-1", event_json("d-a", "purchase_order.approved", "DONE-1", rfc3339_from_now(1), "u-dh",
                                          "department_head", "{}")});
  ServiceProcess service(env_, "/tmp/vextrus-timers.log");
  service.start();
  publish(topics_->purchase_orders, records);
  // Until the service has migrated its database there is no purchase_orders table to ask.
  ASSERT_TRUE(wait_until([&] { return committed_events(*db_) == static_cast<std::int64_t>(records.size()); }, 30s))
      << "see " << service.log_path();
  ASSERT_TRUE(wait_until(
      [&] {
        return db_->scalar("SELECT count(*) FROM purchase_orders WHERE status = 'expired'") == std::to_string(pending);
      },
      40s))
      << "see " << service.log_path();
  std::this_thread::sleep_for(1500ms);  // anything that would fire twice has had its chance
  EXPECT_EQ(service.stop(), 0);

  expect_each_fired_once(pending);
  EXPECT_EQ(db_->scalar("SELECT status FROM purchase_orders WHERE po_id = 'DONE-1'"), "approved");
  EXPECT_EQ(count("entity_id = 'DONE-1'"), "2");
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM notifications WHERE entity_id = 'DONE-1' AND type = 'workflow.completed'"
                        " AND to_role = 'requester'"),
            "1");
  // Each reminder lands no earlier than its deadline (2 s after the submission).
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log r JOIN audit_log s ON s.entity_id = r.entity_id"
                        " AND s.action = 'submitted' WHERE r.action = 'reminder_sent'"
                        " AND r.recorded_at < s.occurred_at + interval '2 seconds'"),
            "0");

  const auto total = db_->scalar("SELECT count(*) FROM notifications");
  const auto published = read_topic(topics_->notifications, topics_->partitions, std::stoul(total), 30s);
  EXPECT_EQ(std::to_string(published.size()), total);
  std::string out;
  EXPECT_EQ(run_command(env_, {"audit", "verify"}, &out), 0) << out;
}

TEST_F(Timers, KillNineWhileTimersAreDueFiresEachOnceAfterRestart) {
  const int pending = 30;
  ServiceProcess service(env_, "/tmp/vextrus-timers-kill.log");
  service.start();
  // The orders are dated when the service has joined its group and owns its partitions, so that
  // their 6 s expiries cannot fall due before the kill, however long start-up took.
  ASSERT_TRUE(wait_until([&] { return http_get(env_.at("VEXTRUS_HTTP_ADDR"), "/health/ready") == 200; }, 60s))
      << "see " << service.log_path();
  // On a broker just started, a producer's first publish waits seconds for its producer id; a
  // record nobody consumes takes that wait before the orders are dated.
  publish(topics_->dead_letter, {{"warm-up", "{}"}});
  std::vector<Record> records;
  for (int i = 0; i < pending; ++i) {
    const auto po = "PEND-" + std::to_string(i);
    records.push_back({po, po_submitted(po + "-s", po, "req", "500.00", rfc3339_from_now(0))});
  }
  publish(topics_->purchase_orders, records);
  ASSERT_TRUE(wait_until([&] { return committed_events(*db_) == pending; }, 30s));
  service.kill_hard();
  const auto fired_before = count("action = 'expired'");
  std::this_thread::sleep_for(8s);  // every deadline (6 s at most) passes while the service is down

  service.start();
  ASSERT_TRUE(wait_until(
      [&] {
        return db_->scalar("SELECT count(*) FROM purchase_orders WHERE status = 'expired'") == std::to_string(pending);
      },
      60s))
      << "see " << service.log_path();
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(service.stop(), 0);
  EXPECT_EQ(fired_before, "0") << "the kill should land before the expiries";
  expect_each_fired_once(pending);
  std::string out;
  EXPECT_EQ(run_command(env_, {"audit", "verify"}, &out), 0) << out;
}

}  // namespace
}  // namespace vextrus::testing

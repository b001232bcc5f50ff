// The purchase-order pipeline against the real broker and PostgreSQL: final rows, idempotence
// under republishing, dead letters, and the append-only audit trail.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

class Pipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    db_ = std::make_unique<ScratchDatabase>("pipe");
    topics_ = std::make_unique<TopicSet>(name);
    env_ = service_environment(*db_, *topics_, "g-" + topics_->purchase_orders);
    service_ = std::make_unique<ServiceProcess>(env_, "/tmp/vextrus-" + name + ".log");
  }

  void expect_consumed(std::int64_t count) {
    ASSERT_TRUE(wait_until([&] { return committed_events(*db_) >= count; }, 120s))
        << "committed " << committed_events(*db_) << " of " << count << "; see " << service_->log_path();
    EXPECT_EQ(committed_events(*db_), count);
  }

  std::set<std::string> order_rows() {
    const auto rows = db_->rows(
        "SELECT po_id, status, tiers_required, tiers_approved, coalesce(pending_role, 'NULL') FROM purchase_orders");
    return {rows.begin(), rows.end()};
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<TopicSet> topics_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<ServiceProcess> service_;
};

TEST_F(Pipeline, StreamOfOrdersEndsInExactlyTheExpectedRowsAndRepublishingChangesNothing) {
  const auto scenario = make_scenario("PO", 250);
  publish(topics_->purchase_orders, scenario.records);
  service_->start();
  expect_consumed(static_cast<std::int64_t>(scenario.records.size()));

  std::set<std::string> expected;
  for (const auto& [po, order] : scenario.expected) expected.insert(describe(po, order));
  EXPECT_EQ(order_rows(), expected);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log"), std::to_string(scenario.audit_records));
  for (const auto& [po, order] : scenario.expected) {
    if (po != "PO-0" && po != "PO-1" && po != "PO-3") continue;  // spot-check per-entity history
    EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log WHERE entity_id = '" + po + "'"),
              std::to_string(order.audit_records))
        << po;
  }
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log WHERE action = 'refused'"),
            std::to_string(2 * 50));  // shapes 1 and 3 each refuse one event
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM dead_letters"), "0");
  const auto audit_before = db_->rows("SELECT chain, seq, hash FROM audit_log ORDER BY chain, seq");
  const auto orders_before = db_->rows("SELECT * FROM purchase_orders ORDER BY po_id");

  // The same events again, with the service running: every one is a duplicate.
  publish(topics_->purchase_orders, scenario.records);
  expect_consumed(static_cast<std::int64_t>(2 * scenario.records.size()));
  EXPECT_EQ(db_->rows("SELECT chain, seq, hash FROM audit_log ORDER BY chain, seq"), audit_before);
  EXPECT_EQ(db_->rows("SELECT * FROM purchase_orders ORDER BY po_id"), orders_before);

  std::string out;
  EXPECT_EQ(run_command(env_, {"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("\"ok\":true"), std::string::npos) << out;

  // The group's offsets in Kafka follow PostgreSQL's (for lag tools and autoscalers).
  const auto stored_offsets = db_->scalar(
      "SELECT string_agg(partition || ':' || next_offset, ',' ORDER BY partition) FROM consumer_offsets"
      " WHERE topic = '" +
      topics_->purchase_orders + "'");
  std::string in_kafka;
  EXPECT_TRUE(wait_until(
      [&] {
        in_kafka = kafka_group_offsets(env_.at("VEXTRUS_KAFKA_GROUP"), topics_->purchase_orders, topics_->partitions);
        return in_kafka == stored_offsets;
      },
      10s))
      << "Kafka has " << in_kafka << ", PostgreSQL " << stored_offsets;

  // Every committed audit record reaches vextrus.audit (at least once), keyed by its entity,
  // with the hash stored in PostgreSQL.
  const auto published = read_topic(topics_->audit, topics_->partitions, scenario.audit_records, 60s);
  std::map<std::string, std::string> hashes;  // chain/seq → hash
  for (const auto& record : published) {
    const auto json = nlohmann::json::parse(record.value);
    EXPECT_EQ(record.key, json.at("entity_id").get<std::string>());
    hashes[json.at("chain").get<std::string>() + "/" + std::to_string(json.at("seq").get<long>())] =
        json.at("hash").get<std::string>();
  }
  const auto stored = db_->rows("SELECT chain || '/' || seq, hash FROM audit_log");
  ASSERT_EQ(hashes.size(), stored.size());
  for (const auto& row : stored) {
    const auto bar = row.find('|');
    EXPECT_EQ(hashes[row.substr(0, bar)], row.substr(bar + 1)) << row;
  }
  EXPECT_EQ(service_->stop(), 0);
}

// The value of one sample line of the Prometheus text format, or -1.
double sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(metrics.substr(at + series.size() + 2));
}

TEST_F(Pipeline, ATinyInFlightBudgetBoundsEveryTransactionAndLosesNothing) {
  // A backlog that one poll would hand over in hundreds per partition, against a process-wide
  // budget of 40 messages consumed and not yet committed: each poll takes only what is left of
  // it and every partition is paused once it is spent, so no transaction holds more than 41
  // events (one poll may take one message while the budget is spent); pausing and resuming must
  // lose or repeat nothing.
  const int budget = 40;
  const auto scenario = make_scenario("PO", 250);
  publish(topics_->purchase_orders, scenario.records);
  auto env = env_;
  env["VEXTRUS_PIPELINE_MAX_INFLIGHT_EVENTS"] = std::to_string(budget);
  ServiceProcess service(env, service_->log_path());
  service.start();
  ASSERT_TRUE(
      wait_until([&] { return committed_events(*db_) == static_cast<std::int64_t>(scenario.records.size()); }, 120s))
      << "committed " << committed_events(*db_) << " of " << scenario.records.size() << "; see " << service.log_path();

  std::set<std::string> expected;
  for (const auto& [po, order] : scenario.expected) expected.insert(describe(po, order));
  EXPECT_EQ(order_rows(), expected);
  EXPECT_EQ(db_->scalar("SELECT count(*) FROM audit_log"), std::to_string(scenario.audit_records));
  std::string metrics;
  ASSERT_EQ(http_get(env.at("VEXTRUS_HTTP_ADDR"), "/metrics", &metrics), 200);
  const auto transactions = sample(metrics, "vextrus_batch_size_count");
  EXPECT_GE(transactions, static_cast<double>(scenario.records.size()) / (budget + 1)) << metrics;
  EXPECT_EQ(sample(metrics, "vextrus_batch_size_bucket{le=\"50\"}"), transactions) << metrics;
  std::string out;
  EXPECT_EQ(run_command(env, {"audit", "verify"}, &out), 0) << out;
  EXPECT_EQ(service.stop(), 0);
}

TEST_F(Pipeline, PoisonMessagesAreDeadLetteredWhileTheirPartitionKeepsFlowing) {
  const std::string po = "PO-P1";
  std::vector<Record> records{
      {po, po_submitted("p-1", po, "req-1", "5000.00")},
      {po, "{\"event_id\": \"broken"},
      {po, po_submitted("p-2", po, "req-1", "1.500")},
      {"", event_json("p-3", "purchase_order.approved", po, rfc3339_from_now(-30), "u-2", "department_head", "{}")},
      {po, event_json("p-4", "purchase_order.approved", po, rfc3339_from_now(-30), "u-2", "department_head", "{}")},
  };
  publish(topics_->purchase_orders, records);
  service_->start();
  expect_consumed(static_cast<std::int64_t>(records.size()));

  EXPECT_EQ(db_->rows("SELECT status, tiers_approved FROM purchase_orders WHERE po_id = 'PO-P1'"),
            std::vector<std::string>{"approved|1"});
  EXPECT_EQ(db_->rows("SELECT reason FROM dead_letters ORDER BY reason"),
            (std::vector<std::string>{"bad_money", "invalid_json", "no_key"}));
  EXPECT_EQ(db_->scalar("SELECT convert_from(payload, 'UTF8') FROM dead_letters WHERE reason = 'invalid_json'"),
            "{\"event_id\": \"broken");
  // The relay marks dead letters published only once Kafka confirmed them.
  ASSERT_TRUE(wait_until(
      [&] {
        return db_->scalar(
                   "SELECT count(*) FROM dead_letters d JOIN relay_positions r"
                   " ON r.chain = d.topic || '/' || d.partition WHERE d.id <= r.dead_letter_id") == "3";
      },
      30s));
  const auto letters = read_topic(topics_->dead_letter, topics_->partitions, 3, 30s);
  ASSERT_EQ(letters.size(), 3u);
  std::set<std::string> reasons;
  for (const auto& letter : letters) {
    const auto json = nlohmann::json::parse(letter.value);
    reasons.insert(json.at("reason").get<std::string>());
    EXPECT_EQ(json.at("topic").get<std::string>(), topics_->purchase_orders);
    if (json["reason"] == "invalid_json") {
      EXPECT_EQ(letter.key, po);
      EXPECT_EQ(json.at("payload").get<std::string>(), "{\"event_id\": \"broken");
    }
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"bad_money", "invalid_json", "no_key"}));
  // A corrected re-publish of a dead-lettered id is processed (it was never accepted).
  publish(topics_->purchase_orders, {{"PO-P2", po_submitted("p-2", "PO-P2", "req-1", "1.50")}});
  expect_consumed(static_cast<std::int64_t>(records.size() + 1));
  EXPECT_EQ(db_->scalar("SELECT status FROM purchase_orders WHERE po_id = 'PO-P2'"), "pending_approval");
  EXPECT_EQ(service_->stop(), 0);
}

TEST_F(Pipeline, TheServiceRoleCannotRewriteTheAuditTrail) {
  publish(topics_->purchase_orders, {{"PO-A", po_submitted("a-1", "PO-A", "req-1", "10.00")}});
  service_->start();
  expect_consumed(1);
  EXPECT_EQ(service_->stop(), 0);

  pqxx::connection app(db_->app_dsn());
  for (const std::string sql :
       {"UPDATE audit_log SET action = 'approved'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
    pqxx::nontransaction tx(app);
    EXPECT_THROW(tx.exec(sql), pqxx::sql_error) << sql;
  }
  // Even the owner is stopped by the trigger.
  pqxx::connection owner(db_->owner_dsn());
  pqxx::nontransaction tx(owner);
  EXPECT_THROW(tx.exec("UPDATE audit_log SET action = 'approved'"), pqxx::sql_error);
  EXPECT_EQ(db_->scalar("SELECT action FROM audit_log"), "submitted");
}

}  // namespace
}  // namespace vextrus::testing

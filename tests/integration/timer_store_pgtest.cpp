// The PostgreSQL partition store's timer paging against a real database: the earliest timers
// with ties kept together, replacement limited to the worker's window, the count of stored
// timers a commit changes, and how PostgreSQL plans the commit's DELETE of timers whatever its
// statistics.

#include <gtest/gtest.h>

#include <regex>

#include <pqxx/pqxx>

#include "adapters/postgres/bulk_rows.hpp"
#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/timer_delete.hpp"
#include "adapters/postgres/worker_session.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using domain::Deadline;
using domain::DeadlineKind;

Deadline at(DeadlineKind kind, int step, std::int64_t micros) { return {kind, step, {micros}}; }

class TimerStore : public ::testing::Test {
 protected:
  void SetUp() override {
    pg::apply_migrations(db_.owner_dsn());
    store_ = pg::make_pg_partition_store(db_.app_dsn(), {"g", "t", 0});
    store_->claim("timer-store-test");
  }

  // Commits `timers` as the batch's timer changes, moving the offset by one.
  ports::CommitResult commit(std::vector<ports::EntityTimers> timers) {
    ports::BatchCommit batch;
    batch.expected_offset = offset_;
    batch.next_offset = offset_ ? *offset_ + 1 : 1;
    batch.timers = std::move(timers);
    const auto result = store_->commit(batch);
    offset_ = batch.next_offset;
    return result;
  }

  std::vector<std::string> entities(const ports::TimerPage& page) {
    std::vector<std::string> out;
    for (const auto& t : page.timers) out.push_back(t.entity_id + "@" + std::to_string(t.deadline.due_at.micros));
    return out;
  }

  ScratchDatabase db_{"timerstore"};
  std::unique_ptr<ports::PartitionStore> store_;
  std::optional<std::int64_t> offset_;
};

TEST_F(TimerStore, PagesInDueOrderKeepingTiesTogether) {
  // Seconds after the epoch, so that they are exact in timestamptz.
  const std::int64_t s = 1'000'000;
  const auto result =
      commit({{"purchase_order", "A", {at(DeadlineKind::reminder, 0, 10 * s), at(DeadlineKind::expiry, 0, 40 * s)}, {}},
              {"purchase_order", "B", {at(DeadlineKind::reminder, 0, 20 * s)}, {}},
              {"purchase_order", "C", {at(DeadlineKind::reminder, 0, 20 * s)}, {}},
              {"purchase_order", "D", {at(DeadlineKind::reminder, 0, 30 * s)}, {}}});
  EXPECT_EQ(result.timers_delta, 5);
  EXPECT_EQ(store_->count_timers(), 5);

  const auto first = store_->load_timers(std::nullopt, 2);
  EXPECT_EQ(entities(first), (std::vector<std::string>{"A@10000000", "B@20000000", "C@20000000"}))
      << "the second timer's ties come with it";
  EXPECT_FALSE(first.complete);
  const auto next = store_->load_timers(domain::Timestamp{20 * s}, 2);
  EXPECT_EQ(entities(next), (std::vector<std::string>{"D@30000000", "A@40000000"}));
  EXPECT_FALSE(next.complete) << "a full page may have more after it";
  const auto last = store_->load_timers(domain::Timestamp{40 * s}, 2);
  EXPECT_TRUE(last.timers.empty());
  EXPECT_TRUE(last.complete);
  EXPECT_TRUE(store_->load_timers(std::nullopt, 10).complete);
}

TEST_F(TimerStore, AWindowedReplacementKeepsTheTimersBeyondTheWindow) {
  const std::int64_t s = 1'000'000;
  commit({{"purchase_order",
           "A",
           {at(DeadlineKind::reminder, 0, 10 * s), at(DeadlineKind::escalation, 0, 20 * s),
            at(DeadlineKind::expiry, 0, 30 * s)},
           {}}});
  // The reminder fired in a window that ended at 15 s: A's new set up to there is empty.
  const auto fired = commit({{"purchase_order", "A", {}, domain::Timestamp{15 * s}}});
  EXPECT_EQ(fired.timers_delta, -1);
  EXPECT_EQ(entities(store_->load_timers(std::nullopt, 10)), (std::vector<std::string>{"A@20000000", "A@30000000"}));
  // A decision replaces the complete set.
  const auto decided = commit({{"purchase_order", "A", {at(DeadlineKind::reminder, 1, 50 * s)}, std::nullopt}});
  EXPECT_EQ(decided.timers_delta, -1);
  EXPECT_EQ(entities(store_->load_timers(std::nullopt, 10)), (std::vector<std::string>{"A@50000000"}));
  EXPECT_EQ(store_->count_timers(), 1);
}

// A replacement that keeps a timer's key (kind and step) with a new due time: the deletion and the
// insert are parts of one statement, and the insert must run after the deletion, a few rows or
// many (COPY after a deletion of its own).
TEST_F(TimerStore, AReplacementMayPutBackTheKeysItDeletes) {
  const std::int64_t s = 1'000'000;
  for (const std::size_t entities : {std::size_t{2}, pg::BulkRows::few_rows + 1}) {
    std::vector<ports::EntityTimers> first, again;
    for (std::size_t e = 0; e < entities; ++e) {
      const auto id = "R" + std::to_string(entities) + "-" + std::to_string(e);
      first.push_back({"purchase_order", id, {at(DeadlineKind::reminder, 0, 10 * s)}, {}});
      again.push_back({"purchase_order", id, {at(DeadlineKind::reminder, 0, 20 * s)}, {}});
    }
    EXPECT_EQ(commit(first).timers_delta, static_cast<std::int64_t>(entities));
    EXPECT_EQ(commit(again).timers_delta, 0) << entities << " entities";
    const auto page = store_->load_timers(domain::Timestamp{15 * s}, 1000);
    std::size_t moved = 0;
    for (const auto& t : page.timers) moved += t.entity_id.rfind("R" + std::to_string(entities) + "-", 0) == 0;
    EXPECT_EQ(moved, entities) << "every timer now due at 20 s";
  }
  EXPECT_EQ(store_->count_timers(), static_cast<std::int64_t>(2 + pg::BulkRows::few_rows + 1));
}

// Collects the notices of a connection: here, the plans auto_explain reports.
struct Notices : pqxx::errorhandler {
  explicit Notices(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char message[]) noexcept override {
    text.emplace_back(message);
    return true;
  }
  std::vector<std::string> text;
};

// The commit's DELETE must find each entity's timers through the primary key whatever
// PostgreSQL's statistics say, since the timers churn faster than they are analysed. Runs
// `executions` DELETEs of `batch` ids each (ids "PO-<first>" onwards, three timers each on
// partition 0) as the commit's statement does, planned as `plan_cache_mode` says, and returns the
// plan of each, as auto_explain reports them.
std::vector<std::string> delete_plans(ScratchDatabase& db, const std::string& plan_cache_mode, int executions,
                                      int batch, int first) {
  pqxx::connection connection(db.super_dsn());
  pg::configure_worker_session(connection);
  Notices notices(connection);
  pqxx::work tx(connection);
  tx.exec("LOAD 'auto_explain'");
  tx.exec("SET auto_explain.log_min_duration = 0");
  tx.exec("SET auto_explain.log_level = notice");
  tx.exec("SET plan_cache_mode = " + plan_cache_mode);
  for (int e = 0; e < executions; ++e) {
    std::vector<pg::TimerRemoval> entities;
    for (int i = 1; i <= batch; ++i)
      entities.push_back({"PO-" + std::to_string(first + e * batch + i - 1), "infinity"});
    pg::WriteStatement writes;
    const auto part = pg::delete_entity_timers(writes, {"g", "t", 0}, "purchase_order", entities);
    EXPECT_EQ(writes.run(tx).at(part), 3 * batch);
  }
  std::vector<std::string> plans;
  for (const auto& text : notices.text) {
    if (text.find("DELETE FROM timers") != std::string::npos) plans.push_back(text);
  }
  return plans;
}

// A range over the partition's timers, filtered by the ids, is what a planner whose statistics
// lag chose for `entity_id = ANY(ids)`: every row against every id with a generic plan (up to
// 11 s per DELETE in bench/e2e), a partition's timers read for every few entities with a custom
// one (20-50 ms per DELETE under a live load; bench/results/history-2026-11.md).
void expect_probes_by_entity(const std::vector<std::string>& plans, int executions) {
  // The partition's values, or the statement's parameters in a generic plan.
  const std::regex probe(R"(Index Cond: \(\(topic = ('t'::text|\$1)\) AND \(partition = (0|\$2)\) AND)"
                         R"( \(entity_type = ('purchase_order'::text|\$3)\) AND \(entity_id = entity\.id\)\))");
  EXPECT_EQ(plans.size(), static_cast<std::size_t>(executions));
  for (std::size_t i = 0; i < plans.size(); ++i) {
    const auto& plan = plans[i];
    const auto context = "execution " + std::to_string(i + 1) + ":\n" + plan.substr(0, 1600);
    EXPECT_TRUE(std::regex_search(plan, probe)) << context;
    EXPECT_NE(plan.find("timers_pkey"), std::string::npos) << context;
    EXPECT_EQ(plan.find("Seq Scan on timers"), std::string::npos) << context;
    EXPECT_EQ(plan.find("timers_due"), std::string::npos) << context;
  }
}

void insert_orders_timers(ScratchDatabase& db) {
  db.scalar(
      "INSERT INTO timers SELECT 't', 0, 'purchase_order', 'PO-' || i, kind, 0, now() + i * interval '1 s'"
      " FROM generate_series(1, 50000) i, unnest(ARRAY['reminder', 'escalation', 'expiry']) kind");
}

// A vacuum that finds a churned table nearly empty leaves PostgreSQL believing it holds a handful
// of rows, however many are added after.
TEST_F(TimerStore, TheCommitsDeleteProbesEachEntityUnderStaleStatistics) {
  // An autovacuum of this scratch table would refresh the statistics the test makes stale.
  db_.scalar("ALTER TABLE timers SET (autovacuum_enabled = false)");
  db_.scalar(
      "INSERT INTO timers SELECT 't', i % 6, 'purchase_order', 'OLD-' || i, kind, 0, now()"
      " FROM generate_series(1, 50000) i, unnest(ARRAY['reminder', 'escalation', 'expiry']) kind");
  db_.scalar("ANALYZE timers");
  db_.scalar("DELETE FROM timers WHERE entity_id <> 'OLD-50000'");
  db_.scalar("VACUUM timers");
  insert_orders_timers(db_);
  ASSERT_LT(std::stod(db_.scalar("SELECT reltuples FROM pg_class WHERE relname = 'timers'")), 10)
      << "the statistics are stale, as the planner sees them";
  // A backlog's batches, planned for their values and as the prepared statement's generic plan.
  expect_probes_by_entity(delete_plans(db_, "force_custom_plan", 4, 2000, 1), 4);
  expect_probes_by_entity(delete_plans(db_, "force_generic_plan", 4, 2000, 8001), 4);
}

// A new database until autovacuum first analyses it: the planner's default selectivities make
// any range of a partition's timers look like one row.
TEST_F(TimerStore, TheCommitsDeleteProbesEachEntityBeforeTheFirstAnalyse) {
  db_.scalar("ALTER TABLE timers SET (autovacuum_enabled = false)");
  insert_orders_timers(db_);
  ASSERT_EQ(db_.scalar("SELECT reltuples FROM pg_class WHERE relname = 'timers'"), "-1") << "never analysed";
  // A live load's batches: a few entities each.
  expect_probes_by_entity(delete_plans(db_, "force_custom_plan", 4, 20, 1), 4);
  expect_probes_by_entity(delete_plans(db_, "force_generic_plan", 4, 20, 81), 4);
}

}  // namespace
}  // namespace vextrus::testing

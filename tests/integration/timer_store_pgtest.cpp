// The PostgreSQL partition store's timer paging against a real database: the earliest timers
// with ties kept together, replacement limited to the worker's window, the count of stored
// timers a commit changes, and how PostgreSQL plans the commit's DELETE of timers.

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/timer_delete.hpp"
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
  pg::CommitResult commit(std::vector<pg::EntityTimers> timers) {
    pg::BatchCommit batch;
    batch.expected_offset = offset_;
    batch.next_offset = offset_ ? *offset_ + 1 : 1;
    batch.timers = std::move(timers);
    const auto result = store_->commit(batch);
    offset_ = batch.next_offset;
    return result;
  }

  std::vector<std::string> entities(const pg::TimerPage& page) {
    std::vector<std::string> out;
    for (const auto& t : page.timers) out.push_back(t.entity_id + "@" + std::to_string(t.deadline.due_at.micros));
    return out;
  }

  ScratchDatabase db_{"timerstore"};
  std::unique_ptr<pg::PartitionStore> store_;
  std::optional<std::int64_t> offset_;
};

TEST_F(TimerStore, PagesInDueOrderKeepingTiesTogether) {
  // Seconds after the epoch, so that they are exact in timestamptz.
  const std::int64_t s = 1'000'000;
  const auto result = commit({{"purchase_order", "A", {at(DeadlineKind::reminder, 0, 10 * s), at(DeadlineKind::expiry, 0, 40 * s)}, {}},
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
  commit({{"purchase_order", "A",
           {at(DeadlineKind::reminder, 0, 10 * s), at(DeadlineKind::escalation, 0, 20 * s), at(DeadlineKind::expiry, 0, 30 * s)},
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

// Collects the notices of a connection: here, the plans auto_explain reports.
struct Notices : pqxx::errorhandler {
  explicit Notices(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
  bool operator()(const char message[]) noexcept override {
    text.emplace_back(message);
    return true;
  }
  std::vector<std::string> text;
};

// A vacuum that finds a churned table nearly empty leaves PostgreSQL believing it holds a handful
// of rows, however many are added after. The planner then judged a partition's range of timers
// to hold one row and scanned it, filtering by the batch's ids; as a prepared statement, run with
// a generic plan after five executions, that filter compared every row with every id: up to 11 s
// per DELETE in bench/e2e (bench/README.md). Every execution must be planned with the ids as a
// constant, which PostgreSQL hashes for a filter.
TEST_F(TimerStore, TheCommitsDeleteIsPlannedForItsIdsEveryTime) {
  // An autovacuum of this scratch table would refresh the statistics the test makes stale.
  db_.scalar("ALTER TABLE timers SET (autovacuum_enabled = false)");
  db_.scalar("INSERT INTO timers SELECT 't', i % 6, 'purchase_order', 'OLD-' || i, kind, 0, now()"
             " FROM generate_series(1, 50000) i, unnest(ARRAY['reminder', 'escalation', 'expiry']) kind");
  db_.scalar("ANALYZE timers");
  db_.scalar("DELETE FROM timers WHERE entity_id <> 'OLD-50000'");
  db_.scalar("VACUUM timers");
  db_.scalar("INSERT INTO timers SELECT 't', 0, 'purchase_order', 'PO-' || i, kind, 0, now() + i * interval '1 s'"
             " FROM generate_series(1, 50000) i, unnest(ARRAY['reminder', 'escalation', 'expiry']) kind");
  ASSERT_LT(std::stod(db_.scalar("SELECT reltuples FROM pg_class WHERE relname = 'timers'")), 10)
      << "the statistics are stale, as the planner sees them";

  pqxx::connection connection(db_.super_dsn());
  Notices plans(connection);
  pqxx::work tx(connection);
  tx.exec("LOAD 'auto_explain'");
  tx.exec("SET auto_explain.log_min_duration = 0");
  tx.exec("SET auto_explain.log_level = notice");
  const int executions = 8, batch = 2000;
  for (int e = 0; e < executions; ++e) {
    std::vector<std::string> ids;
    for (int i = 1; i <= batch; ++i) ids.push_back("PO-" + std::to_string(e * batch + i));
    EXPECT_EQ(pg::delete_entity_timers(tx, {"g", "t", 0}, "purchase_order", ids, "infinity"), 3 * batch);
  }
  int planned = 0;
  for (const auto& plan : plans.text) {
    if (plan.find("DELETE FROM timers") == std::string::npos) continue;
    ++planned;
    EXPECT_EQ(plan.find("ANY ($4)"), std::string::npos) << "execution " << planned << " ran a generic plan:\n"
                                                         << plan.substr(0, 600);
  }
  EXPECT_EQ(planned, executions);
}

}  // namespace
}  // namespace vextrus::testing

// The PostgreSQL partition store's timer paging against a real database: the earliest timers
// with ties kept together, replacement limited to the worker's window, and the count of
// stored timers a commit changes.

#include <gtest/gtest.h>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/partition_store.hpp"
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

}  // namespace
}  // namespace vextrus::testing

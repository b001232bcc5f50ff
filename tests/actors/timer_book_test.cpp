// The partition's timers in memory: due order, replacement, and commit or rollback.

#include "actors/timer_book.hpp"

#include <gtest/gtest.h>

namespace vextrus::actors {
namespace {

using domain::Deadline;
using domain::DeadlineKind;

Deadline at(DeadlineKind kind, int step, std::int64_t micros) { return {kind, step, {micros}}; }

TEST(TimerBook, TakesDueTimersInDueOrderOnceEach) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}, {"A", at(DeadlineKind::expiry, 0, 30)},
             {"B", at(DeadlineKind::reminder, 0, 5)}});
  const auto due = book.take_due({10});
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].entity_id, "B");
  EXPECT_EQ(due[1].entity_id, "A");
  EXPECT_TRUE(book.take_due({10}).empty()) << "a fired timer does not fire again";
  const auto later = book.take_due({30});
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].deadline.kind, DeadlineKind::expiry);
}

TEST(TimerBook, ReplacementCancelsAndSetsWithinTheBatch) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}});
  book.replace("A", {at(DeadlineKind::reminder, 1, 50)});
  EXPECT_TRUE(book.take_due({40}).empty()) << "the replaced timer is cancelled";
  ASSERT_EQ(book.take_due({50}).size(), 1u);
}

TEST(TimerBook, CommitKeepsTheOverlayAndRollbackForgetsIt) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}, {"A", at(DeadlineKind::expiry, 0, 30)}});
  ASSERT_EQ(book.take_due({10}).size(), 1u);
  book.rollback();
  ASSERT_EQ(book.take_due({10}).size(), 1u) << "a fire that was not committed happens again";
  ASSERT_EQ(book.changes().at("A").size(), 1u);
  book.commit();
  EXPECT_EQ(book.committed_count(), 1u);
  EXPECT_EQ(book.earliest()->micros, 30);
  book.replace("A", {});
  book.commit();
  EXPECT_EQ(book.committed_count(), 0u);
  EXPECT_FALSE(book.earliest().has_value());
}

}  // namespace
}  // namespace vextrus::actors

namespace vextrus::actors {
namespace {

TEST(TimerBook, ALimitTakesTheEarliestAndLeavesTheRestDue) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 3)}, {"B", at(DeadlineKind::reminder, 0, 1)},
             {"C", at(DeadlineKind::reminder, 0, 2)}});
  const auto first = book.take_due({10}, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].entity_id, "B");
  EXPECT_EQ(first[1].entity_id, "C");
  const auto rest = book.take_due({10}, 2);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].entity_id, "A");
  book.commit();
  EXPECT_EQ(book.committed_count(), 0u);
}

}  // namespace
}  // namespace vextrus::actors

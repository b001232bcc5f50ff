// The partition's timers in memory: due order, replacement, and commit or rollback.

#include "actors/timer_book.hpp"

#include <gtest/gtest.h>

#include <map>

namespace vextrus::actors {
namespace {

using domain::Deadline;
using domain::DeadlineKind;

Deadline at(DeadlineKind kind, int step, std::int64_t micros) { return {kind, step, {micros}}; }

TEST(TimerBook, TakesDueTimersInDueOrderOnceEach) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)},
             {"A", at(DeadlineKind::expiry, 0, 30)},
             {"B", at(DeadlineKind::reminder, 0, 5)}},
            true);
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
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}}, true);
  book.replace("A", {at(DeadlineKind::reminder, 1, 50)});
  EXPECT_TRUE(book.take_due({40}).empty()) << "the replaced timer is cancelled";
  ASSERT_EQ(book.take_due({50}).size(), 1u);
}

TEST(TimerBook, CommitKeepsTheOverlayAndRollbackForgetsIt) {
  TimerBook book;
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}, {"A", at(DeadlineKind::expiry, 0, 30)}}, true);
  ASSERT_EQ(book.take_due({10}).size(), 1u);
  book.rollback();
  ASSERT_EQ(book.take_due({10}).size(), 1u) << "a fire that was not committed happens again";
  const auto changes = book.changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].first, "A");
  EXPECT_EQ(changes[0].second.deadlines->size(), 1u);
  EXPECT_FALSE(changes[0].second.up_to.has_value()) << "everything stored is in memory";
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
  book.load({{"A", at(DeadlineKind::reminder, 0, 3)},
             {"B", at(DeadlineKind::reminder, 0, 1)},
             {"C", at(DeadlineKind::reminder, 0, 2)}},
            true);
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

namespace vextrus::actors {
namespace {

TEST(TimerBookWindow, APulledSetReplacesOnlyTheWindowAndADecidedSetReplacesAll) {
  TimerBook book(4);
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}, {"B", at(DeadlineKind::reminder, 0, 20)}}, false);
  ASSERT_EQ(book.horizon()->micros, 20) << "the window ends at its last timer";
  ASSERT_EQ(book.take_due({10}).size(), 1u);
  book.replace("B", {at(DeadlineKind::escalation, 0, 90)});
  std::map<std::string, TimerChange> changes;
  for (const auto& [entity, change] : book.changes()) changes.emplace(entity, change);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_TRUE(changes.at("A").deadlines->empty());
  ASSERT_TRUE(changes.at("A").up_to.has_value()) << "A may have stored timers beyond the window";
  EXPECT_EQ(changes.at("A").up_to->micros, 20);
  EXPECT_FALSE(changes.at("B").up_to.has_value()) << "a decision sets B's complete set";
  book.commit();
  EXPECT_EQ(book.committed_count(), 0u) << "B's new timer is beyond the window: it stays stored";
  EXPECT_TRUE(book.wants_more());
}

TEST(TimerBookWindow, ExtendingReadsOnAndACompletePageEndsTheWindow) {
  TimerBook book(4);
  book.load({{"A", at(DeadlineKind::reminder, 0, 10)}}, false);
  book.extend({{"A", at(DeadlineKind::escalation, 0, 30)}, {"B", at(DeadlineKind::reminder, 0, 40)}}, false);
  EXPECT_EQ(book.horizon()->micros, 40);
  book.extend({}, true);
  EXPECT_FALSE(book.horizon().has_value());
  EXPECT_FALSE(book.wants_more()) << "everything stored is in memory";
  EXPECT_EQ(book.take_due({100}).size(), 3u);
}

TEST(TimerBookWindow, NewTimersBeyondCapacityNarrowTheWindow) {
  TimerBook book(4);
  book.load({}, true);
  for (int i = 0; i < 6; ++i) book.replace("E" + std::to_string(i), {at(DeadlineKind::reminder, 0, 10 * (i + 1))});
  book.commit();
  EXPECT_EQ(book.committed_count(), 4u);
  ASSERT_TRUE(book.horizon().has_value());
  EXPECT_EQ(book.horizon()->micros, 49) << "the window ends before the fifth timer";
  const auto due = book.take_due(*book.horizon());
  ASSERT_EQ(due.size(), 4u);
  EXPECT_EQ(due.back().entity_id, "E3");
}

TEST(TimerBookWindow, TiesAtTheBoundaryStayTogether) {
  TimerBook book(4);
  book.load({}, true);
  for (int i = 0; i < 6; ++i) book.replace("E" + std::to_string(i), {at(DeadlineKind::reminder, 0, i == 0 ? 5 : 10)});
  book.commit();
  EXPECT_EQ(book.horizon()->micros, 10) << "too few before the tie: every timer due at 10 stays";
  EXPECT_EQ(book.committed_count(), 6u);
}

}  // namespace
}  // namespace vextrus::actors

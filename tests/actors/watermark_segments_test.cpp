// The order of a transaction's decisions: segments no longer than the shortest deadline, the
// watermark and the deadlines falling due before each event, and where a run stops.

#include "actors/watermark_segments.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vextrus::actors {
namespace {

using domain::Duration;
using domain::Timestamp;
using Log = std::vector<std::string>;

// Records every call of the run; fire_due answers false from its `budget`-th call on (counted
// from 1), true while `budget` is unset.
class RecordingSink final : public SegmentSink {
 public:
  explicit RecordingSink(std::optional<std::size_t> budget = std::nullopt) : budget_(budget) {}

  bool fire_due(Timestamp watermark) override {
    ++fires_;
    log.push_back("fire@" + std::to_string(watermark.micros));
    return !budget_ || fires_ < *budget_;
  }
  void add(std::size_t index) override { log.push_back("add " + std::to_string(index)); }
  void close_segment() override { log.push_back("close"); }

  Log log;

 private:
  std::optional<std::size_t> budget_;
  std::size_t fires_ = 0;
};

std::optional<SegmentEvent> event(std::int64_t micros, std::optional<std::int64_t> dated = std::nullopt) {
  SegmentEvent e;
  e.occurred_at = {micros};
  if (dated) e.dated_deadline = Timestamp{*dated};
  return e;
}

constexpr std::optional<SegmentEvent> dead_letter = std::nullopt;

SegmentLimits limits(std::int64_t now, std::int64_t shortest, std::optional<std::int64_t> horizon = std::nullopt) {
  SegmentLimits l;
  l.now = {now};
  l.shortest_deadline = {shortest};
  if (horizon) l.horizon = Timestamp{*horizon};
  return l;
}

TEST(WatermarkSegments, EventsCloserThanTheShortestDeadlineShareASegment) {
  RecordingSink sink;
  const auto run = run_segments({event(10), event(50), event(120), event(300)}, {0}, false, limits(10'000, 100), sink);
  // 0+100 ends the first segment: 120 starts the next, which ends at 50+100 (its start's
  // watermark plus the shortest deadline), so 300 starts a third.
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@50", "add 1", "close",  //
                           "fire@120", "add 2", "close",                     //
                           "fire@300", "add 3", "close"}));
  EXPECT_EQ(run.taken, 4u);
  EXPECT_EQ(run.watermark.micros, 300);
}

TEST(WatermarkSegments, AnEventAtTheSegmentEndStartsANewSegment) {
  RecordingSink sink;
  const auto run = run_segments({event(1050), event(1099), event(1100)}, {1000}, false, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@1050", "add 0", "fire@1099", "add 1", "close",  //
                           "fire@1100", "add 2", "close"}))
      << "1099 is before the end 1000+100, 1100 is at it";
  EXPECT_EQ(run.taken, 3u);
}

TEST(WatermarkSegments, ALateEventNarrowsItsSegmentToItsOwnTimePlusTheShortestDeadline) {
  RecordingSink sink;
  // The watermark is at 1000: the first event (at 500) may set a deadline due at 600, so the
  // segment ends there although 1000+100 is later.
  const auto run = run_segments({event(500), event(650)}, {1000}, false, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@1000", "add 0", "close", "fire@1000", "add 1", "close"}))
      << "the watermark does not go back for a late event";
  EXPECT_EQ(run.taken, 2u);
  EXPECT_EQ(run.watermark.micros, 1000);
}

TEST(WatermarkSegments, ADeadlineDatedByAPayloadShortensItsSegment) {
  RecordingSink sink;
  const auto run =
      run_segments({event(10, 30), event(29), event(30), event(60)}, {0}, false, limits(10'000, 100), sink);
  // The first event dates a deadline at 30: the event at 30 must come after it fires. The next
  // segment ends at 29+100 (its start's watermark), so 60 shares it.
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@29", "add 1", "close",  //
                           "fire@30", "add 2", "fire@60", "add 3", "close"}));
  EXPECT_EQ(run.taken, 4u);
}

TEST(WatermarkSegments, TheWatermarkNeverPassesTheWallClock) {
  RecordingSink sink;
  const auto run = run_segments({event(100), event(900), event(200)}, {0}, false, limits(500, 1000), sink);
  EXPECT_EQ(sink.log, (Log{"fire@100", "add 0", "fire@500", "add 1", "fire@500", "add 2", "close"}))
      << "an event from the future counts as now, and an older one after it does not move the watermark back";
  EXPECT_EQ(run.taken, 3u);
  EXPECT_EQ(run.watermark.micros, 500);
}

TEST(WatermarkSegments, AnEventFromTheFutureCountsAsNowWhenSegmenting) {
  RecordingSink sink;
  // 10'000 is far beyond the segment's end (0+100), but it counts as now (50), inside it.
  const auto run = run_segments({event(10), event(10'000)}, {0}, false, limits(50, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@50", "add 1", "close"}));
  EXPECT_EQ(run.watermark.micros, 50);
}

TEST(WatermarkSegments, DueDeadlinesAreFiredBeforeEachEventAtItsWatermark) {
  // A sink whose deadlines join the open segment: they come before the event they precede.
  class DeadlineSink final : public SegmentSink {
   public:
    bool fire_due(Timestamp watermark) override {
      if (watermark.micros >= 40 && !fired_) {
        segment.push_back("deadline");
        fired_ = true;
      }
      return true;
    }
    void add(std::size_t index) override { segment.push_back("item " + std::to_string(index)); }
    void close_segment() override {
      segments.push_back(segment);
      segment.clear();
    }
    Log segment;
    std::vector<Log> segments;

   private:
    bool fired_ = false;
  };
  DeadlineSink sink;
  run_segments({event(10), event(40), event(45)}, {0}, false, limits(10'000, 100), sink);
  ASSERT_EQ(sink.segments.size(), 1u);
  EXPECT_EQ(sink.segments[0], (Log{"item 0", "deadline", "item 1", "item 2"}));
}

TEST(WatermarkSegments, ASpentBudgetStopsTheRunBeforeTheEventAndClosesTheSegment) {
  RecordingSink sink(2);  // the second fire spends the budget
  const auto run = run_segments({event(10), event(20), event(30)}, {0}, true, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@20", "close"}))
      << "nothing more is added, the open segment is decided, and the caught-up tail does not run";
  EXPECT_EQ(run.taken, 1u);
  EXPECT_EQ(run.watermark.micros, 20);
}

TEST(WatermarkSegments, ASpentBudgetInALaterSegmentKeepsTheSegmentsDecidedBefore) {
  RecordingSink sink(3);
  // The second segment ends at 10+100: 100 starts it, 105 and 108 would share it.
  const auto run = run_segments({event(10), event(100), event(105), event(108)}, {0}, true, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "close", "fire@100", "add 1", "fire@105", "close"}));
  EXPECT_EQ(run.taken, 2u);
}

TEST(WatermarkSegments, ASpentBudgetAtTheFirstEventTakesNothing) {
  RecordingSink sink(1);
  const auto run = run_segments({event(10), event(20)}, {0}, true, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "close"}));
  EXPECT_EQ(run.taken, 0u);
}

TEST(WatermarkSegments, AnEventBeyondTheHorizonStopsTheRunWithTheWatermarkAtTheHorizon) {
  RecordingSink sink;
  const auto run = run_segments({event(10), event(200), event(220)}, {0}, true, limits(10'000, 1000, 150), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@150", "close"}))
      << "the deadlines up to the horizon fire, the event beyond it waits, and no tail runs";
  EXPECT_EQ(run.taken, 1u);
  EXPECT_EQ(run.watermark.micros, 150);
}

TEST(WatermarkSegments, AnEventAtTheHorizonIsTaken) {
  RecordingSink sink;
  const auto run = run_segments({event(10), event(150)}, {0}, false, limits(10'000, 1000, 150), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "fire@150", "add 1", "close"}));
  EXPECT_EQ(run.taken, 2u);
  EXPECT_EQ(run.watermark.micros, 150);
}

TEST(WatermarkSegments, DeadLettersJoinTheCurrentSegmentWithoutMovingTheWatermark) {
  RecordingSink sink;
  const auto run = run_segments({dead_letter, event(10), dead_letter, event(500), dead_letter}, {0}, false,
                                limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"add 0", "fire@10", "add 1", "add 2", "close",  //
                           "fire@500", "add 3", "add 4", "close"}));
  EXPECT_EQ(run.taken, 5u);
  EXPECT_EQ(run.watermark.micros, 500);
}

TEST(WatermarkSegments, OnlyDeadLettersFireNothingAndKeepTheWatermark) {
  RecordingSink sink;
  const auto run = run_segments({dead_letter, dead_letter}, {42}, false, limits(10'000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"add 0", "add 1", "close"}));
  EXPECT_EQ(run.taken, 2u);
  EXPECT_EQ(run.watermark.micros, 42);
}

TEST(WatermarkSegments, CaughtUpMovesTheWatermarkToNowAndFiresOnceMore) {
  RecordingSink sink;
  const auto run = run_segments({event(10)}, {0}, true, limits(1000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "close", "fire@1000", "close"}));
  EXPECT_EQ(run.taken, 1u);
  EXPECT_EQ(run.watermark.micros, 1000);
}

TEST(WatermarkSegments, CaughtUpMovesTheWatermarkNoFurtherThanTheHorizon) {
  RecordingSink sink;
  const auto run = run_segments({event(10)}, {0}, true, limits(1000, 100, 600), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "close", "fire@600", "close"}));
  EXPECT_EQ(run.watermark.micros, 600);

  RecordingSink later;
  const auto beyond = run_segments({event(10)}, {0}, true, limits(1000, 100, 2000), later);
  EXPECT_EQ(later.log, (Log{"fire@10", "add 0", "close", "fire@1000", "close"})) << "a horizon after now: now";
  EXPECT_EQ(beyond.watermark.micros, 1000);
}

TEST(WatermarkSegments, NotCaughtUpLeavesTheWatermarkAtTheLastEvent) {
  RecordingSink sink;
  const auto run = run_segments({event(10)}, {0}, false, limits(1000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@10", "add 0", "close"}));
  EXPECT_EQ(run.taken, 1u);
  EXPECT_EQ(run.watermark.micros, 10);
}

TEST(WatermarkSegments, NoItemsCaughtUpStillFiresAndClosesOnce) {
  RecordingSink sink;
  const auto run = run_segments({}, {5}, true, limits(1000, 100), sink);
  EXPECT_EQ(sink.log, (Log{"fire@1000", "close"}));
  EXPECT_EQ(run.taken, 0u);
  EXPECT_EQ(run.watermark.micros, 1000);
}

TEST(WatermarkSegments, NoItemsNotCaughtUpDoesNothing) {
  RecordingSink sink;
  const auto run = run_segments({}, {5}, false, limits(1000, 100), sink);
  EXPECT_TRUE(sink.log.empty());
  EXPECT_EQ(run.taken, 0u);
  EXPECT_EQ(run.watermark.micros, 5);
}

}  // namespace
}  // namespace vextrus::actors

// The pacing of the pending-approvals count: at once, then every 2 s while counts are quick, and
// 99 times a slow count's duration after it, so that counting takes at most 1 % of the time.

#include "app/count_pacing.hpp"

#include <gtest/gtest.h>

namespace vextrus::app {
namespace {

using namespace std::chrono_literals;
using Clock = CountPacing::Clock;

TEST(CountPacing, CountsAtOnceThenEveryTwoSecondsWhileQuick) {
  CountPacing pacing;
  const Clock::time_point t0{10s};
  EXPECT_TRUE(pacing.due(t0));
  pacing.counted(t0, t0 + 5ms);
  EXPECT_FALSE(pacing.due(t0 + 2004ms));
  EXPECT_TRUE(pacing.due(t0 + 2005ms));
}

TEST(CountPacing, ASlowCountWaitsNinetyNineTimesItsDuration) {
  CountPacing pacing;
  const Clock::time_point t0{10s};
  pacing.counted(t0, t0 + 50ms);  // 99 x 50 ms = 4.95 s
  EXPECT_FALSE(pacing.due(t0 + 50ms + 4949ms));
  EXPECT_TRUE(pacing.due(t0 + 50ms + 4950ms));
  const auto t1 = t0 + 5s;
  pacing.counted(t1, t1 + 10ms);  // quick again: back to every 2 s
  EXPECT_FALSE(pacing.due(t1 + 2009ms));
  EXPECT_TRUE(pacing.due(t1 + 2010ms));
}

}  // namespace
}  // namespace vextrus::app

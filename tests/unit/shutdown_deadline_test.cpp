// The stop's deadline: a stop that overruns it ends the process with status 1 and a log line; a
// stop within it, or no stop at all, leaves the process alone.

#include "app/shutdown_deadline.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace vextrus::app {
namespace {

using namespace std::chrono_literals;

class ShutdownDeadlineTest : public ::testing::Test {
 protected:
  // The process forks with the watcher's thread about; re-executing the test binary is safe.
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

TEST_F(ShutdownDeadlineTest, AStopThatOverrunsItEndsTheProcessWithStatusOne) {
  EXPECT_EXIT(
      {
        const std::atomic<bool> requested{true};
        const ShutdownDeadline deadline(requested, 100ms);
        std::this_thread::sleep_for(30s);  // a stop that hangs
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(1), "the stop did not finish in time");
}

TEST_F(ShutdownDeadlineTest, ItCountsFromTheRequestNotFromTheStart) {
  EXPECT_EXIT(
      {
        std::atomic<bool> requested{false};
        const ShutdownDeadline deadline(requested, 300ms);
        std::this_thread::sleep_for(600ms);  // running normally, past the deadline's length
        requested = true;
        std::this_thread::sleep_for(100ms);  // stopped within the deadline
        std::_Exit(7);
      },
      ::testing::ExitedWithCode(7), "");
}

TEST_F(ShutdownDeadlineTest, AStopWithinItReturnsAtOnce) {
  const std::atomic<bool> requested{true};
  const auto start = std::chrono::steady_clock::now();
  { const ShutdownDeadline deadline(requested, 5s); }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace vextrus::app

// health::Problems: a permanent problem lasts while it is reported again within the hold, clears
// by itself once it is not, is counted at every report and logged when new or changed.

#include "adapters/health/problems.hpp"

#include <gtest/gtest.h>

#include <map>

namespace vextrus::health {
namespace {

using namespace std::chrono_literals;

struct Fixture {
  Problems::Clock::time_point now{};
  std::map<std::string, int> counted;
  Problems problems{[this](const Problem& p) { ++counted[p.source + "/" + p.kind]; }, 30s, [this] { return now; }};
};

const Problem denied{"postgres", "permission", "permission denied for table consumer_offsets", "GRANT ..."};

TEST(Problems, AProblemLastsWhileItRepeatsAndClearsWhenItStops) {
  Fixture f;
  EXPECT_TRUE(f.problems.active().empty());
  f.problems.report(denied);
  ASSERT_EQ(f.problems.active().size(), 1u);
  EXPECT_EQ(f.problems.active()[0].fix, "GRANT ...");
  // Retries report it again every few seconds: it stays.
  for (int i = 0; i < 10; ++i) {
    f.now += 10s;
    f.problems.report(denied);
  }
  f.now += 30s;
  EXPECT_EQ(f.problems.active().size(), 1u) << "still within the hold of the last report";
  f.now += 1s;
  EXPECT_TRUE(f.problems.active().empty()) << "not reported for longer than the hold: fixed";
  EXPECT_EQ(f.counted["postgres/permission"], 11);
}

TEST(Problems, EachDistinctProblemIsAnEntryOfItsOwn) {
  Fixture f;
  f.problems.report(denied);
  f.problems.report(denied);
  Problem other = denied;
  other.reason = "permission denied for table audit_log";
  f.problems.report(other);
  f.problems.report(
      {"kafka", "missing_topic", "topic erp.invoices: Broker: Unknown topic or partition", "init-topics"});
  const auto active = f.problems.active();
  ASSERT_EQ(active.size(), 3u);
  EXPECT_EQ(active[0].source, "kafka");
  EXPECT_EQ(active[1].reason, "permission denied for table audit_log");
  EXPECT_EQ(active[2].reason, "permission denied for table consumer_offsets");
  EXPECT_EQ(f.counted["postgres/permission"], 3);
  EXPECT_EQ(f.counted["kafka/missing_topic"], 1);
}

}  // namespace
}  // namespace vextrus::health

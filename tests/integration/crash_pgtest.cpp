// kill -9 in the middle of a stream, then a restart: every order ends exactly as without the
// crash, no audit record is missing or doubled, and the audit chains verify.

#include <gtest/gtest.h>


#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

TEST(Crash, KillNineMidStreamThenRestartLosesAndDoublesNothing) {
  ScratchDatabase db("crash");
  TopicSet topics("crash");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  // Small batches so the kill lands between many commits.
  env["VEXTRUS_PIPELINE_BATCH_MAX_EVENTS"] = "500";
  const auto scenario = make_scenario("PO", 16'000);  // 51,200 events
  const auto total = static_cast<std::int64_t>(scenario.records.size());
  ASSERT_GE(total, 50'000);
  publish(topics.purchase_orders, scenario.records);

  ServiceProcess service(env, "/tmp/vextrus-crash.log");
  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= total / 3; }, 180s)) << "see " << service.log_path();
  service.kill_hard();
  const auto at_kill = committed_events(db);
  ASSERT_LT(at_kill, total) << "the stream finished before the kill; nothing was tested";

  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= total; }, 300s))
      << "committed " << committed_events(db) << " of " << total << "; see " << service.log_path();
  EXPECT_EQ(service.stop(), 0);

  expect_scenario_outcome(db, scenario);

  std::string out;
  EXPECT_EQ(run_command(env, {"audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("\"records\":" + std::to_string(scenario.audit_records)), std::string::npos) << out;
  std::cout << "[ crash    ] killed at " << at_kill << " of " << total << " committed events\n";
}

}  // namespace
}  // namespace vextrus::testing

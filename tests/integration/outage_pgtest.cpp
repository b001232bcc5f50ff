// The service rides out a PostgreSQL outage and a broker restart in the middle of a stream:
// it stays up, reports not-ready while a dependency is down, and catches up afterwards with
// every order exactly as expected. Whatever it is waiting for, SIGTERM stops it in time.

#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>

#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

void infra(const std::string& arguments) {
  const std::string command = "bash " + repository_root() + "/scripts/infra.sh " + arguments + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(Outage, PostgresAndBrokerRestartsMidStreamLoseAndDoubleNothing) {
  ScratchDatabase db("outage");
  TopicSet topics("outage");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_PIPELINE_BATCH_MAX_EVENTS"] = "200";
  const auto scenario = make_scenario("PO", 6'000);
  const auto total = static_cast<std::int64_t>(scenario.records.size());
  const std::vector<Record> first(scenario.records.begin(), scenario.records.begin() + total / 2);
  const std::vector<Record> second(scenario.records.begin() + total / 2, scenario.records.end());
  publish(topics.purchase_orders, first);

  ServiceProcess service(env, "/tmp/vextrus-outage.log");
  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= total / 8; }, 120s));

  infra("down pg");
  const auto& address = env["VEXTRUS_HTTP_ADDR"];
  EXPECT_TRUE(wait_until([&] { return http_get(address, "/health/ready") == 503; }, 20s));
  EXPECT_EQ(http_get(address, "/health/live"), 200);
  publish(topics.purchase_orders, second);  // events keep arriving during the outage
  std::this_thread::sleep_for(3s);
  EXPECT_TRUE(service.running()) << "the service must ride out the outage";
  infra("up pg");

  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= total * 3 / 4; }, 180s))
      << "no progress after PostgreSQL came back; see " << service.log_path();
  infra("down kafka");
  std::this_thread::sleep_for(2s);
  EXPECT_TRUE(service.running());
  infra("up kafka");
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= total; }, 240s))
      << "committed " << committed_events(db) << " of " << total << "; see " << service.log_path();
  EXPECT_TRUE(wait_until([&] { return http_get(address, "/health/ready") == 200; }, 30s));
  // The broker's restart can time the consumer's group session out, and every event may be
  // committed before the group has formed again. A stop then waits on the coordinator to leave the
  // group and can pass its deadline (an exit 1 that loses nothing). Stop once the group holds the
  // partitions again, as an operator would after an outage.
  std::string metrics;
  EXPECT_TRUE(wait_until(
      [&] {
        return http_get(address, "/metrics", &metrics) == 200 &&
               metrics.find("\nvextrus_assigned_partitions 18\n") != std::string::npos;
      },
      60s))
      << "the group did not give the process its 18 partitions back; see " << service.log_path();
  EXPECT_EQ(service.stop(), 0);

  expect_scenario_outcome(db, scenario);
  std::string out;
  EXPECT_EQ(run_command(env, {"audit", "verify"}, &out), 0) << out;
}

// docs/operations.md promises an exit within 10 s of SIGTERM. Here the database and the topics
// are gone: the orderly stop cannot relay or commit, and librdkafka's destroy may wait forever for
// the deleted topics (librdkafka#4362). The stop's deadline ends the process in time.
TEST(Outage, SigtermStopsAServiceWhoseDatabaseAndTopicsAreGoneWithinTenSeconds) {
  auto db = std::make_unique<ScratchDatabase>("gone");
  auto topics = std::make_unique<TopicSet>("gone", 6);
  const auto env = service_environment(*db, *topics, "g-" + topics->purchase_orders);
  const auto scenario = make_scenario("PO", 300);
  const auto total = static_cast<std::int64_t>(scenario.records.size());
  publish(topics->purchase_orders, scenario.records);
  const std::string log_path = "/tmp/vextrus-gone.log";
  std::remove(log_path.c_str());
  ServiceProcess service(env, log_path);
  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(*db) >= total; }, 120s)) << "see " << log_path;

  db.reset();  // DROP DATABASE … WITH (FORCE)
  topics.reset();
  std::this_thread::sleep_for(20s);  // long enough for every retry's back-off to reach its cap
  ASSERT_TRUE(service.running()) << "the service must ride out a missing database; see " << log_path;
  const auto signalled = std::chrono::steady_clock::now();
  const int status = service.stop(10'000);
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - signalled).count();
  std::cout << "[ gone     ] exit status " << status << " after " << took << " ms\n";
  ASSERT_NE(status, -1) << "no exit within 10 s of SIGTERM; see " << log_path;
  // An orderly stop exits 0; one cut short by the deadline exits 1 and says so.
  if (status != 0) {
    EXPECT_EQ(status, 1);
    EXPECT_NE(file_text(log_path).find("the stop did not finish in time"), std::string::npos) << "see " << log_path;
  }
}

}  // namespace
}  // namespace vextrus::testing

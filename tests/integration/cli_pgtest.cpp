// The command line (README.md) and HTTP surface (docs/openapi.yaml), black-box.

#include <gtest/gtest.h>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

const std::map<std::string, std::string> offline{
    {"VEXTRUS_POLICY", repository_root() + "/config/policy/bd-default.yaml"}};

TEST(Cli, ValidateEventPrintsTheNormalisedEvent) {
  std::string out;
  const auto event = po_submitted("e-1", "PO-9", "u-1", "125000.5", "2025-09-17T10:15:00+06:00");
  ASSERT_EQ(run_command(offline, {"validate-event"}, &out, event), 0) << out;
  EXPECT_NE(out.find("\"occurred_at\":\"2025-09-17T04:15:00.000000Z\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"total\":\"125000.50\""), std::string::npos) << out;
}

TEST(Cli, ValidateEventNamesTheDeadLetterReason) {
  std::string out;
  EXPECT_EQ(run_command(offline, {"validate-event"}, &out, po_submitted("e-1", "PO-9", "u-1", "1.500")), 1);
  EXPECT_NE(out.find("\"reason\":\"bad_money\""), std::string::npos) << out;
  EXPECT_EQ(run_command(offline, {"validate-event"}, &out, "{"), 1);
  EXPECT_NE(out.find("\"reason\":\"invalid_json\""), std::string::npos) << out;
}

TEST(Cli, BadUsageExitsTwoAndBadConfigurationExitsOne) {
  EXPECT_EQ(run_command(offline, {"no-such-command"}), 2);
  EXPECT_EQ(run_command(offline, {"migrate", "--no-such-flag"}), 2);
  auto env = offline;
  env["VEXTRUS_LOG_LEVEL"] = "loud";
  EXPECT_EQ(run_command(env, {"migrate"}), 1);
  env = offline;
  env["VEXTRUS_ENV"] = "production";  // with the embedded broker: refused by the commands that use it
  env["VEXTRUS_KAFKA_BROKERS"] = "embedded";
  for (const std::vector<std::string>& command : {std::vector<std::string>{"run"},
                                                  {"init-topics"},
                                                  {"dead-letters", "redrive", "--id", "1", "--why", "fix deployed"}}) {
    std::string err;
    EXPECT_EQ(run_command(env, command, nullptr, "", &err), 1) << command[0];
    EXPECT_NE(err.find("refuses the embedded broker when VEXTRUS_ENV=production"), std::string::npos) << err;
  }
  // ... and not by the ones that never use a broker.
  std::string normalised;
  EXPECT_EQ(run_command(env, {"validate-event"}, &normalised, po_submitted("e-1", "PO-9", "u-1", "125000.5")), 0)
      << normalised;
  EXPECT_EQ(run_command(offline, {"migrate", "--config", "/no/such/file.yaml"}), 1);
  std::string out;
  EXPECT_EQ(run_command(offline, {"version"}, &out), 0);
  EXPECT_EQ(out.rfind("vextrus-flow ", 0), 0u) << out;
}

// Settings only the client libraries can judge stop `run` at start (exit 1, before connecting
// anywhere), naming the setting and the fix, instead of being retried like an outage.
TEST(Cli, ClientSettingsAreCheckedAtStart) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases{
      {"VEXTRUS_KAFKA_PROPERTIES_FOO_BAR", "1", "kafka.properties.foo.bar (VEXTRUS_KAFKA_PROPERTIES_FOO_BAR)"},
      {"VEXTRUS_KAFKA_PROPERTIES_FETCH_MAX_BYTES", "lots", "VEXTRUS_KAFKA_PROPERTIES_FETCH_MAX_BYTES"},
      {"VEXTRUS_PG_DSN", "notadsn===", "pg.dsn (VEXTRUS_PG_DSN)"},
      {"VEXTRUS_PG_OWNER_DSN", "postgresql://vextrus_owner@127.0.0.1:notaport/vextrus", "VEXTRUS_PG_OWNER_DSN"},
  };
  for (const auto& [name, value, expected] : cases) {
    auto env = offline;
    env["VEXTRUS_KAFKA_BROKERS"] = "127.0.0.1:1";  // never reached
    env[name] = value;
    std::string out;
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(run_command(env, {"run"}, nullptr, "", &out), 1) << name << "=" << value << ": " << out;
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << name;
    EXPECT_NE(out.find(expected), std::string::npos) << out;
    EXPECT_NE(out.find("; "), std::string::npos) << "no fix in: " << out;
  }
}

TEST(Http, HealthMetricsAndTheTokenGuard) {
  ScratchDatabase db("http");
  TopicSet topics("http");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_API_TOKEN"] = "test-token-not-a-secret";
  ServiceProcess service(env, "/tmp/vextrus-http.log");
  service.start();
  const auto& address = env["VEXTRUS_HTTP_ADDR"];
  std::string body;
  ASSERT_TRUE(wait_until([&] { return http_get(address, "/health/ready", &body) == 200; }, 60s)) << body;
  EXPECT_NE(body.find("\"postgres\":\"ok\""), std::string::npos) << body;
  EXPECT_NE(body.find("\"kafka\":\"ok\""), std::string::npos) << body;
  EXPECT_EQ(http_get(address, "/health/live"), 200);
  EXPECT_EQ(http_get(address, "/health/startup"), 200);

  publish(topics.purchase_orders, {{"PO-H", po_submitted("h-1", "PO-H", "u-1", "10")}, {"PO-H", "oops"}});
  ASSERT_TRUE(wait_until([&] { return committed_events(db) == 2; }, 60s));
  ASSERT_EQ(http_get(address, "/metrics", &body), 200);
  for (const char* line :
       {"vextrus_events_consumed_total{topic=\"", "vextrus_events_applied_total{type=\"purchase_order.submitted\"} 1",
        "vextrus_dead_letters_total{reason=\"invalid_json\"} 1", "vextrus_batch_size_count",
        "vextrus_event_commit_latency_seconds_bucket", "vextrus_live_actors{workflow=\"purchase_order\"} 1"}) {
    EXPECT_NE(body.find(line), std::string::npos) << line;
  }
  // The series the alert rules (deploy/prometheus/alerts.yaml) read besides those: ready once
  // the health thread looked (every 2 s), deadlines not late (the order's reminder is 48 h away).
  // A partition reports its deadlines on its idle ticks once it has committed.
  ASSERT_TRUE(wait_until(
      [&] {
        return http_get(address, "/metrics", &body) == 200 && body.find("\nvextrus_ready 1") != std::string::npos &&
               body.find("\nvextrus_timer_overdue_seconds{") != std::string::npos;
      },
      10s))
      << body;
  for (const char* line :
       {"vextrus_timer_overdue_seconds{partition=\"", "vextrus_commit_failures_total 0",
        "vextrus_partition_fenced_total 0", "vextrus_partition_rebalances_total{event=\"assigned\"}"}) {
    EXPECT_NE(body.find(line), std::string::npos) << line;
  }
  int overdue_series = 0;
  for (std::size_t at = body.find("\nvextrus_timer_overdue_seconds{"); at != std::string::npos;
       at = body.find("\nvextrus_timer_overdue_seconds{", at + 1)) {
    const auto line = body.substr(at + 1, body.find('\n', at + 1) - at - 1);
    EXPECT_EQ(line.substr(line.rfind(' ') + 1), "0") << line;
    ++overdue_series;
  }
  EXPECT_GT(overdue_series, 0);
  EXPECT_EQ(http_get(address, "/v1/purchase-orders/PO-H"), 401);
  EXPECT_EQ(http_get(address, "/v1/purchase-orders/PO-H", nullptr, "wrong-token-of-same-len"), 401);
  EXPECT_EQ(service.stop(), 0);
}

}  // namespace
}  // namespace vextrus::testing

// W3C trace context (issue 8): the `traceparent` header of an input message goes into the audit
// record's detail (under its hash), onto the audit and notification messages it causes, and into
// the log line of a dead letter. A header that is not a valid traceparent is ignored.

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

const std::string traced = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
const std::string traced_bad = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

TEST(TraceContext, TheTraceparentOfAnInputReachesItsAuditRecordOutputsAndLogs) {
  ScratchDatabase db("trace");
  TopicSet topics("trace", 1);
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  publish(topics.purchase_orders, {{"PO-T1", po_submitted("t-1", "PO-T1", "req", "10.00")}}, traced);
  publish(topics.purchase_orders, {{"PO-T2", "not json"}}, traced_bad);
  publish(topics.purchase_orders, {{"PO-T3", po_submitted("t-3", "PO-T3", "req", "10.00")}}, "not-a-trace-context");
  publish(topics.purchase_orders, {{"PO-T4", po_submitted("t-4", "PO-T4", "req", "10.00")}});

  ServiceProcess service(env, "/tmp/vextrus-trace.log");
  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= 4; }, 60s)) << "see " << service.log_path();
  EXPECT_EQ(db.scalar("SELECT string_agg(entity_id || '=' || coalesce(detail ->> 'traceparent', '-'), ' ' ORDER BY seq)"
                      " FROM audit_log"),
            "PO-T1=" + traced + " PO-T3=- PO-T4=-");
  std::string out;
  EXPECT_EQ(run_command(env, {"audit", "verify"}, &out), 0) << out;  // the hash covers the detail

  std::vector<std::string> audit_traces, notification_traces;
  const auto audit = read_topic(topics.audit, 1, 3, 30s, &audit_traces);
  const auto notifications = read_topic(topics.notifications, 1, 3, 30s, &notification_traces);
  ASSERT_EQ(audit.size(), 3u);
  ASSERT_EQ(notifications.size(), 3u);  // approval.requested for each order
  for (std::size_t i = 0; i < audit.size(); ++i) {
    EXPECT_EQ(audit_traces[i], audit[i].key == "PO-T1" ? traced : "") << audit[i].key;
  }
  for (std::size_t i = 0; i < notifications.size(); ++i) {
    EXPECT_EQ(notification_traces[i], notifications[i].key == "PO-T1" ? traced : "") << notifications[i].key;
  }
  EXPECT_EQ(service.stop(), 0);

  std::ifstream log(service.log_path());
  bool dead_letter_traced = false;
  for (std::string line; std::getline(log, line);) {
    if (line.find("event dead-lettered") != std::string::npos && line.find(traced_bad) != std::string::npos) {
      dead_letter_traced = true;
    }
  }
  EXPECT_TRUE(dead_letter_traced) << "no dead-letter log line with the trace context in " << service.log_path();
}

}  // namespace
}  // namespace vextrus::testing

#include "tests/support/scenario.hpp"

#include <gtest/gtest.h>

#include <set>

namespace vextrus::testing {
namespace {

// Minutes after an hour ago: recent enough that no 48-hour deadline falls due during a test.
std::string at(int minute) { return rfc3339_from_now(-3600 + 60 * minute); }

std::vector<std::string> events_for(const std::string& po, int shape, ExpectedOrder& expected) {
  const std::string requester = "req-" + po;
  auto approve = [&](const std::string& id, const std::string& role, int minute) {
    return event_json(po + "-" + id, "purchase_order.approved", po, at(minute), "u-" + role, role, "{}");
  };
  switch (shape) {
    case 0:
      expected = {"approved", 1, 1, "NULL", 2};
      return {po_submitted(po + "-s", po, requester, "100000.00", at(0)), approve("a1", "department_head", 1)};
    case 1:
      expected = {"approved", 2, 2, "NULL", 4};
      return {po_submitted(po + "-s", po, requester, "100000.01", at(0)), approve("a1", "department_head", 1),
              approve("x1", "cfo", 2), approve("a2", "finance_manager", 3)};
    case 2:
      expected = {"rejected", 3, 1, "NULL", 3};
      return {po_submitted(po + "-s", po, requester, "1000000.01", at(0)), approve("a1", "department_head", 1),
              event_json(po + "-r", "purchase_order.rejected", po, at(2), "u-fm", "finance_manager",
                         R"({"reason":"over budget"})")};
    case 3:
      expected = {"cancelled", 1, 0, "NULL", 3};
      return {po_submitted(po + "-s", po, requester, "50000", at(0)),
              event_json(po + "-c", "purchase_order.cancelled", po, at(1), requester, "requester",
                         R"({"reason":"no longer needed"})"),
              approve("a1", "department_head", 2)};
    default:
      expected = {"pending_approval", 4, 3, "managing_director", 4};
      return {po_submitted(po + "-s", po, requester, "10000000.01", at(0)), approve("a1", "department_head", 1),
              approve("a2", "finance_manager", 2), approve("a3", "cfo", 3)};
  }
}

}  // namespace

Scenario make_scenario(const std::string& prefix, int orders, bool interleave) {
  Scenario scenario;
  std::vector<std::pair<std::string, std::vector<std::string>>> streams;
  for (int i = 0; i < orders; ++i) {
    const std::string po = prefix + "-" + std::to_string(i);
    ExpectedOrder expected;
    streams.emplace_back(po, events_for(po, i % 5, expected));
    scenario.audit_records += static_cast<std::size_t>(expected.audit_records);
    scenario.expected[po] = expected;
  }
  if (!interleave) {
    for (auto& [po, events] : streams) {
      for (auto& event : events) scenario.records.push_back({po, std::move(event)});
    }
    return scenario;
  }
  // Round-robin in windows of 500 orders: event k of each order, then event k+1, ...
  constexpr std::size_t window = 500;
  for (std::size_t start = 0; start < streams.size(); start += window) {
    const std::size_t end = std::min(streams.size(), start + window);
    for (std::size_t k = 0; k < 4; ++k) {
      for (std::size_t i = start; i < end; ++i) {
        auto& [po, events] = streams[i];
        if (k < events.size()) scenario.records.push_back({po, events[k]});
      }
    }
  }
  return scenario;
}

std::string describe(const std::string& po_id, const ExpectedOrder& order) {
  return po_id + "|" + order.status + "|" + std::to_string(order.tiers_required) + "|" +
         std::to_string(order.tiers_approved) + "|" + order.pending_role;
}

void expect_scenario_outcome(const ScratchDatabase& db, const Scenario& scenario) {
  std::set<std::string> expected;
  for (const auto& [po, order] : scenario.expected) expected.insert(describe(po, order));
  const auto rows = db.rows(
      "SELECT po_id, status, tiers_required, tiers_approved, coalesce(pending_role, 'NULL') FROM purchase_orders");
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()), expected);
  EXPECT_EQ(db.scalar("SELECT count(*) FROM audit_log"), std::to_string(scenario.audit_records));
  EXPECT_EQ(db.scalar("SELECT count(DISTINCT (entity_id, event_id)) FROM audit_log"),
            std::to_string(scenario.audit_records));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM dead_letters"), "0");
}

}  // namespace vextrus::testing

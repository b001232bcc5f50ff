// Keyset pages under load (docs/api.md "Pagination"): a client walking a list page after page by
// its cursor, while new orders keep arriving and being decided, sees every order that existed when
// it started exactly once, and nothing twice, in the list's order.

#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::vector<Record> orders(const std::string& prefix, int from, int count) {
  std::vector<Record> out;
  for (int i = from; i < from + count; ++i) {
    const std::string id = prefix + std::to_string(i);
    // Submitted over the last days, so that new orders land between old ones in the list's order.
    out.push_back({id, po_submitted("e-" + id, id, "u-" + std::to_string(i % 7), std::to_string(1000 + i * 250) + ".00",
                                    rfc3339_from_now(-60 - (i * 7919) % 200000))});
  }
  return out;
}

TEST(QueryApi, PagesWalkedByCursorShowEachRowOnceWhileEventsKeepArriving) {
  ScratchDatabase db("query_walk");
  TopicSet topics("query_walk");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  const std::string token = "walk-token";
  env["VEXTRUS_API_TOKEN"] = token;
  ServiceProcess service(env, "/tmp/vextrus-query-walk.log");
  service.start();
  constexpr int before = 400;
  publish(topics.purchase_orders, orders("PO-W-", 0, before));
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= before; }, 60s)) << service.log_path();
  const auto& address = env.at("VEXTRUS_HTTP_ADDR");

  std::atomic<bool> walking{true};
  std::atomic<int> arrived{0};
  std::thread publisher([&] {
    for (int batch = 0; walking.load() && batch < 40; ++batch) {
      publish(topics.purchase_orders, orders("PO-N-", batch * 20, 20));
      arrived += 20;
      std::this_thread::sleep_for(50ms);
    }
  });
  const auto walk = [&](const std::string& path, const std::string& id_member) {
    std::vector<std::string> ids;
    std::string cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      std::string body;
      const std::string target = path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=17" +
                                 (cursor.empty() ? "" : "&cursor=" + cursor);
      EXPECT_EQ(http_get(address, target, &body, token), 200) << target << ": " << body;
      const auto page = nlohmann::json::parse(body, nullptr, false);
      if (page.is_discarded() || !page.contains("items")) break;
      for (const auto& item : page.at("items")) ids.push_back(item.at(id_member).get<std::string>());
      if (page.at("next_cursor").is_null()) break;
      cursor = page.at("next_cursor").get<std::string>();
      std::this_thread::sleep_for(20ms);  // a reader slower than the writers
    }
    return ids;
  };
  const auto listed = walk("/v1/purchase-orders", "po_id");
  const auto pending = walk("/v1/pending-approvals?workflow=purchase_order", "entity_id");
  walking = false;
  publisher.join();
  EXPECT_GT(arrived.load(), 0) << "orders arrived during the walk";

  for (const auto* ids : {&listed, &pending}) {
    const std::set<std::string> distinct(ids->begin(), ids->end());
    EXPECT_EQ(distinct.size(), ids->size()) << "an order shown twice";
    for (int i = 0; i < before; ++i) EXPECT_EQ(distinct.count("PO-W-" + std::to_string(i)), 1u) << "PO-W-" << i;
  }
  // In the list's order: newest submission first, by the table's own key.
  const std::string expected = db.scalar(
      "SELECT string_agg(po_id, ',' ORDER BY submitted_at DESC, po_id DESC) FROM purchase_orders"
      " WHERE po_id = ANY(string_to_array('" +
      [&] {
        std::string joined;
        for (const auto& id : listed) joined += (joined.empty() ? "" : ",") + id;
        return joined;
      }() +
      "', ','))");
  std::string shown;
  for (const auto& id : listed) shown += (shown.empty() ? "" : ",") + id;
  EXPECT_EQ(shown, expected);

  // Each waiting order with how long it has waited and what fires next: its earliest timer (the
  // default policy's reminder at 48 h, or once that fired, the escalation at 96 h).
  std::string body;
  ASSERT_EQ(http_get(address, "/v1/pending-approvals?limit=50", &body, token), 200);
  for (const auto& item : nlohmann::json::parse(body).at("items")) {
    EXPECT_EQ(item.at("workflow"), "purchase_order");
    EXPECT_GE(item.at("age_seconds").get<std::int64_t>(), 60) << item;
    ASSERT_TRUE(item.at("next_deadline").is_object()) << item;
    const std::string kind = item.at("next_deadline").at("kind");
    EXPECT_TRUE(kind == "reminder" || kind == "escalation") << item;
    EXPECT_EQ(
        item.at("next_deadline").at("due_at"),
        db.scalar("SELECT to_char(min(due_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM timers"
                  " WHERE entity_id = '" +
                  item.at("entity_id").get<std::string>() + "'"))
        << item;
  }
  EXPECT_EQ(service.stop(), 0);
}

}  // namespace
}  // namespace vextrus::testing

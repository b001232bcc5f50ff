// A burst of due timers beside a live stream: 100,000 pending orders whose expiry is already
// due on partition 0 (written straight into PostgreSQL), while a stream of purchase-order events
// for all partitions is consumed. Prints how long the stream took to commit, with and without
// the burst, and how long the burst took to fire.
//
//   eval "$(scripts/infra.sh env)"; build/bench/timer_burst [timers] [orders]

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace {

using namespace vextrus::testing;
using namespace std::chrono;

struct Run {
  double stream_s = 0;
  double burst_s = 0;
};

Run run(long timers, int orders) {
  ScratchDatabase db("burst");
  TopicSet topics("burst");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  if (run_command(env, {"migrate"}) != 0) throw std::runtime_error("migrate failed");
  if (timers > 0) {
    const std::string n = std::to_string(timers);
    db.scalar(
        "INSERT INTO purchase_orders (po_id, status, total, department, vendor_id, requester_id, budget_code,"
        " tiers, tiers_required, tiers_approved, pending_role, pending_since, policy_id, submitted_at)"
        " SELECT 'BURST-' || i, 'pending_approval', 10, 'd', 'v', 'r', 'b', '{department_head}', 1, 0,"
        " 'department_head', now() - interval '200 hours', 'bd-default-2025-07-01', now() - interval '200 hours'"
        " FROM generate_series(1, " +
        n + ") AS i");
    db.scalar("INSERT INTO timers SELECT '" + topics.purchase_orders +
              "', 0, 'purchase_order', 'BURST-' || i,"
              " 'expiry', 0, now() - interval '1 second' FROM generate_series(1, " +
              n + ") AS i");
  }
  const auto scenario = make_scenario("PO", orders);
  publish(topics.purchase_orders, scenario.records);
  const auto total = static_cast<std::int64_t>(scenario.records.size());

  ServiceProcess service(env, "/tmp/vextrus-burst.log");
  const auto start = steady_clock::now();
  service.start();
  Run result;
  bool stream_done = false, burst_done = timers == 0;
  wait_until(
      [&] {
        const double elapsed = duration<double>(steady_clock::now() - start).count();
        if (!stream_done && committed_events(db) >= total) {
          stream_done = true;
          result.stream_s = elapsed;
        }
        if (!burst_done && db.scalar("SELECT count(*) FROM timers WHERE entity_id LIKE 'BURST-%'") == "0") {
          burst_done = true;
          result.burst_s = elapsed;
        }
        return stream_done && burst_done;
      },
      minutes(15));
  service.stop();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const long timers = argc > 1 ? std::atol(argv[1]) : 100'000;
  const int orders = argc > 2 ? std::atoi(argv[2]) : 15'000;
  const auto quiet = run(0, orders);
  const auto burst = run(timers, orders);
  std::printf("stream of %d orders: %.2f s alone, %.2f s beside %ld due timers (which fired in %.2f s)\n", orders,
              quiet.stream_s, burst.stream_s, timers, burst.burst_s);
  return 0;
}

// First end-to-end figure: purchase-order events through the real broker and PostgreSQL.
// Publishes a scenario (default 62,500 orders = 200,000 events) to fresh topics, starts the
// service on an empty database, and reports events/s from the first batch to the last
// (recorded_at of the first and last audit record) and from service start.
//
//   eval "$(scripts/infra.sh env)"; build/bench/po_throughput [orders]

#include <chrono>
#include <cstdio>
#include <iostream>

#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

int main(int argc, char** argv) {
  using namespace vextrus::testing;
  using namespace std::chrono;
  const int orders = argc > 1 ? std::atoi(argv[1]) : 62'500;
  ScratchDatabase db("bench");
  TopicSet topics("bench");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  const auto scenario = make_scenario("PO", orders);
  const auto total = static_cast<std::int64_t>(scenario.records.size());

  const auto publish_start = steady_clock::now();
  publish(topics.purchase_orders, scenario.records);
  const double publish_s = duration<double>(steady_clock::now() - publish_start).count();
  std::fprintf(stderr, "published %lld events in %.1f s\n", static_cast<long long>(total), publish_s);

  ServiceProcess service(env, "/tmp/vextrus-bench.log");
  const auto start = steady_clock::now();
  service.start();
  auto next_report = steady_clock::now() + seconds(5);
  const bool done = wait_until(
      [&] {
        if (steady_clock::now() >= next_report) {
          std::fprintf(stderr, "  %lld of %lld committed\n", static_cast<long long>(committed_events(db)),
                       static_cast<long long>(total));
          next_report += seconds(5);
        }
        return committed_events(db) >= total;
      },
      minutes(20));
  const double wall_s = duration<double>(steady_clock::now() - start).count();
  service.stop();
  if (!done) {
    std::fprintf(stderr, "did not finish; see %s\n", service.log_path().c_str());
    return 1;
  }
  const double span_s =
      std::stod(db.scalar("SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) FROM audit_log"));
  const auto batches = db.scalar("SELECT count(DISTINCT (chain, recorded_at)) FROM audit_log");
  std::printf("events: %lld (%d orders), audit records: %s, commits: %s\n", static_cast<long long>(total), orders,
              db.scalar("SELECT count(*) FROM audit_log").c_str(), batches.c_str());
  std::printf("sustained (first to last commit): %.0f events/s over %.2f s\n", static_cast<double>(total) / span_s,
              span_s);
  std::printf("from service start (incl. start-up and group join): %.0f events/s over %.2f s\n",
              static_cast<double>(total) / wall_s, wall_s);
  std::printf("publish rate (producer, for reference): %.0f events/s\n", static_cast<double>(total) / publish_s);
  return 0;
}

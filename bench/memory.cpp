// Memory with a live-actor cap: 1,000,000 distinct orders (submitted, then approved) through the
// real broker and PostgreSQL with pipeline.max_live_actors = 10,000; samples the service's
// resident memory as it goes and prints it against the events committed.
//
//   eval "$(scripts/infra.sh env)"; build/bench/memory [orders] [cap]

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "bench/measure.hpp"
#include "tests/support/harness.hpp"

int main(int argc, char** argv) {
  using namespace vextrus::testing;
  using namespace std::chrono;
  const int orders = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  const int cap = argc > 2 ? std::atoi(argv[2]) : 10'000;
  ScratchDatabase db("memory");
  TopicSet topics("memory");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  env["VEXTRUS_PIPELINE_MAX_LIVE_ACTORS"] = std::to_string(cap);

  // Published in chunks, so that the benchmark itself stays small.
  constexpr int chunk = 50'000;
  for (int start = 0; start < orders; start += chunk) {
    std::vector<Record> records;
    const int end = std::min(orders, start + chunk);
    for (int i = start; i < end; ++i) {
      const auto po = "PO-" + std::to_string(i);
      records.push_back({po, po_submitted(po + "-s", po, "req", "10.00")});
    }
    for (int i = start; i < end; ++i) {
      const auto po = "PO-" + std::to_string(i);
      records.push_back({po, event_json(po + "-a", "purchase_order.approved", po, rfc3339_from_now(-30), "u-dh",
                                        "department_head", "{}")});
    }
    publish(topics.purchase_orders, records);
  }
  const std::int64_t total = 2LL * orders;
  std::fprintf(stderr, "published %lld events\n", static_cast<long long>(total));

  ServiceProcess service(env, "/tmp/vextrus-memory.log");
  const auto start = steady_clock::now();
  service.start();
  std::this_thread::sleep_for(500ms);
  const auto baseline = resident_kib(service.pid());
  std::int64_t peak = baseline, at_fifth = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> samples;  // (events committed, rss KiB)
  std::printf("%10s %12s %10s\n", "seconds", "committed", "rss_MiB");
  for (;;) {
    std::this_thread::sleep_for(2s);
    const auto rss = resident_kib(service.pid());
    const auto done = committed_events(db);
    peak = std::max(peak, rss);
    samples.emplace_back(done, rss);
    if (at_fifth == 0 && done >= total / 5) at_fifth = rss;
    std::printf("%10.0f %12lld %10.1f\n", duration<double>(steady_clock::now() - start).count(),
                static_cast<long long>(done), rss / 1024.0);
    std::fflush(stdout);
    if (done >= total || steady_clock::now() - start > minutes(30)) break;
  }
  const auto end_rss = resident_kib(service.pid());
  std::string metrics;
  http_get(env.at("VEXTRUS_HTTP_ADDR"), "/metrics", &metrics);
  service.stop();
  std::printf("orders: %d, events: %lld, live-actor cap: %d\n", orders, static_cast<long long>(total), cap);
  std::printf("rss: start %.1f MiB, at 20%% %.1f MiB, end %.1f MiB, peak %.1f MiB\n", baseline / 1024.0,
              at_fifth / 1024.0, end_rss / 1024.0, peak / 1024.0);
  // Single samples swing by the in-flight buffers; the trend is the mean of each quarter.
  auto quarter_mean = [&](int q) {
    double sum = 0;
    int n = 0;
    for (const auto& [done, rss] : samples) {
      if (done * 4 >= total * q && done * 4 < total * (q + 1)) {
        sum += static_cast<double>(rss);
        ++n;
      }
    }
    return n > 0 ? sum / n / 1024.0 : 0.0;
  };
  std::printf("mean rss by quarter of the events: %.1f, %.1f, %.1f, %.1f MiB\n", quarter_mean(0), quarter_mean(1),
              quarter_mean(2), quarter_mean(3));
  std::printf("growth after warm-up (20%% to end): %.1f MiB\n", (end_rss - at_fifth) / 1024.0);
  std::printf("live actors at the end: %.0f; passivations: %.0f\n",
              vextrus::bench::sum_of_samples(metrics, "vextrus_live_actors"),
              vextrus::bench::sum_of_samples(metrics, "vextrus_passivations_total"));
  return 0;
}

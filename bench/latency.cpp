// The latency run of issue 5: the mix of bench/mix offered at a fixed rate (by default half of
// the sustained maximum bench/e2e measured) for at least 60 s while vextrus-flow runs, then the
// commit latency percentiles under that load, the first 10 s left out as warm-up.
//
//   build/bench/latency [events_per_second] [seconds]     (after scripts/infra.sh up)

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/kafka/producer.hpp"
#include "bench/measure.hpp"
#include "bench/mix.hpp"
#include "tests/support/harness.hpp"

namespace {

using namespace vextrus;
using namespace vextrus::testing;
using namespace std::chrono;

const char* const latency_metric = "vextrus_event_commit_latency_seconds";

std::string metrics_of(const std::string& address) {
  std::string text;
  http_get(address, "/metrics", &text);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t rate = argc > 1 ? std::atoll(argv[1]) : 6'000;
  const std::int64_t seconds_wanted = argc > 2 ? std::atoll(argv[2]) : 70;
  const auto warm_up = seconds(10);
  if (rate <= 0 || seconds_wanted <= 10) {
    std::fprintf(stderr, "usage: latency [events_per_second > 0] [seconds > 10]\n");
    return 2;
  }
  const auto mix = bench::make_mix(rate * seconds_wanted);
  const auto messages = static_cast<std::int64_t>(mix.events.size());

  ScratchDatabase db("latency");
  TopicSet topics("latency");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  ServiceProcess service(env, "/tmp/vextrus-latency.log");
  service.start();
  const auto& address = env.at("VEXTRUS_HTTP_ADDR");
  if (!wait_until([&] { return http_get(address, "/health/ready") == 200; }, minutes(2))) {
    std::fprintf(stderr, "the service did not become ready; see %s\n", service.log_path().c_str());
    return 1;
  }

  // Paced publication: every millisecond, whatever the rate says is due by then.
  kafka::Producer producer({{"bootstrap.servers", brokers()}, {"linger.ms", "5"}});  // as upstream producers batch
  const std::string* topic_of[] = {&topics.purchase_orders, &topics.invoices, &topics.onboarding};
  std::int64_t peak_kib = 0;
  std::string warm_metrics;
  bench::CpuSnapshot warm_cpu;
  // /metrics every 10 s of load, for the percentiles of each 10 s: a new system's first entities
  // cost more than the steady state's (bench/results/history-2026-11.md), and one figure over the run hides that.
  std::vector<std::string> snapshots;
  const auto start = steady_clock::now();
  auto next_report = start + seconds(10);
  for (std::int64_t sent = 0; sent < messages;) {
    const auto elapsed = duration<double>(steady_clock::now() - start).count();
    const auto due = std::min(messages, static_cast<std::int64_t>(elapsed * static_cast<double>(rate)) + 1);
    for (; sent < due; ++sent) {
      const auto& event = mix.events[static_cast<std::size_t>(sent)];
      producer.produce(*topic_of[static_cast<int>(event.stream)], std::optional<std::string_view>(event.record.key),
                       event.record.value);
    }
    if (warm_metrics.empty() && steady_clock::now() - start >= warm_up) {
      warm_metrics = metrics_of(address);
      warm_cpu = bench::cpu_snapshot(service.pid());
      peak_kib = 0;
    }
    peak_kib = std::max(peak_kib, resident_kib(service.pid()));
    if (steady_clock::now() >= next_report) {
      snapshots.push_back(metrics_of(address));
      std::fprintf(stderr, "  %lld sent, %lld committed\n", static_cast<long long>(sent),
                   static_cast<long long>(committed_events(db)));
      next_report += seconds(10);
    }
    std::this_thread::sleep_for(milliseconds(1));
  }
  producer.flush(60000);
  const double offered_seconds = duration<double>(steady_clock::now() - start).count();
  const bool done = wait_until([&] { return committed_events(db) >= messages; }, minutes(5));
  const auto end_cpu = bench::cpu_snapshot(service.pid());
  const auto final_metrics = metrics_of(address);
  const double cpu = bench::cpu_seconds(service.pid());
  service.stop();
  if (!done) {
    std::fprintf(stderr, "the service did not commit every event; see %s\n", service.log_path().c_str());
    return 1;
  }
  const auto measured = bench::minus(bench::histogram_buckets(final_metrics, latency_metric),
                                     bench::histogram_buckets(warm_metrics, latency_metric));
  std::ostringstream table;
  char line[256];
  table << "| measure | value |\n|---|---|\n";
  std::snprintf(line, sizeof line, "| offered load | %lld events over %.1f s = %.0f events/s (target %lld) |\n",
                static_cast<long long>(messages), offered_seconds, static_cast<double>(messages) / offered_seconds,
                static_cast<long long>(rate));
  table << line;
  std::snprintf(line, sizeof line, "| events measured (after %lld s of warm-up) | %.0f |\n",
                static_cast<long long>(warm_up.count()), measured.empty() ? 0.0 : measured.back().second);
  table << line;
  table << "| commit latency p50 / p99 / p99.9 (consume to commit) | "
        << bench::milliseconds_cell(bench::quantile(measured, 0.5) * 1000) << " / "
        << bench::milliseconds_cell(bench::quantile(measured, 0.99) * 1000) << " / "
        << bench::milliseconds_cell(bench::quantile(measured, 0.999) * 1000) << " ms |\n";
  snapshots.push_back(final_metrics);
  table << "| commit latency p50 / p99 of each 10 s from the warm-up's end (the last to the last commit) | ";
  for (std::size_t i = 1; i < snapshots.size(); ++i) {
    const auto window = bench::minus(bench::histogram_buckets(snapshots[i], latency_metric),
                                     bench::histogram_buckets(snapshots[i - 1], latency_metric));
    table << (i > 1 ? ", " : "") << bench::milliseconds_cell(bench::quantile(window, 0.5) * 1000) << " / "
          << bench::milliseconds_cell(bench::quantile(window, 0.99) * 1000);
  }
  table << " ms |\n";
  std::snprintf(line, sizeof line, "| events per transaction (mean) | %.1f |\n",
                bench::sample(final_metrics, "vextrus_batch_size_sum") /
                    bench::sample(final_metrics, "vextrus_batch_size_count"));
  table << line;
  std::snprintf(line, sizeof line, "| peak RSS after warm-up / CPU of the service | %.0f MiB / %.1f s |\n",
                static_cast<double>(peak_kib) / 1024.0, cpu);
  table << line;
  table << "| CPU from the warm-up's end to the last commit, by process | "
        << bench::cpu_cell(end_cpu - warm_cpu, measured.empty() ? NAN : measured.back().second) << " |\n";
  std::printf("%s", table.str().c_str());
  const auto path = bench::append_result(
      "latency", "build/bench/latency " + std::to_string(rate) + " " + std::to_string(seconds_wanted), table.str());
  std::fprintf(stderr, "written to %s\n", path.c_str());
  return 0;
}

// Throughput against the number of processes in one consumer group (issue 7's capacity model):
// the event mix of bench/mix on 6-partition topics, consumed from an empty database by 1, 2 and
// 3 vextrus-flow processes in turn (each run its own database and group, the same topics).
// Prints, per run, events/s from the first commit to the last and from the processes' start,
// and the CPU seconds the processes used. On this 2-core machine broker, PostgreSQL and all the
// processes share two cores, so the figures show the cost of coordination, not a gain.
//
//   eval "$(scripts/infra.sh env)"; build/bench/scale_out [events] [max_processes]

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>

#include "bench/measure.hpp"
#include "bench/mix.hpp"
#include "tests/support/harness.hpp"

int main(int argc, char** argv) {
  using namespace vextrus;
  using namespace vextrus::testing;
  using namespace std::chrono;
  const std::int64_t wanted = argc > 1 ? std::atoll(argv[1]) : 300'000;
  const int max_processes = argc > 2 ? std::atoi(argv[2]) : 3;

  const auto mix = bench::make_mix(wanted);
  const auto total = static_cast<std::int64_t>(mix.events.size());
  TopicSet topics("scaleout");
  std::map<bench::Stream, std::vector<Record>> by_topic;
  for (const auto& event : mix.events) by_topic[event.stream].push_back(event.record);
  publish(topics.purchase_orders, by_topic[bench::Stream::purchase_orders]);
  publish(topics.invoices, by_topic[bench::Stream::invoices]);
  publish(topics.onboarding, by_topic[bench::Stream::onboarding]);
  std::fprintf(stderr, "published %lld events on %d partitions per topic\n", static_cast<long long>(total),
               topics.partitions);

  std::printf("| processes | events/s (first to last commit) | events/s (from start) | service CPU s |\n");
  std::printf("|---|---|---|---|\n");
  for (int processes = 1; processes <= max_processes; ++processes) {
    ScratchDatabase db("scaleout");
    const std::string group = "g-" + std::to_string(processes) + "-" + topics.purchase_orders;
    std::vector<std::unique_ptr<ServiceProcess>> services;
    const auto start = steady_clock::now();
    for (int i = 0; i < processes; ++i) {
      auto env = service_environment(db, topics, group);
      env["VEXTRUS_LOG_LEVEL"] = "warn";
      services.push_back(std::make_unique<ServiceProcess>(env, "/tmp/vextrus-scaleout-" + std::to_string(i) + ".log"));
      services.back()->start();
    }
    auto next_report = steady_clock::now() + seconds(10);
    const bool done = wait_until(
        [&] {
          const auto committed = committed_events(db);
          if (steady_clock::now() >= next_report) {
            std::fprintf(stderr, "  %d processes: %lld of %lld committed\n", processes,
                         static_cast<long long>(committed), static_cast<long long>(total));
            next_report += seconds(10);
          }
          return committed >= total;
        },
        minutes(30));
    const double wall_s = duration<double>(steady_clock::now() - start).count();
    double cpu_s = 0;
    for (auto& service : services) cpu_s += bench::cpu_seconds(service->pid());
    for (auto& service : services) service->stop();
    if (!done) {
      std::fprintf(stderr, "%d processes did not finish; see /tmp/vextrus-scaleout-*.log\n", processes);
      return 1;
    }
    const double span_s =
        std::stod(db.scalar("SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) FROM audit_log"));
    std::printf("| %d | %.0f | %.0f | %.1f |\n", processes, static_cast<double>(total) / span_s,
                static_cast<double>(total) / wall_s, cpu_s);
    std::fflush(stdout);
  }
  return 0;
}

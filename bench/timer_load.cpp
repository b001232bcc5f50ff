// Start-up with many pending timers: writes 1,000,000 timers (due from tomorrow, 1 ms apart) for the six
// partitions of a fresh topic set straight into PostgreSQL, starts the service, and reports how
// long the partition workers took to load them (log lines "partition worker started"), and how
// many each keeps in memory (at most pipeline.max_timers_in_memory; the rest stay stored).
//
//   eval "$(scripts/infra.sh env)"; build/bench/timer_load [timers] [max_timers_in_memory]

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "tests/support/harness.hpp"

int main(int argc, char** argv) {
  using namespace vextrus::testing;
  using namespace std::chrono;
  const long timers = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  ScratchDatabase db("timerload");
  TopicSet topics("timerload");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  if (argc > 2) env["VEXTRUS_PIPELINE_MAX_TIMERS_IN_MEMORY"] = argv[2];
  if (run_command(env, {"migrate"}) != 0) return 1;
  const auto insert_start = steady_clock::now();
  db.scalar("INSERT INTO timers SELECT '" + topics.purchase_orders + "', i % " + std::to_string(topics.partitions) +
            ", 'purchase_order', 'PO-' || i, 'expiry', 0, now() + interval '1 day' + i * interval '1 millisecond'"
            " FROM generate_series(1, " +
            std::to_string(timers) + ") AS i");
  std::fprintf(stderr, "inserted %ld timers in %.1f s\n", timers,
               duration<double>(steady_clock::now() - insert_start).count());

  const std::string log = "/tmp/vextrus-timer-load.log";
  std::remove(log.c_str());
  ServiceProcess service(env, log);
  const auto start = steady_clock::now();
  service.start();
  int started = 0;
  long loaded = 0, in_memory = 0;
  wait_until(
      [&] {
        started = 0;
        loaded = 0;
        in_memory = 0;
        std::ifstream in(log);
        for (std::string line; std::getline(in, line);) {
          if (line.find("\"partition worker started\"") == std::string::npos) continue;
          ++started;
          const auto at = line.find("\"timers\":");
          if (at != std::string::npos) loaded += std::stol(line.substr(at + 9));
          const auto memory_at = line.find("\"timers_in_memory\":");
          if (memory_at != std::string::npos) in_memory += std::stol(line.substr(memory_at + 19));
        }
        return started == topics.partitions;
      },
      minutes(5));
  const double seconds = duration<double>(steady_clock::now() - start).count();
  const auto rss = resident_kib(service.pid());
  service.stop();
  std::printf(
      "timers: %ld pending, %ld of them in memory, over %d partition workers started in %.2f s"
      " from service start (rss %.0f MiB)\n",
      loaded, in_memory, started, seconds, rss / 1024.0);
  return loaded == timers ? 0 : 1;
}

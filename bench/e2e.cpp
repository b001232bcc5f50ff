// The end-to-end benchmark of issue 5: the event mix of bench/mix through the real broker and
// PostgreSQL, and beside it, on the same machine and the same events, the raw limit (the same
// final rows written by server-side COPY, no processing) and the naive baseline (one
// transaction per event). Prints the figures and writes them to bench/results/.
//
//   bench/e2e.sh [events] [naive_events]     (starts or reuses scripts/infra.sh)

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>
#include <thread>

#include "bench/measure.hpp"
#include "bench/mix.hpp"
#include "bench/naive.hpp"
#include "tests/support/harness.hpp"

namespace {

using namespace vextrus;
using namespace vextrus::testing;
using namespace std::chrono;

// The tables a run writes, whose final rows the raw limit writes again (timers: those still pending).
const std::vector<std::string> written_tables{"audit_log",    "purchase_orders",  "invoices",         "invoice_keys",
                                              "timers",       "onboardings",      "onboarding_tasks", "notifications",
                                              "dead_letters", "consumer_offsets", "relay_positions"};

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t wanted = argc > 1 ? std::atoll(argv[1]) : 1'000'000;
  const auto mix = bench::make_mix(wanted);
  const auto messages = static_cast<std::int64_t>(mix.events.size());
  const std::int64_t naive_limit = argc > 2 ? std::atoll(argv[2]) : messages;

  ScratchDatabase db("e2e");
  TopicSet topics("e2e");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  std::map<bench::Stream, std::vector<Record>> by_topic;
  for (const auto& event : mix.events) by_topic[event.stream].push_back(event.record);
  const auto publish_start = steady_clock::now();
  publish(topics.purchase_orders, by_topic[bench::Stream::purchase_orders]);
  publish(topics.invoices, by_topic[bench::Stream::invoices]);
  publish(topics.onboarding, by_topic[bench::Stream::onboarding]);
  std::fprintf(stderr, "published %lld events (%lld malformed, %lld repeats) in %.1f s\n",
               static_cast<long long>(messages), static_cast<long long>(mix.malformed),
               static_cast<long long>(mix.repeats), duration<double>(steady_clock::now() - publish_start).count());

  // vextrus-flow from an empty database.
  ServiceProcess service(env, "/tmp/vextrus-e2e.log");
  service.start();
  std::int64_t peak_kib = 0;
  double cpu = 0;
  std::optional<bench::CpuSnapshot> first_commit_cpu;
  auto next_report = steady_clock::now() + seconds(10);
  // One connection, polled every 250 ms: a new connection per poll forked a PostgreSQL backend
  // 20 times a second, CPU the service's figure paid for.
  std::unique_ptr<pqxx::connection> progress;
  const auto committed_so_far = [&]() -> std::int64_t {
    try {
      if (!progress) progress = std::make_unique<pqxx::connection>(db.owner_dsn());
      pqxx::nontransaction tx(*progress);
      return tx.exec1("SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets")[0].as<std::int64_t>();
    } catch (const std::exception&) {
      progress.reset();
      return 0;  // not migrated yet
    }
  };
  const bool done = wait_until(
      [&] {
        std::this_thread::sleep_for(milliseconds(200));
        peak_kib = std::max(peak_kib, resident_kib(service.pid()));
        cpu = std::max(cpu, bench::cpu_seconds(service.pid()));
        const auto committed = committed_so_far();
        if (committed > 0 && !first_commit_cpu) first_commit_cpu = bench::cpu_snapshot(service.pid());
        if (steady_clock::now() >= next_report) {
          std::fprintf(stderr, "  %lld of %lld committed\n", static_cast<long long>(committed),
                       static_cast<long long>(messages));
          next_report += seconds(10);
        }
        return committed >= messages;
      },
      minutes(30));
  const auto last_commit_cpu = bench::cpu_snapshot(service.pid());
  std::string metrics;
  http_get(env.at("VEXTRUS_HTTP_ADDR"), "/metrics", &metrics);
  cpu = std::max(cpu, bench::cpu_seconds(service.pid()));
  service.stop();
  if (!done) {
    std::fprintf(stderr, "the service did not finish; see %s\n", service.log_path().c_str());
    return 1;
  }
  const double span =
      std::stod(db.scalar("SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) FROM audit_log"));
  const double rate = static_cast<double>(messages) / span;
  const bool verified = run_command(env, {"audit", "verify"}) == 0;
  std::int64_t rows = 0;
  std::map<std::string, std::string> table_rows;
  for (const auto& table : written_tables) {
    table_rows[table] = db.scalar("SELECT count(*) FROM " + table);
    rows += std::stoll(table_rows[table]);
  }
  const double p50 = bench::histogram_quantile(metrics, "vextrus_event_commit_latency_seconds", 0.5) * 1000;
  const double p99 = bench::histogram_quantile(metrics, "vextrus_event_commit_latency_seconds", 0.99) * 1000;
  const double p999 = bench::histogram_quantile(metrics, "vextrus_event_commit_latency_seconds", 0.999) * 1000;

  // The raw limit: the same final rows, server-side COPY into a fresh schema, one statement per
  // table.
  ScratchDatabase raw("e2eraw");
  auto raw_env = service_environment(raw, topics, "g-raw");
  if (run_command(raw_env, {"migrate"}) != 0) return 1;
  {
    pqxx::connection source(db.super_dsn());
    pqxx::nontransaction tx(source);
    for (const auto& table : written_tables) tx.exec("COPY " + table + " TO '/tmp/vextrus-e2e-" + table + ".copy'");
  }
  double raw_seconds = 0;
  bench::CpuSnapshot raw_cpu;  // PostgreSQL's CPU per event with no processing, beside the service's run
  {
    pqxx::connection target(raw.super_dsn());
    const auto start = steady_clock::now();
    const auto before = bench::cpu_snapshot(0);
    for (const auto& table : written_tables) {
      pqxx::work tx(target);
      tx.exec("COPY " + table + " FROM '/tmp/vextrus-e2e-" + table + ".copy'");
      tx.commit();
    }
    raw_cpu = bench::cpu_snapshot(0) - before;
    raw_seconds = duration<double>(steady_clock::now() - start).count();
  }
  for (const auto& table : written_tables) std::remove(("/tmp/vextrus-e2e-" + table + ".copy").c_str());
  const double raw_rate = static_cast<double>(messages) / raw_seconds;

  // The naive baseline on the same events.
  ScratchDatabase naive_db("e2enaive");
  auto naive_env = service_environment(naive_db, topics, "g-naive");
  if (run_command(naive_env, {"migrate"}) != 0) return 1;
  std::fprintf(stderr, "naive baseline over %lld events...\n", static_cast<long long>(naive_limit));
  const auto naive = bench::run_naive_baseline(brokers(), {topics.purchase_orders, topics.invoices, topics.onboarding},
                                               naive_db.owner_dsn(), naive_limit);
  const double naive_rate = static_cast<double>(naive.events) / naive.seconds;

  std::ostringstream table;
  char line[256];
  std::snprintf(
      line, sizeof line, "| events (50/35/15 %% PO/invoice/onboarding; %lld malformed, %lld repeats) | %lld |\n",
      static_cast<long long>(mix.malformed), static_cast<long long>(mix.repeats), static_cast<long long>(messages));
  table << "| measure | value |\n|---|---|\n" << line;
  std::snprintf(line, sizeof line, "| vextrus-flow, sustained (first to last commit) | %.0f events/s over %.1f s |\n",
                rate, span);
  table << line;
  table << "| commit latency p50 / p99 / p99.9 (consume to commit, of a backlog) | " << bench::milliseconds_cell(p50)
        << " / " << bench::milliseconds_cell(p99) << " / " << bench::milliseconds_cell(p999) << " ms |\n";
  std::snprintf(line, sizeof line, "| peak RSS / CPU of the service | %.0f MiB / %.1f s |\n", peak_kib / 1024.0, cpu);
  table << line;
  table << "| CPU from first to last commit, by process | "
        << (first_commit_cpu ? bench::cpu_cell(last_commit_cpu - *first_commit_cpu, static_cast<double>(messages))
                             : std::string("no commit seen"))
        << " |\n";
  std::snprintf(line, sizeof line, "| events per transaction (mean) | %.0f |\n",
                bench::sample(metrics, "vextrus_batch_size_sum") / bench::sample(metrics, "vextrus_batch_size_count"));
  table << line;
  std::snprintf(line, sizeof line, "| rows in the written tables per event | %.2f |\n",
                static_cast<double>(rows) / static_cast<double>(messages));
  table << line;
  table << "| audit verify | " << (verified ? "passes" : "FAILS") << " |\n";
  std::snprintf(
      line, sizeof line,
      "| raw limit (same rows, server-side COPY) | %.0f events/s (%.1f s); PostgreSQL CPU %.1f s (%.0f µs/event) |\n",
      raw_rate, raw_seconds, raw_cpu.postgres, raw_cpu.postgres * 1e6 / static_cast<double>(messages));
  table << line;
  std::snprintf(line, sizeof line, "| naive baseline (one transaction per event, %lld events) | %.0f events/s |\n",
                static_cast<long long>(naive.events), naive_rate);
  table << line;
  std::snprintf(line, sizeof line, "| vextrus-flow / raw limit | %.2f |\n| vextrus-flow / naive | %.1f x |\n",
                rate / raw_rate, rate / naive_rate);
  table << line;
  std::string counts;
  for (const auto& [name, count] : table_rows) counts += name + " " + count + ", ";
  std::printf("%s\nrows: %s\n", table.str().c_str(), counts.c_str());

  const auto path = bench::append_result(
      "e2e", "bench/e2e.sh " + std::to_string(wanted) + (argc > 2 ? " " + std::string(argv[2]) : ""),
      table.str() + "\nRows: " + counts + "\n");
  std::fprintf(stderr, "written to %s\n", path.c_str());
  return verified ? 0 : 1;
}

#pragma once
// What the end-to-end benchmarks read off the service and the machine: CPU time of a process, the
// machine's idle share, figures from the service's /metrics text, and the machine's description for
// the results file.

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace vextrus::bench {

// utime + stime of a process, in seconds.
double cpu_seconds(pid_t pid);

// Where the machine's CPU time went, cumulative seconds from /proc: the service; PostgreSQL
// (every `postgres` process, with what the postmaster's exited children used); the broker (the
// JVM running kafka.Kafka); this benchmark (the publisher of a live load); and the whole machine,
// busy and idle (iowait counted idle). A stage that saturates shows as its share of the busy
// time; a pipeline that waits where it could work shows as idle time while every process looks
// modest.
struct CpuSnapshot {
  double service = 0;
  double postgres = 0;
  double broker = 0;
  double bench = 0;
  double busy = 0;
  double idle = 0;
};
CpuSnapshot cpu_snapshot(pid_t service);  // service 0: none runs
// What was spent between two snapshots.
CpuSnapshot operator-(const CpuSnapshot& later, const CpuSnapshot& earlier);
// A table cell: seconds and microseconds per event by process, then the rest and the idle share.
std::string cpu_cell(const CpuSnapshot& spent, double events);

// A Prometheus histogram's cumulative buckets: (upper bound, count), +Inf last.
using Buckets = std::vector<std::pair<double, double>>;
Buckets histogram_buckets(const std::string& metrics, const std::string& name);
// The observations of `later` that `earlier` had not seen yet.
Buckets minus(Buckets later, const Buckets& earlier);
// A quantile, interpolated within its bucket as Prometheus's histogram_quantile() does;
// INFINITY beyond the last bucket, NAN without observations.
double quantile(const Buckets& buckets, double q);

// The same, straight from the /metrics text.
double histogram_quantile(const std::string& metrics, const std::string& name, double q);

// The value of an unlabelled sample (a counter, a histogram's _sum or _count); NAN if absent.
double sample(const std::string& metrics, const std::string& name);

// The sum of every sample of a metric, whatever its labels; 0 if absent.
double sum_of_samples(const std::string& metrics, const std::string& name);

// "2 cores (model), Linux release".
std::string machine();

// Milliseconds as a table cell: one decimal, or "> 10000" beyond the histogram's last bucket.
std::string milliseconds_cell(double ms);

// Appends a dated section (heading, machine, table) to bench/results/<date>-<name>.md and
// returns the file's path.
std::string append_result(const std::string& name, const std::string& command, const std::string& table);

}  // namespace vextrus::bench

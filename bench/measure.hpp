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

// The machine's CPU time since boot, from /proc/stat, in clock ticks: all of it, and the part
// idle (idle and iowait).
struct MachineTicks {
  double total = 0;
  double idle = 0;
};
MachineTicks machine_ticks();
// The machine's idle share between two readings, in percent: a stage that waits where it could
// work (a pipeline running in waves) shows here while every process's CPU looks modest.
double idle_percent(const MachineTicks& from, const MachineTicks& to);

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

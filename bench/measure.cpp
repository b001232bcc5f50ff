#include "bench/measure.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/harness.hpp"

namespace vextrus::bench {

namespace {

// The fields of /proc/<pid>/stat after the command's name, in seconds where they are times.
struct ProcStat {
  std::string name;
  pid_t parent = 0;
  double own = 0;       // utime + stime
  double children = 0;  // cutime + cstime: the exited children it waited for
};

std::optional<ProcStat> read_proc_stat(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;  // exited meanwhile
  ProcStat stat;
  stat.name = text.substr(open + 1, close - open - 1);
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  for (int i = 3; i <= 17 && fields >> field; ++i) {
    if (i == 4) stat.parent = static_cast<pid_t>(std::stol(field));
    if (i == 14 || i == 15) stat.own += std::stod(field) / tick;
    if (i == 16 || i == 17) stat.children += std::stod(field) / tick;
  }
  return stat;
}

// The machine's idle share of what was spent, in percent.
double idle_percent(const CpuSnapshot& spent) {
  const double total = spent.busy + spent.idle;
  return total > 0 ? 100.0 * spent.idle / total : NAN;
}

bool runs_the_broker(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/cmdline");
  const std::string command((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return command.find("kafka.Kafka") != std::string::npos;
}

}  // namespace

double cpu_seconds(pid_t pid) {
  const auto stat = read_proc_stat(std::to_string(pid));
  return stat ? stat->own : 0;
}

CpuSnapshot cpu_snapshot(pid_t service) {
  CpuSnapshot snapshot;
  std::ifstream machine("/proc/stat");
  std::string cpu;
  machine >> cpu;  // the first line sums every core: "cpu user nice system idle iowait irq softirq steal ..."
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double value = 0;
  for (int i = 0; i < 8 && machine >> value; ++i) (i == 3 || i == 4 ? snapshot.idle : snapshot.busy) += value / tick;

  std::map<pid_t, ProcStat> postgres;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto stat = read_proc_stat(pid);
    if (!stat) continue;
    const auto id = static_cast<pid_t>(std::stol(pid));
    if (id == service) {
      snapshot.service += stat->own;
    } else if (id == ::getpid()) {
      snapshot.bench += stat->own;
    } else if (stat->name == "postgres") {
      postgres[id] = *stat;
    } else if (stat->name == "java" && runs_the_broker(pid)) {
      snapshot.broker += stat->own;
    }
  }
  for (const auto& [id, stat] : postgres) {
    snapshot.postgres += stat.own;
    // The postmaster (no postgres parent) reaps the backends that ended: their time is in its
    // children's share, so a connection closed between two snapshots is not lost.
    if (postgres.count(stat.parent) == 0) snapshot.postgres += stat.children;
  }
  return snapshot;
}

CpuSnapshot operator-(const CpuSnapshot& later, const CpuSnapshot& earlier) {
  return {later.service - earlier.service, later.postgres - earlier.postgres, later.broker - earlier.broker,
          later.bench - earlier.bench,     later.busy - earlier.busy,         later.idle - earlier.idle};
}

std::string cpu_cell(const CpuSnapshot& spent, double events) {
  const auto part = [events](const char* name, double seconds) {
    char text[96];
    std::snprintf(text, sizeof text, "%s %.1f s (%.0f µs/event)", name, seconds, seconds * 1e6 / events);
    return std::string(text);
  };
  // The machine's counters and the processes' are read a moment apart: never below zero.
  const double rest = std::max(0.0, spent.busy - spent.service - spent.postgres - spent.broker - spent.bench);
  char idle[64];
  std::snprintf(idle, sizeof idle, "; idle %.1f s (%.1f %%)", spent.idle, idle_percent(spent));
  return part("service", spent.service) + ", " + part("PostgreSQL", spent.postgres) + ", " +
         part("broker", spent.broker) + ", " + part("benchmark", spent.bench) + ", " + part("rest", rest) + idle;
}

Buckets histogram_buckets(const std::string& metrics, const std::string& name) {
  Buckets buckets;
  const std::regex line(name + R"re(_bucket\{le="([^"]+)"\} ([0-9.e+]+))re");
  for (std::sregex_iterator it(metrics.begin(), metrics.end(), line), end; it != end; ++it) {
    const auto bound = (*it)[1].str();
    buckets.emplace_back(bound == "+Inf" ? INFINITY : std::stod(bound), std::stod((*it)[2].str()));
  }
  return buckets;
}

Buckets minus(Buckets later, const Buckets& earlier) {
  for (std::size_t i = 0; i < later.size() && i < earlier.size(); ++i) later[i].second -= earlier[i].second;
  return later;
}

double quantile(const Buckets& buckets, double q) {
  if (buckets.empty() || buckets.back().second == 0) return NAN;
  const double rank = q * buckets.back().second;
  double lower = 0, below = 0;
  for (const auto& [bound, count] : buckets) {
    if (count >= rank) {
      if (std::isinf(bound)) return INFINITY;  // beyond the last bucket: only "more than" is known
      return lower + (bound - lower) * (rank - below) / std::max(count - below, 1.0);
    }
    lower = bound;
    below = count;
  }
  return lower;
}

double histogram_quantile(const std::string& metrics, const std::string& name, double q) {
  return quantile(histogram_buckets(metrics, name), q);
}

// The value of an unlabelled sample (a counter, a histogram's _sum or _count); NAN if absent.
double sample(const std::string& metrics, const std::string& name) {
  const std::regex line("(^|\n)" + name + " ([0-9.e+]+)");
  std::smatch match;
  return std::regex_search(metrics, match, line) ? std::stod(match[2].str()) : NAN;
}

double sum_of_samples(const std::string& metrics, const std::string& name) {
  const std::regex line("(^|\n)" + name + R"re((\{[^}]*\})? ([0-9.e+]+))re");
  double sum = 0;
  for (std::sregex_iterator it(metrics.begin(), metrics.end(), line), end; it != end; ++it) {
    sum += std::stod((*it)[3].str());
  }
  return sum;
}

std::string machine() {
  utsname name{};
  ::uname(&name);
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string model;
  for (std::string text; std::getline(cpuinfo, text);) {
    if (text.rfind("model name", 0) == 0) {
      model = text.substr(text.find(':') + 2);
      break;
    }
  }
  return std::to_string(std::thread::hardware_concurrency()) + " cores (" + model + "), " + name.sysname + " " +
         name.release;
}

std::string milliseconds_cell(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, std::isinf(ms) ? "> 10000" : "%.1f", ms);
  return text;
}

std::string append_result(const std::string& name, const std::string& command, const std::string& table) {
  const auto now = testing::rfc3339_from_now(0);
  const std::string path = testing::repository_root() + "/bench/results/" + now.substr(0, 10) + "-" + name + ".md";
  std::ofstream out(path, std::ios::app);
  out << "## " << now << ": `" << command << "`\n\nMachine: " << machine()
      << "; broker, PostgreSQL and the service on it together.\n\n"
      << table << "\n";
  return path;
}

}  // namespace vextrus::bench

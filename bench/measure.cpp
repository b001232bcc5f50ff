#include "bench/measure.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/harness.hpp"

namespace vextrus::bench {

double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
    if (i == 15) break;
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

MachineTicks machine_ticks() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;  // the first line sums every core: "cpu user nice system idle iowait irq softirq steal ..."
  MachineTicks ticks;
  double value = 0;
  for (int i = 0; i < 8 && in >> value; ++i) {
    ticks.total += value;
    if (i == 3 || i == 4) ticks.idle += value;
  }
  return ticks;
}

double idle_percent(const MachineTicks& from, const MachineTicks& to) {
  const double total = to.total - from.total;
  return total > 0 ? 100.0 * (to.idle - from.idle) / total : NAN;
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

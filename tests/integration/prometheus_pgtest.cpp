// A real Prometheus (Debian's) scraping the service during a load (issue 8): the series the
// alert rules and dashboards read arrive, with the values the run explains, and the alert rules
// of deploy/prometheus evaluate against them without error.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::string url_encoded(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      out += escaped;
    }
  }
  return out;
}

class PrometheusServer {
 public:
  PrometheusServer(const std::string& target, const std::string& rules)
      : dir_("/tmp/vextrus-prometheus-" + std::to_string(::getpid())), address_("127.0.0.1:" + std::to_string(free_port())),
        process_({}, dir_ + ".log", "/usr/bin/prometheus") {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ + "/prometheus.yml") << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                                            << "rule_files:\n  - " << rules << "\n"
                                            << "scrape_configs:\n  - job_name: vextrus-flow\n"
                                            << "    static_configs:\n      - targets: ['" << target << "']\n";
    process_.start({"--config.file=" + dir_ + "/prometheus.yml", "--storage.tsdb.path=" + dir_ + "/data",
                    "--web.listen-address=" + address_});
  }
  ~PrometheusServer() {
    process_.stop();
    std::filesystem::remove_all(dir_);
  }

  // The `data` of GET /api/v1/<path> (null when Prometheus does not answer it).
  nlohmann::json api(const std::string& path) const {
    std::string body;
    if (http_get(address_, "/api/v1/" + path, &body, "", Answer::of_another_server) != 200) return nullptr;
    const auto reply = nlohmann::json::parse(body, nullptr, false);
    return reply.is_object() && reply.value("status", "") == "success" ? reply["data"] : nlohmann::json(nullptr);
  }
  // The single value of an instant query, or nullopt while it has none.
  std::optional<double> value(const std::string& query) const {
    const auto data = api("query?query=" + url_encoded(query));
    if (!data.is_object() || data["result"].size() != 1) return std::nullopt;
    return std::stod(data["result"][0]["value"][1].get<std::string>());
  }
  const std::string& log_path() const { return process_.log_path(); }

 private:
  std::string dir_, address_;
  ServiceProcess process_;
};

TEST(Prometheus, ARealPrometheusScrapesTheServiceDuringALoad) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/prometheus")) << "run scripts/setup.sh (Debian's prometheus)";
  ScratchDatabase db("prometheus");
  TopicSet topics("prometheus");
  const auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  ServiceProcess service(env, "/tmp/vextrus-prometheus-service.log");
  service.start();
  PrometheusServer prometheus(env.at("VEXTRUS_HTTP_ADDR"), repository_root() + "/deploy/prometheus/alerts.yaml");

  // The load starts once Prometheus has seen the service (the dead-letter counters at 0).
  ASSERT_TRUE(wait_until([&] { return prometheus.value("vextrus_dead_letters_total{reason=\"invalid_json\"}") == 0.0; }, 30s))
      << "see " << prometheus.log_path();
  const auto scenario = make_scenario("PO", 1000);  // 3,200 events over 6 partitions
  const auto total = static_cast<double>(scenario.records.size());
  publish(topics.purchase_orders, scenario.records);
  publish(topics.purchase_orders, {{"PO-X", "not json"}});
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= static_cast<std::int64_t>(total) + 1; }, 120s))
      << "see " << service.log_path();

  ASSERT_TRUE(wait_until([&] { return prometheus.value("sum(vextrus_events_consumed_total)") == total + 1; }, 30s))
      << "Prometheus never saw every event; see " << prometheus.log_path();
  EXPECT_EQ(prometheus.value("up{job=\"vextrus-flow\"}"), 1.0);
  EXPECT_EQ(prometheus.value("vextrus_ready"), 1.0);
  EXPECT_EQ(prometheus.value("sum(vextrus_dead_letters_total)"), 1.0);
  EXPECT_EQ(prometheus.value("sum(vextrus_events_applied_total) + sum(vextrus_events_refused_total)"),
            static_cast<double>(scenario.audit_records));
  ASSERT_TRUE(wait_until([&] { return prometheus.value("sum(vextrus_consumer_lag)") == 0.0; }, 30s));
  EXPECT_EQ(prometheus.value("max(vextrus_timer_overdue_seconds)"), 0.0);
  EXPECT_EQ(prometheus.value("sum(vextrus_assigned_partitions)"), 18.0);
  // Over every observation since the start (the load may have ended before a second scrape, so
  // a rate could be empty).
  const auto p99 =
      prometheus.value("histogram_quantile(0.99, sum by (le) (vextrus_event_commit_latency_seconds_bucket))");
  ASSERT_TRUE(p99.has_value());
  EXPECT_GT(*p99, 0.0);

  // The alert rules load and evaluate against the real series without error; the dead letter
  // fires its alert (its counter was declared at 0, so its first dead letter is an increase).
  ASSERT_TRUE(wait_until(
      [&] {
        const auto rules = prometheus.api("rules");
        if (!rules.is_object() || rules["groups"].size() != 1) return false;
        for (const auto& rule : rules["groups"][0]["rules"]) {
          if (rule.value("health", "") != "ok") return false;
        }
        return rules["groups"][0]["rules"].size() == 6;
      },
      30s));
  ASSERT_TRUE(wait_until(
      [&] {
        const auto alerts = prometheus.api("alerts");
        if (!alerts.is_object()) return false;
        for (const auto& alert : alerts["alerts"]) {
          if (alert["labels"].value("alertname", "") == "VextrusDeadLettersArriving" &&
              alert["labels"].value("reason", "") == "invalid_json") {
            return true;
          }
        }
        return false;
      },
      30s));
  EXPECT_EQ(service.stop(), 0);
}

}  // namespace
}  // namespace vextrus::testing

// A real Prometheus (Debian's) scraping the service during a load (issue 8): the series the
// alert rules and dashboards read arrive, with the values the run explains, and the alert rules
// of deploy/prometheus evaluate against them without error. After the load every query of the
// Grafana dashboards (deploy/grafana/dashboards) runs for real: each PromQL expression through
// Prometheus's HTTP API, each SQL query in the test database as the dashboards' role
// (vextrus_grafana), read only, and each shows the data the load must produce.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <set>

#include "domain/time.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/scenario.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

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
      : dir_("/tmp/vextrus-prometheus-" + std::to_string(::getpid())),
        address_("127.0.0.1:" + std::to_string(free_port())),
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

  // The whole answer of GET /api/v1/<path> (null when Prometheus does not answer it).
  json reply(const std::string& path) const {
    std::string body;
    if (http_get(address_, "/api/v1/" + path, &body, "", Answer::of_another_server) == 0) return nullptr;
    return json::parse(body, nullptr, false);
  }
  // The `data` of GET /api/v1/<path> (null unless it succeeded).
  json api(const std::string& path) const {
    const auto answer = reply(path);
    return answer.is_object() && answer.value("status", "") == "success" ? answer["data"] : json(nullptr);
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

// ---- the business side of the load --------------------------------------------------------

// Today's date in Asia/Dhaka, shifted by `days`.
std::string dhaka_date(int days) {
  const auto now = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  return domain::format_date(domain::dhaka_date_of(domain::Timestamp{micros}));
}

constexpr std::int64_t hours = 3600;

// invoice.received for a valid invoice (every check passes, so it is pending approval) of one
// line at `subtotal` with the default 15 % VAT.
std::string invoice_received(const std::string& id, const std::string& category, const std::string& invoice_date,
                             long subtotal, std::int64_t seconds_ago) {
  const auto money = [](long paisa) {
    char text[32];
    std::snprintf(text, sizeof text, "%ld.%02ld", paisa / 100, paisa % 100);
    return std::string(text);
  };
  const long paisa = subtotal * 100, vat = paisa * 15 / 100;
  return event_json(id + "-r", "invoice.received", id, rfc3339_from_now(-seconds_ago), "u-ap", "finance_manager",
                    R"({"vendor":{"id":"V-)" + id + R"(","name":"Vendor","category":")" + category +
                        R"(","tin":"123456789012","bin":"1234567890123","return_filed":true},"invoice_number":"N-)" +
                        id + R"(","invoice_date":")" + invoice_date +
                        R"(","lines":[{"description":"work","quantity":1,)"
                        R"("unit_price":")" +
                        money(paisa) + R"("}],"subtotal":")" + money(paisa) + R"(","vat_amount":")" + money(vat) +
                        R"(","total":")" + money(paisa + vat) + R"("})");
}

// Purchase orders and invoices past their escalation deadline (96 h) and still pending, invoices
// of several months, fiscal years and vendor categories, some past their due date, and an
// onboarding with two tasks overdue: what the Business KPIs dashboard must show.
struct BusinessLoad {
  std::vector<Record> purchase_orders, invoices, onboarding;
  int escalated_orders = 0, escalated_invoices = 0, overdue_invoices = 0, overdue_tasks = 0;
  std::size_t events() const { return purchase_orders.size() + invoices.size() + onboarding.size(); }
};

BusinessLoad make_business_load() {
  BusinessLoad load;
  for (int i = 0; i < 3; ++i) {  // one tier (department_head), pending since 100 h: reminded and escalated
    const auto po = "PO-LATE-" + std::to_string(i);
    load.purchase_orders.push_back(
        {po, po_submitted(po + "-s", po, "req-late", "50000.00", rfc3339_from_now(-100 * hours))});
    ++load.escalated_orders;
  }
  for (int i = 0; i < 2; ++i) {  // pending at finance_manager since 100 h
    const auto id = "INV-LATE-" + std::to_string(i);
    load.invoices.push_back({id, invoice_received(id, "consultancy", dhaka_date(-5), 20000, 100 * hours)});
    ++load.escalated_invoices;
  }
  struct Shape {
    int days_ago;
    const char* category;
    long subtotal;
  };
  // Due at the end of invoice_date + 30 days: the ones 33 days old and more are overdue on arrival.
  const Shape shapes[] = {{0, "consultancy", 100000}, {3, "construction", 250000},
                          {12, "printing", 40000},    {20, "it_enabled_service", 80000},
                          {33, "transport", 60000},   {45, "supplier_manufacturer", 150000},
                          {70, "consultancy", 30000}, {200, "construction", 500000}};
  int n = 0;
  for (const auto& shape : shapes) {
    const auto id = "INV-" + std::to_string(n++);
    load.invoices.push_back(
        {id, invoice_received(id, shape.category, dhaka_date(-shape.days_ago), shape.subtotal, 60)});
    if (shape.days_ago > 31) ++load.overdue_invoices;
  }
  const auto hired = [](const std::string& employee, const std::string& start_date) {
    return event_json(employee + "-h", "employee.hired", employee, rfc3339_from_now(-60), "u-hr", "hr",
                      R"({"name":"Rahim","nid":"1234567890","mobile":"01712345678","department":"it",)"
                      R"("position":"engineer","start_date":")" +
                          start_date + R"("})");
  };
  // Started 3 days ago: account (start - 1) and it_equipment (start) are overdue.
  load.onboarding.push_back({"EMP-LATE", hired("EMP-LATE", dhaka_date(-3))});
  load.overdue_tasks = 2;
  load.onboarding.push_back({"EMP-NEW", hired("EMP-NEW", dhaka_date(30))});
  return load;
}

// ---- the dashboards' queries ----------------------------------------------------------------

struct DashboardQuery {
  std::string where;  // "<file>: <title> <refId>", for messages
  std::string key;    // "<title>/<refId>", for the expectations below
  bool promql = false;
  std::string text;  // as written in the dashboard
};

struct Dashboard {
  std::string file;
  json document;
  std::vector<DashboardQuery> queries;  // every panel target
};

std::vector<Dashboard> read_dashboards() {
  std::vector<Dashboard> out;
  std::set<std::string> keys;
  for (const auto& entry : std::filesystem::directory_iterator(repository_root() + "/deploy/grafana/dashboards")) {
    if (entry.path().extension() != ".json") continue;
    Dashboard dashboard{entry.path().filename().string(), json::parse(std::ifstream(entry.path())), {}};
    std::function<void(const json&)> walk = [&](const json& panels) {
      for (const auto& panel : panels) {
        if (panel.contains("panels")) walk(panel["panels"]);
        if (!panel.contains("targets")) continue;
        for (const auto& target : panel["targets"]) {
          const auto& source = target.contains("datasource") ? target["datasource"] : panel["datasource"];
          const bool promql = source.value("type", "") == "prometheus";
          DashboardQuery query{dashboard.file + ": " + panel.value("title", "") + " " + target.value("refId", ""),
                               panel.value("title", "") + "/" + target.value("refId", ""), promql,
                               target.value(promql ? "expr" : "rawSql", "")};
          EXPECT_TRUE(keys.insert(query.key).second) << query.key << " is not unique across the dashboards";
          EXPECT_FALSE(query.text.empty()) << query.where << " has no query";
          dashboard.queries.push_back(std::move(query));
        }
      }
    };
    walk(dashboard.document["panels"]);
    out.push_back(std::move(dashboard));
  }
  std::sort(out.begin(), out.end(), [](const Dashboard& a, const Dashboard& b) { return a.file < b.file; });
  return out;
}

std::string utc_text(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// "now" or "now-<n><s|m|h|d|w>", as the dashboards' default time ranges are written.
std::chrono::system_clock::time_point instant(const std::string& text) {
  static const std::regex form(R"(now(?:-(\d+)([smhdw]))?)");
  std::smatch m;
  if (!std::regex_match(text, m, form)) throw std::runtime_error("time " + text + " is not now[-<n><unit>]");
  const std::map<std::string, long> unit{{"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
  const long seconds = m[1].matched ? std::stol(m[1]) * unit.at(m[2]) : 0;
  return std::chrono::system_clock::now() - std::chrono::seconds(seconds);
}

// Grafana's substitutions in a query: the PostgreSQL macros the dashboards use (as Grafana's
// backend expands them, over the dashboard's time range), then $var, ${var} and [[var]] from
// `values` (the dashboard's variables and the built-ins). Anything else is an error.
std::string substituted(std::string text, bool sql, const std::map<std::string, std::string>& values,
                        const json& time_range) {
  if (sql) {
    const auto from = utc_text(instant(time_range.value("from", "now-6h")));
    const auto to = utc_text(instant(time_range.value("to", "now")));
    static const std::regex macro(R"(\$(__\w+)\(([^)]*)\))");
    std::string out;
    auto rest = text.cbegin();
    for (std::sregex_iterator it(text.cbegin(), text.cend(), macro), end; it != end; ++it) {
      const auto& m = *it;
      out.append(rest, m[0].first);
      const std::string name = m[1], argument = m[2];
      if (name == "__timeFilter")
        out += argument + " BETWEEN '" + from + "' AND '" + to + "'";
      else if (name == "__timeFrom")
        out += "'" + from + "'";
      else if (name == "__timeTo")
        out += "'" + to + "'";
      else
        throw std::runtime_error("macro $" + name + " is not one this test expands; add it");
      rest = m[0].second;
    }
    out.append(rest, text.cend());
    text = out;
  }
  static const std::regex variable(R"(\$\{(\w+)\}|\[\[(\w+)\]\]|\$(\w+))");
  std::string out;
  auto rest = text.cbegin();
  for (std::sregex_iterator it(text.cbegin(), text.cend(), variable), end; it != end; ++it) {
    const auto& m = *it;
    const std::string name = m[1].matched ? m[1] : m[2].matched ? m[2] : m[3];
    const auto value = values.find(name);
    if (value == values.end()) throw std::runtime_error("$" + name + " is neither a variable nor a built-in");
    out.append(rest, m[0].first);
    out += value->second;
    rest = m[0].second;
  }
  out.append(rest, text.cend());
  return out;
}

std::string sql_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    std::string quoted = "'";
    for (const char c : v) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    out += (out.empty() ? "" : ",") + quoted + "'";
  }
  return out.empty() ? "NULL" : out;
}

// The values of a dashboard's variables as it opens ("All" of each), resolving each query
// variable like Grafana does: SQL ones in the database (their values must be there after the
// load), Prometheus ones through the series API (each must find series with its label).
std::map<std::string, std::string> variable_values(const Dashboard& dashboard, const PrometheusServer& prometheus,
                                                   const ScratchDatabase& db) {
  std::map<std::string, std::string> values;
  for (const auto& v : dashboard.document["templating"]["list"]) {
    const auto name = v.value("name", "");
    const auto type = v.value("type", "");
    if (type == "datasource") continue;
    SCOPED_TRACE(dashboard.file + ": variable $" + name);
    EXPECT_EQ(type, "query");
    EXPECT_EQ(v["current"]["value"], json::array({"$__all"})) << "opens with All";
    const auto query = substituted(v.value("query", ""), false, values, dashboard.document["time"]);
    if (v["datasource"].value("type", "") == "prometheus") {
      static const std::regex label_values(R"(label_values\((.+),\s*(\w+)\))");
      std::smatch m;
      EXPECT_TRUE(std::regex_match(query, m, label_values)) << query;
      if (m.empty()) continue;
      const auto series = prometheus.api("series?match[]=" + url_encoded(m[1]));
      EXPECT_TRUE(series.is_array() && !series.empty()) << query << " finds no series";
      for (const auto& labels : series) {
        EXPECT_TRUE(labels.contains(m[2].str())) << query << ": " << labels;
      }
      values[name] = v.value("allValue", "");
      EXPECT_FALSE(values[name].empty()) << "All of a Prometheus variable needs an allValue";
    } else {
      std::vector<std::string> options;
      for (auto& row : db.dashboard_rows(query)) options.push_back(std::move(row));
      EXPECT_FALSE(options.empty()) << query << " has no values after the load";
      values[name] = sql_list(options);
    }
  }
  return values;
}

// Whether an SQL answer shows data: a row with a value that is neither NULL nor 0.
bool shows_data(const std::vector<std::string>& rows) {
  for (const auto& row : rows) {
    std::size_t start = 0;
    for (std::size_t end; start <= row.size(); start = end + 1) {
      end = row.find('|', start);
      if (end == std::string::npos) end = row.size();
      const auto cell = row.substr(start, end - start);
      if (cell != "NULL" && cell != "0" && !cell.empty()) return true;
    }
  }
  return false;
}

TEST(Prometheus, ARealPrometheusScrapesTheServiceDuringALoad) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/prometheus")) << "run scripts/setup.sh (Debian's prometheus)";
  ScratchDatabase db("prometheus");
  TopicSet topics("prometheus");
  const auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  ServiceProcess service(env, "/tmp/vextrus-prometheus-service.log");
  service.start();
  PrometheusServer prometheus(env.at("VEXTRUS_HTTP_ADDR"), repository_root() + "/deploy/prometheus/alerts.yaml");

  // The load starts once Prometheus has scraped the service's counters at 0 (it declares every
  // topic, type and reason at start), so that the load's first increase of each is one a rate
  // sees (a counter that appears at N is no increase).
  ASSERT_TRUE(wait_until(
      [&] {
        return prometheus.value("vextrus_dead_letters_total{reason=\"invalid_json\"}") == 0.0 &&
               prometheus.value("vextrus_events_consumed_total{topic=\"" + topics.onboarding + "\"}") == 0.0;
      },
      30s))
      << "see " << prometheus.log_path();
  const auto load_started = std::chrono::steady_clock::now();
  const auto scenario = make_scenario("PO", 1000);  // 3,200 events over 6 partitions
  const auto business = make_business_load();
  const auto total = static_cast<double>(scenario.records.size() + business.events());
  publish(topics.purchase_orders, scenario.records);
  publish(topics.purchase_orders, {{"PO-X", "not json"}});
  publish(topics.purchase_orders, business.purchase_orders);
  publish(topics.invoices, business.invoices);
  publish(topics.onboarding, business.onboarding);
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= static_cast<std::int64_t>(total) + 1; }, 120s))
      << "see " << service.log_path();

  ASSERT_TRUE(wait_until([&] { return prometheus.value("sum(vextrus_events_consumed_total)") == total + 1; }, 30s))
      << "Prometheus never saw every event; see " << prometheus.log_path();
  EXPECT_EQ(prometheus.value("up{job=\"vextrus-flow\"}"), 1.0);
  EXPECT_EQ(prometheus.value("vextrus_ready"), 1.0);
  EXPECT_EQ(prometheus.value("sum(vextrus_dead_letters_total)"), 1.0);
  EXPECT_EQ(prometheus.value("sum(vextrus_events_applied_total) + sum(vextrus_events_refused_total)"),
            static_cast<double>(scenario.audit_records + business.events()));
  ASSERT_TRUE(wait_until([&] { return prometheus.value("sum(vextrus_consumer_lag)") == 0.0; }, 30s));
  // The deadlines already past when their events arrived fire once the partitions are caught up.
  EXPECT_TRUE(wait_until([&] { return prometheus.value("max(vextrus_timer_overdue_seconds)") == 0.0; }, 30s));
  EXPECT_EQ(prometheus.value("sum(vextrus_assigned_partitions)"), 18.0);
  // Over every observation since the start (the load may have ended before a second scrape, so
  // a rate could be empty).
  const auto p99 =
      prometheus.value("histogram_quantile(0.99, sum by (le) (vextrus_event_commit_latency_seconds_bucket))");
  ASSERT_TRUE(p99.has_value());
  EXPECT_GT(*p99, 0.0);

  // ---- the dashboards' queries -----------------------------------------------------------
  const int escalated = business.escalated_orders + business.escalated_invoices;
  const auto overdue = business.overdue_invoices + business.overdue_tasks;
  ASSERT_TRUE(wait_until(
      [&] {
        return db.scalar("SELECT count(*) FROM audit_log WHERE action = 'escalated'") == std::to_string(escalated) &&
               db.scalar("SELECT count(*) FROM v_overdue") == std::to_string(overdue);
      },
      30s))
      << "the deadlines of the business load did not fire; see " << service.log_path();
  // Every timer-fired series has been scraped (the Timers panels read it).
  ASSERT_TRUE(wait_until(
      [&] {
        return prometheus.value("sum(vextrus_timers_fired_total{kind=\"escalation\"})") ==
               static_cast<double>(escalated);
      },
      30s));

  // A rate needs two samples in its window: every series the service exports, including the
  // ones the deadlines above created, has been scraped at least twice.
  const auto scraped_twice = [&] {
    const auto names = prometheus.api("label/__name__/values");
    if (!names.is_array()) return false;
    for (const auto& name : names) {
      const auto metric = name.get<std::string>();
      if (metric.rfind("vextrus_", 0) != 0) continue;
      if (!(prometheus.value("min(count_over_time(" + metric + "[5m]))") >= 2.0)) return false;
    }
    return true;
  };
  ASSERT_TRUE(wait_until(scraped_twice, 30s));

  const auto dashboards = read_dashboards();
  ASSERT_GE(dashboards.size(), 2u);
  std::size_t pending_orders = business.escalated_orders;
  for (const auto& [po, order] : scenario.expected) pending_orders += order.status == "pending_approval";
  const auto pending_invoices = business.invoices.size();
  // The gauge is the service's count of the pending rows, refreshed every few seconds by its
  // health thread: once the load is committed it reaches the load's figure.
  EXPECT_TRUE(wait_until(
      [&] {
        return prometheus.value("sum(vextrus_pending_approvals)") ==
               static_cast<double>(pending_orders + pending_invoices);
      },
      30s))
      << "sum(vextrus_pending_approvals) = " << prometheus.value("sum(vextrus_pending_approvals)").value_or(-1)
      << ", expected " << pending_orders + pending_invoices;

  // PromQL: none may be empty. Series that could legitimately have no sample in a run (no
  // restart, no dead letter) are counters the service declares at 0, so they are not empty
  // either; a panel allowed to come back empty is listed here with why.
  const std::set<std::string> promql_may_be_empty = {};
  // The load must show as more than 0 in these (the max over their series). Not required:
  // refusals and fired timers, whose rate depends on where the scrapes fall against the load's
  // short bursts of them; nor rebalances, which happened before the load.
  const std::set<std::string> promql_positive = {"Ready/A",
                                                 "Throughput/A",
                                                 "Commit latency p99/A",
                                                 "Dead letters (10 min)/A",
                                                 "Events consumed by topic/A",
                                                 "Outcomes/A",
                                                 "Outputs published/A",
                                                 "Commits and batch size/A",
                                                 "Commits and batch size/B",
                                                 "Commit latency (consume → committed)/A",
                                                 "Commit latency (consume → committed)/C",
                                                 "Partitions and rebalances/A",
                                                 "Dead letters by reason/A",
                                                 "Live actors by workflow/A",
                                                 "Timers pending/A",
                                                 "Pending approvals (service gauge)/A"};
  // Rows the SQL panels must answer exactly, as the load was built.
  const std::map<std::string, std::set<std::string>> sql_exact = {
      {"Pending approvals/A",
       {"invoice|" + std::to_string(pending_invoices), "purchase_order|" + std::to_string(pending_orders)}},
      {"Open SLA breaches/A", {std::to_string(escalated)}},
      {"SLA breaches in range/A", {std::to_string(escalated)}},
      {"SLA breaches by role/A",
       {"department_head|" + std::to_string(business.escalated_orders),
        "finance_manager|" + std::to_string(business.escalated_invoices)}},
      {"Overdue items/A",
       {"invoice|" + std::to_string(business.overdue_invoices),
        "onboarding|" + std::to_string(business.overdue_tasks)}}};

  // The rate windows cover the load (as a dashboard over the last minutes would).
  const auto since_load =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - load_started);
  const auto window = std::to_string(since_load.count() + 15) + "s";
  std::size_t promql_checked = 0, sql_checked = 0;
  std::set<std::string> seen;
  for (const auto& dashboard : dashboards) {
    auto values = variable_values(dashboard, prometheus, db);
    values["__rate_interval"] = window;
    values["__interval"] = window;
    for (const auto& query : dashboard.queries) {
      SCOPED_TRACE(query.where);
      seen.insert(query.key);
      std::string text;
      try {
        text = substituted(query.text, !query.promql, values, dashboard.document["time"]);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        continue;
      }
      if (query.promql) {
        ++promql_checked;
        const auto answer = prometheus.reply("query?query=" + url_encoded(text));
        ASSERT_TRUE(answer.is_object()) << "Prometheus did not answer " << text;
        ASSERT_EQ(answer.value("status", ""), "success") << text << ": " << answer.dump();
        EXPECT_EQ(answer["data"].value("resultType", ""), "vector") << text;
        const auto& result = answer["data"]["result"];
        if (promql_may_be_empty.count(query.key) != 0) continue;
        EXPECT_FALSE(result.empty()) << text << " has no series after the load";
        double max = -INFINITY;
        for (const auto& sample : result) {
          const double v = std::stod(sample["value"][1].get<std::string>());
          if (!std::isnan(v)) max = std::max(max, v);
        }
        if (!result.empty()) {
          EXPECT_FALSE(std::isinf(max)) << text << " has only NaN samples: " << result.dump();
        }
        if (promql_positive.count(query.key) != 0) {
          EXPECT_GT(max, 0.0) << text << ": " << result.dump();
        }
      } else {
        ++sql_checked;
        std::vector<std::string> rows;
        try {
          rows = db.dashboard_rows(text);
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what() << "\n" << text;
          continue;
        }
        EXPECT_TRUE(shows_data(rows)) << text << " shows no data after the load";
        const auto exact = sql_exact.find(query.key);
        if (exact != sql_exact.end()) {
          EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()), exact->second) << text;
        }
      }
    }
  }
  for (const auto* keys : {&promql_may_be_empty, &promql_positive}) {
    for (const auto& key : *keys) {
      EXPECT_EQ(seen.count(key), 1u) << key << " is no panel query of the dashboards";
    }
  }
  for (const auto& [key, rows] : sql_exact) {
    EXPECT_EQ(seen.count(key), 1u) << key << " is no panel query of the dashboards";
  }
  EXPECT_GE(promql_checked, 30u);
  EXPECT_GE(sql_checked, 15u);
  std::printf("dashboards: %zu PromQL expressions queried through Prometheus, %zu SQL queries run\n", promql_checked,
              sql_checked);

  // The alert rules load and evaluate against the real series without error; the dead letter
  // fires its alert (its counter was declared at 0, so its first dead letter is an increase).
  const auto rules_file = file_text(repository_root() + "/deploy/prometheus/alerts.yaml");
  std::size_t rule_count = 0;
  for (auto at = rules_file.find("- alert: "); at != std::string::npos; at = rules_file.find("- alert: ", at + 1)) {
    ++rule_count;
  }
  ASSERT_GE(rule_count, 10u);
  ASSERT_TRUE(wait_until(
      [&] {
        const auto rules = prometheus.api("rules");
        if (!rules.is_object() || rules["groups"].size() != 1) return false;
        for (const auto& rule : rules["groups"][0]["rules"]) {
          if (rule.value("health", "") != "ok") return false;
        }
        return rules["groups"][0]["rules"].size() == rule_count;
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

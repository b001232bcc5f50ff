// The /v1 lists on 1,000,000 entities (tests/support/million_entities.sql): the latency of a
// first page and of a page deep in the list, for each list, over HTTP from the real service, one
// keep-alive connection, one request at a time. Beside it, the raw limit: the same statement and
// parameters run in this process through pg::ApiQueries (no service, no HTTP). Prints a markdown
// table and appends it to bench/results/<date>-query-api.md.
//
//   build/bench/query_api [requests]     (default 300 per page measured; scripts/infra.sh up first)

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/http/cursor.hpp"
#include "adapters/postgres/api_queries.hpp"
#include "bench/measure.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "tests/support/harness.hpp"

namespace {

using namespace vextrus;
using namespace vextrus::testing;
using namespace std::chrono;

constexpr int page_size = 50;
constexpr const char* token = "query-api-bench-token-not-a-secret";

// A list as a client asks for it (path and query parameters) and as the backend reads it.
struct List {
  std::string path;
  http::Params params;
  std::function<http::Page(http::ApiBackend&, const http::PageRequest&)> read;
};

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};

Latency latency_of(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1) + 0.5)]; };
  return {at(0.5), at(0.99), ms.back()};
}

std::string cell(const Latency& l) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f / %.1f / %.1f", l.p50, l.p99, l.max);
  return text;
}

std::string query_string(const http::Params& params, const std::string& cursor) {
  std::string out = "?limit=" + std::to_string(page_size);
  for (const auto& [name, value] : params) out += "&" + name + "=" + value;  // no value here needs escaping
  if (!cursor.empty()) out += "&cursor=" + cursor;
  return out;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

domain::Timestamp ago(std::int64_t seconds) { return domain::parse_rfc3339(rfc3339_from_now(-seconds)).value(); }

}  // namespace

int main(int argc, char** argv) {
  const int requests = argc > 1 ? std::atoi(argv[1]) : 300;
  const std::string load_before = load_average();

  ScratchDatabase db("queryapi");
  if (run_command({{"VEXTRUS_PG_DSN", db.app_dsn()}, {"VEXTRUS_PG_OWNER_DSN", db.owner_dsn()}}, {"migrate"}) != 0) {
    std::fprintf(stderr, "migrate failed\n");
    return 1;
  }
  const auto load_start = steady_clock::now();
  {
    pqxx::connection owner(db.owner_dsn());
    pqxx::nontransaction tx(owner);
    tx.exec(file_text(repository_root() + "/tests/support/million_entities.sql"));
  }
  const double load_seconds = duration<double>(steady_clock::now() - load_start).count();
  const auto entities = db.scalar(
      "SELECT (SELECT count(*) FROM purchase_orders) + (SELECT count(*) FROM invoices)"
      " + (SELECT count(*) FROM onboardings)");
  std::fprintf(stderr, "loaded %s entities in %.1f s\n", entities.c_str(), load_seconds);

  TopicSet topics("queryapi");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_API_TOKEN"] = token;
  env["VEXTRUS_LOG_LEVEL"] = "warn";
  ServiceProcess service(env, "/tmp/vextrus-query-api.log");
  service.start();
  const auto address = env.at("VEXTRUS_HTTP_ADDR");
  if (!wait_until([&] { return http_get(address, "/v1/dead-letters?limit=1", nullptr, token) == 200; }, seconds(90))) {
    std::fprintf(stderr, "the service did not get ready; see %s\n", service.log_path().c_str());
    return 1;
  }

  std::vector<std::pair<std::string, List>> lists;
  const auto list = [&](const std::string& name, const std::string& path, http::Params params,
                        std::function<http::Page(http::ApiBackend&, const http::PageRequest&)> read) {
    lists.push_back({name, {path, std::move(params), std::move(read)}});
  };
  list("purchase orders", "/v1/purchase-orders", {},
       [](http::ApiBackend& b, const http::PageRequest& p) { return b.purchase_orders({}, p); });
  list("invoices", "/v1/invoices", {},
       [](http::ApiBackend& b, const http::PageRequest& p) { return b.invoices({}, p); });
  list("onboardings", "/v1/onboardings", {},
       [](http::ApiBackend& b, const http::PageRequest& p) { return b.onboardings({}, p); });
  list("pending approvals", "/v1/pending-approvals", {},
       [](http::ApiBackend& b, const http::PageRequest& p) { return b.pending_approvals({}, p); });
  list("overdue", "/v1/overdue", {}, [](http::ApiBackend& b, const http::PageRequest& p) { return b.overdue({}, p); });
  list("dead letters", "/v1/dead-letters", {},
       [](http::ApiBackend& b, const http::PageRequest& p) { return b.dead_letters({}, p); });
  // Some filters whose pages are found by walking an index rather than read straight from it.
  list("purchase orders, max_total=700", "/v1/purchase-orders", {{"max_total", "700.00"}},
       [](http::ApiBackend& b, const http::PageRequest& p) {
         http::PurchaseOrderFilter f;
         f.max_total = domain::Money::from_taka(700);
         return b.purchase_orders(f, p);
       });
  const auto three_years_ago = domain::dhaka_date_of(ago(3 * 365 * 86400));
  list("invoices, invoice_to=3 years ago", "/v1/invoices", {{"invoice_to", domain::format_date(three_years_ago)}},
       [three_years_ago](http::ApiBackend& b, const http::PageRequest& p) {
         http::InvoiceFilter f;
         f.invoice_to = three_years_ago;
         return b.invoices(f, p);
       });
  list("onboardings, task_status=overdue", "/v1/onboardings", {{"task_status", "overdue"}},
       [](http::ApiBackend& b, const http::PageRequest& p) {
         http::OnboardingFilter f;
         f.task_status = "overdue";
         return b.onboardings(f, p);
       });
  list("pending approvals, role=cfo", "/v1/pending-approvals", {{"role", "cfo"}},
       [](http::ApiBackend& b, const http::PageRequest& p) {
         http::PendingFilter f;
         f.role = "cfo";
         return b.pending_approvals(f, p);
       });
  list("dead letters, reason=poison", "/v1/dead-letters", {{"reason", "poison"}},
       [](http::ApiBackend& b, const http::PageRequest& p) {
         http::DeadLetterFilter f;
         f.reason = "poison";
         return b.dead_letters(f, p);
       });

  pg::ApiQueries direct(db.app_dsn());
  const auto colon = address.rfind(':');
  httplib::Client client(address.substr(0, colon), std::stoi(address.substr(colon + 1)));
  client.set_keep_alive(true);
  client.set_read_timeout(30, 0);
  const httplib::Headers headers{{"Authorization", std::string("Bearer ") + token}};

  std::ostringstream table;
  table << "| list | items | deep page after | first page p50 / p99 / max, ms | deep page p50 / p99 / max, ms"
           " | raw limit: first page p50 / p99, ms | raw limit: deep page p50 / p99, ms |\n"
           "|---|---|---|---|---|---|---|\n";
  bool failed = false;
  for (const auto& entry : lists) {
    const std::string& name = entry.first;
    const List& l = entry.second;
    // The whole list walked by key, 500 at a time (50 for a short list); the deep page starts
    // after the item at about 90 %, with a full page after it.
    std::vector<std::string> keys;
    std::int64_t items = 0;
    int walked = 0;
    for (int step = 500;; step = page_size) {
      keys.clear();
      items = 0;
      http::PageRequest walk{step, std::nullopt};
      while (true) {
        const auto page = l.read(direct, walk);
        items += static_cast<std::int64_t>(page.items.size());
        if (!page.last_key) break;
        keys.push_back(*page.last_key);
        walk.after = page.last_key;
      }
      walked = step;
      if (keys.size() >= 10 || step == page_size) break;
    }
    const auto items_after = [&](std::size_t k) { return items - static_cast<std::int64_t>(k + 1) * walked; };
    std::size_t at = keys.empty() ? 0 : std::min(keys.size() - 1, static_cast<std::size_t>(0.9 * items / walked));
    while (at > 0 && items_after(at) < page_size) --at;
    if (keys.empty() || items_after(at) < page_size) {
      std::fprintf(stderr, "%s: %lld items, too few for a deep page\n", name.c_str(), static_cast<long long>(items));
      failed = true;
      continue;
    }
    const std::string deep_key = keys[at];
    const std::int64_t depth = static_cast<std::int64_t>(at + 1) * walked;
    const std::string cursor = http::seal_cursor(l.path, l.params, deep_key);

    const auto measure_http = [&, path = l.path, params = l.params](const std::string& cursor_text) {
      const std::string target = path + query_string(params, cursor_text);
      std::vector<double> ms;
      for (int i = -20; i < requests; ++i) {  // 20 to warm up
        const auto begin = steady_clock::now();
        const auto result = client.Get(target.c_str(), headers);
        const double took = duration<double, std::milli>(steady_clock::now() - begin).count();
        if (!result || result->status != 200) {
          std::fprintf(stderr, "%s: %d %s\n", target.c_str(), result ? result->status : 0,
                       result ? result->body.substr(0, 300).c_str() : "no answer");
          failed = true;
          return Latency{};
        }
        if (i == 0) {
          const auto body = nlohmann::json::parse(result->body);
          if (body.at("items").size() != static_cast<std::size_t>(page_size)) {
            std::fprintf(stderr, "%s: %zu items\n", target.c_str(), body.at("items").size());
            failed = true;
          }
        }
        if (i >= 0) ms.push_back(took);
      }
      return latency_of(ms);
    };
    const auto measure_direct = [&](const std::optional<std::string>& after) {
      std::vector<double> ms;
      for (int i = -20; i < requests; ++i) {
        const auto begin = steady_clock::now();
        l.read(direct, {page_size, after});
        if (i >= 0) ms.push_back(duration<double, std::milli>(steady_clock::now() - begin).count());
      }
      return latency_of(ms);
    };
    const auto first = measure_http("");
    const auto deep = measure_http(cursor);
    const auto raw_first = measure_direct(std::nullopt);
    const auto raw_deep = measure_direct(deep_key);
    char row[512];
    std::snprintf(row, sizeof row, "| %s | %lld | %lld | %s | %s | %.1f / %.1f | %.1f / %.1f |\n", name.c_str(),
                  static_cast<long long>(items), static_cast<long long>(depth), cell(first).c_str(), cell(deep).c_str(),
                  raw_first.p50, raw_first.p99, raw_deep.p50, raw_deep.p99);
    table << row;
    std::fprintf(stderr, "%s", row);
  }
  const std::int64_t service_kib = resident_kib(service.pid());
  service.stop();
  const std::string load_after = load_average();

  std::ostringstream out;
  out << "Entities: " << entities << " (tests/support/million_entities.sql, loaded in "
      << static_cast<int>(load_seconds) << " s). " << requests
      << " sequential requests per page on one keep-alive connection, after 20 to warm up; limit=" << page_size
      << ". Raw limit: the same statement and parameters run in this process through "
      << "pg::ApiQueries (no service, no HTTP). Load average (1, 5, 15 min) before: " << load_before
      << "; after: " << load_after << ". Service RSS at the end: " << service_kib / 1024 << " MiB.\n\n"
      << table.str();
  std::printf("%s", out.str().c_str());
  const auto path = bench::append_result("query-api", "build/bench/query_api " + std::to_string(requests), out.str());
  std::fprintf(stderr, "written to %s\n", path.c_str());
  return failed ? 1 : 0;
}

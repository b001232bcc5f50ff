// Every list of /v1 is read through an index or a scan bounded by the open work, never by a
// sequential scan of a table that grows with history: on 1,000,000 entities
// (tests/support/million_entities.sql), the plan PostgreSQL makes for each list, unfiltered, with
// each filter alone and with some realistic combinations, for its first page and for a page far
// down the list (a real key, found through the list itself), holds no Seq Scan on a large table.
// The plans are those of pg::ApiQueries in Mode::explain: the very statement and parameters a
// request runs, planned as it is served (custom plans, the same session settings). The pending
// approvals and the overdue items, whose pages merge two tables, are also walked to their end
// and compared with their views.
//
// 36-48 s on the 2-core development machine (2026-12-07), 33-44 s of it loading the history; the
// rest finds the deep keys, plans and walks.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "adapters/postgres/api_queries.hpp"
#include "domain/money.hpp"
#include "domain/time.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono;

// The tables whose size grows with history.
const std::set<std::string> large_tables{"purchase_orders",  "invoices",     "onboardings",
                                         "onboarding_tasks", "dead_letters", "dead_letter_redrives",
                                         "audit_log",        "timers"};

// "Seq Scan on <table>" for each such node of a plan (a node of EXPLAIN (FORMAT JSON) and every
// node under it, subplans included).
void sequential_scans(const nlohmann::json& node, std::vector<std::string>& found) {
  if (node.value("Node Type", "") == "Seq Scan" && large_tables.count(node.value("Relation Name", ""))) {
    found.push_back(std::string(node.value("Parallel Aware", false) ? "Parallel " : "") + "Seq Scan on " +
                    node.value("Relation Name", ""));
  }
  if (node.contains("Plans")) {
    for (const auto& child : node["Plans"]) sequential_scans(child, found);
  }
}

// The plan in one line, for the log: each node with its relation or index, children in brackets.
std::string outline(const nlohmann::json& node) {
  std::string out = node.value("Node Type", "?");
  if (node.contains("Index Name"))
    out += " " + node.value("Index Name", "");
  else if (node.contains("Relation Name"))
    out += " " + node.value("Relation Name", "");
  if (node.contains("Plans")) {
    out += " [";
    bool first = true;
    for (const auto& child : node["Plans"]) {
      out += (first ? "" : ", ") + outline(child);
      first = false;
    }
    out += "]";
  }
  return out;
}

domain::Timestamp ago(std::int64_t seconds) { return domain::parse_rfc3339(rfc3339_from_now(-seconds)).value(); }
domain::Date days_ago(std::int64_t days) { return domain::dhaka_date_of(ago(days * 86400)); }
std::string utc_ago(std::int64_t seconds) { return domain::format_utc(ago(seconds)); }
constexpr std::int64_t day = 86400;
constexpr std::int64_t year = 365 * day;

// A list read with its filters: `read` asks a backend for one page.
struct Case {
  std::string name;
  std::function<http::Page(http::ApiBackend&, const http::PageRequest&)> read;
  // Keys a page may start after (which need not be keys of the list), deepest first: the first
  // after which the list still has two items gives a real key far down the list.
  std::vector<std::string> jumps;
};

// A real key far down the list: through the jumps, else the last key of walking the list (a
// short list) page by page. Empty when the list has a single page.
std::string deep_key(http::ApiBackend& backend, const Case& c) {
  for (const auto& jump : c.jumps) {
    const auto page = c.read(backend, {1, jump});
    if (page.last_key) return *page.last_key;
  }
  std::string last;
  http::PageRequest request{100, std::nullopt};
  for (int pages = 0; pages < 100; ++pages) {
    const auto page = c.read(backend, request);
    if (!page.last_key) break;
    last = *page.last_key;
    request.after = last;
  }
  return last;
}

TEST(QueryPlans, NoListScansALargeTableWholeOnAMillionEntities) {
  const auto start = steady_clock::now();
  ScratchDatabase db("plans");
  ASSERT_EQ(run_command({{"VEXTRUS_PG_DSN", db.app_dsn()}, {"VEXTRUS_PG_OWNER_DSN", db.owner_dsn()}}, {"migrate"}), 0);
  {
    const auto sql = file_text(repository_root() + "/tests/support/million_entities.sql");
    ASSERT_FALSE(sql.empty());
    pqxx::connection owner(db.owner_dsn());
    pqxx::nontransaction tx(owner);
    tx.exec(sql);
  }
  const auto loaded = steady_clock::now();
  std::printf("loaded in %.1f s\n", duration<double>(loaded - start).count());

  // The history is what the lists are tested on.
  EXPECT_GE(std::stoll(db.scalar("SELECT (SELECT count(*) FROM purchase_orders) + (SELECT count(*) FROM invoices)"
                                 " + (SELECT count(*) FROM onboardings)")),
            1'000'000);
  EXPECT_GE(std::stoll(db.scalar("SELECT count(*) FROM v_pending_approvals")), 3'000);
  EXPECT_GE(std::stoll(db.scalar("SELECT count(DISTINCT pending_role) FROM v_pending_approvals")), 3);
  EXPECT_GE(std::stoll(db.scalar("SELECT count(*) FROM v_overdue WHERE workflow = 'invoice'")), 1'000);
  EXPECT_GE(std::stoll(db.scalar("SELECT count(*) FROM v_overdue WHERE workflow = 'onboarding'")), 1'000);
  EXPECT_GE(std::stoll(db.scalar("SELECT count(*) FROM audit_log")), 1'000'000);
  // Filter values that occur in the history.
  const auto vendor_bin =
      db.scalar("SELECT vendor_bin FROM invoices WHERE vendor_id = 'V-0042' AND vendor_bin IS NOT NULL LIMIT 1");
  const auto po_id = db.scalar("SELECT po_id FROM invoices WHERE po_id IS NOT NULL ORDER BY received_at DESC LIMIT 1");
  ASSERT_FALSE(vendor_bin.empty());
  ASSERT_FALSE(po_id.empty());

  using http::ApiBackend;
  using http::PageRequest;
  // Desc lists (newest first) go deep into the past; asc lists (oldest first) into the present.
  const std::vector<std::string> past{utc_ago(42 * year / 12) + "|~", utc_ago(30 * year / 12) + "|~",
                                      utc_ago(year) + "|~", utc_ago(30 * day) + "|~"};
  std::vector<std::string> past_days;
  for (const std::int64_t days : {1277, 913, 365, 30}) past_days.push_back(domain::format_date(days_ago(days)) + "|~");
  std::vector<std::string> past_letters;
  for (const auto seconds : {42 * year / 12, 30 * year / 12, year}) {
    past_letters.push_back(utc_ago(seconds) + "|999999999999");
  }
  const std::vector<std::string> recent_pending{utc_ago(3600) + "|purchase_order|~", utc_ago(day) + "|purchase_order|~",
                                                utc_ago(7 * day) + "|purchase_order|~"};
  const std::vector<std::string> recent_overdue{utc_ago(7 * day) + "|invoice|~|payment",
                                                utc_ago(60 * day) + "|invoice|~|payment",
                                                utc_ago(year) + "|invoice|~|payment"};

  std::vector<Case> cases;
  const auto orders = [&](const std::string& name, std::function<void(http::PurchaseOrderFilter&)> set) {
    http::PurchaseOrderFilter f;
    set(f);
    cases.push_back({"purchase-orders " + name,
                     [f](ApiBackend& b, const PageRequest& p) { return b.purchase_orders(f, p); }, past});
  };
  orders("(no filter)", [](auto&) {});
  orders("status=pending_approval", [](auto& f) { f.status = "pending_approval"; });
  orders("status=approved", [](auto& f) { f.status = "approved"; });
  orders("status=expired", [](auto& f) { f.status = "expired"; });
  orders("pending_role=cfo", [](auto& f) { f.pending_role = "cfo"; });
  orders("department=legal", [](auto& f) { f.department = "legal"; });
  orders("vendor_id=V-0042", [](auto& f) { f.vendor_id = "V-0042"; });
  orders("requester_id=U-00042", [](auto& f) { f.requester_id = "U-00042"; });
  orders("min_total=1000", [](auto& f) { f.min_total = domain::Money::from_taka(1'000); });
  orders("min_total=40000000", [](auto& f) { f.min_total = domain::Money::from_taka(40'000'000); });
  orders("max_total=600", [](auto& f) { f.max_total = domain::Money::from_taka(600); });
  orders("max_total=5000000", [](auto& f) { f.max_total = domain::Money::from_taka(5'000'000); });
  orders("submitted_from=90 days ago", [](auto& f) { f.submitted_from = ago(90 * day); });
  orders("submitted_to=3 years ago", [](auto& f) { f.submitted_to = ago(3 * year); });
  orders("status=approved&department=procurement", [](auto& f) {
    f.status = "approved";
    f.department = "procurement";
  });
  orders("vendor_id=V-0042&min_total=100000", [](auto& f) {
    f.vendor_id = "V-0042";
    f.min_total = domain::Money::from_taka(100'000);
  });
  orders("a quarter two years ago, min_total=1000000", [](auto& f) {
    f.submitted_from = ago(2 * year);
    f.submitted_to = ago(2 * year - 91 * day);
    f.min_total = domain::Money::from_taka(1'000'000);
  });

  const auto invoices = [&](const std::string& name, std::function<void(http::InvoiceFilter&)> set) {
    http::InvoiceFilter f;
    set(f);
    cases.push_back({"invoices " + name, [f](ApiBackend& b, const PageRequest& p) { return b.invoices(f, p); }, past});
  };
  invoices("(no filter)", [](auto&) {});
  invoices("status=on_hold", [](auto& f) { f.status = "on_hold"; });
  invoices("status=paid", [](auto& f) { f.status = "paid"; });
  invoices("status=pending_approval", [](auto& f) { f.status = "pending_approval"; });
  invoices("vendor_id=V-0042", [](auto& f) { f.vendor_id = "V-0042"; });
  invoices("vendor_bin=" + vendor_bin, [&](auto& f) { f.vendor_bin = vendor_bin; });
  invoices("hold_reason=po_not_found", [](auto& f) { f.hold_reason = "po_not_found"; });
  invoices("hold_reason=vat_mismatch", [](auto& f) { f.hold_reason = "vat_mismatch"; });
  invoices("overdue=true", [](auto& f) { f.overdue = true; });
  invoices("overdue=false", [](auto& f) { f.overdue = false; });
  invoices("mushak_6_10=true", [](auto& f) { f.mushak_6_10 = true; });
  invoices("mushak_6_10=false", [](auto& f) { f.mushak_6_10 = false; });
  invoices("invoice_from=a year ago", [](auto& f) { f.invoice_from = days_ago(365); });
  invoices("invoice_to=3 years ago", [](auto& f) { f.invoice_to = days_ago(3 * 365); });
  invoices("po_id=" + po_id, [&](auto& f) { f.po_id = po_id; });
  invoices("status=paid&vendor_id=V-0042&mushak_6_10=true", [](auto& f) {
    f.status = "paid";
    f.vendor_id = "V-0042";
    f.mushak_6_10 = true;
  });
  invoices("status=approved&overdue=true", [](auto& f) {
    f.status = "approved";
    f.overdue = true;
  });
  invoices("a month two years ago", [](auto& f) {
    f.invoice_from = days_ago(2 * 365);
    f.invoice_to = days_ago(2 * 365 - 30);
  });

  const auto onboardings = [&](const std::string& name, std::function<void(http::OnboardingFilter&)> set) {
    http::OnboardingFilter f;
    set(f);
    cases.push_back(
        {"onboardings " + name, [f](ApiBackend& b, const PageRequest& p) { return b.onboardings(f, p); }, past_days});
  };
  onboardings("(no filter)", [](auto&) {});
  onboardings("status=in_progress", [](auto& f) { f.status = "in_progress"; });
  onboardings("status=completed", [](auto& f) { f.status = "completed"; });
  onboardings("status=on_hold", [](auto& f) { f.status = "on_hold"; });
  onboardings("department=legal", [](auto& f) { f.department = "legal"; });
  onboardings("task_status=overdue", [](auto& f) { f.task_status = "overdue"; });
  onboardings("task_status=pending", [](auto& f) { f.task_status = "pending"; });
  onboardings("task_status=completed", [](auto& f) { f.task_status = "completed"; });
  onboardings("task_status=completed_late", [](auto& f) { f.task_status = "completed_late"; });
  onboardings("start_from=90 days ago", [](auto& f) { f.start_from = days_ago(90); });
  onboardings("start_to=3 years ago", [](auto& f) { f.start_to = days_ago(3 * 365); });
  onboardings("status=in_progress&task_status=overdue", [](auto& f) {
    f.status = "in_progress";
    f.task_status = "overdue";
  });
  onboardings("department=it&start_from=a year ago", [](auto& f) {
    f.department = "it";
    f.start_from = days_ago(365);
  });

  // Oldest first (order=asc): the same indexes read the other way; a deep page is a recent one.
  const std::vector<std::string> recent{utc_ago(30 * day) + "|!", utc_ago(year) + "|!", utc_ago(30 * year / 12) + "|!"};
  std::vector<std::string> recent_days;
  for (const std::int64_t days : {30, 365, 913}) recent_days.push_back(domain::format_date(days_ago(days)) + "|!");
  const auto oldest = [&](const std::string& name, std::function<http::Page(ApiBackend&, const PageRequest&)> read,
                          const std::vector<std::string>& jumps) {
    cases.push_back({name,
                     [read](ApiBackend& b, PageRequest p) {
                       p.oldest_first = true;
                       return read(b, p);
                     },
                     jumps});
  };
  http::PurchaseOrderFilter legal_orders;
  legal_orders.department = "legal";
  http::InvoiceFilter held;
  held.status = "on_hold";
  http::OnboardingFilter legal_hires;
  legal_hires.department = "legal";
  oldest(
      "purchase-orders order=asc", [](ApiBackend& b, const PageRequest& p) { return b.purchase_orders({}, p); },
      recent);
  oldest(
      "purchase-orders order=asc&department=legal",
      [legal_orders](ApiBackend& b, const PageRequest& p) { return b.purchase_orders(legal_orders, p); }, recent);
  oldest(
      "invoices order=asc", [](ApiBackend& b, const PageRequest& p) { return b.invoices({}, p); }, recent);
  oldest(
      "invoices order=asc&status=on_hold", [held](ApiBackend& b, const PageRequest& p) { return b.invoices(held, p); },
      recent);
  oldest(
      "onboardings order=asc", [](ApiBackend& b, const PageRequest& p) { return b.onboardings({}, p); }, recent_days);
  oldest(
      "onboardings order=asc&department=legal",
      [legal_hires](ApiBackend& b, const PageRequest& p) { return b.onboardings(legal_hires, p); }, recent_days);

  const auto pending = [&](const std::string& name, std::function<void(http::PendingFilter&)> set) {
    http::PendingFilter f;
    set(f);
    cases.push_back({"pending-approvals " + name,
                     [f](ApiBackend& b, const PageRequest& p) { return b.pending_approvals(f, p); }, recent_pending});
  };
  pending("(no filter)", [](auto&) {});
  pending("workflow=purchase_order", [](auto& f) { f.workflow = "purchase_order"; });
  pending("workflow=invoice", [](auto& f) { f.workflow = "invoice"; });
  pending("role=cfo", [](auto& f) { f.role = "cfo"; });
  pending("role=department_head", [](auto& f) { f.role = "department_head"; });
  pending("older_than=1 day", [](auto& f) { f.older_than_seconds = day; });
  pending("older_than=35 days", [](auto& f) { f.older_than_seconds = 35 * day; });
  pending("workflow=invoice&role=finance_manager&older_than=2 days", [](auto& f) {
    f.workflow = "invoice";
    f.role = "finance_manager";
    f.older_than_seconds = 2 * day;
  });

  const auto overdue = [&](const std::string& name, std::function<void(http::OverdueFilter&)> set) {
    http::OverdueFilter f;
    set(f);
    cases.push_back(
        {"overdue " + name, [f](ApiBackend& b, const PageRequest& p) { return b.overdue(f, p); }, recent_overdue});
  };
  overdue("(no filter)", [](auto&) {});
  overdue("workflow=invoice", [](auto& f) { f.workflow = "invoice"; });
  overdue("workflow=onboarding", [](auto& f) { f.workflow = "onboarding"; });

  const auto letters = [&](const std::string& name, std::function<void(http::DeadLetterFilter&)> set) {
    http::DeadLetterFilter f;
    set(f);
    cases.push_back({"dead-letters " + name, [f](ApiBackend& b, const PageRequest& p) { return b.dead_letters(f, p); },
                     past_letters});
  };
  letters("(no filter)", [](auto&) {});
  letters("reason=poison", [](auto& f) { f.reason = "poison"; });
  letters("reason=invalid_json", [](auto& f) { f.reason = "invalid_json"; });
  letters("topic=erp.invoices", [](auto& f) { f.topic = "erp.invoices"; });
  letters("since=a year ago", [](auto& f) { f.since = ago(year); });
  letters("until=3 years ago", [](auto& f) { f.until = ago(3 * year); });
  letters("reason=bad_money&topic=erp.purchase-orders", [](auto& f) {
    f.reason = "bad_money";
    f.topic = "erp.purchase-orders";
  });
  letters("a month two years ago", [](auto& f) {
    f.since = ago(2 * year);
    f.until = ago(2 * year - 30 * day);
  });

  // As the service reads: the runtime role.
  pg::ApiQueries serve(db.app_dsn());
  pg::ApiQueries explain(db.app_dsn(), pg::ApiQueries::Mode::explain);
  int plans = 0, without_deep_page = 0;
  for (const auto& c : cases) {
    const auto deep = deep_key(serve, c);
    std::vector<std::pair<std::string, std::optional<std::string>>> pages{{"first page", std::nullopt}};
    if (!deep.empty()) {
      pages.push_back({"deep page (after " + deep + ")", deep});
    } else {
      // A list of one page: its plan with a cursor all the same.
      ++without_deep_page;
      pages.push_back({"page after " + c.jumps.front() + " (the list has one page)", c.jumps.front()});
    }
    for (const auto& [which, after] : pages) {
      const auto page = c.read(explain, {50, after});
      ASSERT_EQ(page.items.size(), 1u) << c.name;
      const auto plan = nlohmann::json::parse(page.items[0]);
      std::vector<std::string> scans;
      sequential_scans(plan.at(0).at("Plan"), scans);
      ++plans;
      std::printf("%s, %s: %s\n", c.name.c_str(), which.c_str(), outline(plan.at(0).at("Plan")).c_str());
      EXPECT_TRUE(scans.empty()) << c.name << ", " << which << ": " << scans.front() << "\n" << plan.dump(2);
    }
  }
  // The two lists that merge two tables page by page, walked to their end: their views, in order,
  // each item once.
  const auto walk = [&](const std::function<http::Page(const PageRequest&)>& read,
                        const std::vector<std::string>& fields) {
    std::vector<std::string> items;
    PageRequest request{500, std::nullopt};
    while (true) {
      const auto page = read(request);
      for (const auto& item : page.items) {
        const auto json = nlohmann::json::parse(item);
        std::string line;
        for (const auto& field : fields) line += (line.empty() ? "" : "|") + json.at(field).get<std::string>();
        items.push_back(line);
      }
      if (!page.last_key) return items;
      request.after = page.last_key;
    }
  };
  EXPECT_EQ(walk([&](const PageRequest& p) { return serve.pending_approvals({}, p); }, {"workflow", "entity_id"}),
            db.rows("SELECT workflow, entity_id FROM v_pending_approvals ORDER BY pending_since, workflow, entity_id"));
  EXPECT_EQ(walk([&](const PageRequest& p) { return serve.overdue({}, p); }, {"workflow", "entity_id", "item"}),
            db.rows("SELECT workflow, entity_id, item FROM v_overdue ORDER BY due_at, workflow, entity_id, item"));

  // Only lists too short for a second page lack a deep page.
  EXPECT_LE(without_deep_page, 3) << without_deep_page << " of " << cases.size() << " lists have a single page";
  std::printf("%d plans of %zu lists (%d with a single page) in %.1f s after the load\n", plans, cases.size(),
              without_deep_page, duration<double>(steady_clock::now() - loaded).count());
}

}  // namespace
}  // namespace vextrus::testing

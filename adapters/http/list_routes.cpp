// The lists of /v1 (docs/openapi.yaml "Lists"): filters checked and typed here, so that nothing
// reaches the database as text it was not checked as; pages read by key (cursor.hpp), never by
// offset. Every list answers {"items": [...], "next_cursor": "..." | null}.

#include <set>
#include <stdexcept>

#include "adapters/http/cursor.hpp"
#include "adapters/http/http_routes.hpp"
#include "adapters/http/query_params.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "domain/purchase_order.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::http {
namespace {

constexpr int default_page = 50;
constexpr int max_page = 500;

std::set<std::string> set_of(const std::vector<std::string_view>& names) { return {names.begin(), names.end()}; }

// A list route: `read` types the filters of its parameters (all of them in `filters`) and asks
// the backend for the page. The entity lists may also be read oldest first (`order`).
using Reader = std::function<Page(const RouteContext&, const PageRequest&)>;
enum class Order { newest_first, either };

Route list(const std::string& path, std::set<std::string> filters, Reader read, Order order = Order::newest_first) {
  filters.insert({"cursor", "limit"});
  if (order == Order::either) filters.insert("order");
  return {"GET", path, ApiRole::viewer, true,
          [path, filters = std::move(filters), read = std::move(read), order](const RouteContext& c) {
            const auto& params = c.request.params;
            only_known(params, filters);
            PageRequest page;
            page.limit = int_param(params, "limit", 1, max_page, default_page);
            page.after = open_cursor(path, params);
            if (order == Order::either) page.oldest_first = enum_param(params, "order", {"asc", "desc"}) == "asc";
            const Page result = read(c, page);
            // The items are JSON objects already (PostgreSQL built them): spliced, not re-parsed.
            std::string body = "{\"items\":[";
            for (std::size_t i = 0; i < result.items.size(); ++i) {
              if (i > 0) body.push_back(',');
              body += result.items[i];
            }
            body += "],\"next_cursor\":";
            body += result.last_key ? dump(seal_cursor(path, params, *result.last_key)) : "null";
            body.push_back('}');
            return json_answer(200, body);
          }};
}

Page purchase_orders(const RouteContext& c, const PageRequest& page) {
  const auto& p = c.request.params;
  PurchaseOrderFilter f;
  f.status = enum_param(p, "status", set_of(domain::purchase_order_status_names()));
  f.pending_role = enum_param(p, "pending_role", set_of(domain::role_names()));
  f.department = text_param(p, "department");
  f.vendor_id = text_param(p, "vendor_id");
  f.requester_id = text_param(p, "requester_id");
  f.min_total = money_param(p, "min_total");
  f.max_total = money_param(p, "max_total");
  f.submitted_from = time_param(p, "submitted_from");
  f.submitted_to = time_param(p, "submitted_to");
  return backend(c).purchase_orders(f, page);
}

Page invoices(const RouteContext& c, const PageRequest& page) {
  const auto& p = c.request.params;
  InvoiceFilter f;
  f.status = enum_param(p, "status", set_of(domain::invoice_status_names()));
  f.vendor_id = text_param(p, "vendor_id");
  f.vendor_bin = text_param(p, "vendor_bin");
  f.hold_reason = enum_param(p, "hold_reason", set_of(domain::hold_reason_names()));
  f.overdue = bool_param(p, "overdue");
  f.mushak_6_10 = bool_param(p, "mushak_6_10");
  f.invoice_from = date_param(p, "invoice_from");
  f.invoice_to = date_param(p, "invoice_to");
  f.po_id = text_param(p, "po_id");
  return backend(c).invoices(f, page);
}

Page onboardings(const RouteContext& c, const PageRequest& page) {
  const auto& p = c.request.params;
  OnboardingFilter f;
  f.status = enum_param(p, "status", set_of(domain::onboarding_status_names()));
  f.department = text_param(p, "department");
  f.task_status = enum_param(p, "task_status", set_of(domain::task_status_names()));
  f.start_from = date_param(p, "start_from");
  f.start_to = date_param(p, "start_to");
  return backend(c).onboardings(f, page);
}

Page pending_approvals(const RouteContext& c, const PageRequest& page) {
  const auto& p = c.request.params;
  PendingFilter f;
  f.workflow = enum_param(p, "workflow", {"purchase_order", "invoice"});
  f.role = enum_param(p, "role", set_of(domain::role_names()));
  f.older_than_seconds = seconds_param(p, "older_than");
  return backend(c).pending_approvals(f, page);
}

Page overdue(const RouteContext& c, const PageRequest& page) {
  OverdueFilter f;
  f.workflow = enum_param(c.request.params, "workflow", {"invoice", "onboarding"});
  return backend(c).overdue(f, page);
}

Page dead_letters(const RouteContext& c, const PageRequest& page) {
  const auto& p = c.request.params;
  DeadLetterFilter f;
  f.reason = enum_param(p, "reason", set_of(domain::dead_letter_reason_names()));
  f.topic = text_param(p, "topic");
  f.since = time_param(p, "since");
  f.until = time_param(p, "until");
  return backend(c).dead_letters(f, page);
}

Response dead_letter(const RouteContext& c) {
  only_known(c.request.params, {});
  const auto& id = c.params[0];
  const bool number = !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
  auto body = number ? backend(c).dead_letter(std::stoll(id)) : std::nullopt;
  if (!body) return json_answer(404, dump({{"error", "no dead letter " + id}}));
  return json_answer(200, std::move(*body));
}

}  // namespace

std::vector<Route> list_routes() {
  return {
      list("/v1/purchase-orders",
           {"status", "pending_role", "department", "vendor_id", "requester_id", "min_total", "max_total",
            "submitted_from", "submitted_to"},
           purchase_orders, Order::either),
      list("/v1/invoices",
           {"status", "vendor_id", "vendor_bin", "hold_reason", "overdue", "mushak_6_10", "invoice_from", "invoice_to",
            "po_id"},
           invoices, Order::either),
      list("/v1/onboardings", {"status", "department", "task_status", "start_from", "start_to"}, onboardings,
           Order::either),
      list("/v1/pending-approvals", {"workflow", "role", "older_than"}, pending_approvals),
      list("/v1/overdue", {"workflow"}, overdue),
      list("/v1/dead-letters", {"reason", "topic", "since", "until"}, dead_letters),
      {"GET", "/v1/dead-letters/{id}", ApiRole::viewer, true, dead_letter},
  };
}

}  // namespace vextrus::http

// The lists of the /v1 API (docs/openapi.yaml): each a keyset page over one table or view, newest
// (or oldest due, or on request oldest) first by an immutable key with the id breaking ties, each filter a parameter
// that is NULL when not given. Every query runs with plan_cache_mode = force_custom_plan (see
// api_queries.cpp), so PostgreSQL plans it for the filters actually given: a page is read
// through the index of migration 012 that serves its filter, or along the list's own index with
// the filter checked on the way; nothing here scans a table whole (query_plans_pgtest.cpp checks
// every plan on 1,000,000 entities). Keys are "<UTC time or day>|<id>" (or the id alone), read
// back from a cursor only after the HTTP adapter checked its seal; they are parsed here into
// typed values again.

#include <pqxx/pqxx>
#include <stdexcept>

#include "adapters/json/dead_letter_codec.hpp"
#include "adapters/postgres/api_queries_impl.hpp"
#include "adapters/postgres/api_sql.hpp"
#include "adapters/postgres/dead_letter_row.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

std::optional<std::string> day_or_null(const std::optional<domain::Date>& d) {
  return d ? std::optional<std::string>(domain::format_date(*d)) : std::nullopt;
}
std::optional<std::string> money_or_null(const std::optional<domain::Money>& m) {
  return m ? std::optional<std::string>(m->to_string()) : std::nullopt;
}

// A key "<time or day>|<rest>" split and its first part checked as what it must be.
struct Key {
  std::optional<std::string> at;  // nullopt: first page
  std::optional<std::string> rest;
};

[[noreturn]] void bad_cursor() { throw std::invalid_argument("cursor is not one this list returned as next_cursor"); }

Key time_key(const std::optional<std::string>& after) {
  if (!after) return {};
  const auto bar = after->find('|');
  if (bar == std::string::npos || bar + 1 == after->size() || !domain::parse_rfc3339(after->substr(0, bar)))
    bad_cursor();
  return {after->substr(0, bar), after->substr(bar + 1)};
}

Key day_key(const std::optional<std::string>& after) {
  if (!after) return {};
  const auto bar = after->find('|');
  if (bar == std::string::npos || bar + 1 == after->size() || !domain::parse_date(after->substr(0, bar))) bad_cursor();
  return {after->substr(0, bar), after->substr(bar + 1)};
}

// The three entity lists read newest first (the default) or oldest first (`order=asc`): one
// statement written with {after} and {order}, turned round as a whole, so that either way the
// page is read along the same index, forwards or backwards.
struct Oriented {
  std::string newest_first, oldest_first;
  const std::string& operator()(bool oldest) const { return oldest ? oldest_first : newest_first; }
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

Oriented oriented(const std::string& sql) {
  return {replace_all(replace_all(sql, "{after}", "<"), "{order}", "DESC"),
          replace_all(replace_all(sql, "{after}", ">"), "{order}", "ASC")};
}

const Oriented purchase_orders_sql = oriented(
    "SELECT json_build_object('po_id', po_id, 'status', status, 'total', total::text, 'department', department,"
    " 'vendor_id', vendor_id, 'requester_id', requester_id, 'budget_code', budget_code, 'pending_role', pending_role,"
    " 'tiers_required', tiers_required, 'tiers_approved', tiers_approved, 'policy_id', policy_id,"
    " 'submitted_at', " +
    utc("submitted_at") + ", 'pending_since', " + utc("pending_since") + ", 'decided_at', " + utc("decided_at") +
    ", 'updated_at', " + utc("updated_at") + ")::text, " + utc("submitted_at") +
    " || '|' || po_id FROM purchase_orders"
    " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR pending_role = $2)"
    " AND ($3::text IS NULL OR department = $3) AND ($4::text IS NULL OR vendor_id = $4)"
    " AND ($5::text IS NULL OR requester_id = $5) AND ($6::numeric IS NULL OR total >= $6)"
    " AND ($7::numeric IS NULL OR total <= $7) AND ($8::timestamptz IS NULL OR submitted_at >= $8)"
    " AND ($9::timestamptz IS NULL OR submitted_at < $9)"
    " AND ($10::timestamptz IS NULL OR (submitted_at, po_id) {after} ($10, $11::text))"
    " ORDER BY submitted_at {order}, po_id {order} LIMIT $12");

const Oriented invoices_sql = oriented(
    "SELECT json_build_object('invoice_id', invoice_id, 'status', status, 'vendor_id', vendor_id,"
    " 'vendor_name', vendor_name, 'vendor_bin', vendor_bin, 'vendor_category', vendor_category,"
    " 'invoice_number', invoice_number, 'invoice_date', " +
    day("invoice_date") +
    ", 'po_id', po_id,"
    " 'subtotal', subtotal::text, 'vat_amount', vat_amount::text, 'vds_amount', vds_amount::text,"
    " 'tds_amount', tds_amount::text, 'net_payable', net_payable::text, 'total', total::text,"
    " 'paid_amount', paid_amount::text, 'due_date', " +
    day("due_date") +
    ", 'overdue', overdue,"
    " 'hold_reasons', to_json(hold_reasons), 'mushak_6_10', mushak_6_10,"
    " 'input_vat_credit_ineligible', input_vat_credit_ineligible, 'pending_role', pending_role,"
    " 'policy_id', policy_id, 'received_at', " +
    utc("received_at") + ", 'updated_at', " + utc("updated_at") + ")::text, " + utc("received_at") +
    " || '|' || invoice_id FROM invoices"
    " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR vendor_id = $2)"
    " AND ($3::text IS NULL OR vendor_bin = $3)"
    " AND ($4::text IS NULL OR (cardinality(hold_reasons) > 0 AND $4 = ANY(hold_reasons)))"
    " AND ($5::boolean IS NULL OR overdue = $5) AND ($6::boolean IS NULL OR mushak_6_10 = $6)"
    " AND ($7::date IS NULL OR invoice_date >= $7) AND ($8::date IS NULL OR invoice_date <= $8)"
    " AND ($9::text IS NULL OR po_id = $9)"
    " AND ($10::timestamptz IS NULL OR (received_at, invoice_id) {after} ($10, $11::text))"
    " ORDER BY received_at {order}, invoice_id {order} LIMIT $12");

// A task status is looked up per onboarding read, by the tasks' primary key: as EXISTS, the
// planner could hash every task of that status instead, a scan of all the tasks ever made for the
// statuses without an index of their own.
const Oriented onboardings_sql = oriented(
    "SELECT json_build_object('employee_id', o.employee_id, 'status', o.status, 'name', o.name,"
    " 'department', o.department, 'position', o.position, 'start_date', " +
    day("o.start_date") + ", 'hold_reasons', to_json(o.hold_reasons), 'policy_id', o.policy_id, 'hired_at', " +
    utc("o.hired_at") + ", 'updated_at', " + utc("o.updated_at") +
    ", 'tasks', (SELECT coalesce(json_object_agg(t.task, t.status), '{}'::json) FROM onboarding_tasks t"
    " WHERE t.employee_id = o.employee_id))::text, " +
    day("o.start_date") +
    " || '|' || o.employee_id"
    " FROM onboardings o"
    " WHERE ($1::text IS NULL OR o.status = $1) AND ($2::text IS NULL OR o.department = $2)"
    " AND ($3::text IS NULL OR $3 = ANY (ARRAY(SELECT t.status FROM onboarding_tasks t"
    "   WHERE t.employee_id = o.employee_id)))"
    " AND ($4::date IS NULL OR o.start_date >= $4) AND ($5::date IS NULL OR o.start_date <= $5)"
    " AND ($6::date IS NULL OR (o.start_date, o.employee_id) {after} ($6, $7::text))"
    " ORDER BY o.start_date {order}, o.employee_id {order} LIMIT $8");

// Oldest pending first: who has waited longest comes first. Each half reads its pending entities
// in that order through its partial index (purchase_orders_pending_since, invoices_pending_since)
// and stops at a page, as the overdue list below does; each item shown has its next deadline.
const std::string pending_sql =
    "SELECT json_build_object('workflow', p.workflow, 'entity_id', p.entity_id, 'pending_role', p.pending_role,"
    " 'amount', p.amount::text, 'pending_since', " +
    utc("p.pending_since") +
    ","
    " 'age_seconds', floor(extract(epoch FROM now() - p.pending_since))::bigint, 'policy_id', p.policy_id,"
    " 'next_deadline', " +
    next_deadline("p.workflow", "p.entity_id") + ")::text, " + utc("p.pending_since") +
    " || '|' || p.workflow || '|' || p.entity_id FROM ("
    " (SELECT 'purchase_order'::text AS workflow, po_id AS entity_id, pending_role, total AS amount, pending_since,"
    "   policy_id FROM purchase_orders WHERE status = 'pending_approval'"
    "   AND ($1::text IS NULL OR $1 = 'purchase_order') AND ($2::text IS NULL OR pending_role = $2)"
    "   AND ($3::bigint IS NULL OR pending_since < now() - make_interval(secs => $3))"
    "   AND ($4::timestamptz IS NULL OR (pending_since >= $4"
    "     AND (pending_since, 'purchase_order'::text, po_id) > ($4, $5::text, $6::text)))"
    "   ORDER BY pending_since, po_id LIMIT $7)"
    " UNION ALL"
    " (SELECT 'invoice', invoice_id, pending_role, total, pending_since, policy_id FROM invoices"
    "   WHERE status = 'pending_approval' AND ($1::text IS NULL OR $1 = 'invoice')"
    "   AND ($2::text IS NULL OR pending_role = $2)"
    "   AND ($3::bigint IS NULL OR pending_since < now() - make_interval(secs => $3))"
    "   AND ($4::timestamptz IS NULL OR (pending_since >= $4"
    "     AND (pending_since, 'invoice'::text, invoice_id) > ($4, $5::text, $6::text)))"
    "   ORDER BY pending_since, invoice_id LIMIT $7)) p"
    " ORDER BY p.pending_since, p.workflow, p.entity_id LIMIT $7";

// Earliest due first. Each half reads its items in due order through its partial index
// (invoices_overdue_open; onboarding_tasks_overdue_due, then the onboarding by its key) and stops
// at a page; only the two pages are sorted together, never all that is overdue. The key's due_at
// is also a range on the index, so that a later page starts where the last one ended.
const std::string overdue_sql =
    "SELECT json_build_object('workflow', workflow, 'entity_id', entity_id, 'item', item, 'due_at', " + utc("due_at") +
    ")::text, " + utc("due_at") +
    " || '|' || workflow || '|' || entity_id || '|' || item FROM ("
    " (SELECT 'invoice'::text AS workflow, invoice_id AS entity_id, 'payment'::text AS item, due_at FROM invoices"
    "   WHERE overdue AND status IN ('pending_approval', 'approved', 'partially_paid')"
    "   AND ($1::text IS NULL OR $1 = 'invoice')"
    "   AND ($2::timestamptz IS NULL OR (due_at >= $2"
    "     AND (due_at, 'invoice'::text, invoice_id, 'payment'::text) > ($2, $3::text, $4::text, $5::text)))"
    "   ORDER BY due_at, invoice_id LIMIT $6)"
    " UNION ALL"
    " (SELECT 'onboarding', t.employee_id, t.task, t.due_at FROM onboarding_tasks t JOIN onboardings o USING "
    "(employee_id)"
    "   WHERE t.status = 'overdue' AND o.status = 'in_progress' AND ($1::text IS NULL OR $1 = 'onboarding')"
    "   AND ($2::timestamptz IS NULL OR (t.due_at >= $2"
    "     AND (t.due_at, 'onboarding'::text, t.employee_id, t.task) > ($2, $3::text, $4::text, $5::text)))"
    "   ORDER BY t.due_at, t.employee_id, t.task LIMIT $6)) v"
    " ORDER BY due_at, workflow, entity_id, item LIMIT $6";

const std::string dead_letters_sql =
    "SELECT json_build_object('id', d.id, 'reason', d.reason, 'detail', d.detail, 'topic', d.topic,"
    " 'partition', d.partition, 'offset', d.\"offset\", 'received_at', " +
    utc("d.received_at") +
    ", 'redrives', (SELECT count(*) FROM dead_letter_redrives r WHERE r.dead_letter_id = d.id))::text, " +
    utc("d.received_at") +
    " || '|' || d.id FROM dead_letters d"
    " WHERE ($1::text IS NULL OR d.reason = $1) AND ($2::text IS NULL OR d.topic = $2)"
    " AND ($3::timestamptz IS NULL OR d.received_at >= $3) AND ($4::timestamptz IS NULL OR d.received_at < $4)"
    " AND ($5::timestamptz IS NULL OR (d.received_at, d.id) < ($5, $6::bigint))"
    " ORDER BY d.received_at DESC, d.id DESC LIMIT $7";

}  // namespace

http::Page ApiQueries::purchase_orders(const http::PurchaseOrderFilter& f, const http::PageRequest& page) {
  const auto key = time_key(page.after);
  return impl_->read(purchase_orders_sql(page.oldest_first), page.limit, f.status, f.pending_role, f.department,
                     f.vendor_id, f.requester_id, money_or_null(f.min_total), money_or_null(f.max_total),
                     time_or_null(f.submitted_from), time_or_null(f.submitted_to), key.at, key.rest, page.limit + 1);
}

http::Page ApiQueries::invoices(const http::InvoiceFilter& f, const http::PageRequest& page) {
  const auto key = time_key(page.after);
  return impl_->read(invoices_sql(page.oldest_first), page.limit, f.status, f.vendor_id, f.vendor_bin, f.hold_reason,
                     f.overdue, f.mushak_6_10, day_or_null(f.invoice_from), day_or_null(f.invoice_to), f.po_id, key.at,
                     key.rest, page.limit + 1);
}

http::Page ApiQueries::onboardings(const http::OnboardingFilter& f, const http::PageRequest& page) {
  const auto key = day_key(page.after);
  return impl_->read(onboardings_sql(page.oldest_first), page.limit, f.status, f.department, f.task_status,
                     day_or_null(f.start_from), day_or_null(f.start_to), key.at, key.rest, page.limit + 1);
}

http::Page ApiQueries::pending_approvals(const http::PendingFilter& f, const http::PageRequest& page) {
  const auto key = time_key(page.after);
  std::optional<std::string> workflow, id;
  if (key.rest) {
    const auto bar = key.rest->find('|');
    if (bar == std::string::npos) bad_cursor();
    workflow = key.rest->substr(0, bar);
    id = key.rest->substr(bar + 1);
  }
  return impl_->read(pending_sql, page.limit, f.workflow, f.role, f.older_than_seconds, key.at, workflow, id,
                     page.limit + 1);
}

http::Page ApiQueries::overdue(const http::OverdueFilter& f, const http::PageRequest& page) {
  const auto key = time_key(page.after);
  std::optional<std::string> workflow, id, item;
  if (key.rest) {
    // An id may hold '|'; a workflow and an item do not.
    const auto first = key.rest->find('|');
    const auto second = key.rest->rfind('|');
    if (first == std::string::npos || second == first) bad_cursor();
    workflow = key.rest->substr(0, first);
    id = key.rest->substr(first + 1, second - first - 1);
    item = key.rest->substr(second + 1);
  }
  return impl_->read(overdue_sql, page.limit, f.workflow, key.at, workflow, id, item, page.limit + 1);
}

http::Page ApiQueries::dead_letters(const http::DeadLetterFilter& f, const http::PageRequest& page) {
  const auto key = time_key(page.after);
  std::optional<std::int64_t> id;
  if (key.rest) {
    if (key.rest->size() > 18 || key.rest->find_first_not_of("0123456789") != std::string::npos) bad_cursor();
    id = std::stoll(*key.rest);
  }
  return impl_->read(dead_letters_sql, page.limit, f.reason, f.topic, time_or_null(f.since), time_or_null(f.until),
                     key.at, id, page.limit + 1);
}

std::optional<std::string> ApiQueries::dead_letter(std::int64_t id) {
  return impl_->with_connection([&](pqxx::connection& connection) -> std::optional<std::string> {
    pqxx::read_transaction tx(connection);
    const auto rows = tx.exec_params(
        "SELECT d.id, d.topic, d.partition, d.\"offset\", d.key, d.reason, d.detail, d.payload, " +
            micros_of("d.received_at") +
            ", (SELECT count(*) FROM dead_letter_redrives r WHERE r.dead_letter_id = d.id) FROM dead_letters d"
            " WHERE d.id = $1",
        id);
    if (rows.empty()) return std::nullopt;
    const auto letter = dead_letter_of(rows[0], 1);
    // The message published on vextrus.dead-letter (its payload escaped as JSON text, or base64
    // when not UTF-8), but with the payload whole, and the letter's id and how often it was
    // re-driven.
    const std::string message = adapters::dead_letter_message(letter, letter.payload.size());
    std::string out = "{\"id\":" + std::to_string(rows[0][0].as<std::int64_t>()) +
                      ",\"redrives\":" + std::to_string(rows[0][9].as<std::int64_t>()) + ",";
    return out + message.substr(1);
  });
}

}  // namespace vextrus::pg

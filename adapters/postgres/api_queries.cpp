#include "adapters/postgres/api_queries.hpp"

#include <pqxx/pqxx>
#include <vector>

#include "adapters/json/audit_codec.hpp"
#include "adapters/postgres/api_queries_impl.hpp"
#include "adapters/postgres/api_sql.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

// The entity's audit records, oldest first (one chain per entity, so seq order).
std::string history(const std::string& entity_type, const std::string& id_column) {
  return "(SELECT coalesce(jsonb_agg(jsonb_build_object('chain', a.chain, 'seq', a.seq, 'event_id', a.event_id,"
         " 'action', a.action, 'actor_id', a.actor_id, 'actor_role', a.actor_role, 'status_before', a.status_before,"
         " 'status_after', a.status_after, 'occurred_at', " +
         utc("a.occurred_at") + ", 'recorded_at', " + utc("a.recorded_at") +
         ", 'detail', a.detail, 'hash', a.hash) ORDER BY a.chain, a.seq), '[]'::jsonb)"
         " FROM audit_log a WHERE a.entity_type = '" +
         entity_type + "' AND a.entity_id = " + id_column + ")";
}

// The `history` member, when asked for (a console pages a long history through /v1/audit instead).
std::string history_member(bool with, const std::string& entity_type, const std::string& id_column) {
  return with ? ", 'history', " + history(entity_type, id_column) : std::string();
}

// The entity's ($1's) audit records of the actions its answer is built from, read in one scan of
// its trail and kept as `decided` for the members below (approvals, payments, lines): an entity
// with a long trail is not walked once per member.
std::string decided_records(const std::string& entity_type, const std::string& actions) {
  return "WITH decided AS MATERIALIZED (SELECT chain, seq, action, actor_role, actor_id, occurred_at, detail"
         " FROM audit_log WHERE entity_type = '" +
         entity_type + "' AND entity_id = $1 AND action IN (" + actions + ")) ";
}

// The `decided` records of one action, oldest first, each as `object` (a jsonb_build_object over
// the record `a`): the approvals of orders and invoices, the payments of invoices.
std::string records_of(const std::string& action, const std::string& object) {
  return "(SELECT coalesce(jsonb_agg(" + object +
         " ORDER BY a.chain, a.seq), '[]'::jsonb) FROM decided a"
         " WHERE a.action = '" +
         action + "')";
}

std::string approvals() {
  return records_of("approved",
                    "jsonb_build_object('tier', (a.detail->>'tier')::int, 'role', a.actor_role, 'actor_id', a.actor_id,"
                    " 'at', " +
                        utc("a.occurred_at") + ")");
}

std::string payments() {
  return records_of("paid",
                    "jsonb_build_object('amount', a.detail->>'amount', 'method', a.detail->>'method', 'payment_ref',"
                    " a.detail->>'payment_ref', 'at', " +
                        utc("a.occurred_at") + ")");
}

// What was fired at whom, newest first, the last 50: through the entity's records (its trail
// index, backwards) and each record's notifications (notifications_chain).
std::string notifications(const std::string& entity_type, const std::string& id_column) {
  return "(SELECT coalesce(jsonb_agg(jsonb_build_object('type', n.type, 'to_role', n.to_role, 'at', " + utc("n.at") +
         ") ORDER BY n.seq DESC, n.notification_id), '[]'::jsonb) FROM (SELECT n.* FROM audit_log a"
         " JOIN notifications n ON n.chain = a.chain AND n.seq = a.seq WHERE a.entity_type = '" +
         entity_type + "' AND a.entity_id = " + id_column + " ORDER BY a.chain DESC, a.seq DESC LIMIT 50) n)";
}

// An invoice's lines as taxed at receipt (the arrays of its received or held record, in
// `decided`), in the event's order; empty for invoices received before the records carried them.
std::string invoice_lines() {
  return "(SELECT coalesce(jsonb_agg(jsonb_build_object('amount', a.detail->'line_amounts'->>i, 'vat_rate',"
         " a.detail->'line_vat_rates'->>i, 'vat', a.detail->'line_vat'->>i) ORDER BY i), '[]'::jsonb) FROM decided a,"
         " generate_series(0, jsonb_array_length(coalesce(a.detail->'line_amounts', '[]'::jsonb)) - 1) i"
         " WHERE a.action IN ('received', 'held'))";
}

// Members every entity answer has beside its own: its next deadline and its notifications.
std::string follow_up_members(const std::string& entity_type, const std::string& id_column) {
  return ", 'next_deadline', " + next_deadline("'" + entity_type + "'", id_column) + ", 'notifications', " +
         notifications(entity_type, id_column);
}

std::string purchase_order_sql(bool with_history) {
  return decided_records("purchase_order", "'approved'") +
         "SELECT jsonb_build_object('po_id', po_id, 'status', status, 'total', total::text, 'department', department,"
         " 'vendor_id', vendor_id, 'requester_id', requester_id, 'budget_code', budget_code, 'tiers', to_jsonb(tiers),"
         " 'tiers_required', tiers_required, 'tiers_approved', tiers_approved, 'pending_role', pending_role,"
         " 'pending_since', " +
         utc("pending_since") + ", 'policy_id', policy_id, 'submitted_at', " + utc("submitted_at") +
         ", 'decided_at', " + utc("decided_at") + ", 'updated_at', " + utc("updated_at") + ", 'approvals', " +
         approvals() + follow_up_members("purchase_order", "po_id") +
         history_member(with_history, "purchase_order", "po_id") + ")::text FROM purchase_orders WHERE po_id = $1";
}

std::string invoice_sql(bool with_history) {
  return decided_records("invoice", "'approved', 'paid', 'received', 'held'") +
         "SELECT (jsonb_build_object('invoice_id', invoice_id, 'status', status, 'vendor_id', vendor_id,"
         " 'vendor_category', vendor_category, 'invoice_number', invoice_number, 'invoice_date', " +
         day("invoice_date") +
         ", 'po_id', po_id, 'subtotal', subtotal::text, 'vat_amount', vat_amount::text, 'vat_computed', "
         "vat_computed::text,"
         " 'vds_amount', vds_amount::text, 'tds_amount', tds_amount::text, 'net_payable', net_payable::text,"
         " 'total', total::text, 'paid_amount', paid_amount::text, 'due_date', " +
         day("due_date") + ", 'due_at', " + utc("due_at") +
         ", 'overdue', overdue, 'hold_reasons', to_jsonb(hold_reasons),"
         " 'mushak_6_10', mushak_6_10, 'input_vat_credit_ineligible', input_vat_credit_ineligible)"
         " || jsonb_build_object('tax', jsonb_build_object('lines_total', lines_total::text, 'subtotal', "
         "subtotal::text,"
         " 'vat_amount', vat_amount::text, 'vat_computed', vat_computed::text, 'vds_amount', vds_amount::text,"
         " 'tds_amount', tds_amount::text, 'net_payable', net_payable::text, 'lines', " +
         invoice_lines() +
         "),"
         " 'tiers', to_jsonb(tiers), 'tiers_required', tiers_required, 'tiers_approved', tiers_approved,"
         " 'pending_role', pending_role, 'pending_since', " +
         utc("pending_since") +
         ", 'policy_id', policy_id,"
         " 'received_at', " +
         utc("received_at") + ", 'decided_at', " + utc("decided_at") + ", 'updated_at', " + utc("updated_at") +
         ", 'approvals', " + approvals() + ", 'payments', " + payments() + follow_up_members("invoice", "invoice_id") +
         history_member(with_history, "invoice", "invoice_id") + "))::text FROM invoices WHERE invoice_id = $1";
}

// NID, mobile and TIN are kept for the identity checks but not served.
std::string onboarding_sql(bool with_history) {
  return "SELECT jsonb_build_object('employee_id', o.employee_id, 'status', o.status, 'name', o.name,"
         " 'department', o.department, 'position', o.position, 'start_date', " +
         day("o.start_date") + ", 'hold_reasons', to_jsonb(o.hold_reasons), 'policy_id', o.policy_id, 'hired_at', " +
         utc("o.hired_at") + ", 'decided_at', " + utc("o.decided_at") + ", 'updated_at', " + utc("o.updated_at") +
         ", 'tasks', (SELECT coalesce(jsonb_agg(jsonb_build_object('task', t.task, 'due_at', " + utc("t.due_at") +
         ", 'status', t.status, 'completed_at', " + utc("t.completed_at") +
         ") ORDER BY t.due_at, t.task), '[]'::jsonb)"
         " FROM onboarding_tasks t WHERE t.employee_id = o.employee_id)" +
         follow_up_members("onboarding", "o.employee_id") +
         history_member(with_history, "onboarding", "o.employee_id") +
         ")::text FROM onboardings o WHERE o.employee_id = $1";
}

const std::string& entity_sql(http::EntityKind kind, bool with_history) {
  // Built once: [kind][with_history].
  static const std::string sql[3][2] = {{purchase_order_sql(false), purchase_order_sql(true)},
                                        {invoice_sql(false), invoice_sql(true)},
                                        {onboarding_sql(false), onboarding_sql(true)}};
  return sql[static_cast<int>(kind)][with_history ? 1 : 0];
}

}  // namespace

ApiQueries::ApiQueries(std::string dsn, Mode mode) : impl_(std::make_unique<Impl>()) {
  impl_->dsn = std::move(dsn);
  impl_->explain = mode == Mode::explain;
}
ApiQueries::~ApiQueries() = default;

std::optional<std::string> ApiQueries::entity(http::EntityKind kind, const std::string& id, bool history) {
  return impl_->with_connection([&](pqxx::connection& connection) -> std::optional<std::string> {
    pqxx::read_transaction tx(connection);
    const auto rows = tx.exec_params(entity_sql(kind, history), id);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<std::string>();
  });
}

http::AuditPage ApiQueries::audit(const http::AuditQuery& query) {
  return impl_->with_connection([&](pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    const auto rows = tx.exec_params(
        "SELECT chain, seq, canonical, hash FROM audit_log"
        " WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::text IS NULL OR chain = $2)"
        " AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)"
        " AND ($5::text IS NULL OR (chain, seq) > ($5, $6::bigint))"
        " ORDER BY chain, seq LIMIT $7",
        query.entity_id, query.chain, time_or_null(query.from), time_or_null(query.to),
        query.after ? std::optional<std::string>(query.after->first) : std::nullopt,
        query.after ? query.after->second : 0, query.limit + 1);
    http::AuditPage page;
    const auto count = std::min<std::size_t>(rows.size(), static_cast<std::size_t>(query.limit));
    for (std::size_t i = 0; i < count; ++i) {
      page.records.push_back(adapters::audit_message(rows[i][2].as<std::string>(), rows[i][3].as<std::string>()));
    }
    if (rows.size() > count) page.last = {rows[count - 1][0].as<std::string>(), rows[count - 1][1].as<std::int64_t>()};
    return page;
  });
}

}  // namespace vextrus::pg

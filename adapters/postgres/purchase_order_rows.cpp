// The purchase orders' rows (purchase_orders; docs/database.md).
#include <algorithm>

#include "adapters/postgres/json_rows.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/prepared.hpp"
#include "adapters/postgres/workflow_rows.hpp"

namespace vextrus::pg {
namespace {

using domain::PurchaseOrder;
using ports::StoreError;

const std::vector<std::string> po_columns{"po_id",          "status",         "total",        "department",
                                          "vendor_id",      "requester_id",   "budget_code",  "tiers",
                                          "tiers_required", "tiers_approved", "pending_role", "pending_since",
                                          "policy_id",      "submitted_at",   "decided_at"};

PurchaseOrder read_order(const pqxx::row& row) {
  PurchaseOrder order;
  order.po_id = row["po_id"].as<std::string>();
  const auto status = domain::parse_purchase_order_status(row["status"].as<std::string>());
  const auto total = domain::parse_money(row["total"].as<std::string>());
  if (!status || !total) {
    // Only this service writes the table; anything else is corruption, not something to guess.
    throw StoreError("purchase_orders row " + order.po_id + " has an unknown status or total");
  }
  order.status = *status;
  order.total = *total;
  order.department = row["department"].as<std::string>();
  order.vendor_id = row["vendor_id"].as<std::string>();
  order.requester_id = row["requester_id"].as<std::string>();
  order.budget_code = row["budget_code"].as<std::string>();
  const auto tiers = row["tiers"].as<std::string>();
  for (std::size_t start = 0; start < tiers.size();) {
    const auto comma = std::min(tiers.find(',', start), tiers.size());
    const auto role = domain::parse_role(tiers.substr(start, comma - start));
    if (!role) throw StoreError("purchase_orders row " + order.po_id + " has an unknown tier role");
    order.tiers.push_back(*role);
    start = comma + 1;
  }
  order.tiers_approved = row["tiers_approved"].as<int>();
  order.policy_id = row["policy_id"].as<std::string>();
  order.submitted_at = domain::Timestamp{row["submitted_us"].as<std::int64_t>()};
  if (!row["pending_us"].is_null()) order.pending_since = domain::Timestamp{row["pending_us"].as<std::int64_t>()};
  if (!row["decided_us"].is_null()) order.decided_at = domain::Timestamp{row["decided_us"].as<std::int64_t>()};
  return order;
}

std::unordered_map<std::string, PurchaseOrder> load_purchase_orders(pqxx::transaction_base& tx,
                                                                    const std::vector<std::string>& ids) {
  const auto orders = exec_prepared_text(
      tx,
      "SELECT po_id, status, total::text AS total, department, vendor_id, requester_id, budget_code,"
      " array_to_string(tiers, ',') AS tiers, tiers_approved, policy_id, " +
          micros_of("submitted_at") + " AS submitted_us, " + micros_of("pending_since") + " AS pending_us, " +
          micros_of("decided_at") + " AS decided_us FROM purchase_orders WHERE po_id = ANY($1::text[])",
      text_array(ids));
  return states_by_id(orders, read_order, &PurchaseOrder::po_id);
}

void upsert_purchase_orders(WriteStatement& writes, const std::vector<PurchaseOrder>& orders) {
  JsonRows rows(po_columns);
  for (const auto& o : orders) {
    const auto pending = o.pending_role();
    rows.add(o.po_id)
        .add(std::string(domain::name(o.status)))
        .add(o.total.to_string())
        .add(o.department)
        .add(o.vendor_id)
        .add(o.requester_id)
        .add(o.budget_code)
        .add(text_array(domain::names(o.tiers)))
        .add(o.tiers.size())
        .add(o.tiers_approved)
        .add(pending ? std::optional<std::string>(std::string(domain::name(*pending))) : std::nullopt)
        .add(pending ? std::optional<std::string>(timestamp_text(o.pending_since)) : std::nullopt)
        .add(o.policy_id)
        .add(timestamp_text(o.submitted_at))
        .add(timestamp_text(o.decided_at));
    rows.end_row();
  }
  upsert_rows(writes, "purchase_orders", rows, 1, true);
}

}  // namespace

const WorkflowRows& purchase_order_rows() {
  static const RowsOf<PurchaseOrder> rows(load_purchase_orders, upsert_purchase_orders);
  return rows;
}

}  // namespace vextrus::pg

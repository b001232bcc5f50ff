#include "adapters/postgres/entity_rows.hpp"

#include <array>
#include <cstdint>
#include <optional>

#include "adapters/postgres/json_rows.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/prepared.hpp"
#include "adapters/postgres/workflow_rows.hpp"

namespace vextrus::pg {
namespace {

using domain::Invoice;
using domain::Onboarding;

// The first column of each list is the primary key (the first two for onboarding_tasks).
const std::vector<std::string> invoice_columns{"invoice_id",     "status",
                                               "vendor_id",      "vendor_category",
                                               "invoice_number", "invoice_date",
                                               "po_id",          "lines_total",
                                               "subtotal",       "vat_amount",
                                               "vat_computed",   "vds_amount",
                                               "tds_amount",     "net_payable",
                                               "total",          "paid_amount",
                                               "due_date",       "due_at",
                                               "overdue",        "hold_reasons",
                                               "mushak_6_10",    "input_vat_credit_ineligible",
                                               "tiers",          "tiers_required",
                                               "tiers_approved", "pending_role",
                                               "pending_since",  "policy_id",
                                               "received_at",    "decided_at",
                                               "vendor_name",    "vendor_bin",
                                               "first_paid_at"};

const std::vector<std::string> onboarding_columns{
    "employee_id", "status",     "name",         "nid",           "mobile",    "tin",      "department",
    "position",    "start_date", "hold_reasons", "tasks_started", "policy_id", "hired_at", "decided_at"};

const std::vector<std::string> task_columns{"employee_id", "task", "due_at", "status", "completed_at"};

// The last state given for each key, in the order the keys first appear: a batch may name an
// entity more than once, and ON CONFLICT DO UPDATE may touch a row only once per statement.
template <typename T, typename Key>
std::vector<const T*> latest_per_key(const std::vector<T>& items, Key key) {
  std::unordered_map<std::string, std::size_t> slot;
  std::vector<const T*> out;
  for (const auto& item : items) {
    const auto [it, inserted] = slot.emplace(key(item), out.size());
    if (inserted) {
      out.push_back(&item);
    } else {
      out[it->second] = &item;
    }
  }
  return out;
}

std::string bool_text(bool value) { return value ? "t" : "f"; }

// Day numbers since 1970-01-01, which is what domain::Date holds: exact, whatever the DateStyle.
std::string days_of(const std::string& column) { return "(" + column + " - DATE '1970-01-01') AS " + column + "_days"; }

// Reads the columns of one row, naming the row in every error.
class RowReader {
 public:
  RowReader(const pqxx::row& row, std::string what) : row_(row), what_(std::move(what)) {}

  [[noreturn]] void fail(const std::string& problem) const { throw StoreError(what_ + " " + problem); }

  std::string text(const char* column) const {
    const auto field = row_[column];
    if (field.is_null()) fail("has a NULL " + std::string(column));
    return field.as<std::string>();
  }
  std::optional<std::string> optional_text(const char* column) const {
    const auto field = row_[column];
    if (field.is_null()) return std::nullopt;
    return field.as<std::string>();
  }
  domain::Money money(const char* column) const {
    const auto value = domain::parse_money(text(column));
    if (!value) fail("has an unreadable " + std::string(column));
    return *value;
  }
  domain::Date date(const char* days_column) const { return domain::Date{row_[days_column].as<std::int32_t>()}; }
  domain::Timestamp timestamp(const char* micros_column) const {
    const auto field = row_[micros_column];
    if (field.is_null()) fail("has a NULL " + std::string(micros_column));
    return domain::Timestamp{field.as<std::int64_t>()};
  }
  std::optional<domain::Timestamp> optional_timestamp(const char* micros_column) const {
    const auto field = row_[micros_column];
    if (field.is_null()) return std::nullopt;
    return domain::Timestamp{field.as<std::int64_t>()};
  }
  bool boolean(const char* column) const { return row_[column].as<bool>(); }
  int integer(const char* column) const { return row_[column].as<int>(); }

  // A one-dimensional text[] without NULLs, read with pqxx's array parser (so elements may hold
  // commas, quotes or backslashes).
  std::vector<std::string> text_elements(const char* column) const {
    const auto field = row_[column];
    if (field.is_null()) fail("has a NULL " + std::string(column));
    std::vector<std::string> out;
    auto parser = field.as_array();
    int depth = 0;
    for (;;) {
      auto [juncture, value] = parser.get_next();
      switch (juncture) {
        case pqxx::array_parser::row_start:
          if (++depth > 1) fail("has a nested array in " + std::string(column));
          break;
        case pqxx::array_parser::row_end:
          --depth;
          break;
        case pqxx::array_parser::null_value:
          fail("has a NULL element in " + std::string(column));
        case pqxx::array_parser::string_value:
          out.push_back(std::move(value));
          break;
        case pqxx::array_parser::done:
          return out;
      }
    }
  }

 private:
  const pqxx::row& row_;
  std::string what_;
};

Invoice read_invoice(const pqxx::row& row) {
  Invoice invoice;
  invoice.invoice_id = row["invoice_id"].as<std::string>();
  const RowReader r(row, "invoices row " + invoice.invoice_id);
  const auto status = domain::parse_invoice_status(r.text("status"));
  if (!status) r.fail("has an unknown status");
  invoice.status = *status;
  invoice.vendor_id = r.text("vendor_id");
  invoice.vendor_category = r.text("vendor_category");
  invoice.invoice_number = r.text("invoice_number");
  invoice.invoice_date = r.date("invoice_date_days");
  invoice.po_id = r.optional_text("po_id");
  invoice.subtotal = r.money("subtotal");
  invoice.vat_amount = r.money("vat_amount");
  invoice.total = r.money("total");
  invoice.tax.lines_total = r.money("lines_total");
  invoice.tax.vat_computed = r.money("vat_computed");
  invoice.tax.vds_amount = r.money("vds_amount");
  invoice.tax.tds_amount = r.money("tds_amount");
  invoice.tax.net_payable = r.money("net_payable");
  invoice.paid_amount = r.money("paid_amount");
  invoice.due_date = r.date("due_date_days");
  invoice.due_at = r.timestamp("due_us");
  invoice.overdue = r.boolean("overdue");
  invoice.hold_reasons = r.text_elements("hold_reasons");
  invoice.mushak_6_10 = r.boolean("mushak_6_10");
  invoice.input_vat_credit_ineligible = r.boolean("input_vat_credit_ineligible");
  for (const auto& tier : r.text_elements("tiers")) {
    const auto role = domain::parse_role(tier);
    if (!role) r.fail("has an unknown tier role " + tier);
    invoice.tiers.push_back(*role);
  }
  invoice.tiers_approved = r.integer("tiers_approved");
  if (invoice.tiers_approved < 0 || invoice.tiers_approved > static_cast<int>(invoice.tiers.size())) {
    r.fail("has more tiers approved than tiers");
  }
  invoice.pending_since = r.timestamp("pending_us");
  invoice.policy_id = r.text("policy_id");
  invoice.received_at = r.timestamp("received_us");
  invoice.decided_at = r.optional_timestamp("decided_us");
  invoice.vendor_name = r.optional_text("vendor_name").value_or("");
  invoice.vendor_bin = r.optional_text("vendor_bin");
  invoice.first_paid_at = r.optional_timestamp("first_paid_us");
  return invoice;
}

Onboarding read_onboarding(const pqxx::row& row) {
  Onboarding onboarding;
  onboarding.employee_id = row["employee_id"].as<std::string>();
  const RowReader r(row, "onboardings row " + onboarding.employee_id);
  const auto status = domain::parse_onboarding_status(r.text("status"));
  if (!status) r.fail("has an unknown status");
  onboarding.status = *status;
  onboarding.name = r.text("name");
  onboarding.nid = r.text("nid");
  onboarding.mobile = r.text("mobile");
  onboarding.tin = r.optional_text("tin");
  onboarding.department = r.text("department");
  onboarding.position = r.text("position");
  onboarding.start_date = r.date("start_date_days");
  onboarding.hold_reasons = r.text_elements("hold_reasons");
  onboarding.tasks_started = r.boolean("tasks_started");
  onboarding.policy_id = r.text("policy_id");
  onboarding.hired_at = r.timestamp("hired_us");
  onboarding.decided_at = r.optional_timestamp("decided_us");
  return onboarding;
}

}  // namespace

std::unordered_map<std::string, Invoice> load_invoices(pqxx::transaction_base& tx,
                                                       const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  const auto rows = exec_prepared_text(
      tx,
      "SELECT invoice_id, status, vendor_id, vendor_category, invoice_number, " + days_of("invoice_date") +
          ", po_id, lines_total::text AS lines_total, subtotal::text AS subtotal, vat_amount::text AS vat_amount,"
          " vat_computed::text AS vat_computed, vds_amount::text AS vds_amount, tds_amount::text AS tds_amount,"
          " net_payable::text AS net_payable, total::text AS total, paid_amount::text AS paid_amount, " +
          days_of("due_date") + ", " + micros_of("due_at") +
          " AS due_us, overdue, hold_reasons, mushak_6_10, input_vat_credit_ineligible, tiers, tiers_approved, " +
          micros_of("pending_since") + " AS pending_us, policy_id, " + micros_of("received_at") + " AS received_us, " +
          micros_of("decided_at") + " AS decided_us, vendor_name, vendor_bin, " + micros_of("first_paid_at") +
          " AS first_paid_us FROM invoices WHERE invoice_id = ANY($1::text[])",
      text_array(ids));
  return states_by_id(rows, read_invoice, &Invoice::invoice_id);
}

std::unordered_map<std::string, Onboarding> load_onboardings(pqxx::transaction_base& tx,
                                                             const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  const std::string id_array = text_array(ids);
  const auto rows = exec_prepared_text(tx,
                                       "SELECT employee_id, status, name, nid, mobile, tin, department, position, " +
                                           days_of("start_date") + ", hold_reasons, tasks_started, policy_id, " +
                                           micros_of("hired_at") + " AS hired_us, " + micros_of("decided_at") +
                                           " AS decided_us FROM onboardings WHERE employee_id = ANY($1::text[])",
                                       id_array);
  auto out = states_by_id(rows, read_onboarding, &Onboarding::employee_id);

  std::unordered_map<std::string, std::array<bool, 4>> seen;
  const auto tasks = exec_prepared_text(
      tx,
      "SELECT employee_id, task, status, " + micros_of("due_at") + " AS due_us, " + micros_of("completed_at") +
          " AS completed_us FROM onboarding_tasks WHERE employee_id = ANY($1::text[])",
      id_array);
  for (const auto& row : tasks) {
    const auto employee_id = row["employee_id"].as<std::string>();
    const auto task_name = row["task"].as<std::string>();
    const RowReader r(row, "onboarding_tasks row " + employee_id + "/" + task_name);
    const auto found = out.find(employee_id);
    if (found == out.end() || !found->second.tasks_started) r.fail("belongs to no onboarding with started tasks");
    const auto task = domain::parse_onboarding_task(task_name);
    if (!task) r.fail("names an unknown task");
    const auto status = domain::parse_task_status(r.text("status"));
    if (!status) r.fail("has an unknown status");
    const auto index = static_cast<std::size_t>(*task);
    auto& state = found->second.tasks[index];
    state.status = *status;
    state.due_at = r.timestamp("due_us");
    state.completed_at = r.optional_timestamp("completed_us");
    seen[employee_id][index] = true;
  }
  for (const auto& [id, onboarding] : out) {
    if (!onboarding.tasks_started) continue;
    const auto flags = seen.find(id);
    for (const auto task : domain::onboarding_tasks) {
      if (flags == seen.end() || !flags->second[static_cast<std::size_t>(task)]) {
        throw StoreError("onboardings row " + id + " has started tasks but no onboarding_tasks row for " +
                         std::string(domain::name(task)));
      }
    }
  }
  return out;
}

void upsert_invoices(WriteStatement& writes, const std::vector<Invoice>& invoices) {
  if (invoices.empty()) return;
  JsonRows rows(invoice_columns);
  for (const Invoice* i : latest_per_key(invoices, [](const Invoice& v) { return v.invoice_id; })) {
    const auto pending = i->pending_role();
    rows.add(i->invoice_id)
        .add(std::string(domain::name(i->status)))
        .add(i->vendor_id)
        .add(i->vendor_category)
        .add(i->invoice_number)
        .add(domain::format_date(i->invoice_date))
        .add(i->po_id)
        .add(i->tax.lines_total.to_string())
        .add(i->subtotal.to_string())
        .add(i->vat_amount.to_string())
        .add(i->tax.vat_computed.to_string())
        .add(i->tax.vds_amount.to_string())
        .add(i->tax.tds_amount.to_string())
        .add(i->tax.net_payable.to_string())
        .add(i->total.to_string())
        .add(i->paid_amount.to_string())
        .add(domain::format_date(i->due_date))
        .add(timestamp_text(i->due_at))
        .add(bool_text(i->overdue))
        .add(text_array(i->hold_reasons))
        .add(bool_text(i->mushak_6_10))
        .add(bool_text(i->input_vat_credit_ineligible))
        .add(text_array(domain::names(i->tiers)))
        .add(i->tiers.size())
        .add(i->tiers_approved)
        .add(pending ? std::optional<std::string>(std::string(domain::name(*pending))) : std::nullopt)
        .add(timestamp_text(i->pending_since))
        .add(i->policy_id)
        .add(timestamp_text(i->received_at))
        .add(timestamp_text(i->decided_at))
        .add(i->vendor_name.empty() ? std::nullopt : std::optional<std::string>(i->vendor_name))
        .add(i->vendor_bin)
        .add(timestamp_text(i->first_paid_at));
    rows.end_row();
  }
  upsert_rows(writes, "invoices", rows, 1, true);
}

void upsert_onboardings(WriteStatement& writes, const std::vector<Onboarding>& onboardings) {
  if (onboardings.empty()) return;
  const auto latest = latest_per_key(onboardings, [](const Onboarding& v) { return v.employee_id; });
  bool any_tasks = false;
  JsonRows rows(onboarding_columns);
  for (const Onboarding* o : latest) {
    any_tasks = any_tasks || o->tasks_started;
    rows.add(o->employee_id)
        .add(std::string(domain::name(o->status)))
        .add(o->name)
        .add(o->nid)
        .add(o->mobile)
        .add(o->tin)
        .add(o->department)
        .add(o->position)
        .add(domain::format_date(o->start_date))
        .add(text_array(o->hold_reasons))
        .add(bool_text(o->tasks_started))
        .add(o->policy_id)
        .add(timestamp_text(o->hired_at))
        .add(timestamp_text(o->decided_at));
    rows.end_row();
  }
  upsert_rows(writes, "onboardings", rows, 1, true);
  if (!any_tasks) return;

  JsonRows tasks(task_columns);
  for (const Onboarding* o : latest) {
    if (!o->tasks_started) continue;
    for (const auto task : domain::onboarding_tasks) {
      const auto& state = o->task(task);
      tasks.add(o->employee_id)
          .add(std::string(domain::name(task)))
          .add(timestamp_text(state.due_at))
          .add(std::string(domain::name(state.status)))
          .add(timestamp_text(state.completed_at));
      tasks.end_row();
    }
  }
  upsert_rows(writes, "onboarding_tasks", tasks, 2, false);
}

std::map<InvoiceKey, std::string> invoice_key_owners(pqxx::transaction_base& tx, const std::vector<InvoiceKey>& keys) {
  std::map<InvoiceKey, std::string> out;
  if (keys.empty()) return out;
  std::vector<std::string> vendors, numbers;
  vendors.reserve(keys.size());
  numbers.reserve(keys.size());
  for (const auto& [vendor, number] : keys) {
    vendors.push_back(vendor);
    numbers.push_back(number);
  }
  const auto rows =
      exec_prepared_text(tx,
                         "SELECT k.vendor_id, k.invoice_number, k.invoice_id"
                         " FROM unnest($1::text[], $2::text[]) AS q(vendor_id, invoice_number)"
                         " JOIN invoice_keys k ON k.vendor_id = q.vendor_id AND k.invoice_number = q.invoice_number",
                         text_array(vendors), text_array(numbers));
  for (const auto& row : rows) {
    out[{row[0].as<std::string>(), row[1].as<std::string>()}] = row[2].as<std::string>();
  }
  return out;
}

std::vector<std::pair<InvoiceKey, std::string>> claim_invoice_keys(
    pqxx::transaction_base& tx, const std::vector<std::pair<InvoiceKey, std::string>>& claims) {
  std::vector<std::pair<InvoiceKey, std::string>> lost;
  if (claims.empty()) return lost;
  std::vector<std::string> vendors, numbers, invoice_ids;
  vendors.reserve(claims.size());
  numbers.reserve(claims.size());
  invoice_ids.reserve(claims.size());
  for (const auto& [key, invoice_id] : claims) {
    vendors.push_back(key.first);
    numbers.push_back(key.second);
    invoice_ids.push_back(invoice_id);
  }
  const auto vendor_array = text_array(vendors);
  const auto number_array = text_array(numbers);
  const auto invoice_array = text_array(invoice_ids);
  // In key order, so that two transactions claiming overlapping keys take them in the same order
  // (a key claimed by an uncommitted transaction makes this wait for it, then skip the key:
  // without a common order two batches could deadlock); and for one key in the order given, so
  // the first of two claims of it in the batch wins.
  exec_prepared_text(
      tx,
      "INSERT INTO invoice_keys (vendor_id, invoice_number, invoice_id)"
      " SELECT vendor_id, invoice_number, invoice_id"
      " FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS c(vendor_id, invoice_number, invoice_id, n)"
      " ORDER BY vendor_id, invoice_number, n ON CONFLICT DO NOTHING",
      vendor_array, number_array, invoice_array);
  // A separate statement, so that (in READ COMMITTED) it sees the keys another transaction
  // committed while the insert waited.
  const auto rows = exec_prepared_text(
      tx,
      "SELECT c.vendor_id, c.invoice_number, c.invoice_id"
      " FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS c(vendor_id, invoice_number, invoice_id, n)"
      " JOIN invoice_keys k ON k.vendor_id = c.vendor_id AND k.invoice_number = c.invoice_number"
      " WHERE k.invoice_id <> c.invoice_id ORDER BY c.n",
      vendor_array, number_array, invoice_array);
  for (const auto& row : rows) {
    lost.push_back({{row[0].as<std::string>(), row[1].as<std::string>()}, row[2].as<std::string>()});
  }
  return lost;
}

std::unordered_map<std::string, domain::LinkedOrder> linked_orders(pqxx::transaction_base& tx,
                                                                   const std::vector<std::string>& po_ids) {
  std::unordered_map<std::string, domain::LinkedOrder> out;
  if (po_ids.empty()) return out;
  const auto rows = exec_prepared_text(
      tx, "SELECT po_id, status, vendor_id, total::text AS total FROM purchase_orders WHERE po_id = ANY($1::text[])",
      text_array(po_ids));
  for (const auto& row : rows) {
    const auto po_id = row["po_id"].as<std::string>();
    const RowReader r(row, "purchase_orders row " + po_id);
    const auto status = domain::parse_purchase_order_status(r.text("status"));
    if (!status) r.fail("has an unknown status");
    domain::LinkedOrder order;
    order.status = *status;
    order.vendor_id = r.text("vendor_id");
    order.total = r.money("total");
    out.emplace(po_id, std::move(order));
  }
  return out;
}

}  // namespace vextrus::pg

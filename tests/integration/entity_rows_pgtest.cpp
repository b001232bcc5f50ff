// The invoice and onboarding rows of migration 004 against a real database, as the runtime role:
// exact round trips of the domain structs (insert and update), the first-come invoice keys, the
// linked purchase orders, and the four dashboard views with hand-computed expectations.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <pqxx/pqxx>
#include <type_traits>

#include "adapters/postgres/entity_rows.hpp"
#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using domain::Invoice;
using domain::InvoiceStatus;
using domain::Onboarding;
using domain::OnboardingStatus;
using domain::OnboardingTask;
using domain::Role;
using domain::TaskStatus;

domain::Date date(const char* text) { return domain::parse_date(text).value(); }
domain::Timestamp at(const char* text) { return domain::parse_rfc3339(text).value(); }
domain::Money money(const char* text) { return domain::parse_money(text).value(); }

std::string text(const std::optional<domain::Timestamp>& t) { return t ? domain::format_utc(*t) : "none"; }

void expect_same(const Invoice& a, const Invoice& b) {
  SCOPED_TRACE("invoice " + a.invoice_id);
  EXPECT_EQ(a.invoice_id, b.invoice_id);
  EXPECT_EQ(domain::name(a.status), domain::name(b.status));
  EXPECT_EQ(a.vendor_id, b.vendor_id);
  EXPECT_EQ(a.vendor_category, b.vendor_category);
  EXPECT_EQ(a.invoice_number, b.invoice_number);
  EXPECT_EQ(a.invoice_date.days, b.invoice_date.days);
  EXPECT_EQ(a.po_id, b.po_id);
  EXPECT_EQ(a.subtotal.to_string(), b.subtotal.to_string());
  EXPECT_EQ(a.vat_amount.to_string(), b.vat_amount.to_string());
  EXPECT_EQ(a.total.to_string(), b.total.to_string());
  EXPECT_EQ(a.tax.lines_total.to_string(), b.tax.lines_total.to_string());
  EXPECT_EQ(a.tax.vat_computed.to_string(), b.tax.vat_computed.to_string());
  EXPECT_EQ(a.tax.vds_amount.to_string(), b.tax.vds_amount.to_string());
  EXPECT_EQ(a.tax.tds_amount.to_string(), b.tax.tds_amount.to_string());
  EXPECT_EQ(a.tax.net_payable.to_string(), b.tax.net_payable.to_string());
  EXPECT_EQ(a.paid_amount.to_string(), b.paid_amount.to_string());
  EXPECT_EQ(a.due_date.days, b.due_date.days);
  EXPECT_EQ(a.due_at.micros, b.due_at.micros);
  EXPECT_EQ(a.overdue, b.overdue);
  EXPECT_EQ(a.hold_reasons, b.hold_reasons);
  EXPECT_EQ(a.mushak_6_10, b.mushak_6_10);
  EXPECT_EQ(a.input_vat_credit_ineligible, b.input_vat_credit_ineligible);
  EXPECT_EQ(domain::names(a.tiers), domain::names(b.tiers));
  EXPECT_EQ(a.tiers_approved, b.tiers_approved);
  EXPECT_EQ(a.pending_since.micros, b.pending_since.micros);
  EXPECT_EQ(a.policy_id, b.policy_id);
  EXPECT_EQ(a.received_at.micros, b.received_at.micros);
  EXPECT_EQ(text(a.decided_at), text(b.decided_at));
  EXPECT_EQ(a.vendor_name, b.vendor_name);
  EXPECT_EQ(a.vendor_bin, b.vendor_bin);
  EXPECT_EQ(text(a.first_paid_at), text(b.first_paid_at));
}

void expect_same(const Onboarding& a, const Onboarding& b) {
  SCOPED_TRACE("onboarding " + a.employee_id);
  EXPECT_EQ(a.employee_id, b.employee_id);
  EXPECT_EQ(domain::name(a.status), domain::name(b.status));
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.nid, b.nid);
  EXPECT_EQ(a.mobile, b.mobile);
  EXPECT_EQ(a.tin, b.tin);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.start_date.days, b.start_date.days);
  EXPECT_EQ(a.hold_reasons, b.hold_reasons);
  EXPECT_EQ(a.tasks_started, b.tasks_started);
  for (const auto task : domain::onboarding_tasks) {
    SCOPED_TRACE(std::string(domain::name(task)));
    EXPECT_EQ(domain::name(a.task(task).status), domain::name(b.task(task).status));
    EXPECT_EQ(a.task(task).due_at.micros, b.task(task).due_at.micros);
    EXPECT_EQ(text(a.task(task).completed_at), text(b.task(task).completed_at));
  }
  EXPECT_EQ(a.policy_id, b.policy_id);
  EXPECT_EQ(a.hired_at.micros, b.hired_at.micros);
  EXPECT_EQ(text(a.decided_at), text(b.decided_at));
}

// Every field set, optional ones included; timestamps with microseconds.
Invoice full_invoice() {
  Invoice i;
  i.invoice_id = "INV-1";
  i.status = InvoiceStatus::pending_approval;
  i.vendor_id = "V-1";
  i.vendor_category = "goods";
  i.invoice_number = "N-100";
  i.invoice_date = date("2025-07-01");
  i.po_id = "PO-1";
  i.subtotal = money("600000.00");
  i.vat_amount = money("90000.50");
  i.total = money("690000.50");
  i.tax = {money("600000.01"), money("90000.00"), money("15000.00"), money("30000.25"), money("645000.25")};
  i.paid_amount = money("1.99");
  i.due_date = date("2025-07-31");
  i.due_at = at("2025-07-31T18:00:00Z");
  i.overdue = true;
  i.hold_reasons = {"vat_mismatch", "duplicate_invoice"};
  i.mushak_6_10 = true;
  i.input_vat_credit_ineligible = true;
  i.tiers = {Role::finance_manager, Role::cfo};
  i.tiers_approved = 1;
  i.pending_since = at("2025-07-02T03:04:05.123456Z");
  i.policy_id = "bd-default-2025";
  i.received_at = at("2025-07-01T09:30:00.000001Z");
  i.decided_at = at("2025-07-03T10:00:00.654321Z");
  i.vendor_name = "মেঘনা Stationers \"Ltd\"";
  i.vendor_bin = "0012345670101";
  i.first_paid_at = at("2025-07-03T09:00:00.000007Z");
  return i;
}

// The optional fields empty, no reasons, nothing approved.
Invoice bare_invoice() {
  Invoice i;
  i.invoice_id = "INV-2";
  i.status = InvoiceStatus::on_hold;
  i.vendor_id = "V-2";
  i.vendor_category = "services";
  i.invoice_number = "N-7";
  i.invoice_date = date("2024-02-29");
  i.subtotal = money("0.01");
  i.vat_amount = money("0.00");
  i.total = money("0.01");
  i.tax = {money("0.01"), money("0.00"), money("0.00"), money("0.00"), money("0.01")};
  i.due_date = date("2024-03-30");
  i.due_at = at("2024-03-30T18:00:00Z");
  i.tiers = {Role::finance_manager};
  i.pending_since = at("2024-02-29T00:00:00Z");
  i.policy_id = "bd-default-2024";
  i.received_at = at("2024-02-29T00:00:00Z");
  return i;
}

Onboarding started_onboarding() {
  Onboarding o;
  o.employee_id = "E-1";
  o.status = OnboardingStatus::in_progress;
  o.name = "Rahima Akter";
  o.nid = "1234567890";
  o.mobile = "01712345678";
  o.tin = "123456789012";
  o.department = "finance";
  o.position = "analyst";
  o.start_date = date("2025-09-01");
  o.hold_reasons = {"invalid_nid", "invalid_mobile"};  // from before a correction
  o.tasks_started = true;
  o.tasks[0] = {TaskStatus::completed, at("2025-08-31T18:00:00Z"), at("2025-08-30T11:22:33.444555Z")};
  o.tasks[1] = {TaskStatus::overdue, at("2025-09-01T18:00:00Z"), std::nullopt};
  o.tasks[2] = {TaskStatus::pending, at("2025-09-08T18:00:00Z"), std::nullopt};
  o.tasks[3] = {TaskStatus::pending, at("2025-10-01T18:00:00Z"), std::nullopt};
  o.policy_id = "bd-default-2025";
  o.hired_at = at("2025-08-20T04:00:00.000007Z");
  o.decided_at = at("2025-10-02T00:00:00Z");
  return o;
}

Onboarding held_onboarding() {
  Onboarding o;
  o.employee_id = "E-2";
  o.status = OnboardingStatus::on_hold;
  o.name = "Karim";
  o.nid = "12";
  o.mobile = "999";
  o.department = "it";
  o.position = "engineer";
  o.start_date = date("2025-12-31");
  // Not domain reasons: they prove that elements survive commas, quotes and backslashes.
  o.hold_reasons = {"invalid_nid", "a, b", "quote \" and \\ backslash", ""};
  o.policy_id = "bd-default-2025";
  o.hired_at = at("2025-12-01T00:00:00Z");
  return o;
}

// An invoice for the views: only what they read matters.
Invoice view_invoice(const char* id, const char* invoice_date, const char* category, InvoiceStatus status,
                     const char* vat, const char* vds, const char* tds) {
  Invoice i = bare_invoice();
  i.invoice_id = id;
  i.invoice_number = id;
  i.invoice_date = date(invoice_date);
  i.vendor_category = category;
  i.status = status;
  i.tax.vat_computed = money(vat);
  i.tax.vds_amount = money(vds);
  i.tax.tds_amount = money(tds);
  return i;
}

using Claim = std::pair<ports::InvoiceKey, std::string>;

class EntityRows : public ::testing::Test {
 protected:
  void SetUp() override {
    pg::apply_migrations(db_.owner_dsn());
    // The runtime role: what the service connects as, so the grants are tested too.
    connection_ = std::make_unique<pqxx::connection>(db_.app_dsn());
  }

  // Runs `work` in one committed transaction as the runtime role.
  template <typename F>
  auto in_transaction(F&& work) {
    pqxx::work tx(*connection_);
    if constexpr (std::is_void_v<decltype(work(tx))>) {
      work(tx);
      tx.commit();
    } else {
      auto result = work(tx);
      tx.commit();
      return result;
    }
  }

  // The upserts as a statement of their own in `tx`.
  static void upsert_in(pqxx::work& tx, const std::vector<Invoice>& invoices) {
    pg::WriteStatement writes;
    pg::upsert_invoices(writes, invoices);
    writes.run(tx);
  }
  static void upsert_in(pqxx::work& tx, const std::vector<Onboarding>& onboardings) {
    pg::WriteStatement writes;
    pg::upsert_onboardings(writes, onboardings);
    writes.run(tx);
  }
  void upsert(const std::vector<Invoice>& invoices) {
    in_transaction([&](pqxx::work& tx) { upsert_in(tx, invoices); });
  }
  void upsert(const std::vector<Onboarding>& onboardings) {
    in_transaction([&](pqxx::work& tx) { upsert_in(tx, onboardings); });
  }
  std::unordered_map<std::string, Invoice> invoices(const std::vector<std::string>& ids) {
    return in_transaction([&](pqxx::work& tx) { return pg::load_invoices(tx, ids); });
  }
  std::unordered_map<std::string, Onboarding> onboardings(const std::vector<std::string>& ids) {
    return in_transaction([&](pqxx::work& tx) { return pg::load_onboardings(tx, ids); });
  }
  std::vector<Claim> claim(const std::vector<Claim>& claims) {
    return in_transaction([&](pqxx::work& tx) { return pg::claim_invoice_keys(tx, claims); });
  }

  void insert_order(const std::string& po_id, const std::string& status, const std::string& total,
                    const std::string& pending_role) {
    const bool pending = !pending_role.empty();
    db_.scalar(
        "INSERT INTO purchase_orders (po_id, status, total, department, vendor_id, requester_id, budget_code, tiers,"
        " tiers_required, tiers_approved, pending_role, pending_since, policy_id, submitted_at) VALUES ('" +
        po_id + "', '" + status + "', " + total + ", 'ops', 'V-1', 'u-1', 'B-1', '{department_head}', 1, " +
        (pending ? "0, '" + pending_role + "', '2025-07-05T06:00:00Z'" : "1, NULL, NULL") +
        ", 'bd-default-2025', '2025-07-05T06:00:00Z')");
  }

  ScratchDatabase db_{"entityrows"};
  std::unique_ptr<pqxx::connection> connection_;
};

TEST_F(EntityRows, InvoicesRoundTripExactly) {
  upsert({full_invoice(), bare_invoice()});
  auto loaded = invoices({"INV-1", "INV-2", "INV-404"});
  ASSERT_EQ(loaded.size(), 2u) << "an id never written is absent";
  expect_same(loaded.at("INV-1"), full_invoice());
  expect_same(loaded.at("INV-2"), bare_invoice());
  EXPECT_EQ(db_.rows("SELECT invoice_id, tiers_required, pending_role, po_id, decided_at IS NULL FROM invoices"
                     " ORDER BY invoice_id"),
            (std::vector<std::string>{"INV-1|2|cfo|PO-1|f", "INV-2|1|NULL|NULL|t"}))
      << "tiers_required is the number of tiers; pending_role only while pending approval";
  EXPECT_EQ(db_.scalar("SELECT to_char(invoice_date, 'YYYY-MM-DD') || ' ' || to_char(due_date, 'YYYY-MM-DD')"
                       " FROM invoices WHERE invoice_id = 'INV-2'"),
            "2024-02-29 2024-03-30");
  EXPECT_TRUE(invoices({}).empty());
}

TEST_F(EntityRows, InvoicesUpdateInPlace) {
  upsert({full_invoice(), bare_invoice()});
  const auto first_update = db_.scalar("SELECT updated_at FROM invoices WHERE invoice_id = 'INV-1'");

  Invoice approved = full_invoice();
  approved.status = InvoiceStatus::approved;
  approved.tiers_approved = 2;
  approved.paid_amount = money("0.00");
  approved.overdue = false;
  approved.hold_reasons.clear();
  approved.po_id.reset();
  approved.decided_at = at("2025-07-04T00:00:00Z");
  Invoice released = bare_invoice();
  released.status = InvoiceStatus::pending_approval;
  released.pending_since = at("2024-03-01T01:02:03.000004Z");
  released.decided_at = at("2024-03-02T00:00:00Z");
  // Twice in one transaction, then once more.
  in_transaction([&](pqxx::work& tx) {
    upsert_in(tx, {full_invoice()});
    upsert_in(tx, {approved, released});
  });
  upsert({released});

  auto loaded = invoices({"INV-1", "INV-2"});
  ASSERT_EQ(loaded.size(), 2u);
  expect_same(loaded.at("INV-1"), approved);
  expect_same(loaded.at("INV-2"), released);
  EXPECT_EQ(db_.rows("SELECT invoice_id, pending_role FROM invoices ORDER BY invoice_id"),
            (std::vector<std::string>{"INV-1|NULL", "INV-2|finance_manager"}));
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM invoices"), "2");
  EXPECT_EQ(db_.scalar("SELECT updated_at > '" + first_update + "' FROM invoices WHERE invoice_id = 'INV-1'"), "t");

  // The same invoice twice in one batch: the later state wins.
  Invoice paid = approved;
  paid.status = InvoiceStatus::paid;
  upsert({approved, paid});
  EXPECT_EQ(domain::name(invoices({"INV-1"}).at("INV-1").status), "paid");
}

TEST_F(EntityRows, OnboardingsRoundTripExactly) {
  upsert({started_onboarding(), held_onboarding()});
  auto loaded = onboardings({"E-1", "E-2", "E-404"});
  ASSERT_EQ(loaded.size(), 2u);
  expect_same(loaded.at("E-1"), started_onboarding());
  expect_same(loaded.at("E-2"), held_onboarding());
  EXPECT_EQ(db_.rows("SELECT employee_id, task, status, completed_at IS NOT NULL FROM onboarding_tasks"
                     " ORDER BY employee_id, task"),
            (std::vector<std::string>{"E-1|account|completed|t", "E-1|benefits|pending|f", "E-1|it_equipment|overdue|f",
                                      "E-1|orientation|pending|f"}))
      << "no task rows for an onboarding on hold";
  EXPECT_EQ(db_.scalar("SELECT tin IS NULL AND decided_at IS NULL FROM onboardings WHERE employee_id = 'E-2'"), "t");
  EXPECT_TRUE(onboardings({}).empty());
}

TEST_F(EntityRows, OnboardingsUpdateInPlace) {
  upsert({started_onboarding(), held_onboarding()});

  Onboarding progressed = started_onboarding();
  progressed.tasks[static_cast<std::size_t>(OnboardingTask::it_equipment)] = {
      TaskStatus::completed_late, at("2025-09-01T18:00:00Z"), at("2025-09-03T07:00:00.5Z")};
  progressed.decided_at.reset();
  progressed.tin.reset();
  Onboarding corrected = held_onboarding();
  corrected.status = OnboardingStatus::in_progress;
  corrected.nid = "1234567890123";
  corrected.mobile = "+8801812345678";
  corrected.tin = "210987654321";
  corrected.tasks_started = true;
  for (std::size_t t = 0; t < 4; ++t)
    corrected.tasks[t].due_at = at("2026-01-01T00:00:00Z") + domain::Duration::hours(24 * static_cast<std::int64_t>(t));
  in_transaction([&](pqxx::work& tx) {
    upsert_in(tx, std::vector<Onboarding>{started_onboarding()});
    upsert_in(tx, std::vector<Onboarding>{progressed, corrected});
  });

  auto loaded = onboardings({"E-1", "E-2"});
  ASSERT_EQ(loaded.size(), 2u);
  expect_same(loaded.at("E-1"), progressed);
  expect_same(loaded.at("E-2"), corrected);
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM onboarding_tasks"), "8");
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM onboardings"), "2");
}

TEST_F(EntityRows, CorruptRowsAreRefusedNamingTheRow) {
  upsert({full_invoice()});
  upsert({started_onboarding()});
  db_.scalar("UPDATE invoices SET tiers = '{finance_manager,treasurer}' WHERE invoice_id = 'INV-1'");
  db_.scalar("DELETE FROM onboarding_tasks WHERE employee_id = 'E-1' AND task = 'benefits'");
  try {
    invoices({"INV-1"});
    ADD_FAILURE() << "an unknown role was read";
  } catch (const ports::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("INV-1"), std::string::npos) << e.what();
  }
  try {
    onboardings({"E-1"});
    ADD_FAILURE() << "an onboarding with a missing task was read";
  } catch (const ports::StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("E-1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("benefits"), std::string::npos) << e.what();
  }
}

TEST_F(EntityRows, InvoiceKeysGoToTheFirstClaim) {
  EXPECT_TRUE(claim({{{"V-1", "N-1"}, "INV-1"}, {{"V-1", "N-2"}, "INV-2"}}).empty());
  EXPECT_TRUE(claim({{{"V-1", "N-1"}, "INV-1"}}).empty()) << "the owner claiming again does not lose";
  EXPECT_EQ(claim({{{"V-1", "N-1"}, "INV-9"}, {{"V-2", "N-1"}, "INV-3"}}),
            (std::vector<Claim>{{{"V-1", "N-1"}, "INV-9"}}));
  EXPECT_EQ(claim({{{"V-3", "N-1"}, "INV-4"}, {{"V-3", "N-1"}, "INV-5"}, {{"V-3", "N-1"}, "INV-4"}}),
            (std::vector<Claim>{{{"V-3", "N-1"}, "INV-5"}}))
      << "within a batch the first claim wins";
  EXPECT_TRUE(claim({}).empty());

  const auto owners = in_transaction([&](pqxx::work& tx) {
    return pg::invoice_key_owners(tx, {{"V-1", "N-1"}, {"V-2", "N-1"}, {"V-3", "N-1"}, {"V-9", "N-9"}, {"N-1", "V-1"}});
  });
  EXPECT_EQ(owners, (std::map<ports::InvoiceKey, std::string>{
                        {{"V-1", "N-1"}, "INV-1"}, {{"V-2", "N-1"}, "INV-3"}, {{"V-3", "N-1"}, "INV-4"}}));
  EXPECT_TRUE(in_transaction([&](pqxx::work& tx) { return pg::invoice_key_owners(tx, {}); }).empty());
  EXPECT_EQ(db_.scalar("SELECT count(*) FROM invoice_keys"), "4");
}

TEST_F(EntityRows, AConcurrentClaimWaitsForTheFirstAndLoses) {
  pqxx::connection other(db_.app_dsn());
  pqxx::work first(other);
  EXPECT_TRUE(pg::claim_invoice_keys(first, {{{"V-1", "N-1"}, "INV-A"}}).empty());
  // The second claim blocks on the first transaction's uncommitted key.
  auto second = std::async(std::launch::async, [&] { return claim({{{"V-1", "N-1"}, "INV-B"}}); });
  EXPECT_EQ(second.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  first.commit();
  EXPECT_EQ(second.get(), (std::vector<Claim>{{{"V-1", "N-1"}, "INV-B"}}));
}

TEST_F(EntityRows, LinkedOrdersReadTheCommittedProjection) {
  insert_order("PO-1", "approved", "150000.50", "");
  const auto orders = in_transaction([&](pqxx::work& tx) { return pg::linked_orders(tx, {"PO-1", "PO-404"}); });
  ASSERT_EQ(orders.size(), 1u);
  const auto& order = orders.at("PO-1");
  EXPECT_EQ(domain::name(order.status), "approved");
  EXPECT_EQ(order.vendor_id, "V-1");
  EXPECT_EQ(order.total.to_string(), "150000.50");
  EXPECT_TRUE(in_transaction([&](pqxx::work& tx) { return pg::linked_orders(tx, {}); }).empty());
}

TEST_F(EntityRows, VatAndWithholdingViewsByBangladeshiFiscalYear) {
  upsert({view_invoice("I-1", "2025-06-30", "goods", InvoiceStatus::approved, "100.00", "10.00", "5.00"),
          view_invoice("I-2", "2025-07-01", "goods", InvoiceStatus::pending_approval, "200.00", "20.00", "7.50"),
          view_invoice("I-3", "2026-06-30", "services", InvoiceStatus::on_hold, "300.00", "30.00", "12.25"),
          view_invoice("I-4", "2025-07-31", "goods", InvoiceStatus::paid, "50.05", "5.00", "2.50"),
          view_invoice("I-5", "2025-07-20", "goods", InvoiceStatus::rejected, "999.00", "99.00", "99.00")});
  EXPECT_EQ(db_.rows("SELECT fiscal_year, to_char(month, 'YYYY-MM-DD'), vat_computed, vds_amount"
                     " FROM v_vat_by_fiscal_month ORDER BY month"),
            (std::vector<std::string>{"2024-25|2025-06-01|100.00|10.00", "2025-26|2025-07-01|250.05|25.00",
                                      "2025-26|2026-06-01|300.00|30.00"}))
      << "held invoices count, rejected ones do not";
  EXPECT_EQ(db_.rows("SELECT fiscal_year, vendor_category, invoices, vds_amount, tds_amount"
                     " FROM v_withholding_by_category ORDER BY fiscal_year, vendor_category"),
            (std::vector<std::string>{"2024-25|goods|1|10.00|5.00", "2025-26|goods|2|25.00|10.00",
                                      "2025-26|services|1|30.00|12.25"}));
}

TEST_F(EntityRows, PendingApprovalsAndOverdueViews) {
  insert_order("PO-P", "pending_approval", "5000.00", "department_head");
  insert_order("PO-D", "approved", "7000.00", "");

  Invoice pending = view_invoice("I-P", "2025-07-01", "goods", InvoiceStatus::pending_approval, "0", "0", "0");
  pending.total = money("1150.00");
  pending.pending_since = at("2025-07-02T00:00:00Z");
  pending.overdue = true;
  pending.due_at = at("2025-07-31T18:00:00Z");
  Invoice held_overdue = view_invoice("I-H", "2025-07-01", "goods", InvoiceStatus::on_hold, "0", "0", "0");
  held_overdue.overdue = true;
  Invoice paid_overdue = view_invoice("I-Q", "2025-07-01", "goods", InvoiceStatus::paid, "0", "0", "0");
  paid_overdue.overdue = true;
  Invoice approved_on_time = view_invoice("I-A", "2025-07-01", "goods", InvoiceStatus::approved, "0", "0", "0");
  upsert({pending, held_overdue, paid_overdue, approved_on_time});

  Onboarding active = started_onboarding();  // it_equipment is overdue
  Onboarding cancelled = started_onboarding();
  cancelled.employee_id = "E-C";
  cancelled.status = OnboardingStatus::cancelled;
  upsert({active, cancelled, held_onboarding()});

  EXPECT_EQ(db_.rows("SELECT workflow, entity_id, pending_role, amount, extract(epoch FROM pending_since)::bigint"
                     " FROM v_pending_approvals ORDER BY workflow, entity_id"),
            (std::vector<std::string>{"invoice|I-P|finance_manager|1150.00|1751414400",
                                      "purchase_order|PO-P|department_head|5000.00|1751695200"}));
  EXPECT_EQ(db_.rows("SELECT workflow, entity_id, item, extract(epoch FROM due_at)::bigint"
                     " FROM v_overdue ORDER BY workflow, entity_id"),
            (std::vector<std::string>{"invoice|I-P|payment|1753984800", "onboarding|E-1|it_equipment|1756749600"}))
      << "not held or paid invoices, nor the tasks of a cancelled onboarding";
}

}  // namespace
}  // namespace vextrus::testing

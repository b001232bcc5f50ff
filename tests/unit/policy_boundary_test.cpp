// Dated policy files (docs/policy.md): two files with different effective_from dates
// govern the events on either side of the boundary, effective_from being a day in Asia/Dhaka;
// the policy in force at an entity's first event governs that entity for its whole life; and a
// file that breaks the schema is refused with its path, line and key named.

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "config/policy_loader.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "tests/unit/invoice_fixtures.hpp"
#include "tests/unit/workflow_fixtures.hpp"

namespace vextrus::domain {
namespace {

using testing_support::as;
using testing_support::at;
using testing_support::detail_string;
using testing_support::line;
using testing_support::new_deadlines;

const std::string default_file = std::string(VEXTRUS_SOURCE_DIR) + "/config/policy/bd-default.yaml";

constexpr const char* old_policy_id = "bd-default-2025-07-01";
constexpr const char* new_policy_id = "bd-2026-07-01";

// The last second under the old policy and the first under the new one: 2026-07-01 starts at
// 00:00 Asia/Dhaka, 2026-06-30T18:00:00Z.
constexpr const char* just_before = "2026-06-30T23:59:59+06:00";
constexpr const char* just_after = "2026-07-01T00:00:00+06:00";

std::string read_default_policy() {
  std::ifstream in(default_file);
  if (!in) throw std::runtime_error("cannot read " + default_file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces the first `from` at or after `after` (itself searched from the start) with `to`.
void replace(std::string& yaml, const std::string& from, const std::string& to, const std::string& after = "") {
  const auto start = after.empty() ? 0 : yaml.find(after);
  if (start == std::string::npos) throw std::runtime_error("not in bd-default.yaml: " + after);
  const auto found = yaml.find(from, start);
  if (found == std::string::npos) throw std::runtime_error("not in bd-default.yaml: " + from);
  yaml.replace(found, from.size(), to);
}

// The 1-based line of the first `needle` in `text`.
int line_of(const std::string& text, const std::string& needle) {
  const auto found = text.find(needle);
  if (found == std::string::npos) throw std::runtime_error("not in the policy text: " + needle);
  int number = 1;
  for (std::size_t i = 0; i < found; ++i) number += text[i] == '\n' ? 1 : 0;
  return number;
}

// A policy file in /tmp, removed when the test is done with it.
class TempPolicyFile {
 public:
  explicit TempPolicyFile(const std::string& yaml) {
    static int count = 0;
    path_ = "/tmp/vextrus-policy-boundary-" + std::to_string(::getpid()) + "-" + std::to_string(++count) + ".yaml";
    std::ofstream(path_) << yaml;
  }
  ~TempPolicyFile() { std::remove(path_.c_str()); }
  TempPolicyFile(const TempPolicyFile&) = delete;
  TempPolicyFile& operator=(const TempPolicyFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The next budget's policy: from 2026-07-01, with visibly different rules.
//   invoice:    vat_default 15 → 10; cfo tier above 5,00,000 → 2,00,000; reminder 48h → 24h;
//               cash_credit_limit 1,00,000 → 5,00,000
//   onboarding: account −1d → −3d; orientation 7d → 14d
std::string next_budget_policy() {
  std::string yaml = read_default_policy();
  replace(yaml, "policy_id: bd-default-2025-07-01", std::string("policy_id: ") + new_policy_id);
  replace(yaml, "effective_from: 2025-07-01          # FY 2025-26", "effective_from: 2026-07-01          # FY 2026-27");
  replace(yaml, "vat_default: 15", "vat_default: 10", "invoice:");
  replace(yaml, "{role: cfo,               above: 500000}", "{role: cfo,               above: 200000}", "invoice:");
  replace(yaml, "reminder_after: 48h", "reminder_after: 24h", "invoice:");
  replace(yaml, "cash_credit_limit: 100000", "cash_credit_limit: 500000", "invoice:");
  replace(yaml, "account: -1d", "account: -3d", "onboarding:");
  replace(yaml, "orientation: 7d", "orientation: 14d", "onboarding:");
  return yaml;
}

// Both files, loaded through config::load_policies as the service loads VEXTRUS_POLICY; the
// files are gone by the time the tests run.
const PolicySet& two_budgets() {
  static const PolicySet set = [] {
    const TempPolicyFile older(read_default_policy());
    const TempPolicyFile newer(next_budget_policy());
    // Newer first: the order of the files must not matter.
    return config::load_policies({newer.path(), older.path()});
  }();
  return set;
}

// --- Which policy governs ---------------------------------------------------------------------

TEST(PolicyBoundary, BothFilesLoadWithTheirOwnRules) {
  const PolicySet& policies = two_budgets();
  ASSERT_EQ(policies.all().size(), 2u);
  const Policy* older = policies.find(old_policy_id);
  const Policy* newer = policies.find(new_policy_id);
  ASSERT_NE(older, nullptr);
  ASSERT_NE(newer, nullptr);
  EXPECT_EQ(format_date(older->effective_from), "2025-07-01");
  EXPECT_EQ(format_date(newer->effective_from), "2026-07-01");
  EXPECT_EQ(older->invoice.vat_default, Rate::whole(15));
  EXPECT_EQ(newer->invoice.vat_default, Rate::whole(10));
  EXPECT_EQ(older->invoice.tiers.at(1).above, Money::from_taka(500'000));
  EXPECT_EQ(newer->invoice.tiers.at(1).above, Money::from_taka(200'000));
  EXPECT_EQ(newer->invoice.reminder_after, Duration::hours(24));
  EXPECT_EQ(newer->invoice.cash_credit_limit, Money::from_taka(500'000));
  EXPECT_EQ(newer->onboarding.task_offsets[0], Duration::hours(-72));
  EXPECT_EQ(newer->onboarding.task_offsets[2], Duration::hours(14 * 24));
}

TEST(PolicyBoundary, EffectiveFromStartsAtMidnightInDhaka) {
  const PolicySet& policies = two_budgets();
  struct Case {
    const char* at;
    const char* policy_id;  // nullptr: none governs
  };
  const Case cases[] = {
      {"2025-06-30T23:59:59+06:00", nullptr},
      {"2025-07-01T00:00:00+06:00", old_policy_id},
      {just_before, old_policy_id},
      {"2026-06-30T17:59:59.999999Z", old_policy_id},
      {just_after, new_policy_id},
      {"2026-06-30T18:00:00Z", new_policy_id},  // the same instant in UTC
      {"2026-07-01T12:00:00Z", new_policy_id},
      {"2030-01-01T00:00:00+06:00", new_policy_id},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at);
    const Policy* governing = policies.governing(at(c.at));
    if (c.policy_id == nullptr) {
      EXPECT_EQ(governing, nullptr);
    } else {
      ASSERT_NE(governing, nullptr);
      EXPECT_EQ(governing->policy_id, c.policy_id);
    }
  }
}

// --- Invoices on either side ------------------------------------------------------------------

// Construction, one line of 3,00,000.00 without a VAT rate, 45,000.00 VAT (15%), total
// 3,45,000.00, vendor with proof of return: VDS 7.5% = 22,500.00, TDS 7% = 21,000.00, net payable
// 3,01,500.00. Under the old policy: VAT 15% agrees, finance alone approves (3,45,000 ≤ 5,00,000).
// Under the new: VAT 10% is 30,000.00, off by 15,000.00 (held vat_mismatch), and the cfo tier
// applies (3,45,000 > 2,00,000).
InvoiceReceived three_lakh_invoice(const char* invoice_number) {
  auto payload =
      testing_support::received("construction", {line(1, "300000.00")}, "300000.00", "45000.00", "345000.00");
  payload.invoice_number = invoice_number;
  payload.invoice_date = *parse_date("2026-06-30");
  payload.vendor.return_filed = true;
  return payload;
}

Event invoice_event(const char* invoice_id, EventType type, Role role, const char* occurred_at, Payload payload) {
  return testing_support::make_event(type, invoice_id, as(role), occurred_at, std::move(payload));
}

Decision<Invoice> receive(const char* invoice_id, const char* occurred_at) {
  return decide(std::nullopt,
                invoice_event(invoice_id, EventType::invoice_received, Role::requester, occurred_at,
                              three_lakh_invoice(invoice_id)),
                two_budgets(), {});
}

TEST(PolicyBoundary, AnInvoiceReceivedJustBeforeTheBoundaryUsesTheOldRules) {
  const auto decision = receive("INV-OLD", just_before);
  ASSERT_TRUE(decision.next.has_value());
  const Invoice& invoice = *decision.next;
  EXPECT_EQ(invoice.policy_id, old_policy_id);
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), old_policy_id);
  EXPECT_EQ(decision.audit.action, domain::AuditAction::received);
  EXPECT_EQ(invoice.status, InvoiceStatus::pending_approval);
  EXPECT_EQ(invoice.tax.vat_computed.to_string(), "45000.00") << "vat_default 15";
  EXPECT_EQ(detail_string(decision.audit, "vat_computed"), "45000.00");
  EXPECT_EQ(invoice.tax.net_payable.to_string(), "301500.00");
  EXPECT_EQ(invoice.tiers, std::vector<Role>{Role::finance_manager}) << "cfo above 5,00,000";
  // Reminder after 48 h, escalation after 96 h, from 2026-06-30T17:59:59Z; due at the end of
  // 2026-07-30 in Dhaka.
  EXPECT_EQ(new_deadlines(decision), (std::vector<std::string>{"escalation 0 2026-07-04T17:59:59.000000Z",
                                                               "overdue 0 2026-07-30T18:00:00.000000Z",
                                                               "reminder 0 2026-07-02T17:59:59.000000Z"}));
}

TEST(PolicyBoundary, AnInvoiceReceivedJustAfterTheBoundaryUsesTheNewRules) {
  const auto decision = receive("INV-NEW", just_after);
  ASSERT_TRUE(decision.next.has_value());
  const Invoice& invoice = *decision.next;
  EXPECT_EQ(invoice.policy_id, new_policy_id);
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), new_policy_id);
  EXPECT_EQ(invoice.tax.vat_computed.to_string(), "30000.00") << "vat_default 10";
  EXPECT_EQ(detail_string(decision.audit, "vat_computed"), "30000.00");
  EXPECT_EQ(invoice.status, InvoiceStatus::on_hold);
  EXPECT_EQ(invoice.hold_reasons, std::vector<std::string>{"vat_mismatch"});
  EXPECT_EQ(decision.audit.action, domain::AuditAction::held);
  EXPECT_EQ(invoice.tiers, (std::vector<Role>{Role::finance_manager, Role::cfo})) << "cfo above 2,00,000";
}

TEST(PolicyBoundary, ALaterEventOfAnOlderInvoiceStillUsesItsOwnPolicy) {
  const PolicySet& policies = two_budgets();
  Invoice invoice = receive("INV-OLD", just_before).next.value();

  // Approved after the boundary: still one tier, the old policy's.
  const auto approval = decide(invoice,
                               invoice_event("INV-OLD", EventType::invoice_approved, Role::finance_manager,
                                             "2026-07-02T10:00:00+06:00", InvoiceApproved{}),
                               policies, {});
  ASSERT_TRUE(approval.next.has_value());
  EXPECT_EQ(approval.next->status, InvoiceStatus::approved);
  EXPECT_EQ(approval.next->policy_id, old_policy_id);
  EXPECT_EQ(detail_string(approval.audit, "policy_id"), old_policy_id);
  invoice = *approval.next;

  // A refusal after the boundary records the entity's policy too.
  const auto refusal = decide(
      invoice,
      invoice_event("INV-OLD", EventType::invoice_approved, Role::cfo, "2026-07-03T10:00:00+06:00", InvoiceApproved{}),
      policies, {});
  EXPECT_EQ(refusal.audit.action, domain::AuditAction::refused);
  EXPECT_EQ(detail_string(refusal.audit, "policy_id"), old_policy_id);

  // Paid in full in cash after the boundary: 3,45,000.00 is above the old cash limit of 1,00,000
  // (the new one, 5,00,000, would let the input VAT be credited).
  const auto payment =
      decide(invoice,
             invoice_event("INV-OLD", EventType::invoice_paid, Role::finance_manager, "2026-07-05T10:00:00+06:00",
                           InvoicePaid{testing_support::money("301500.00"), "PAY-1", PaymentMethod::cash}),
             policies, {});
  ASSERT_TRUE(payment.next.has_value());
  EXPECT_EQ(payment.next->status, InvoiceStatus::paid);
  EXPECT_TRUE(payment.next->input_vat_credit_ineligible) << "the old cash_credit_limit, 1,00,000";
  EXPECT_EQ(detail_string(payment.audit, "policy_id"), old_policy_id);
}

TEST(PolicyBoundary, ALaterEventOfANewerInvoiceUsesTheNewPolicy) {
  const PolicySet& policies = two_budgets();
  const Invoice held = receive("INV-NEW", just_after).next.value();
  // Released on 2026-07-01T10:00+06:00 (04:00Z): the new reminder is due 24 h later.
  const auto release =
      decide(held,
             invoice_event("INV-NEW", EventType::invoice_hold_released, Role::finance_manager,
                           "2026-07-01T10:00:00+06:00", InvoiceHoldReleased{"VAT at the old rate, agreed"}),
             policies, {});
  ASSERT_TRUE(release.next.has_value());
  EXPECT_EQ(release.next->status, InvoiceStatus::pending_approval);
  EXPECT_EQ(detail_string(release.audit, "policy_id"), new_policy_id);
  EXPECT_EQ(new_deadlines(release), (std::vector<std::string>{"escalation 0 2026-07-05T04:00:00.000000Z",
                                                              "overdue 0 2026-07-30T18:00:00.000000Z",
                                                              "reminder 0 2026-07-02T04:00:00.000000Z"}));
}

// --- Onboardings on either side ---------------------------------------------------------------

EmployeeHired hire_starting_2026_07_15() {
  EmployeeHired payload;
  payload.name = "Karim Hossain";
  payload.nid = "1234567890";
  payload.mobile = "01812345678";
  payload.department = "finance";
  payload.position = "accountant";
  payload.start_date = *parse_date("2026-07-15");
  return payload;
}

Event onboarding_event(EventType type, const char* occurred_at, Payload payload) {
  return testing_support::make_event(type, "EMP-BOUNDARY", as(Role::hr), occurred_at, std::move(payload));
}

// Start date 2026-07-15; the end of day D is D 18:00Z.
//   old: account end of 07-14, it_equipment end of 07-15, orientation end of 07-22, benefits end of 08-14
//   new: account end of 07-12, it_equipment end of 07-15, orientation end of 07-29, benefits end of 08-14
const std::vector<std::string> old_task_deadlines{
    "task_due 0 2026-07-14T18:00:00.000000Z", "task_due 1 2026-07-15T18:00:00.000000Z",
    "task_due 2 2026-07-22T18:00:00.000000Z", "task_due 3 2026-08-14T18:00:00.000000Z"};
const std::vector<std::string> new_task_deadlines{
    "task_due 0 2026-07-12T18:00:00.000000Z", "task_due 1 2026-07-15T18:00:00.000000Z",
    "task_due 2 2026-07-29T18:00:00.000000Z", "task_due 3 2026-08-14T18:00:00.000000Z"};

TEST(PolicyBoundary, AnOnboardingGetsTaskDueTimesFromItsOwnPolicy) {
  const PolicySet& policies = two_budgets();
  const auto before =
      decide(std::optional<Onboarding>(),
             onboarding_event(EventType::employee_hired, just_before, hire_starting_2026_07_15()), policies);
  ASSERT_TRUE(before.next.has_value());
  EXPECT_EQ(before.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(before.next->policy_id, old_policy_id);
  EXPECT_EQ(detail_string(before.audit, "policy_id"), old_policy_id);
  EXPECT_EQ(new_deadlines(before), old_task_deadlines);
  EXPECT_EQ(format_utc(before.next->task(OnboardingTask::account).due_at), "2026-07-14T18:00:00.000000Z");

  const auto after =
      decide(std::optional<Onboarding>(),
             onboarding_event(EventType::employee_hired, just_after, hire_starting_2026_07_15()), policies);
  ASSERT_TRUE(after.next.has_value());
  EXPECT_EQ(after.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(after.next->policy_id, new_policy_id);
  EXPECT_EQ(detail_string(after.audit, "policy_id"), new_policy_id);
  EXPECT_EQ(new_deadlines(after), new_task_deadlines);
  EXPECT_EQ(format_utc(after.next->task(OnboardingTask::orientation).due_at), "2026-07-29T18:00:00.000000Z");
}

TEST(PolicyBoundary, AnOnboardingHeldBeforeTheBoundaryStartsItsTasksUnderItsOwnPolicy) {
  const PolicySet& policies = two_budgets();
  EmployeeHired payload = hire_starting_2026_07_15();
  payload.mobile = "01212345678";  // 012: not a Bangladeshi mobile prefix
  const auto hired =
      decide(std::optional<Onboarding>(), onboarding_event(EventType::employee_hired, just_before, payload), policies);
  ASSERT_TRUE(hired.next.has_value());
  EXPECT_EQ(hired.next->status, OnboardingStatus::on_hold);
  EXPECT_TRUE(new_deadlines(hired).empty());

  // Corrected after the boundary: the tasks start now, due as the old policy says.
  EmployeeDetailsCorrected correction;
  correction.mobile = "01812345678";
  const auto corrected = decide(
      *hired.next, onboarding_event(EventType::employee_details_corrected, "2026-07-02T10:00:00+06:00", correction),
      policies);
  ASSERT_TRUE(corrected.next.has_value());
  EXPECT_EQ(corrected.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(corrected.next->policy_id, old_policy_id);
  EXPECT_EQ(detail_string(corrected.audit, "policy_id"), old_policy_id);
  EXPECT_EQ(new_deadlines(corrected), old_task_deadlines);
}

// --- A file that breaks the schema ------------------------------------------------------------

TEST(PolicyBoundary, AFileThatBreaksTheSchemaNamesItsPathLineAndKey) {
  // A line `    cfo: 3s` where invoice.tiers must be a list of {role, above}.
  std::string yaml = next_budget_policy();
  const std::string tiers_list =
      "  tiers:\n"
      "    - {role: finance_manager,   above: 0}\n"
      "    - {role: cfo,               above: 200000}\n"
      "    - {role: managing_director, above: 5000000}\n";
  replace(yaml, tiers_list, "  tiers:\n    cfo: 3s\n", "invoice:");
  const int bad_line = line_of(yaml, "    cfo: 3s");
  const TempPolicyFile older(read_default_policy());
  const TempPolicyFile broken(yaml);

  std::string what;
  try {
    config::load_policies({older.path(), broken.path()});
  } catch (const config::ConfigError& e) {
    what = e.what();
  }
  ASSERT_FALSE(what.empty()) << "a broken policy file was accepted";
  EXPECT_NE(what.find(broken.path()), std::string::npos) << what;
  EXPECT_NE(what.find(broken.path() + ":" + std::to_string(bad_line)), std::string::npos)
      << "line " << bad_line << ": " << what;
  EXPECT_NE(what.find("invoice.tiers"), std::string::npos) << what;
}

TEST(PolicyBoundary, AFileThatDoesNotParseNamesItsPathLineAndKey) {
  // The same line inserted under invoice.tiers, after its list: no longer YAML at all. A file
  // that does not parse or breaks the schema is refused with the file, line and key named
  // (docs/policy.md, "Loader errors").
  std::string yaml = next_budget_policy();
  replace(yaml, "    - {role: managing_director, above: 5000000}\n",
          "    - {role: managing_director, above: 5000000}\n    cfo: 3s\n", "invoice:");
  const int bad_line = line_of(yaml, "    cfo: 3s");
  const TempPolicyFile broken(yaml);

  std::string what;
  try {
    config::load_policies({broken.path()});
  } catch (const config::ConfigError& e) {
    what = e.what();
  }
  ASSERT_FALSE(what.empty()) << "a policy file that is not YAML was accepted";
  EXPECT_NE(what.find(broken.path() + ":" + std::to_string(bad_line)), std::string::npos)
      << "line " << bad_line << ": " << what;
  EXPECT_NE(what.find("invoice.tiers"), std::string::npos) << "the key: " << what;
}

TEST(PolicyBoundary, TheTemporaryFilesAreRemoved) {
  std::string path;
  {
    const TempPolicyFile file(read_default_policy());
    path = file.path();
    EXPECT_EQ(::access(path.c_str(), F_OK), 0);
  }
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

}  // namespace
}  // namespace vextrus::domain

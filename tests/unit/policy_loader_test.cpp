// The policy files of docs/policy.md: the default file in full, and schema errors that
// stop the service with the file, line and key named.

#include "config/policy_loader.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace vextrus::config {
namespace {

const std::string default_file = std::string(VEXTRUS_SOURCE_DIR) + "/config/policy/bd-default.yaml";

// bd-default.yaml with `from` replaced by `to`, in a temporary file.
std::string variant(const std::string& from, const std::string& to) {
  std::ifstream in(default_file);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const auto at = yaml.find(from);
  if (at == std::string::npos) throw std::runtime_error("not in bd-default.yaml: " + from);
  yaml.replace(at, from.size(), to);
  static int count = 0;
  const std::string path =
      "/tmp/vextrus-policy-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count) + ".yaml";
  std::ofstream(path) << yaml;
  return path;
}

// The error of loading the variant, which must be refused.
std::string refusal(const std::string& from, const std::string& to) {
  const auto file = variant(from, to);
  std::string what;
  try {
    load_policies({file});
  } catch (const ConfigError& e) {
    what = e.what();
  }
  std::remove(file.c_str());
  return what;
}

TEST(PolicyFile, TheDefaultInvoiceAndOnboardingPartsLoad) {
  const auto policies = load_policies({default_file});
  const auto& invoice = policies.all().at(0).invoice;
  ASSERT_EQ(invoice.tiers.size(), 3u);
  EXPECT_EQ(invoice.tiers[1].role, domain::Role::cfo);
  EXPECT_EQ(invoice.tiers[1].above, domain::Money::from_taka(500'000));
  EXPECT_EQ(invoice.payment_terms, domain::Duration::hours(30 * 24));
  EXPECT_EQ(invoice.vat_default, domain::Rate::whole(15));
  ASSERT_EQ(invoice.vat_rates.size(), 5u);
  EXPECT_EQ(invoice.vat_rates[2], domain::Rate::from_scaled(75'000)) << "7.5";
  EXPECT_EQ(invoice.vat_tolerance, domain::Money::from_taka(1));
  EXPECT_EQ(invoice.po_tolerance_percent, domain::Rate::whole(2));
  EXPECT_EQ(invoice.tds_uplift_without_return, domain::Rate::from_scaled(15'000));
  EXPECT_EQ(invoice.mushak_6_10_above, domain::Money::from_taka(200'000));
  EXPECT_EQ(invoice.cash_credit_limit, domain::Money::from_taka(100'000));
  ASSERT_EQ(invoice.categories.size(), 11u);
  const auto* provider = invoice.category("procurement_provider");
  ASSERT_NE(provider, nullptr);
  EXPECT_EQ(provider->vds, domain::Rate::from_scaled(75'000));
  EXPECT_EQ(provider->tds, domain::Rate::whole(5));
  EXPECT_TRUE(provider->bin_required);
  EXPECT_FALSE(invoice.category("construction")->bin_required);
  EXPECT_EQ(invoice.category("it_enabled_service")->vds, domain::Rate::whole(5));
  const auto& tasks = policies.all().at(0).onboarding.task_offsets;
  EXPECT_EQ(tasks[0], domain::Duration::hours(-24)) << "account: -1d";
  EXPECT_EQ(tasks[1], domain::Duration::hours(0));
  EXPECT_EQ(tasks[2], domain::Duration::hours(7 * 24));
  EXPECT_EQ(tasks[3], domain::Duration::hours(30 * 24));
}

struct BadPolicy {
  const char* from;
  const char* to;
  const char* key;  // named in the error, with the file and a line
};

class PolicySchema : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicySchema, AViolationNamesFileLineAndKey) {
  const auto what = refusal(GetParam().from, GetParam().to);
  ASSERT_FALSE(what.empty()) << "accepted";
  EXPECT_NE(what.find("/tmp/vextrus-policy-test-"), std::string::npos) << what;
  EXPECT_NE(what.find(".yaml:"), std::string::npos) << "a line number: " << what;
  EXPECT_NE(what.find(GetParam().key), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(
    Invoice, PolicySchema,
    ::testing::Values(
        BadPolicy{"vat_rates: [0, 5, 7.5, 10, 15]", "vat_rates: [0, 5, 7.55555, 10, 15]", "invoice.vat_rates[2]"},
        BadPolicy{"vat_default: 15", "vat_default: 12", "invoice.vat_default"},
        BadPolicy{"vat_tolerance: 1.00", "vat_tolerance: 1.001", "invoice.vat_tolerance"},
        BadPolicy{"payment_terms: 30d", "payment_terms: 30", "invoice.payment_terms"},
        BadPolicy{"tds_uplift_without_return: 1.5", "tds_uplift_without_return: -1.5",
                  "invoice.tds_uplift_without_return"},
        BadPolicy{"construction:          {vds: 7.5, tds: 7}", "construction:          {vds: x, tds: 7}",
                  "invoice.categories.construction.vds"},
        BadPolicy{"construction:          {vds: 7.5, tds: 7}",
                  "construction:          {vds: 7.5, tds: 7, bin_required: maybe}",
                  "invoice.categories.construction.bin_required"},
        BadPolicy{"construction:          {vds: 7.5, tds: 7}", "construction:          {vds: 7.5, tds: 7, vat: 1}",
                  "invoice.categories.construction.vat"},
        BadPolicy{"  cash_credit_limit: 100000\n", "", "invoice.cash_credit_limit"},
        BadPolicy{"  mushak_6_10_above: 200000", "  mushak_6_10_limit: 200000", "invoice.mushak_6_10_limit"}));

INSTANTIATE_TEST_SUITE_P(
    Onboarding, PolicySchema,
    ::testing::Values(BadPolicy{"    benefits: 30d", "    benefits: soon", "onboarding.tasks.benefits"},
                      BadPolicy{"    benefits: 30d", "    pension: 30d", "onboarding.tasks.pension"},
                      BadPolicy{"    orientation: 7d\n", "", "onboarding.tasks.orientation"}));

TEST(PolicyFile, EverySectionIsRequired) {
  const auto what = refusal("onboarding:\n  tasks:", "elsewhere:\n  tasks:");
  EXPECT_NE(what.find("elsewhere"), std::string::npos) << what;
}

}  // namespace
}  // namespace vextrus::config

// The invoice computations of docs/events.md, hand-checked: VAT per line, VDS and TDS for every
// vendor category with and without proof of return, rounding half away from zero, and every
// hold reason alone and together.

#include <gtest/gtest.h>

#include "domain/invoice.hpp"
#include "tests/unit/invoice_fixtures.hpp"

namespace vextrus::domain {
namespace {

using testing_support::bd_invoice_policy;
using testing_support::line;
using testing_support::money;
using testing_support::received;

struct CategoryRow {
  const char* category;
  bool return_filed;
  const char* vds;
  const char* tds;
  const char* net_payable;
};

// Subtotal 100,000.00 at 15% VAT (15,000.00), total 115,000.00. TDS is 1.5 times the
// category's rate without proof of return.
class EveryCategory : public ::testing::TestWithParam<CategoryRow> {};

TEST_P(EveryCategory, WithholdsItsVdsAndTds) {
  const auto& row = GetParam();
  auto invoice = received(row.category, {line(1, "100000.00")}, "100000.00", "15000.00", "115000.00");
  invoice.vendor.return_filed = row.return_filed;
  const auto tax = compute_invoice_tax(invoice, bd_invoice_policy());
  EXPECT_EQ(tax.vat_computed.to_string(), "15000.00");
  EXPECT_EQ(tax.vds_amount.to_string(), row.vds);
  EXPECT_EQ(tax.tds_amount.to_string(), row.tds);
  EXPECT_EQ(tax.net_payable.to_string(), row.net_payable);
}

INSTANTIATE_TEST_SUITE_P(
    HandChecked, EveryCategory,
    ::testing::Values(CategoryRow{"supplier_manufacturer", true, "0.00", "5000.00", "110000.00"},
                      CategoryRow{"supplier_manufacturer", false, "0.00", "7500.00", "107500.00"},
                      CategoryRow{"procurement_provider", true, "7500.00", "5000.00", "102500.00"},
                      CategoryRow{"procurement_provider", false, "7500.00", "7500.00", "100000.00"},
                      CategoryRow{"construction", true, "7500.00", "7000.00", "100500.00"},
                      CategoryRow{"construction", false, "7500.00", "10500.00", "97000.00"},
                      CategoryRow{"consultancy", true, "15000.00", "10000.00", "90000.00"},
                      CategoryRow{"consultancy", false, "15000.00", "15000.00", "85000.00"},
                      CategoryRow{"security_manpower", true, "15000.00", "10000.00", "90000.00"},
                      CategoryRow{"security_manpower", false, "15000.00", "15000.00", "85000.00"},
                      CategoryRow{"advertising", true, "15000.00", "10000.00", "90000.00"},
                      CategoryRow{"advertising", false, "15000.00", "15000.00", "85000.00"},
                      CategoryRow{"printing", true, "10000.00", "10000.00", "95000.00"},
                      CategoryRow{"printing", false, "10000.00", "15000.00", "90000.00"},
                      CategoryRow{"repairs_maintenance", true, "10000.00", "10000.00", "95000.00"},
                      CategoryRow{"repairs_maintenance", false, "10000.00", "15000.00", "90000.00"},
                      CategoryRow{"transport", true, "10000.00", "10000.00", "95000.00"},
                      CategoryRow{"transport", false, "10000.00", "15000.00", "90000.00"},
                      CategoryRow{"it_enabled_service", true, "5000.00", "10000.00", "100000.00"},
                      CategoryRow{"it_enabled_service", false, "5000.00", "15000.00", "95000.00"},
                      CategoryRow{"other_service", true, "15000.00", "10000.00", "90000.00"},
                      CategoryRow{"other_service", false, "15000.00", "15000.00", "85000.00"}));

TEST(InvoiceTax, ThreeTimes333Point33At15PercentRoundsEachLineOnce) {
  // 999.99 × 15% = 149.9985 → 150.00; as three lines, 3 × round(49.9995) = 150.00.
  const auto one_line = received("construction", {line(3, "333.33")}, "999.99", "150.00", "1149.99");
  const auto three_lines = received("construction", {line(1, "333.33"), line(1, "333.33"), line(1, "333.33")}, "999.99",
                                    "150.00", "1149.99");
  for (const auto& invoice : {one_line, three_lines}) {
    auto filed = invoice;
    filed.vendor.return_filed = true;
    const auto tax = compute_invoice_tax(filed, bd_invoice_policy());
    EXPECT_EQ(tax.lines_total.to_string(), "999.99");
    EXPECT_EQ(tax.vat_computed.to_string(), "150.00");
    EXPECT_EQ(tax.vds_amount.to_string(), "75.00") << "999.99 × 7.5% = 74.99925";
    EXPECT_EQ(tax.tds_amount.to_string(), "70.00") << "999.99 × 7% = 69.9993";
    EXPECT_EQ(tax.net_payable.to_string(), "1004.99");
    EXPECT_EQ(compute_invoice_tax(invoice, bd_invoice_policy()).tds_amount.to_string(), "105.00")
        << "999.99 × 7% × 1.5 = 104.99895";
  }
}

TEST(InvoiceTax, HalfAPaisaRoundsAwayFromZero) {
  EXPECT_EQ(percent_of(money("0.10"), Rate::whole(5)).to_string(), "0.01") << "0.005";
  EXPECT_EQ(percent_of(money("1.00"), *parse_rate("7.5")).to_string(), "0.08") << "0.075";
  EXPECT_EQ(percent_of(money("0.30"), *parse_rate("7.5")).to_string(), "0.02") << "0.0225";
  EXPECT_EQ(percent_of(money("0.10"), Rate::whole(15)).to_string(), "0.02") << "0.015";
  EXPECT_EQ(percent_of(money("0.09"), Rate::whole(5)).to_string(), "0.00") << "0.0045";
  EXPECT_EQ(percent_of(money("999999999999999.99"), Rate::whole(15), *parse_rate("1.5")).to_string(),
            "225000000000000.00")
      << "the largest amount, exactly: 999,999,999,999,999.99 × 22.5% = 224,999,999,999,999.997750";
}

TEST(InvoiceTax, MixedVatRatesAreComputedPerLine) {
  auto invoice = received(
      "consultancy", {line(2, "1000.00", "15"), line(1, "500.00", "5"), line(3, "33.33", "7.5"), line(1, "10.00", "0")},
      "2609.99", "332.50", "2942.49");
  const auto tax = compute_invoice_tax(invoice, bd_invoice_policy());
  EXPECT_EQ(tax.lines_total.to_string(), "2609.99");
  EXPECT_EQ(tax.vat_computed.to_string(), "332.50") << "300.00 + 25.00 + round(7.49925) + 0";
  EXPECT_TRUE(hold_reasons(invoice, tax, bd_invoice_policy(), {}).empty());

  // Line by line, as the received record and the console show them; a line without a rate bears
  // the policy's vat_default.
  invoice.lines.push_back(line(1, "100.00"));
  std::vector<std::string> shown;
  for (const auto& l : compute_line_taxes(invoice, bd_invoice_policy())) {
    shown.push_back(l.amount.to_string() + "@" + l.vat_rate.to_string() + "=" + l.vat.to_string());
  }
  EXPECT_EQ(shown, (std::vector<std::string>{"2000.00@15=300.00", "500.00@5=25.00", "99.99@7.5=7.50", "10.00@0=0.00",
                                             "100.00@15=15.00"}));
}

TEST(InvoiceTax, RatesPrintAndParseExactly) {
  EXPECT_EQ(parse_rate("7.5")->to_string(), "7.5");
  EXPECT_EQ(parse_rate("15")->to_string(), "15");
  EXPECT_EQ(parse_rate("0.0001")->to_string(), "0.0001");
  EXPECT_FALSE(parse_rate("0.00001"));
  EXPECT_FALSE(parse_rate("-1"));
  EXPECT_FALSE(parse_rate("1e2"));
  EXPECT_FALSE(parse_rate("7."));
  EXPECT_FALSE(parse_rate(".5"));
}

// A clean invoice: consultancy, valid TIN and BIN, sums that agree.
InvoiceReceived clean() {
  auto invoice = received("consultancy", {line(1, "100000.00")}, "100000.00", "15000.00", "115000.00");
  invoice.vendor.tin = "123456789012";
  invoice.vendor.bin = "1234567890123";
  return invoice;
}

std::vector<std::string> reasons_of(const InvoiceReceived& invoice, const InvoiceLookups& lookups = {}) {
  return hold_reasons(invoice, compute_invoice_tax(invoice, bd_invoice_policy()), bd_invoice_policy(), lookups);
}

using Reasons = std::vector<std::string>;

TEST(InvoiceHolds, ACleanInvoiceHasNone) { EXPECT_TRUE(reasons_of(clean()).empty()); }

TEST(InvoiceHolds, EachReasonAlone) {
  auto bad_bin = clean();
  bad_bin.vendor.bin = "12345";
  EXPECT_EQ(reasons_of(bad_bin), Reasons{"invalid_bin"});

  auto missing_required_bin = clean();
  missing_required_bin.vendor.category = "supplier_manufacturer";
  missing_required_bin.vendor.bin.reset();
  EXPECT_EQ(reasons_of(missing_required_bin), Reasons{"invalid_bin"});
  auto missing_optional_bin = clean();
  missing_optional_bin.vendor.bin.reset();
  EXPECT_TRUE(reasons_of(missing_optional_bin).empty()) << "consultancy does not require a BIN";

  auto bad_tin = clean();
  bad_tin.vendor.tin = "12345678901a";
  EXPECT_EQ(reasons_of(bad_tin), Reasons{"invalid_tin"});

  auto subtotal = clean();
  subtotal.subtotal = money("100000.01");
  subtotal.total = money("115000.01");
  EXPECT_EQ(reasons_of(subtotal), Reasons{"subtotal_mismatch"});

  auto vat_within = clean();
  vat_within.vat_amount = money("15001.00");
  vat_within.total = money("115001.00");
  EXPECT_TRUE(reasons_of(vat_within).empty()) << "1.00 is within the tolerance";
  auto vat = clean();
  vat.vat_amount = money("14998.99");
  vat.total = money("114998.99");
  EXPECT_EQ(reasons_of(vat), Reasons{"vat_mismatch"});

  auto total = clean();
  total.total = money("115000.10");
  EXPECT_EQ(reasons_of(total), Reasons{"total_mismatch"});

  EXPECT_EQ(reasons_of(clean(), {true, std::nullopt}), Reasons{"duplicate_invoice"});

  auto linked = clean();
  linked.po_id = "PO-1";
  EXPECT_EQ(reasons_of(linked, {false, std::nullopt}), Reasons{"po_not_found"});
  const LinkedOrder approved{PurchaseOrderStatus::approved, "V-1", money("100000.00")};
  EXPECT_TRUE(reasons_of(linked, {false, approved}).empty());
  auto pending = approved;
  pending.status = PurchaseOrderStatus::pending_approval;
  EXPECT_EQ(reasons_of(linked, {false, pending}), Reasons{"po_not_approved"});
  auto other_vendor = approved;
  other_vendor.vendor_id = "V-2";
  EXPECT_EQ(reasons_of(linked, {false, other_vendor}), Reasons{"vendor_mismatch"});
  auto small_order = approved;
  small_order.total = money("98039.21");  // × 1.02 = 99,999.9942 < 100,000.00
  EXPECT_EQ(reasons_of(linked, {false, small_order}), Reasons{"po_amount_exceeded"});
  small_order.total = money("98039.22");  // × 1.02 = 100,000.0044
  EXPECT_TRUE(reasons_of(linked, {false, small_order}).empty()) << "within 2%";
}

TEST(InvoiceHolds, SeveralTogetherInTheContractsOrder) {
  auto invoice = clean();
  invoice.vendor.bin = "1";
  invoice.vendor.tin = "2";
  invoice.subtotal = money("90000.00");
  invoice.vat_amount = money("1.00");
  invoice.total = money("1.00");
  invoice.po_id = "PO-1";
  const LinkedOrder order{PurchaseOrderStatus::rejected, "V-9", money("10.00")};
  EXPECT_EQ(reasons_of(invoice, {true, order}),
            (Reasons{"invalid_bin", "invalid_tin", "subtotal_mismatch", "vat_mismatch", "total_mismatch",
                     "duplicate_invoice", "po_not_approved", "vendor_mismatch", "po_amount_exceeded"}));
}

}  // namespace
}  // namespace vextrus::domain

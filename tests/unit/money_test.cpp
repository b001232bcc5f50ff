#include "domain/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace vextrus::domain {
namespace {

TEST(Money, ParsesExactDecimalText) {
  EXPECT_EQ(parse_money("125000.50")->paisa(), 12'500'050);
  EXPECT_EQ(parse_money("125000.5")->paisa(), 12'500'050);
  EXPECT_EQ(parse_money("100")->paisa(), 10'000);
  EXPECT_EQ(parse_money("0.01")->paisa(), 1);
}

TEST(Money, RefusesMalformedText) {
  for (const char* bad : {"1.500", "1e5", "1,00,000", "-1", "+1", "NaN", "", ".5", "1.", " 1", "1 "}) {
    EXPECT_FALSE(parse_money(bad).has_value()) << bad;
  }
}

TEST(Money, PrintsTwoDecimals) {
  EXPECT_EQ(Money::from_paisa(10'000'001).to_string(), "100000.01");
  EXPECT_EQ(Money::from_paisa(5).to_string(), "0.05");
}

}  // namespace
}  // namespace vextrus::domain

namespace vextrus::domain {
namespace {

// The largest value numeric(18,2) holds: 16 integer digits, 2 fractional digits.
constexpr std::int64_t numeric_18_2_max_paisa = 999'999'999'999'999'999;

TEST(Money, AcceptsTheLargestNumeric18_2Value) {
  const auto max = parse_money("9999999999999999.99");
  ASSERT_TRUE(max.has_value()) << "16 integer digits fit numeric(18,2)";
  EXPECT_EQ(max->paisa(), numeric_18_2_max_paisa);
  EXPECT_EQ(max->to_string(), "9999999999999999.99");
  const auto sixteen_digits = parse_money("1000000000000000");
  ASSERT_TRUE(sixteen_digits.has_value()) << "16 integer digits fit numeric(18,2)";
  EXPECT_EQ(sixteen_digits->paisa(), 100'000'000'000'000'000);
  // Fifteen digits, beyond the current 14-digit limit of max_money_paisa too.
  EXPECT_TRUE(parse_money("100000000000000.00").has_value());
}

TEST(Money, AcceptsFourteenIntegerDigits) {
  const auto value = parse_money("99999999999999.99");
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(value->paisa(), 9'999'999'999'999'999);
}

TEST(Money, MaxMoneyConstantIsTheNumeric18_2Maximum) { EXPECT_EQ(max_money_paisa, numeric_18_2_max_paisa); }

TEST(Money, RefusesSeventeenIntegerDigits) {
  EXPECT_FALSE(parse_money("10000000000000000").has_value());
  EXPECT_FALSE(parse_money("10000000000000000.00").has_value());
  EXPECT_FALSE(parse_money("99999999999999999").has_value());
  // Far beyond int64: must be refused, not wrap around.
  EXPECT_FALSE(parse_money("99999999999999999999999999").has_value());
}

TEST(Money, ParsesZeroAndLeadingZeros) {
  // The contract is silent on leading zeros; the parser accepts them as plain decimal text.
  struct Case {
    const char* text;
    std::int64_t paisa;
  };
  for (const Case& c : {Case{"0", 0}, Case{"0.00", 0}, Case{"0.0", 0}, Case{"00.10", 10}, Case{"007", 700},
                        Case{"0.5", 50}, Case{"1.05", 105}}) {
    const auto money = parse_money(c.text);
    ASSERT_TRUE(money.has_value()) << c.text;
    EXPECT_EQ(money->paisa(), c.paisa) << c.text;
  }
}

TEST(Money, RefusesMoreMalformedText) {
  for (const char* bad : {"1.2.3", "1..2", "1.-2", "0x10", "1_000", "١٠٠", "1.5e2", "1E5", "Infinity", "inf", "1.0 ",
                          "\t1", "1.2a", "--1", ".", "1.001"}) {
    EXPECT_FALSE(parse_money(bad).has_value()) << bad;
  }
  // An embedded NUL must not truncate the text.
  EXPECT_FALSE(parse_money(std::string_view("1\0"
                                            "5",
                                            3))
                   .has_value());
}

TEST(Money, PrintsZeroAndLargeAmounts) {
  EXPECT_EQ(Money{}.to_string(), "0.00");
  EXPECT_EQ(Money::from_taka(100'000).to_string(), "100000.00");
  EXPECT_EQ(Money::from_paisa(10).to_string(), "0.10");
  EXPECT_EQ(Money::from_paisa(-150).to_string(), "-1.50");
}

TEST(Money, RoundTripsThroughText) {
  for (const char* text : {"0.00", "0.01", "1.10", "125000.50", "100000.01", "99999999999999.99"}) {
    const auto money = parse_money(text);
    ASSERT_TRUE(money.has_value()) << text;
    EXPECT_EQ(money->to_string(), text);
  }
}

TEST(Money, CheckedAddIsExact) {
  const auto sum = checked_add(Money::from_paisa(10'000'000), Money::from_paisa(1));
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->paisa(), 10'000'001);
  EXPECT_EQ(checked_add(Money{}, Money{})->paisa(), 0);
}

TEST(Money, CheckedAddReachesButDoesNotPassTheNumeric18_2Maximum) {
  const auto at_max = checked_add(Money::from_paisa(numeric_18_2_max_paisa - 1), Money::from_paisa(1));
  ASSERT_TRUE(at_max.has_value()) << "9999999999999999.99 fits numeric(18,2)";
  EXPECT_EQ(at_max->paisa(), numeric_18_2_max_paisa);
  EXPECT_FALSE(checked_add(Money::from_paisa(numeric_18_2_max_paisa), Money::from_paisa(1)).has_value());
}

TEST(Money, CheckedAddRefusesInt64Overflow) {
  const auto big = Money::from_paisa(std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(checked_add(big, Money::from_paisa(1)).has_value());
  EXPECT_FALSE(checked_add(big, big).has_value());
}

TEST(Money, CheckedMultiplyIsExact) {
  const auto product = checked_multiply(Money::from_paisa(12'500'050), 3);
  ASSERT_TRUE(product.has_value());
  EXPECT_EQ(product->paisa(), 37'500'150);
  EXPECT_EQ(checked_multiply(Money::from_paisa(1), 1)->paisa(), 1);
  EXPECT_EQ(checked_multiply(Money::from_paisa(999), 0)->paisa(), 0);
}

TEST(Money, CheckedMultiplyReachesButDoesNotPassTheNumeric18_2Maximum) {
  // 999999999999999999 = 3 × 333333333333333333
  const auto at_max = checked_multiply(Money::from_paisa(333'333'333'333'333'333), 3);
  ASSERT_TRUE(at_max.has_value()) << "9999999999999999.99 fits numeric(18,2)";
  EXPECT_EQ(at_max->paisa(), numeric_18_2_max_paisa);
  EXPECT_FALSE(checked_multiply(Money::from_paisa(numeric_18_2_max_paisa), 2).has_value());
  EXPECT_FALSE(checked_multiply(Money::from_paisa(100'000'000'000'000'000), 10).has_value());
}

TEST(Money, CheckedMultiplyRefusesInt64Overflow) {
  EXPECT_FALSE(checked_multiply(Money::from_paisa(std::numeric_limits<std::int64_t>::max() / 2 + 1), 2).has_value());
  EXPECT_FALSE(
      checked_multiply(Money::from_paisa(1'000'000'000), std::numeric_limits<std::int64_t>::max()).has_value());
}

TEST(Money, Compares) {
  EXPECT_LT(Money::from_paisa(1), Money::from_paisa(2));
  EXPECT_GT(Money::from_taka(1), Money::from_paisa(99));
  EXPECT_EQ(Money::from_taka(1), Money::from_paisa(100));
  EXPECT_NE(Money::from_taka(1), Money::from_paisa(101));
}

}  // namespace
}  // namespace vextrus::domain

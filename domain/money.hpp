#pragma once
// Money in exact integer paisa (1 BDT = 100 paisa). Never a double: amounts are parsed from
// decimal text and printed back as decimal text.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vextrus::domain {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money from_paisa(std::int64_t paisa) { return Money{paisa}; }
  static constexpr Money from_taka(std::int64_t taka) { return Money{taka * 100}; }

  constexpr std::int64_t paisa() const { return paisa_; }
  // Decimal text with exactly two fractional digits, no grouping: "100000.00".
  std::string to_string() const;

  friend constexpr bool operator==(Money a, Money b) { return a.paisa_ == b.paisa_; }
  friend constexpr bool operator!=(Money a, Money b) { return a.paisa_ != b.paisa_; }
  friend constexpr bool operator<(Money a, Money b) { return a.paisa_ < b.paisa_; }
  friend constexpr bool operator>(Money a, Money b) { return a.paisa_ > b.paisa_; }
  friend constexpr bool operator<=(Money a, Money b) { return a.paisa_ <= b.paisa_; }
  friend constexpr bool operator>=(Money a, Money b) { return a.paisa_ >= b.paisa_; }

 private:
  constexpr explicit Money(std::int64_t paisa) : paisa_(paisa) {}
  std::int64_t paisa_ = 0;
};

// The largest amount accepted: what numeric(18,2) holds.
inline constexpr std::int64_t max_money_paisa = 999'999'999'999'999'999;

// Parses a non-negative decimal with at most two fractional digits ("125000.50", "100", "0.5").
// Refuses signs, exponents, digit grouping, a third fractional digit, empty parts ("1.", ".5")
// and values beyond numeric(18,2).
std::optional<Money> parse_money(std::string_view text);

// Exact sum and product; nullopt on overflow beyond max_money_paisa.
std::optional<Money> checked_add(Money a, Money b);
std::optional<Money> checked_multiply(Money unit, std::int64_t quantity);

}  // namespace vextrus::domain

#pragma once
// Exact rates for tax arithmetic: a percentage ("7.5") or a factor ("1.5") with at most four
// fractional digits, held as an integer count of ten-thousandths. Products with money are taken
// in 128-bit integers and rounded once, half away from zero, to the paisa (docs/events.md, invoice.received).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/money.hpp"

namespace vextrus::domain {

class Rate {
 public:
  static constexpr std::int64_t scale = 10'000;
  constexpr Rate() = default;
  static constexpr Rate whole(std::int64_t units) { return Rate{units * scale}; }
  static constexpr Rate from_scaled(std::int64_t ten_thousandths) { return Rate{ten_thousandths}; }

  constexpr std::int64_t scaled() const { return scaled_; }
  // Shortest decimal text: "15", "7.5", "0.25".
  std::string to_string() const;

  friend constexpr bool operator==(Rate a, Rate b) { return a.scaled_ == b.scaled_; }
  friend constexpr bool operator!=(Rate a, Rate b) { return a.scaled_ != b.scaled_; }
  friend constexpr bool operator<(Rate a, Rate b) { return a.scaled_ < b.scaled_; }

 private:
  constexpr explicit Rate(std::int64_t scaled) : scaled_(scaled) {}
  std::int64_t scaled_ = 0;
};

// A non-negative decimal with at most four fractional digits and at most 1,000,000.
std::optional<Rate> parse_rate(std::string_view text);

// round(amount × percent / 100 × factor), half away from zero, to the paisa.
Money percent_of(Money amount, Rate percent, Rate factor = Rate::whole(1));

// amount × (100 + percent) / 100, exact: whether `value` exceeds `amount` raised by `percent`.
bool exceeds_by_more_than(Money value, Money amount, Rate percent);

}  // namespace vextrus::domain

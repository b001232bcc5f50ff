#include "domain/rate.hpp"

namespace vextrus::domain {
namespace {

// GCC's 128-bit integer, spelt so that -Wpedantic accepts it: products of money and two rates
// need up to 10^28.
__extension__ using Int128 = __int128;

std::int64_t divide_half_away_from_zero(Int128 numerator, Int128 denominator) {
  const bool negative = numerator < 0;
  const Int128 magnitude = negative ? -numerator : numerator;
  const Int128 quotient = (magnitude + denominator / 2) / denominator;
  return static_cast<std::int64_t>(negative ? -quotient : quotient);
}

}  // namespace

std::string Rate::to_string() const {
  std::string out = std::to_string(scaled_ / scale);
  std::int64_t fraction = scaled_ % scale;
  if (fraction == 0) return out;
  std::string digits = std::to_string(fraction + scale).substr(1);  // four digits, leading zeros kept
  while (digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

std::optional<Rate> parse_rate(std::string_view text) {
  constexpr std::int64_t max_units = 1'000'000;
  std::size_t i = 0;
  std::int64_t units = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    units = units * 10 + (text[i] - '0');
    if (units > max_units) return std::nullopt;
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::int64_t fraction = 0;
  std::int64_t place = Rate::scale;
  if (i < text.size()) {
    if (text[i] != '.' || i + 1 == text.size()) return std::nullopt;
    for (++i; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || place == 1) return std::nullopt;
      place /= 10;
      fraction += (text[i] - '0') * place;
    }
  }
  return Rate::from_scaled(units * Rate::scale + fraction);
}

Money percent_of(Money amount, Rate percent, Rate factor) {
  const Int128 numerator = static_cast<Int128>(amount.paisa()) * percent.scaled() * factor.scaled();
  const Int128 denominator = static_cast<Int128>(100) * Rate::scale * Rate::scale;
  return Money::from_paisa(divide_half_away_from_zero(numerator, denominator));
}

bool exceeds_by_more_than(Money value, Money amount, Rate percent) {
  const Int128 hundred = static_cast<Int128>(100) * Rate::scale;
  return static_cast<Int128>(value.paisa()) * hundred >
         static_cast<Int128>(amount.paisa()) * (hundred + percent.scaled());
}

}  // namespace vextrus::domain

#include "domain/money.hpp"

namespace vextrus::domain {

std::string Money::to_string() const {
  std::int64_t taka = paisa_ / 100;
  std::int64_t rest = paisa_ % 100;
  std::string out;
  if (paisa_ < 0) {
    out.push_back('-');
    taka = -taka;
    rest = -rest;
  }
  out += std::to_string(taka);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + rest / 10));
  out.push_back(static_cast<char>('0' + rest % 10));
  return out;
}

std::optional<Money> parse_money(std::string_view text) {
  constexpr std::size_t max_integer_digits = 16;
  std::size_t i = 0;
  std::int64_t taka = 0;
  std::size_t integer_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (++integer_digits > max_integer_digits) return std::nullopt;
    taka = taka * 10 + (text[i] - '0');
    ++i;
  }
  if (integer_digits == 0) return std::nullopt;
  std::int64_t fraction = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    std::size_t fraction_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++fraction_digits > 2) return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
      ++i;
    }
    if (fraction_digits == 0 || i != text.size()) return std::nullopt;
    if (fraction_digits == 1) fraction *= 10;
  }
  const std::int64_t paisa = taka * 100 + fraction;
  if (paisa > max_money_paisa) return std::nullopt;
  return Money::from_paisa(paisa);
}

std::optional<Money> checked_add(Money a, Money b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a.paisa(), b.paisa(), &sum) || sum > max_money_paisa) {
    return std::nullopt;
  }
  return Money::from_paisa(sum);
}

std::optional<Money> checked_multiply(Money unit, std::int64_t quantity) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(unit.paisa(), quantity, &product) || product > max_money_paisa) {
    return std::nullopt;
  }
  return Money::from_paisa(product);
}

}  // namespace vextrus::domain

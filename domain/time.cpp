#include "domain/time.hpp"

#include <cstdio>

namespace vextrus::domain {
namespace {

constexpr std::int64_t micros_per_second = 1'000'000;
constexpr std::int64_t seconds_per_day = 86'400;

bool is_leap(std::int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(std::int32_t year, unsigned month) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// Reads exactly `count` digits at `pos`; advances pos.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  out = value;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

struct Civil {
  std::int32_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int32_t>(y + (m <= 2)), m, d};
}

// Timestamps are written into every audit row, timer and notification: snprintf made
// format_utc 7 % of the service's CPU under a backlog (bench/results/history-2026-11.md), so the years RFC 3339
// can write (0000-9999) are written digit by digit, and the others as printf writes them.
bool four_digit_year(std::int32_t year) { return year >= 0 && year <= 9999; }

// `value` (below 10^width) as `width` decimal digits from `out` on.
void put_digits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// "YYYY-MM-DD" over the first ten characters of `out`.
void put_date(char* out, const Civil& c) {
  put_digits(out, static_cast<unsigned>(c.year), 4);
  put_digits(out + 5, c.month, 2);
  put_digits(out + 8, c.day, 2);
}

std::optional<Date> read_date(std::string_view text, std::size_t& pos) {
  int year = 0, month = 0, day = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  return Date{days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))};
}

}  // namespace

std::int32_t days_from_civil(std::int32_t year, unsigned month, unsigned day) {
  const std::int32_t y = year - (month <= 2);
  const std::int32_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  const auto date = read_date(text, pos);
  if (!date) return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  int hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !read_digits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  if (pos >= text.size()) return std::nullopt;
  std::int64_t offset_seconds = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const bool negative = text[pos] == '-';
    ++pos;
    int off_h = 0, off_m = 0;
    if (!read_digits(text, pos, 2, off_h) || !expect(text, pos, ':') || !read_digits(text, pos, 2, off_m) ||
        off_h > 23 || off_m > 59) {
      return std::nullopt;
    }
    offset_seconds = (off_h * 3600 + off_m * 60) * (negative ? -1 : 1);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t seconds =
      static_cast<std::int64_t>(date->days) * seconds_per_day + hour * 3600 + minute * 60 + second - offset_seconds;
  return Timestamp{seconds * micros_per_second + micros};
}

std::string format_utc(Timestamp t) {
  std::int64_t seconds = t.micros / micros_per_second;
  std::int64_t micros = t.micros % micros_per_second;
  if (micros < 0) {
    micros += micros_per_second;
    --seconds;
  }
  std::int64_t days = seconds / seconds_per_day;
  std::int64_t second_of_day = seconds % seconds_per_day;
  if (second_of_day < 0) {
    second_of_day += seconds_per_day;
    --days;
  }
  const Civil c = civil_from_days(days);
  const auto hour = static_cast<unsigned>(second_of_day / 3600);
  const auto minute = static_cast<unsigned>(second_of_day / 60 % 60);
  const auto second = static_cast<unsigned>(second_of_day % 60);
  if (!four_digit_year(c.year)) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02u:%02u:%02u.%06dZ", c.year, c.month, c.day, hour, minute,
                  second, static_cast<int>(micros));
    return buffer;
  }
  std::string out = "0000-00-00T00:00:00.000000Z";
  put_date(out.data(), c);
  put_digits(out.data() + 11, hour, 2);
  put_digits(out.data() + 14, minute, 2);
  put_digits(out.data() + 17, second, 2);
  put_digits(out.data() + 20, static_cast<unsigned>(micros), 6);
  return out;
}

std::optional<Date> parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto date = read_date(text, pos);
  if (!date || pos != text.size()) return std::nullopt;
  return date;
}

std::string format_date(Date d) {
  const Civil c = civil_from_days(d.days);
  if (!four_digit_year(c.year)) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buffer;
  }
  std::string out = "0000-00-00";
  put_date(out.data(), c);
  return out;
}

Timestamp start_of_day_dhaka(Date d) {
  return Timestamp{static_cast<std::int64_t>(d.days) * seconds_per_day * micros_per_second - dhaka_utc_offset.micros};
}

Date dhaka_date_of(Timestamp t) {
  constexpr std::int64_t day_us = 86'400'000'000;
  const std::int64_t local = t.micros + dhaka_utc_offset.micros;
  const std::int64_t days = local / day_us - (local % day_us < 0 ? 1 : 0);
  return Date{static_cast<std::int32_t>(days)};
}

}  // namespace vextrus::domain

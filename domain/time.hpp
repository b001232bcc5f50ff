#pragma once
// Business time. Timestamps are UTC microseconds since the Unix epoch; dates are calendar days
// in Asia/Dhaka (UTC+06:00 all year, no daylight saving since 2009). Pure arithmetic: the domain
// never reads a clock, callers pass `now` in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vextrus::domain {

struct Duration {
  std::int64_t micros = 0;
  static constexpr Duration seconds(std::int64_t s) { return {s * 1'000'000}; }
  static constexpr Duration hours(std::int64_t h) { return seconds(h * 3600); }
  friend constexpr bool operator==(Duration a, Duration b) { return a.micros == b.micros; }
};

struct Timestamp {
  std::int64_t micros = 0;  // since 1970-01-01T00:00:00Z
  friend constexpr bool operator==(Timestamp a, Timestamp b) { return a.micros == b.micros; }
  friend constexpr bool operator!=(Timestamp a, Timestamp b) { return a.micros != b.micros; }
  friend constexpr bool operator<(Timestamp a, Timestamp b) { return a.micros < b.micros; }
  friend constexpr bool operator<=(Timestamp a, Timestamp b) { return a.micros <= b.micros; }
  friend constexpr Timestamp operator+(Timestamp t, Duration d) { return {t.micros + d.micros}; }
};

// A calendar day, counted from 1970-01-01.
struct Date {
  std::int32_t days = 0;
  friend constexpr bool operator==(Date a, Date b) { return a.days == b.days; }
};

inline constexpr Duration dhaka_utc_offset = Duration::hours(6);

// RFC 3339 date-time with a mandatory offset ("Z" or "+06:00"), up to 9 fractional digits
// (truncated to microseconds). Refuses impossible dates and times.
std::optional<Timestamp> parse_rfc3339(std::string_view text);
// "YYYY-MM-DDTHH:MM:SS.ffffffZ": the form audit records hash.
std::string format_utc(Timestamp t);

std::optional<Date> parse_date(std::string_view text);  // strict "YYYY-MM-DD"
std::string format_date(Date d);
// 00:00 Asia/Dhaka at the start of the day.
Timestamp start_of_day_dhaka(Date d);
// The calendar day in Asia/Dhaka at `t`.
Date dhaka_date_of(Timestamp t);

// Days since 1970-01-01 of a proleptic Gregorian date; no validation.
std::int32_t days_from_civil(std::int32_t year, unsigned month, unsigned day);

}  // namespace vextrus::domain

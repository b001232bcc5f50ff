#include "domain/time.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace vextrus {
namespace {

using domain::Date;
using domain::days_from_civil;
using domain::format_date;
using domain::format_utc;
using domain::parse_date;
using domain::parse_rfc3339;
using domain::start_of_day_dhaka;
using domain::Timestamp;

constexpr std::int64_t second = 1'000'000;
constexpr std::int64_t hour = 3600 * second;
constexpr std::int64_t day = 24 * hour;

// 2025-09-17T04:15:00Z, computed independently of the parser.
constexpr std::int64_t sept17_0415z = (20'348LL * 86'400 + 4 * 3600 + 15 * 60) * second;

TEST(Time, DaysFromCivilKnownValues) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11'017);
  EXPECT_EQ(days_from_civil(2025, 9, 17), 20'348);
  EXPECT_EQ(days_from_civil(2025, 7, 1), 20'270);
}

struct ParseCase {
  const char* text;
  std::int64_t micros;  // UTC micros since the epoch
};

TEST(Time, ParsesOffsetsToTheSameInstant) {
  const ParseCase cases[] = {
      {"2025-09-17T04:15:00Z", sept17_0415z},
      {"2025-09-17T04:15:00z", sept17_0415z},
      {"2025-09-17t04:15:00Z", sept17_0415z},
      {"2025-09-17T10:15:00+06:00", sept17_0415z},
      {"2025-09-16T22:45:00-05:30", sept17_0415z},
      {"2025-09-17T04:15:00+00:00", sept17_0415z},
      {"2025-09-17T04:15:00-00:00", sept17_0415z},
      {"2025-09-17T09:00:00+04:45", sept17_0415z},
      // Offsets that move the instant across a day boundary.
      {"2025-09-17T00:00:00+06:00", sept17_0415z - 4 * hour - 15 * 60 * second - 6 * hour},
      {"2025-09-16T23:59:59-01:00", sept17_0415z - 4 * hour - 15 * 60 * second + 59 * 60 * second + 59 * second},
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T06:00:00+06:00", 0},
      {"1969-12-31T23:59:59Z", -second},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_rfc3339(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed->micros, c.micros) << c.text;
  }
}

TEST(Time, ParsesFractionalSecondsTruncatedToMicros) {
  const ParseCase cases[] = {
      {"2025-09-17T04:15:00.1Z", sept17_0415z + 100'000},
      {"2025-09-17T04:15:00.12Z", sept17_0415z + 120'000},
      {"2025-09-17T04:15:00.123Z", sept17_0415z + 123'000},
      {"2025-09-17T04:15:00.1234Z", sept17_0415z + 123'400},
      {"2025-09-17T04:15:00.12345Z", sept17_0415z + 123'450},
      {"2025-09-17T04:15:00.123456Z", sept17_0415z + 123'456},
      {"2025-09-17T04:15:00.1234567Z", sept17_0415z + 123'456},
      {"2025-09-17T04:15:00.12345678Z", sept17_0415z + 123'456},
      {"2025-09-17T04:15:00.123456789Z", sept17_0415z + 123'456},
      {"2025-09-17T04:15:00.999999999Z", sept17_0415z + 999'999},  // truncated, not rounded up
      {"2025-09-17T04:15:00.000001Z", sept17_0415z + 1},
      {"2025-09-17T04:15:00.0000009Z", sept17_0415z},
      {"2025-09-17T10:15:00.5+06:00", sept17_0415z + 500'000},
      {"2025-09-16T22:45:00.000250-05:30", sept17_0415z + 250},
  };
  for (const auto& c : cases) {
    const auto parsed = parse_rfc3339(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed->micros, c.micros) << c.text;
  }
}

TEST(Time, AcceptsLeapDayOnlyInLeapYears) {
  EXPECT_TRUE(parse_rfc3339("2024-02-29T00:00:00Z").has_value());
  EXPECT_TRUE(parse_rfc3339("2000-02-29T00:00:00Z").has_value());  // divisible by 400
  EXPECT_FALSE(parse_rfc3339("2025-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(parse_rfc3339("1900-02-29T00:00:00Z").has_value());  // divisible by 100
  EXPECT_EQ(parse_rfc3339("2024-02-29T00:00:00Z")->micros + day, parse_rfc3339("2024-03-01T00:00:00Z")->micros);
}

TEST(Time, RefusesMalformedDateTimes) {
  for (const char* bad : {
           "2025-09-17T10:15:00",      // no offset
           "2025-09-17T10:15:00.123",  // fraction, no offset
           "2025-09-17T10:15",         // missing seconds
           "2025-09-17T10:15+06:00",   // missing seconds, with offset
           "2025-09-17",               // date only
           "2025-09-17 10:15:00Z",     // space instead of T
           "2025-09-17T24:00:00Z",     // hour 24
           "2025-09-17T23:60:00Z",     // minute 60
           "2025-09-17T23:59:60Z",     // leap second
           "2025-13-01T00:00:00Z",     // month 13
           "2025-00-10T00:00:00Z",     // month 0
           "2025-01-00T00:00:00Z",     // day 0
           "2025-01-32T00:00:00Z",     // day 32
           "2025-04-31T00:00:00Z",     // April has 30 days
           "2025-02-30T00:00:00Z",
           "2025-9-17T10:15:00Z",              // one-digit month
           "25-09-17T10:15:00Z",               // two-digit year
           "2025-09-17T10:15:00.Z",            // empty fraction
           "2025-09-17T10:15:00.1234567890Z",  // 10 fractional digits
           "2025-09-17T10:15:00+0600",         // offset without colon
           "2025-09-17T10:15:00+06",           // offset without minutes
           "2025-09-17T10:15:00+24:00",        // offset hour 24
           "2025-09-17T10:15:00+06:60",        // offset minute 60
           "2025-09-17T10:15:00ZZ",            // trailing garbage
           "2025-09-17T10:15:00Z ",            // trailing space
           " 2025-09-17T10:15:00Z",            // leading space
           "2025-09-17T10:15:00UTC",           // named zone
           "2025-09-17T10:15:00+06:00[Asia/Dhaka]",
           "",
       }) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Time, FormatsUtcWithSixFractionalDigits) {
  EXPECT_EQ(format_utc(Timestamp{sept17_0415z}), "2025-09-17T04:15:00.000000Z");
  EXPECT_EQ(format_utc(Timestamp{sept17_0415z + 123'456}), "2025-09-17T04:15:00.123456Z");
  EXPECT_EQ(format_utc(Timestamp{sept17_0415z + 1}), "2025-09-17T04:15:00.000001Z");
  EXPECT_EQ(format_utc(Timestamp{0}), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_utc(*parse_rfc3339("2024-02-29T23:59:59.999999Z")), "2024-02-29T23:59:59.999999Z");
  EXPECT_EQ(format_utc(*parse_rfc3339("2025-12-31T23:59:59+06:00")), "2025-12-31T17:59:59.000000Z");
  EXPECT_EQ(format_utc(*parse_rfc3339("2026-01-01T05:59:59.5+06:00")), "2025-12-31T23:59:59.500000Z");
}

TEST(Time, FormatsInstantsBeforeTheEpoch) {
  EXPECT_EQ(format_utc(Timestamp{-1}), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc(Timestamp{-second}), "1969-12-31T23:59:59.000000Z");
  EXPECT_EQ(format_utc(Timestamp{-day}), "1969-12-31T00:00:00.000000Z");
  EXPECT_EQ(format_utc(*parse_rfc3339("1960-02-29T12:34:56.789Z")), "1960-02-29T12:34:56.789000Z");
}

TEST(Time, FormatsYearsOutsideFourDigitsAsBefore) {
  // The RFC 3339 years 0000-9999 are written digit by digit; outside them, as printf writes them.
  const auto midnight = [](std::int32_t year) { return std::int64_t{days_from_civil(year, 1, 1)} * day; };
  EXPECT_EQ(format_utc(Timestamp{midnight(10000) - 1}), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc(Timestamp{midnight(10000)}), "10000-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_utc(Timestamp{midnight(0)}), "0000-01-01T00:00:00.000000Z");
  EXPECT_EQ(format_utc(Timestamp{midnight(0) - 1}), "-001-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_date(Date{days_from_civil(9999, 12, 31)}), "9999-12-31");
  EXPECT_EQ(format_date(Date{days_from_civil(10000, 1, 1)}), "10000-01-01");
  EXPECT_EQ(format_date(Date{days_from_civil(0, 1, 1)}), "0000-01-01");
  EXPECT_EQ(format_date(Date{days_from_civil(0, 1, 1) - 1}), "-001-12-31");
}

TEST(Time, FormatParseRoundTrip) {
  for (const char* text : {"2025-09-17T04:15:00.000000Z", "2000-02-29T00:00:00.000001Z", "2099-12-31T23:59:59.999999Z",
                           "1970-01-01T00:00:00.000000Z"}) {
    const auto parsed = parse_rfc3339(text);
    ASSERT_TRUE(parsed.has_value()) << text;
    EXPECT_EQ(format_utc(*parsed), text);
  }
}

TEST(Time, ParsesStrictDates) {
  EXPECT_EQ(parse_date("1970-01-01")->days, 0);
  EXPECT_EQ(parse_date("2025-07-01")->days, 20'270);
  EXPECT_EQ(parse_date("2024-02-29")->days, days_from_civil(2024, 2, 29));
  for (const char* bad :
       {"2025-02-29", "2025-7-1", "2025-07-1", "2025/07/01", "20250701", "2025-07-01T00:00:00Z", "2025-07-01 ",
        " 2025-07-01", "2025-07-32", "2025-13-01", "2025-00-01", "2025-06-31", "", "abcd-ef-gh"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << '"' << bad << '"';
  }
}

TEST(Time, FormatsDates) {
  EXPECT_EQ(format_date(Date{0}), "1970-01-01");
  EXPECT_EQ(format_date(Date{20'270}), "2025-07-01");
  EXPECT_EQ(format_date(Date{-1}), "1969-12-31");
  for (const char* text : {"2024-02-29", "2025-12-31", "2026-01-01", "2000-03-01"}) {
    EXPECT_EQ(format_date(*parse_date(text)), text);
  }
}

TEST(Time, StartOfDayInDhakaIsSixHoursBeforeUtcMidnight) {
  const Timestamp start = start_of_day_dhaka(*parse_date("2025-07-01"));
  EXPECT_EQ(format_utc(start), "2025-06-30T18:00:00.000000Z");
  EXPECT_EQ(start, *parse_rfc3339("2025-06-30T18:00:00Z"));
  EXPECT_EQ(start, *parse_rfc3339("2025-07-01T00:00:00+06:00"));
  EXPECT_EQ(format_utc(start_of_day_dhaka(*parse_date("2026-01-01"))), "2025-12-31T18:00:00.000000Z");
  EXPECT_EQ(format_utc(start_of_day_dhaka(*parse_date("2024-03-01"))), "2024-02-29T18:00:00.000000Z");
  EXPECT_EQ(format_utc(start_of_day_dhaka(Date{0})), "1969-12-31T18:00:00.000000Z");
}

TEST(Time, DurationsAndTimestampArithmetic) {
  EXPECT_EQ(domain::Duration::hours(48).micros, 48 * hour);
  EXPECT_EQ(domain::Duration::seconds(2).micros, 2 * second);
  EXPECT_EQ(domain::dhaka_utc_offset.micros, 6 * hour);
  const Timestamp t = *parse_rfc3339("2025-09-17T10:15:00+06:00");
  EXPECT_EQ(format_utc(t + domain::Duration::hours(168)), "2025-09-24T04:15:00.000000Z");
  EXPECT_TRUE(t < t + domain::Duration{1});
}

}  // namespace
}  // namespace vextrus

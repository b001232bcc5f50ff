// The Bangladeshi identifier checks of docs/events.md and docs/policy.md, as tables: NID of 10, 13 or 17
// digits; mobile 01[3-9] + 8 digits, the leading 0 optionally written +880 or 880; TIN of 12
// digits; BIN of 13 digits.

#include "domain/identity.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vextrus::domain {
namespace {

struct Row {
  const char* text;
  bool valid;
};

// Each row under its own trace, with the text in quotes so that spaces and the empty string show.
template <typename Check, std::size_t N>
void expect_table(Check check, const Row (&rows)[N]) {
  for (const auto& row : rows) {
    SCOPED_TRACE("\"" + std::string(row.text) + "\"");
    EXPECT_EQ(check(row.text), row.valid);
  }
}

TEST(IdentityNid, TenThirteenOrSeventeenDigits) {
  const Row rows[] = {
      {"1234567890", true},           // 10
      {"1234567890123", true},        // 13
      {"12345678901234567", true},    // 17
      {"0000000000", true},           // leading zeros are digits
      {"123456789", false},           // 9
      {"12345678901", false},         // 11
      {"123456789012", false},        // 12
      {"1234567890123456", false},    // 16
      {"123456789012345678", false},  // 18
      {"123456789a", false},          // a letter in 10 characters
      {"abcdefghij", false},         {"12345-67890", false}, {" 1234567890", false},
      {"1234567890 ", false},        {"+1234567890", false}, {"", false},
  };
  expect_table([](const char* text) { return valid_nid(text); }, rows);
}

TEST(IdentityMobile, ZeroOneThreeToNineAndEightDigitsOrTheSameWith880) {
  const Row rows[] = {
      {"01712345678", true},      {"01312345678", true},  // lowest operator digit
      {"01412345678", true},      {"01512345678", true},     {"01612345678", true},    {"01812345678", true},
      {"01912345678", true},  // highest operator digit
      {"+8801712345678", true},   {"8801712345678", true},   {"+8801312345678", true}, {"8801912345678", true},
      {"01212345678", false},                                                         // 012: no such operator
      {"01112345678", false},     {"01012345678", false},    {"02712345678", false},  // not 01
      {"11712345678", false},                                                         // no leading 0
      {"0171234567", false},                                                          // 10 digits
      {"017123456789", false},                                                        // 12 digits
      {"+88001712345678", false},                                                     // +880 and the 0 as well
      {"88001712345678", false},  {"+8801212345678", false},                          // 012 behind +880
      {"+880171234567", false},                                                       // one digit short
      {"+88017123456789", false},                                                     // one digit long
      {"1712345678", false},                                                          // neither 0 nor 880
      {"+1712345678", false},     {"+880171234567x", false}, {"0171234567x", false},   {"0171-2345678", false},
      {"017 12345678", false},    {"+880", false},           {"880", false},           {"", false},
  };
  expect_table([](const char* text) { return valid_mobile(text); }, rows);
}

TEST(IdentityTin, TwelveDigits) {
  const Row rows[] = {
      {"123456789012", true},   {"000000000000", true},  {"12345678901", false},  // 11
      {"1234567890123", false},                                                   // 13
      {"12345678901a", false},  {"1234 5678901", false}, {"-23456789012", false}, {"", false},
  };
  expect_table([](const char* text) { return valid_tin(text); }, rows);
}

TEST(IdentityBin, ThirteenDigits) {
  const Row rows[] = {
      {"1234567890123", true},   {"0000000000000", true},   {"123456789012", false},  // 12
      {"12345678901234", false},                                                      // 14
      {"123456789012a", false},  {"123456789-0123", false}, {"", false},
  };
  expect_table([](const char* text) { return valid_bin(text); }, rows);
}

}  // namespace
}  // namespace vextrus::domain

#include "adapters/http/query_params.hpp"

#include <stdexcept>

#include "adapters/json/utf8.hpp"

namespace vextrus::http {
namespace {

[[noreturn]] void bad(const std::string& name, const std::string& must) {
  throw std::invalid_argument(name + " must be " + must);
}

bool digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::optional<std::string> text_param(const Params& params, const std::string& name) {
  const auto [first, last] = params.equal_range(name);
  if (first == last) return std::nullopt;
  if (std::next(first) != last) throw std::invalid_argument(name + " is given more than once");
  if (first->second.empty()) throw std::invalid_argument(name + " is empty");
  if (!adapters::storable_text(first->second)) throw std::invalid_argument(name + " is not UTF-8 text");
  if (first->second.size() > 256) throw std::invalid_argument(name + " is longer than 256 bytes");
  return first->second;
}

std::optional<std::string> enum_param(const Params& params, const std::string& name,
                                      const std::set<std::string>& allowed) {
  auto value = text_param(params, name);
  if (value && !allowed.count(*value)) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    bad(name, "one of " + list);
  }
  return value;
}

std::optional<domain::Timestamp> time_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const auto t = domain::parse_rfc3339(*text);
  if (!t) bad(name, "an RFC 3339 time such as 2025-09-17T10:15:00+06:00");
  // The years a record can have: a bad input, not a database failure, outside them.
  static const auto first = domain::parse_rfc3339("1900-01-01T00:00:00Z");
  static const auto last = domain::parse_rfc3339("9999-12-31T23:59:59Z");
  if (t->micros < first->micros || t->micros > last->micros) bad(name, "a time from 1900 to 9999");
  return t;
}

std::optional<domain::Date> date_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const auto d = domain::parse_date(*text);
  if (!d || text->substr(0, 2) < "19") bad(name, "a day YYYY-MM-DD from 1900 on");
  return d;
}

std::optional<domain::Date> month_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const auto d = text->size() == 7 ? domain::parse_date(*text + "-01") : std::nullopt;
  if (!d || text->substr(0, 2) < "19") bad(name, "a month YYYY-MM such as 2025-09");
  return d;
}

std::optional<int> fiscal_year_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const bool shape = text->size() == 7 && (*text)[4] == '-' && digits(text->substr(0, 4)) && digits(text->substr(5));
  const int first = shape ? std::stoi(text->substr(0, 4)) : 0;
  if (!shape || first < 1900 || (first + 1) % 100 != std::stoi(text->substr(5))) {
    bad(name, "a fiscal year such as 2025-26 (July 2025 to June 2026)");
  }
  return first;
}

std::optional<domain::Money> money_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const auto money = domain::parse_money(*text);
  if (!money) bad(name, "an amount in BDT with at most 2 decimals, such as 100000.50");
  return money;
}

std::optional<bool> bool_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  if (*text != "true" && *text != "false") bad(name, "true or false");
  return *text == "true";
}

std::optional<std::int64_t> seconds_param(const Params& params, const std::string& name) {
  const auto text = text_param(params, name);
  if (!text) return std::nullopt;
  const auto number = text->substr(0, text->size() - 1);
  const char unit = text->back();
  const std::int64_t per = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : 0;
  if (per == 0 || !digits(number) || number.size() > 6) bad(name, "a duration such as 90s, 30m, 48h or 7d");
  return std::stoll(number) * per;
}

int int_param(const Params& params, const std::string& name, int min, int max, int absent) {
  const auto text = text_param(params, name);
  if (!text) return absent;
  const int value = digits(*text) && text->size() <= 9 ? std::stoi(*text) : min - 1;
  if (value < min || value > max) {
    bad(name, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

void only_known(const Params& params, const std::set<std::string>& known) {
  for (const auto& [name, value] : params) {
    if (!known.count(name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw std::invalid_argument("unknown parameter " + (adapters::storable_text(name) ? name : std::string("?")) +
                                  "; this path takes " + list);
    }
  }
}

}  // namespace vextrus::http

#include "domain/identity.hpp"

namespace vextrus::domain {
namespace {

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool digits_of_length(std::string_view text, std::size_t length) { return text.size() == length && all_digits(text); }

}  // namespace

bool valid_nid(std::string_view nid) {
  return digits_of_length(nid, 10) || digits_of_length(nid, 13) || digits_of_length(nid, 17);
}

bool valid_tin(std::string_view tin) { return digits_of_length(tin, 12); }

bool valid_bin(std::string_view bin) { return digits_of_length(bin, 13); }

bool valid_mobile(std::string_view mobile) {
  // The national form is 0 1 [3-9] and 8 digits; +880 and 880 stand for the leading 0.
  for (const std::string_view prefix : {"+880", "880"}) {
    if (mobile.substr(0, prefix.size()) == prefix) {
      mobile.remove_prefix(prefix.size());
      return mobile.size() == 10 && mobile[0] == '1' && mobile[1] >= '3' && mobile[1] <= '9' && all_digits(mobile);
    }
  }
  return mobile.size() == 11 && mobile[0] == '0' && mobile[1] == '1' && mobile[2] >= '3' && mobile[2] <= '9' &&
         all_digits(mobile);
}

}  // namespace vextrus::domain

#pragma once
// Bangladeshi identifier checks (docs/events.md, docs/policy.md): purely syntactic, as the contract
// defines them; nothing here looks anything up.

#include <string_view>

namespace vextrus::domain {

bool valid_nid(std::string_view nid);  // 10, 13 or 17 digits
bool valid_tin(std::string_view tin);  // 12 digits
bool valid_bin(std::string_view bin);  // 13 digits
// 01[3-9] and 8 more digits, the leading 0 optionally written as +880 or 880.
bool valid_mobile(std::string_view mobile);

}  // namespace vextrus::domain

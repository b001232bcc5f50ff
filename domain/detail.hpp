#pragma once
// The facts of a decision, as recorded in an audit record's `detail`. Plain data: the audit codec
// turns it into canonical JSON. Money is stored as its decimal string, never a number.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace vextrus::domain {

using DetailValue = std::variant<std::nullptr_t, bool, std::int64_t, std::string, std::vector<std::string>>;

// Field order is irrelevant (canonical JSON sorts keys); a key appears at most once.
using Detail = std::vector<std::pair<std::string, DetailValue>>;

}  // namespace vextrus::domain

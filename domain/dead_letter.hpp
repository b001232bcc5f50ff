#pragma once
// An input message that could not be decoded or decided: kept whole, with the reason, so it can
// be inspected, fixed upstream and re-published (docs/events.md).

#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.hpp"

namespace vextrus::domain {

struct DeadLetter {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::optional<std::string> key;
  std::string reason;  // DeadLetterReason vocabulary
  std::string detail;
  std::string payload;  // the original bytes
  Timestamp received_at;
};

}  // namespace vextrus::domain

#pragma once
// What a workflow decides about one event: the audit fact every accepted event produces (applied
// or refused), plus the entity's next state when it changed.

#include <optional>
#include <string>

#include "domain/detail.hpp"

namespace vextrus::domain {

struct AuditFact {
  std::string action;  // CONTRACT.md section 5 vocabulary, e.g. "approved", "refused"
  std::optional<std::string> status_before;
  std::optional<std::string> status_after;
  Detail detail;
};

template <typename State>
struct Decision {
  std::optional<State> next;  // set when the projection row changes
  AuditFact audit;
};

}  // namespace vextrus::domain

#pragma once
// The normalised form of a decoded event, printed by `vextrus-flow validate-event`: timestamps
// in UTC, money as decimal strings with two decimals.

#include <string>

#include "domain/event.hpp"

namespace vextrus::adapters {

std::string normalised_event_json(const domain::Event& event);

}  // namespace vextrus::adapters

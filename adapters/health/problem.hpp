#pragma once
// The health checks' name for a permanent problem (ports/problem.hpp).

#include "ports/problem.hpp"

namespace vextrus::health {

using Problem = ports::Problem;

}  // namespace vextrus::health

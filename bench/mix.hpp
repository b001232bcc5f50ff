#pragma once
// The event mix of the end-to-end benchmark (issue 5): about 50 % purchase-order events, 35 %
// invoice events, 15 % onboarding events; about 1 in 1,000 malformed and 1 in 100 a repeat of
// an event already published. Every entity's events are valid in order (an order is submitted
// and approved; an invoice received, approved and paid; an employee hired and the four tasks
// completed), and entities are interleaved so that most events touch another entity than the
// one before. Deterministic for a given size.

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/harness.hpp"

namespace vextrus::bench {

enum class Stream { purchase_orders, invoices, onboarding };

struct MixEvent {
  Stream stream;
  testing::Record record;
};

struct Mix {
  std::vector<MixEvent> events;  // in publication order
  std::int64_t malformed = 0;
  std::int64_t repeats = 0;
};

// At least `events` events, dated within the last hour (so that no deadline falls due).
Mix make_mix(std::int64_t events);

}  // namespace vextrus::bench

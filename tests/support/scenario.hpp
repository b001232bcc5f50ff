#pragma once
// Deterministic streams of purchase-order events whose final state is known by construction
// (written out by hand here, not computed with the domain code), for integration tests and the
// benchmark.

#include <map>
#include <string>
#include <vector>

#include "tests/support/harness.hpp"

namespace vextrus::testing {

struct ExpectedOrder {
  std::string status;
  int tiers_required = 0;
  int tiers_approved = 0;
  std::string pending_role;  // "NULL" when decided
  int audit_records = 0;     // events accepted (applied or refused)
};

struct Scenario {
  std::vector<Record> records;  // in publication order; same-order events keep their order
  std::map<std::string, ExpectedOrder> expected;
  std::size_t audit_records = 0;
};

// `orders` orders named "<prefix>-<n>", cycling through five shapes: a one-tier approval, a
// two-tier approval with a wrong-role refusal, a three-tier rejection, a cancellation followed
// by a refused approval, and a four-tier order left pending at the managing director. With
// `interleave`, events of different orders alternate (as a busy upstream would publish them).
Scenario make_scenario(const std::string& prefix, int orders, bool interleave = true);

// "PO-1|approved|1|1|NULL" rows as the tests compare them.
std::string describe(const std::string& po_id, const ExpectedOrder& order);

// Compares `db` with the scenario: every order row, one audit record per accepted event (none
// missing, none doubled), no dead letters. Uses gtest's EXPECT_*.
void expect_scenario_outcome(const ScratchDatabase& db, const Scenario& scenario);

}  // namespace vextrus::testing

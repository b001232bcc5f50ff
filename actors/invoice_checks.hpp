#pragma once
// What the invoices received in an attempt are checked against (docs/events.md,
// invoice.received): who claimed their vendor and number first, and the orders they name. Both
// are committed state of other entities, read in one query per attempt and never changed by the
// attempt itself; within the attempt, the first invoice to claim a key holds it for those after
// it. Owned by a partition worker; used from its thread only.

#include <map>
#include <string>
#include <vector>

#include "actors/cross_entity_checks.hpp"

namespace vextrus::actors {

class InvoiceChecks final : public CrossEntityChecks {
 public:
  void read(ports::PartitionStore& store, const std::vector<PendingItem>& items) override;
  void look_up(std::vector<PendingItem>& items, std::size_t from) override;

 private:
  ports::InvoiceFacts facts_;
  std::map<ports::InvoiceKey, std::string> claimed_;  // by the invoices of this attempt
};

}  // namespace vextrus::actors

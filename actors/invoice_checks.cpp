#include "actors/invoice_checks.hpp"

#include <memory>

namespace vextrus::actors {
namespace {

const domain::InvoiceReceived* received_invoice(const PendingItem& item) {
  return item.event ? std::get_if<domain::InvoiceReceived>(&item.event->payload) : nullptr;
}

}  // namespace

void InvoiceChecks::read(ports::PartitionStore& store, const std::vector<PendingItem>& items) {
  facts_ = {};
  claimed_.clear();
  std::vector<ports::InvoiceKey> keys;
  std::vector<std::string> po_ids;
  for (const auto& item : items) {
    if (const auto* received = received_invoice(item)) {
      keys.emplace_back(received->vendor.id, received->invoice_number);
      if (received->po_id) po_ids.push_back(*received->po_id);
    }
  }
  if (!keys.empty()) facts_ = store.invoice_facts(keys, po_ids);
}

void InvoiceChecks::look_up(std::vector<PendingItem>& items, std::size_t from) {
  for (std::size_t i = from; i < items.size(); ++i) {
    const auto* received = received_invoice(items[i]);
    if (received == nullptr) continue;
    const auto& invoice_id = items[i].entity_id();
    const ports::InvoiceKey key{received->vendor.id, received->invoice_number};
    auto lookups = std::make_shared<domain::InvoiceLookups>();
    const auto owner = facts_.key_owners.find(key);
    const auto [claim, first] = claimed_.emplace(key, invoice_id);
    lookups->duplicate =
        (owner != facts_.key_owners.end() && owner->second != invoice_id) || (!first && claim->second != invoice_id);
    if (received->po_id) {
      const auto order = facts_.orders.find(*received->po_id);
      if (order != facts_.orders.end()) lookups->order = order->second;
    }
    items[i].lookups = std::move(lookups);
  }
}

}  // namespace vextrus::actors

#pragma once
// The projection rows of invoices and onboardings (CONTRACT.md section 5, migration 004) read
// inside a transaction the caller owns, the rows of every workflow's projection encoded for the
// commit (migration 010), and the cross-entity facts an invoice is checked against. Used by the
// partition store; SQL is always parameterised.

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/postgres/partition_store.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "domain/purchase_order.hpp"

namespace vextrus::pg {

// The committed state of each of `ids` that exists (absent ids were never created).
std::unordered_map<std::string, domain::Invoice> load_invoices(pqxx::transaction_base& tx,
                                                              const std::vector<std::string>& ids);
std::unordered_map<std::string, domain::Onboarding> load_onboardings(pqxx::transaction_base& tx,
                                                                    const std::vector<std::string>& ids);

// The projection rows of the entities, the last state given for each (a batch may name an entity
// more than once), as JSON rows for the upsert functions of migration 010; nullopt when there
// are none. Onboardings come with their four onboarding_tasks rows once the tasks have started.
std::optional<std::string> purchase_order_rows(const std::vector<domain::PurchaseOrder>& orders);
std::optional<std::string> invoice_rows(const std::vector<domain::Invoice>& invoices);
struct OnboardingRows {
  std::optional<std::string> onboardings;  // for upsert_onboardings
  std::optional<std::string> tasks;        // for upsert_onboarding_tasks, after the onboardings
};
OnboardingRows onboarding_rows(const std::vector<domain::Onboarding>& onboardings);

// The invoice that claimed each key first, for the keys that are claimed.
std::map<InvoiceKey, std::string> invoice_key_owners(pqxx::transaction_base& tx, const std::vector<InvoiceKey>& keys);

// The committed projection of each named purchase order that exists.
std::unordered_map<std::string, domain::LinkedOrder> linked_orders(pqxx::transaction_base& tx,
                                                                  const std::vector<std::string>& po_ids);

}  // namespace vextrus::pg

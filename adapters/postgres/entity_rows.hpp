#pragma once
// The projection rows of invoices and onboardings (docs/database.md, migration 004) and the
// cross-entity facts an invoice is checked against, read and written inside a transaction the
// caller owns. Used by the partition store; SQL is always parameterised.

#include <map>
#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/write_statement.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"

namespace vextrus::pg {

// The committed state of each of `ids` that exists (absent ids were never created).
std::unordered_map<std::string, domain::Invoice> load_invoices(pqxx::transaction_base& tx,
                                                               const std::vector<std::string>& ids);
std::unordered_map<std::string, domain::Onboarding> load_onboardings(pqxx::transaction_base& tx,
                                                                     const std::vector<std::string>& ids);

// Adds to `writes` the insert or update of the rows (one per entity; onboardings with their four
// onboarding_tasks rows once the tasks have started).
void upsert_invoices(WriteStatement& writes, const std::vector<domain::Invoice>& invoices);
void upsert_onboardings(WriteStatement& writes, const std::vector<domain::Onboarding>& onboardings);

// The invoice that claimed each key first, for the keys that are claimed.
std::map<InvoiceKey, std::string> invoice_key_owners(pqxx::transaction_base& tx, const std::vector<InvoiceKey>& keys);

// Claims each key for its invoice unless already claimed (by any invoice, on any partition or
// process: the primary key decides). Returns the claims that lost to a different invoice.
std::vector<std::pair<InvoiceKey, std::string>> claim_invoice_keys(
    pqxx::transaction_base& tx, const std::vector<std::pair<InvoiceKey, std::string>>& claims);

// The committed projection of each named purchase order that exists.
std::unordered_map<std::string, domain::LinkedOrder> linked_orders(pqxx::transaction_base& tx,
                                                                   const std::vector<std::string>& po_ids);

}  // namespace vextrus::pg

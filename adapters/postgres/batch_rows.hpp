#pragma once
// The rows of a batch commit encoded for commit_partition_batch (migration 010): each a JSON
// array of rows keyed by column name (JsonRows), or nullopt when there are none, which the
// function skips. Pure encoding, kept apart from the sending so that bench/stages can time it
// without a database.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/postgres/partition_store.hpp"
#include "domain/audit_record.hpp"
#include "domain/dead_letter.hpp"

namespace vextrus::pg {

std::optional<std::string> audit_rows(const std::vector<domain::AuditRecord>& records);
std::optional<std::string> dead_letter_rows(const std::vector<domain::DeadLetter>& letters);
std::optional<std::string> notification_rows(const std::vector<NotificationRow>& notifications);

// The new timers of the partition's entities.
struct TimerRows {
  std::optional<std::string> rows;
  std::int64_t count = 0;
};
TimerRows timer_rows(const std::string& topic, int partition, const std::vector<EntityTimers>& timers);

// The stored timers each entity's new set replaces: those due up to its window's end, or all
// ("infinity"). text[] literals; all nullopt when no entity's timers change.
struct ReplacedTimers {
  std::optional<std::string> entity_type, entity_ids, up_to;
};
ReplacedTimers replaced_timers(const std::vector<EntityTimers>& timers);

// Invoice key claims as three text[] literals, in claim order; all nullopt when there are none.
struct KeyClaims {
  std::optional<std::string> vendors, numbers, invoices;
};
KeyClaims key_claims(const std::vector<std::pair<InvoiceKey, std::string>>& claims);

}  // namespace vextrus::pg

#pragma once
// The PostgreSQL implementation of the outbox store port (ports/outbox_store.hpp).

#include <memory>
#include <string>

#include "adapters/postgres/partition_store.hpp"
#include "ports/outbox_store.hpp"

namespace vextrus::pg {

using ports::max_payload_bytes;
using ports::OutboxAudit;
using ports::OutboxDeadLetter;
using ports::OutboxNotification;
using ports::OutboxStore;

// For the processes of consumer group `group` (whose partition_owners rows it checks).
std::unique_ptr<OutboxStore> make_pg_outbox_store(const std::string& dsn, const std::string& group);

}  // namespace vextrus::pg

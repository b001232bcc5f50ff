#pragma once
// The PostgreSQL implementation of the partition store port (ports/partition_store.hpp).

#include <memory>
#include <string>

#include "ports/partition_store.hpp"

namespace vextrus::pg {

using ports::BatchCommit;
using ports::ChainHead;
using ports::CommitResult;
using ports::EntityTimers;
using ports::Fenced;
using ports::InvoiceFacts;
using ports::InvoiceKey;
using ports::NotificationRow;
using ports::PartitionId;
using ports::PartitionStore;
using ports::StoredEntity;
using ports::StoredTimer;
using ports::StoreError;
using ports::TimerPage;

std::unique_ptr<PartitionStore> make_pg_partition_store(const std::string& dsn, PartitionId id);

}  // namespace vextrus::pg

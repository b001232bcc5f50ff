#include "adapters/postgres/worker_session.hpp"

namespace vextrus::pg {

void configure_worker_session(pqxx::connection& connection) {
  pqxx::work tx(connection);
  tx.exec("SET TIME ZONE 'UTC'");
  // Bound how long a process frozen inside a commit (SIGSTOP, a paused VM) can hold what its
  // partition's new owner waits for: its uncommitted rows (the new owner's insert of the same
  // audit record waits on them) and, at the end of a commit, the share lock on the
  // partition_owners row (the claim waits on it). A statement of a batch commit takes
  // milliseconds, a large one under load a few seconds; nothing of a live commit is idle for long.
  tx.exec("SET statement_timeout = '20s'");
  tx.exec("SET idle_in_transaction_session_timeout = '10s'");
  // Every statement of a worker reads by key, and its tables grow without bound, so scanning one
  // whole is never the plan it wants. The planner nonetheless picked it where its statistics
  // lagged behind a table that grew or churned since the last analyse: a vacuum of the nearly
  // empty timers table made each key probe look hundreds of pages long, and the commit's DELETE
  // then scanned the whole table once per entity (TimerStore tests, bench/results/history-2026-11.md). Disabled
  // here, a scan is still used where no index serves a statement.
  tx.exec("SET enable_seqscan = off");
  tx.commit();
}

}  // namespace vextrus::pg

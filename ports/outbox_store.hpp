#pragma once
// The port through which the outbox relay reads committed outputs not yet published and records
// how far publishing got, per chain. Used by the relay's thread only. Implementation:
// PostgreSQL (adapters/postgres/pg_outbox_store.cpp, relay_positions).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/dead_letter.hpp"
#include "ports/store_errors.hpp"

namespace vextrus::ports {

struct OutboxAudit {
  std::string chain;
  std::int64_t seq = 0;
  std::string entity_id;
  std::string canonical;
  std::string hash;
  std::optional<std::string> traceparent;  // from its detail
};

struct OutboxDeadLetter {
  std::string chain;
  std::int64_t id = 0;
  domain::DeadLetter row;  // payload cut to max_payload_bytes + 1 bytes
};

// How much of a dead letter's payload the relay reads (the published message holds 64 KiB).
inline constexpr std::size_t max_payload_bytes = 64 * 1024;

struct OutboxNotification {
  std::string chain;
  std::int64_t seq = 0;
  std::string entity_id;
  std::string message;
  std::optional<std::string> traceparent;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // The chains this process holds, each with the ownership epoch it claimed (partition_owners).
  using Owned = std::map<std::string, std::int64_t>;
  // Each reads the outputs of the `owned` chains whose epoch still stands, so that a process
  // that lost a partition (it was replaced while paused) stops relaying it.
  virtual std::vector<OutboxAudit> pending_audit(const Owned& owned, std::size_t limit) = 0;
  virtual std::vector<OutboxDeadLetter> pending_dead_letters(const Owned& owned, std::size_t limit) = 0;
  // Per chain at most `limit`, whole causes only (all notifications of one seq together).
  virtual std::vector<OutboxNotification> pending_notifications(const Owned& owned, std::size_t limit) = 0;
  struct Progress {
    std::map<std::string, std::int64_t> audit_seq;  // highest published, per chain
    std::map<std::string, std::int64_t> dead_letter_id;
    std::map<std::string, std::int64_t> notification_seq;
  };
  // Records the progress of the chains whose epoch in `owned` still stands.
  virtual void mark_relayed(const Progress& progress, const Owned& owned) = 0;
  // Outputs committed and not yet published, of the owned chains whose epoch still stands (each
  // an index range as long as the backlog, so cheap unless the backlog is large).
  struct Backlog {
    std::int64_t audit = 0;
    std::int64_t notifications = 0;
    std::int64_t dead_letters = 0;
  };
  virtual Backlog backlog(const Owned& owned) = 0;
};

}  // namespace vextrus::ports

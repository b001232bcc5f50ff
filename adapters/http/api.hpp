#pragma once
// What the /v1 API of docs/openapi.yaml reads, as seen from the HTTP adapter. The PostgreSQL
// adapter implements it (pg::ApiQueries); the HTTP adapter validates requests, calls it and
// writes the replies. Implementations are called from several HTTP threads at once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace vextrus::http {

enum class EntityKind { purchase_order, invoice, onboarding };

struct AuditQuery {
  std::optional<std::string> entity_id;
  std::optional<std::string> chain;
  std::optional<domain::Timestamp> from;  // occurred_at >= from
  std::optional<domain::Timestamp> to;    // occurred_at < to
  int limit = 100;
  // Records after this one (a cursor of a previous page), in (chain, seq) order.
  std::optional<std::pair<std::string, std::int64_t>> after;
};

struct AuditPage {
  std::vector<std::string> records;  // each as published on vextrus.audit: canonical JSON + hash
  std::optional<std::pair<std::string, std::int64_t>> last;  // set when more records follow
};

struct AuditVerification {
  bool ok = true;
  std::int64_t chains = 0;
  std::int64_t records = 0;
  struct Break {
    std::string chain;
    std::int64_t seq = 0;
    std::string expected;
    std::string found;
  };
  std::optional<Break> first_break;
};

class ApiBackend {
 public:
  virtual ~ApiBackend() = default;
  // The entity as a JSON object (without its audit history unless `history`), or nullopt when
  // unknown. Throws on a database failure.
  virtual std::optional<std::string> entity(EntityKind kind, const std::string& id, bool history) = 0;
  virtual AuditPage audit(const AuditQuery& query) = 0;
  virtual AuditVerification verify() = 0;
};

}  // namespace vextrus::http

#pragma once
// What the /v1 API of docs/openapi.yaml reads, as seen from the HTTP adapter. The PostgreSQL
// adapter implements it (pg::ApiQueries); the HTTP adapter validates requests, calls it and
// writes the replies. Implementations are called from several HTTP threads at once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"
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

// A page of a list, read by its key (keyset pagination, never OFFSET): `after` is the key of the
// last item of the previous page, as the backend gave it.
struct PageRequest {
  int limit = 50;
  std::optional<std::string> after;
};

struct Page {
  std::vector<std::string> items;       // JSON objects
  std::optional<std::string> last_key;  // set when more items follow
};

// The filters of each list, validated and typed by the HTTP adapter (nullopt: not given).
struct PurchaseOrderFilter {
  std::optional<std::string> status, pending_role, department, vendor_id, requester_id;
  std::optional<domain::Money> min_total, max_total;
  std::optional<domain::Timestamp> submitted_from, submitted_to;  // [from, to)
};

struct InvoiceFilter {
  std::optional<std::string> status, vendor_id, vendor_bin, hold_reason, po_id;
  std::optional<bool> overdue, mushak_6_10;
  std::optional<domain::Date> invoice_from, invoice_to;  // inclusive
};

struct OnboardingFilter {
  std::optional<std::string> status, department, task_status;
  std::optional<domain::Date> start_from, start_to;  // inclusive
};

struct PendingFilter {
  std::optional<std::string> workflow, role;
  std::optional<std::int64_t> older_than_seconds;  // pending for longer than this
};

struct OverdueFilter {
  std::optional<std::string> workflow;
};

struct DeadLetterFilter {
  std::optional<std::string> reason, topic;
  std::optional<domain::Timestamp> since, until;  // [since, until)
};

class ApiBackend {
 public:
  virtual ~ApiBackend() = default;
  // The entity as a JSON object (without its audit history unless `history`), or nullopt when
  // unknown. Throws on a database failure.
  virtual std::optional<std::string> entity(EntityKind kind, const std::string& id, bool history) = 0;
  virtual AuditPage audit(const AuditQuery& query) = 0;
  virtual AuditVerification verify() = 0;
  // Newest first by an immutable key (submission, receipt, start date), the id breaking ties.
  virtual Page purchase_orders(const PurchaseOrderFilter& filter, const PageRequest& page) = 0;
  virtual Page invoices(const InvoiceFilter& filter, const PageRequest& page) = 0;
  virtual Page onboardings(const OnboardingFilter& filter, const PageRequest& page) = 0;
  // Oldest pending first; each item has workflow, entity_id, pending_role, amount, pending_since
  // and policy_id.
  virtual Page pending_approvals(const PendingFilter& filter, const PageRequest& page) = 0;
  // Earliest due first.
  virtual Page overdue(const OverdueFilter& filter, const PageRequest& page) = 0;
  virtual Page dead_letters(const DeadLetterFilter& filter, const PageRequest& page) = 0;
  // One dead letter with its original bytes (UTF-8 text, or base64), or nullopt.
  virtual std::optional<std::string> dead_letter(std::int64_t id) = 0;
};

}  // namespace vextrus::http

#pragma once
// A decoded, validated input event: the envelope of CONTRACT.md section 3 and its typed payload.
// Produced by the decoder adapter; everything here has already passed the syntactic checks.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/money.hpp"
#include "domain/time.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::domain {

struct PurchaseOrderLine {
  std::string item;
  std::int64_t quantity = 0;
  Money unit_price;
};

struct PurchaseOrderSubmitted {
  std::string requester_id;
  std::string department;
  std::string vendor_id;
  std::string budget_code;
  std::vector<PurchaseOrderLine> lines;
  Money total;
};

struct PurchaseOrderApproved {
  std::optional<std::string> comment;
};

struct PurchaseOrderRejected {
  std::string reason;
};

struct PurchaseOrderCancelled {
  std::string reason;
};

using Payload = std::variant<PurchaseOrderSubmitted, PurchaseOrderApproved, PurchaseOrderRejected,
                             PurchaseOrderCancelled>;

struct Actor {
  std::string id;
  Role role = Role::system;
};

struct Event {
  std::string event_id;
  EventType type = EventType::purchase_order_submitted;
  std::string entity_id;
  Timestamp occurred_at;
  Actor actor;
  Payload payload;
};

}  // namespace vextrus::domain

#pragma once
// The state of an entity of any workflow, for the layers that handle all three alike (the
// partition pipeline, the store).

#include <string>
#include <variant>

#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "domain/purchase_order.hpp"

namespace vextrus::domain {

using EntityState = std::variant<PurchaseOrder, Invoice, Onboarding>;

inline const std::string& entity_id_of(const EntityState& state) {
  return std::visit(
      [](const auto& s) -> const std::string& {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, PurchaseOrder>)
          return s.po_id;
        else if constexpr (std::is_same_v<T, Invoice>)
          return s.invoice_id;
        else
          return s.employee_id;
      },
      state);
}

}  // namespace vextrus::domain

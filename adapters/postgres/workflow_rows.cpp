#include "adapters/postgres/workflow_rows.hpp"

namespace vextrus::pg {

const WorkflowRows& rows_of(domain::Workflow workflow) {
  switch (workflow) {
    case domain::Workflow::purchase_order:
      return purchase_order_rows();
    case domain::Workflow::invoice:
      return invoice_rows();
    case domain::Workflow::onboarding:
      return onboarding_rows();
  }
  throw std::logic_error("unknown workflow");
}

domain::Workflow workflow_of(const domain::EntityState& state) {
  return std::visit(
      [](const auto& s) {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, domain::PurchaseOrder>) {
          return domain::Workflow::purchase_order;
        } else if constexpr (std::is_same_v<T, domain::Invoice>) {
          return domain::Workflow::invoice;
        } else {
          static_assert(std::is_same_v<T, domain::Onboarding>, "an entity state of no workflow: add it here");
          return domain::Workflow::onboarding;
        }
      },
      state);
}

}  // namespace vextrus::pg

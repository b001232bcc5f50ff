#include "actors/cross_entity_checks.hpp"

#include "actors/invoice_checks.hpp"

namespace vextrus::actors {

std::unique_ptr<CrossEntityChecks> cross_entity_checks(domain::Workflow workflow) {
  switch (workflow) {
    case domain::Workflow::invoice:
      return std::make_unique<InvoiceChecks>();
    case domain::Workflow::purchase_order:
    case domain::Workflow::onboarding:
      return nullptr;
  }
  return nullptr;
}

}  // namespace vextrus::actors

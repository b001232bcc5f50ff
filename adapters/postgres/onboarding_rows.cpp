// The onboardings' rows (onboardings, onboarding_tasks; docs/database.md), with the functions of
// entity_rows.hpp.
#include "adapters/postgres/entity_rows.hpp"
#include "adapters/postgres/workflow_rows.hpp"

namespace vextrus::pg {

const WorkflowRows& onboarding_rows() {
  static const RowsOf<domain::Onboarding> rows(load_onboardings, upsert_onboardings);
  return rows;
}

}  // namespace vextrus::pg

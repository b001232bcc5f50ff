// The invoices' rows (invoices, invoice_lines; docs/database.md), with the functions of
// entity_rows.hpp, which also reads the cross-entity facts an invoice is checked against.
#include "adapters/postgres/entity_rows.hpp"
#include "adapters/postgres/workflow_rows.hpp"

namespace vextrus::pg {

const WorkflowRows& invoice_rows() {
  static const RowsOf<domain::Invoice> rows(load_invoices, upsert_invoices);
  return rows;
}

}  // namespace vextrus::pg

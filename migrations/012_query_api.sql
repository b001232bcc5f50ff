-- The query API's lists and reports (docs/openapi.yaml, docs/database.md "Indexes"). Each list is
-- read newest first by an immutable key (an order's submission, an invoice's receipt, an
-- onboarding's start date, a dead letter's receipt) with the id as a tie-break, page after page
-- by that key (keyset pagination): each index below serves one list with one filter, so a page
-- reads its rows and no more, however long the history. Built in the migrations' transaction:
-- on a large existing table, build them beforehand with CREATE INDEX CONCURRENTLY under the same
-- names (IF NOT EXISTS leaves them).

-- What the Mushak-6.6 certificates need (the supplier's name and BIN, the day VAT was deducted
-- at source: the invoice's first payment). NULL for invoices decided before this migration.
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS vendor_name text;
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS vendor_bin text;
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS first_paid_at timestamptz;

CREATE INDEX IF NOT EXISTS purchase_orders_list ON purchase_orders (submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_status ON purchase_orders (status, submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_vendor ON purchase_orders (vendor_id, submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_department ON purchase_orders (department, submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_requester ON purchase_orders (requester_id, submitted_at, po_id);

CREATE INDEX IF NOT EXISTS invoices_list ON invoices (received_at, invoice_id);
CREATE INDEX IF NOT EXISTS invoices_by_status ON invoices (status, received_at, invoice_id);
CREATE INDEX IF NOT EXISTS invoices_by_vendor ON invoices (vendor_id, received_at, invoice_id);
CREATE INDEX IF NOT EXISTS invoices_by_vendor_bin ON invoices (vendor_bin, received_at, invoice_id)
  WHERE vendor_bin IS NOT NULL;
CREATE INDEX IF NOT EXISTS invoices_by_order ON invoices (po_id, received_at, invoice_id) WHERE po_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS invoices_held ON invoices (received_at, invoice_id) WHERE cardinality(hold_reasons) > 0;
CREATE INDEX IF NOT EXISTS invoices_overdue ON invoices (received_at, invoice_id) WHERE overdue;
CREATE INDEX IF NOT EXISTS invoices_first_paid ON invoices (first_paid_at) WHERE first_paid_at IS NOT NULL;

CREATE INDEX IF NOT EXISTS onboardings_list ON onboardings (start_date, employee_id);
CREATE INDEX IF NOT EXISTS onboardings_by_status ON onboardings (status, start_date, employee_id);
CREATE INDEX IF NOT EXISTS onboardings_by_department ON onboardings (department, start_date, employee_id);

CREATE INDEX IF NOT EXISTS dead_letters_list ON dead_letters (received_at, id);
CREATE INDEX IF NOT EXISTS dead_letters_by_reason ON dead_letters (reason, received_at, id);

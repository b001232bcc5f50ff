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

-- A status filter has no index of its own: statuses are few and each is common enough that a page
-- of one is found walking the list's index (2 to 21 ms a page at 1,000,000 entities), while an
-- index on a column every decision changes is written on every decision (bench/README.md, "The
-- query API": these indexes cost a quarter of the backlog throughput with them).
CREATE INDEX IF NOT EXISTS purchase_orders_list ON purchase_orders (submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_vendor ON purchase_orders (vendor_id, submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_department ON purchase_orders (department, submitted_at, po_id);
CREATE INDEX IF NOT EXISTS purchase_orders_by_requester ON purchase_orders (requester_id, submitted_at, po_id);
-- An amount range matches orders of any time: a narrow one (the largest orders, the smallest) is
-- read through this and its matches sorted; a wide one is read along purchase_orders_list.
CREATE INDEX IF NOT EXISTS purchase_orders_by_total ON purchase_orders (total);

CREATE INDEX IF NOT EXISTS invoices_list ON invoices (received_at, invoice_id);
CREATE INDEX IF NOT EXISTS invoices_by_vendor ON invoices (vendor_id, received_at, invoice_id);
CREATE INDEX IF NOT EXISTS invoices_by_vendor_bin ON invoices (vendor_bin, received_at, invoice_id)
  WHERE vendor_bin IS NOT NULL;
CREATE INDEX IF NOT EXISTS invoices_by_order ON invoices (po_id, received_at, invoice_id) WHERE po_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS invoices_held ON invoices (received_at, invoice_id) WHERE cardinality(hold_reasons) > 0;
CREATE INDEX IF NOT EXISTS invoices_overdue ON invoices (received_at, invoice_id) WHERE overdue;
CREATE INDEX IF NOT EXISTS invoices_first_paid ON invoices (first_paid_at) WHERE first_paid_at IS NOT NULL;

-- The pending approvals (oldest pending first) and the overdue list (earliest due first) read
-- each half in that order and stop at a page. The pending ones: the orders and invoices of
-- v_pending_approvals by the time they became pending; these replace the indexes of 009 on the
-- id alone (they serve v_pending_approvals and its gauge as those did, and give the order).
CREATE INDEX IF NOT EXISTS purchase_orders_pending_since ON purchase_orders (pending_since, po_id)
  WHERE status = 'pending_approval';
CREATE INDEX IF NOT EXISTS invoices_pending_since ON invoices (pending_since, invoice_id)
  WHERE status = 'pending_approval';
DROP INDEX IF EXISTS purchase_orders_pending_approval;
DROP INDEX IF EXISTS invoices_pending_approval;

-- The overdue list (earliest due first) reads each half in due order and stops at a page: the
-- invoices of v_overdue (overdue and still unpaid; not the many paid late, which keep `overdue`),
-- and the overdue tasks, whose index replaces onboarding_tasks_overdue of 004, on the status alone
-- (it serves v_overdue as that one did, and gives the order).
CREATE INDEX IF NOT EXISTS invoices_overdue_open ON invoices (due_at, invoice_id)
  WHERE overdue AND status IN ('pending_approval', 'approved', 'partially_paid');
CREATE INDEX IF NOT EXISTS onboarding_tasks_overdue_due ON onboarding_tasks (due_at, employee_id, task)
  WHERE status = 'overdue';
DROP INDEX IF EXISTS onboarding_tasks_overdue;

CREATE INDEX IF NOT EXISTS onboardings_list ON onboardings (start_date, employee_id);
CREATE INDEX IF NOT EXISTS onboardings_by_department ON onboardings (department, start_date, employee_id);

CREATE INDEX IF NOT EXISTS dead_letters_list ON dead_letters (received_at, id);
CREATE INDEX IF NOT EXISTS dead_letters_by_reason ON dead_letters (reason, received_at, id);

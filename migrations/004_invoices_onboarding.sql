-- Invoices and onboarding (docs/events.md, docs/database.md): their projections, the key that makes a
-- vendor's invoice number unique across partitions and processes, and the dashboard views.

CREATE TABLE invoices (
  invoice_id       text PRIMARY KEY,
  status           text NOT NULL,
  vendor_id        text NOT NULL,
  vendor_category  text NOT NULL,
  invoice_number   text NOT NULL,
  invoice_date     date NOT NULL,
  po_id            text,
  lines_total      numeric(18,2) NOT NULL,
  subtotal         numeric(18,2) NOT NULL,
  vat_amount       numeric(18,2) NOT NULL,
  vat_computed     numeric(18,2) NOT NULL,
  vds_amount       numeric(18,2) NOT NULL,
  tds_amount       numeric(18,2) NOT NULL,
  net_payable      numeric(18,2) NOT NULL,
  total            numeric(18,2) NOT NULL,
  paid_amount      numeric(18,2) NOT NULL,
  due_date         date NOT NULL,
  due_at           timestamptz NOT NULL,   -- the end of due_date, Asia/Dhaka
  overdue          boolean NOT NULL,
  hold_reasons     text[] NOT NULL,
  mushak_6_10      boolean NOT NULL,
  input_vat_credit_ineligible boolean NOT NULL,
  tiers            text[] NOT NULL,
  tiers_required   int NOT NULL,
  tiers_approved   int NOT NULL,
  pending_role     text,
  pending_since    timestamptz NOT NULL,
  policy_id        text NOT NULL,
  received_at      timestamptz NOT NULL,
  decided_at       timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_pending ON invoices (pending_role) WHERE pending_role IS NOT NULL;
CREATE INDEX invoices_date ON invoices (invoice_date);

-- First come, first served: the invoice that claims a (vendor, number) first owns it; any later
-- one is held as duplicate_invoice, whichever partition or process decides it.
CREATE TABLE invoice_keys (
  vendor_id       text NOT NULL,
  invoice_number  text NOT NULL,
  invoice_id      text NOT NULL,
  PRIMARY KEY (vendor_id, invoice_number)
);

CREATE TABLE onboardings (
  employee_id    text PRIMARY KEY,
  status         text NOT NULL,
  name           text NOT NULL,
  nid            text NOT NULL,     -- kept to re-run the identity checks after a correction
  mobile         text NOT NULL,
  tin            text,
  department     text NOT NULL,
  position       text NOT NULL,
  start_date     date NOT NULL,
  hold_reasons   text[] NOT NULL,
  tasks_started  boolean NOT NULL,
  policy_id      text NOT NULL,
  hired_at       timestamptz NOT NULL,
  decided_at     timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE onboarding_tasks (
  employee_id   text NOT NULL REFERENCES onboardings (employee_id),
  task          text NOT NULL,   -- account, it_equipment, orientation, benefits
  due_at        timestamptz NOT NULL,
  status        text NOT NULL,   -- pending, completed, overdue, completed_late
  completed_at  timestamptz,
  PRIMARY KEY (employee_id, task)
);
CREATE INDEX onboarding_tasks_overdue ON onboarding_tasks (status) WHERE status = 'overdue';

-- The Bangladeshi fiscal year (July to June) of a date, named like 2025-26.
CREATE FUNCTION bd_fiscal_year(d date) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT y::text || '-' || lpad(((y + 1) % 100)::text, 2, '0')
        FROM (SELECT extract(year FROM d)::int - CASE WHEN extract(month FROM d) < 7 THEN 1 ELSE 0 END AS y) s $$;

CREATE VIEW v_pending_approvals AS
  SELECT 'purchase_order'::text AS workflow, po_id AS entity_id, pending_role, total AS amount, pending_since
    FROM purchase_orders WHERE status = 'pending_approval'
  UNION ALL
  SELECT 'invoice', invoice_id, pending_role, total, pending_since
    FROM invoices WHERE status = 'pending_approval';

-- What is past its due date and still open: unpaid invoices and onboarding tasks not done.
CREATE VIEW v_overdue AS
  SELECT 'invoice'::text AS workflow, invoice_id AS entity_id, 'payment'::text AS item, due_at
    FROM invoices WHERE overdue AND status IN ('pending_approval', 'approved', 'partially_paid')
  UNION ALL
  SELECT 'onboarding', t.employee_id, t.task, t.due_at
    FROM onboarding_tasks t JOIN onboardings o USING (employee_id)
    WHERE t.status = 'overdue' AND o.status = 'in_progress';

-- Rejected invoices are not reported; held ones are (their VAT is still owed if paid).
CREATE VIEW v_vat_by_fiscal_month AS
  SELECT bd_fiscal_year(invoice_date) AS fiscal_year, date_trunc('month', invoice_date)::date AS month,
         sum(vat_computed) AS vat_computed, sum(vds_amount) AS vds_amount
    FROM invoices WHERE status <> 'rejected'
    GROUP BY 1, 2;

CREATE VIEW v_withholding_by_category AS
  SELECT bd_fiscal_year(invoice_date) AS fiscal_year, vendor_category, count(*) AS invoices,
         sum(vds_amount) AS vds_amount, sum(tds_amount) AS tds_amount
    FROM invoices WHERE status <> 'rejected'
    GROUP BY 1, 2;

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT SELECT, INSERT, UPDATE ON invoices, onboardings, onboarding_tasks TO vextrus_runtime;
    GRANT SELECT, INSERT ON invoice_keys TO vextrus_runtime;
    GRANT SELECT ON v_pending_approvals, v_overdue, v_vat_by_fiscal_month, v_withholding_by_category
      TO vextrus_runtime;
  END IF;
END
$$;

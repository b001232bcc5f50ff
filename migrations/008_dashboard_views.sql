-- The dashboards (deploy/grafana) read views only, as a role that can read nothing else
-- (vextrus_grafana, made by deploy/sql/roles.sql): Grafana runs whatever SQL a dashboard editor
-- types.
--
-- Approval SLA breaches: a tier still pending at its escalation deadline. The service records
-- that moment as an `escalated` audit record (occurred_at = the deadline, detail.pending_role =
-- the role that missed it), so each entity's own dated policy applies.
CREATE VIEW v_approval_breaches AS
  SELECT entity_type AS workflow, entity_id, detail ->> 'pending_role' AS pending_role,
         detail ->> 'escalated_to' AS escalated_to, occurred_at AS breached_at
    FROM audit_log WHERE action = 'escalated';

-- Breaches by time range without reading the whole audit trail. Built inside the migrations'
-- transaction, which blocks inserts into audit_log while it runs: fine here, since no released
-- schema lacks this migration (it runs on a new database). A later index on a large audit_log
-- must be built CONCURRENTLY, outside the migrations.
CREATE INDEX audit_log_escalated ON audit_log (occurred_at) WHERE action = 'escalated';

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_grafana') THEN
    GRANT SELECT ON v_pending_approvals, v_overdue, v_vat_by_fiscal_month, v_withholding_by_category,
                    v_approval_breaches TO vextrus_grafana;
  END IF;
END
$$;

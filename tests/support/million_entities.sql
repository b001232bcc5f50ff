-- A history of four years in an empty, migrated database: 1,000,000 entities (450,000 purchase
-- orders, 400,000 invoices, 150,000 onboardings with their tasks), 50,000 dead letters with some
-- re-drives, an audit record for each entity's creation and one for each approval tier already
-- passed by the entities still pending, and the pending deadlines (timers) of the open entities.
-- For the query plans of the /v1 lists (tests/integration/query_plans_pgtest.cpp) and their
-- latency (bench/query_api.cpp). Run as the schema owner, in one session (it keeps helpers and
-- settings in the session); it ends with ANALYZE. It is plain SQL: psql -f works too.
--
-- Realistic spreads, all drawn from hashes of the row number (the same rows every time, relative
-- to the hour it runs so that the open entities are open now): the business grows (twice as many
-- entities a day at the end as on average, so that the recent weeks hold the open work); ids
-- rise with time; vendors, departments and requesters are skewed (a few large, many small);
-- several thousand purchase orders and invoices pending over four roles; a few thousand invoices
-- overdue and unpaid, many more paid late (overdue stays true once paid); held invoices with one
-- or two hold reasons, most of them released since; the supplier's name and BIN on the invoices
-- of the last four months only (the columns of migration 012); onboardings starting up to 60 days
-- ahead, some stuck in progress with overdue tasks. Every amount is integer paisa turned into
-- numeric(18,2) exactly (paisa / 100); VAT, VDS and TDS are computed as the engine rounds them,
-- half away from zero. The audit records' hashes are placeholders: this trail does not verify.
--
-- To load quickly, the secondary indexes and the foreign keys of the filled tables are dropped
-- first and made again at the end from their own definitions (pg_indexes, pg_constraint), the
-- same as before: one sort per index instead of a million insertions, one check per foreign key
-- instead of a trigger per row.

SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';

-- A number in [0, 2^62) drawn from row i and a salt, the same every run.
CREATE FUNCTION pg_temp.r(i bigint, salt int) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT hashint8extended(i, salt) & 4611686018427387903 $$;
-- The input partition (of 6) of an entity id, for its audit chain and its timers.
CREATE FUNCTION pg_temp.part(id text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ((hashtext(id)::bigint & 2147483647) % 6)::int $$;
-- Integer paisa as money.
CREATE FUNCTION pg_temp.bdt(paisa bigint) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (paisa::numeric / 100)::numeric(18,2) $$;
-- The policy file in force on a day (one per fiscal year, from 1 July).
CREATE FUNCTION pg_temp.policy(at timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT 'bd-default-' || to_char((at AT TIME ZONE 'Asia/Dhaka') - interval '6 months', 'YYYY') || '-07-01' $$;

-- The hour the history ends.
CREATE TEMP TABLE anchor AS SELECT date_trunc('hour', now()) AS t;

CREATE TEMP TABLE saved_indexes AS
  SELECT i.indexname, i.indexdef FROM pg_indexes i
  WHERE i.schemaname = 'public'
    AND i.tablename IN ('purchase_orders', 'invoices', 'onboardings', 'onboarding_tasks', 'audit_log', 'timers',
                        'dead_letters', 'dead_letter_redrives')
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
CREATE TEMP TABLE saved_foreign_keys AS
  SELECT c.conrelid::regclass::text AS tablename, c.conname, pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c
  WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
    AND c.conrelid::regclass::text IN ('onboarding_tasks', 'dead_letter_redrives', 'timers', 'audit_log');
DO $$
DECLARE
  saved record;
BEGIN
  FOR saved IN SELECT * FROM saved_foreign_keys LOOP
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', saved.tablename, saved.conname);
  END LOOP;
  FOR saved IN SELECT * FROM saved_indexes LOOP
    EXECUTE format('DROP INDEX %I', saved.indexname);
  END LOOP;
END
$$;

-- Purchase orders: submitted over four years; those of the last 7 days (the default policy's
-- expiry) mostly pending, older ones decided.
INSERT INTO purchase_orders (po_id, status, total, department, vendor_id, requester_id, budget_code, tiers,
                             tiers_required, tiers_approved, pending_role, pending_since, policy_id, submitted_at,
                             decided_at, updated_at)
SELECT po_id, status, pg_temp.bdt(paisa), department, vendor_id, requester_id, budget_code, tiers, cardinality(tiers),
       approved, pending_role, pending_since, pg_temp.policy(submitted_at), submitted_at, decided_at,
       coalesce(decided_at, pending_since, submitted_at)
FROM (
  SELECT *,
         CASE WHEN status = 'pending_approval' THEN tiers[approved + 1] END AS pending_role,
         CASE WHEN status = 'pending_approval'
              THEN least(submitted_at + approved * (4 + pg_temp.r(i, 6) % 20) * interval '1 hour', t - interval '1 minute')
         END AS pending_since,
         CASE status
           WHEN 'approved' THEN least(submitted_at + cardinality(tiers) * interval '18 hours', t)
           WHEN 'rejected' THEN least(submitted_at + (approved + 1) * interval '15 hours', t)
           WHEN 'cancelled' THEN least(submitted_at + interval '30 hours', t)
           WHEN 'expired' THEN submitted_at + interval '168 hours'
         END AS decided_at
  FROM (
    SELECT *,
           CASE status
             WHEN 'approved' THEN cardinality(tiers)
             ELSE (pg_temp.r(i, 5) % cardinality(tiers))::int
           END AS approved
    FROM (
      SELECT *,
             (ARRAY['department_head', 'finance_manager', 'cfo', 'managing_director'])
               [1:1 + (paisa > 10000000)::int + (paisa > 100000000)::int + (paisa > 1000000000)::int] AS tiers,
             CASE WHEN t - submitted_at < interval '7 days'
                  THEN CASE WHEN u < 650 THEN 'pending_approval' WHEN u < 900 THEN 'approved'
                            WHEN u < 960 THEN 'rejected' ELSE 'cancelled' END
                  ELSE CASE WHEN u < 780 THEN 'approved' WHEN u < 870 THEN 'rejected'
                            WHEN u < 930 THEN 'cancelled' ELSE 'expired' END
             END AS status,
             'BUD-' || upper(left(department, 3)) || '-' || to_char(submitted_at - interval '6 months', 'YYYY') AS budget_code
      FROM (
        SELECT i, t, 'PO-' || lpad(i::text, 7, '0') AS po_id,
               date_trunc('minute', t - interval '1461 days'
                 + (sqrt((i - 0.5) / 450000.0) * (1461 * 86400 - 3600) + pg_temp.r(i, 1) % 600) * interval '1 second')
                 AS submitted_at,
               pg_temp.r(i, 2) % 1000 AS u,
               CASE WHEN pg_temp.r(i, 3) % 100 < 55 THEN 50000 + pg_temp.r(i, 4) % 9950000
                    WHEN pg_temp.r(i, 3) % 100 < 85 THEN 10000001 + pg_temp.r(i, 4) % 90000000
                    WHEN pg_temp.r(i, 3) % 100 < 98 THEN 100000001 + pg_temp.r(i, 4) % 900000000
                    ELSE 1000000001 + pg_temp.r(i, 4) % 4000000000 END AS paisa,
               (ARRAY['procurement', 'finance', 'operations', 'it', 'hr', 'admin', 'sales', 'marketing', 'logistics',
                      'production', 'quality', 'maintenance', 'legal', 'audit', 'research', 'customer_service',
                      'security', 'facilities', 'engineering', 'supply_chain', 'treasury', 'compliance', 'training',
                      'export'])[1 + least(pg_temp.r(i, 7) % 24, pg_temp.r(i, 8) % 24)] AS department,
               'V-' || lpad((1 + least(pg_temp.r(i, 9) % 2000, pg_temp.r(i, 10) % 2000))::text, 4, '0') AS vendor_id,
               'U-' || lpad((1 + pg_temp.r(i, 11) % 3000)::text, 5, '0') AS requester_id
        FROM generate_series(1, 450000) i, anchor
        OFFSET 0
      ) a
      OFFSET 0
    ) b
    OFFSET 0
  ) c
) d;

-- Invoices: received over four years; open ones in the last 30 days (payment terms), a few
-- thousand older ones still unpaid (overdue).
INSERT INTO invoices (invoice_id, status, vendor_id, vendor_category, invoice_number, invoice_date, po_id, lines_total,
                      subtotal, vat_amount, vat_computed, vds_amount, tds_amount, net_payable, total, paid_amount,
                      due_date, due_at, overdue, hold_reasons, mushak_6_10, input_vat_credit_ineligible, tiers,
                      tiers_required, tiers_approved, pending_role, pending_since, policy_id, received_at, decided_at,
                      updated_at, vendor_name, vendor_bin, first_paid_at)
SELECT invoice_id, status, vendor_id, category, 'INV/' || vn || '/' || i, invoice_date, po_id, pg_temp.bdt(lines),
       pg_temp.bdt(sub), pg_temp.bdt(vat), pg_temp.bdt(vat_computed), pg_temp.bdt(vds), pg_temp.bdt(tds),
       pg_temp.bdt(total - vds - tds), pg_temp.bdt(total),
       pg_temp.bdt(CASE status WHEN 'paid' THEN total - vds - tds WHEN 'partially_paid' THEN (total - vds - tds) / 2
                               ELSE 0 END),
       invoice_date + 30, due_at,
       CASE WHEN status IN ('pending_approval', 'approved', 'partially_paid') THEN due_at < t
            WHEN status = 'paid' THEN due_at < t AND pg_temp.r(i, 30) % 10 = 0
            ELSE false END,
       holds, total > 20000000, total > 10000000 AND status IN ('paid', 'partially_paid') AND pg_temp.r(i, 31) % 20 = 0,
       tiers, cardinality(tiers), approved,
       CASE WHEN status = 'pending_approval' THEN tiers[approved + 1] END,
       least(received_at + greatest(approved - (status <> 'pending_approval')::int, 0) * interval '20 hours',
             t - interval '1 minute'),
       pg_temp.policy(received_at), received_at, decided_at, coalesce(decided_at, received_at),
       CASE WHEN recent_columns THEN name END, CASE WHEN recent_columns THEN bin END,
       CASE WHEN recent_columns AND status IN ('paid', 'partially_paid') THEN decided_at END
FROM (
  SELECT *,
         CASE status
           WHEN 'approved' THEN least(received_at + approved * interval '20 hours', t)
           WHEN 'partially_paid' THEN least(received_at + (approved + 4) * interval '20 hours', t)
           WHEN 'paid' THEN least(received_at + (5 + pg_temp.r(i, 32) % 45) * interval '1 day', t)
           WHEN 'rejected' THEN least(received_at + interval '1 day', t)
         END AS decided_at
  FROM (
    SELECT *,
           CASE WHEN status IN ('approved', 'partially_paid', 'paid') THEN cardinality(tiers)
                WHEN status = 'on_hold' THEN 0
                ELSE (pg_temp.r(i, 29) % cardinality(tiers))::int END AS approved
    FROM (
      SELECT *,
             sub + vat + CASE WHEN 'total_mismatch' = ANY(holds) THEN 10000 ELSE 0 END AS total,
             (ARRAY['finance_manager', 'cfo', 'managing_director'])
               [1:1 + (sub + vat > 50000000)::int + (sub + vat > 500000000)::int] AS tiers
      FROM (
        SELECT *,
               sub + CASE WHEN 'subtotal_mismatch' = ANY(holds) THEN 10000 ELSE 0 END AS lines,
               vat_computed + CASE WHEN 'vat_mismatch' = ANY(holds) THEN 50000 ELSE 0 END AS vat,
               (sub * vds_rate + 500) / 1000 AS vds,
               CASE WHEN with_return THEN (sub * tds_rate + 500) / 1000 ELSE (sub * tds_rate * 3 + 1000) / 2000 END AS tds,
               ((invoice_date + 31)::timestamp AT TIME ZONE 'Asia/Dhaka') AS due_at
        FROM (
          SELECT *,
                 (sub * vat_rate + 500) / 1000 AS vat_computed,
                 CASE WHEN status = 'on_hold' OR pg_temp.r(i, 21) % 50 = 0
                      THEN CASE WHEN ha <> hb AND pg_temp.r(i, 24) % 3 = 0
                                THEN ARRAY[reasons[1 + least(ha, hb)], reasons[1 + greatest(ha, hb)]]
                                ELSE ARRAY[reasons[1 + ha]] END
                      ELSE '{}'::text[] END AS holds
          FROM (
            SELECT *,
                   (ARRAY['invalid_bin', 'invalid_tin', 'subtotal_mismatch', 'vat_mismatch', 'total_mismatch',
                          'duplicate_invoice', 'po_not_found', 'po_not_approved', 'vendor_mismatch',
                          'po_amount_exceeded']) AS reasons,
                   pg_temp.r(i, 22) % 10 AS ha, pg_temp.r(i, 23) % 10 AS hb,
                   CASE WHEN t - received_at < interval '30 days'
                        THEN CASE WHEN u < 250 THEN 'pending_approval' WHEN u < 600 THEN 'approved'
                                  WHEN u < 650 THEN 'partially_paid' WHEN u < 950 THEN 'paid'
                                  WHEN u < 980 THEN 'on_hold' ELSE 'rejected' END
                        ELSE CASE WHEN u < 40 THEN 'rejected' WHEN u < 50 THEN 'approved'
                                  WHEN u < 55 THEN 'partially_paid' WHEN u < 58 THEN 'pending_approval'
                                  WHEN u < 62 THEN 'on_hold' ELSE 'paid' END
                   END AS status,
                   (received_at AT TIME ZONE 'Asia/Dhaka')::date - (pg_temp.r(i, 25) % 4)::int AS invoice_date,
                   CASE WHEN pg_temp.r(i, 26) % 10 < 7
                        THEN 'PO-' || lpad(greatest(1, least(450000, i * 9 / 8 - pg_temp.r(i, 27) % 200))::text, 7, '0')
                   END AS po_id,
                   (ARRAY[150, 150, 150, 150, 75, 50, 100, 0])[1 + pg_temp.r(i, 28) % 8] AS vat_rate,
                   (ARRAY[0, 75, 75, 150, 150, 150, 100, 100, 100, 50, 150])[1 + vn % 11] AS vds_rate,
                   (ARRAY[50, 50, 70, 100, 100, 100, 100, 100, 100, 100, 100])[1 + vn % 11] AS tds_rate,
                   pg_temp.r(i, 33) % 10 <> 0 AS with_return,
                   i > 340000 AS recent_columns,
                   CASE WHEN vn % 5 <> 0 THEN lpad(((vn * 7919 + 1000003) % 10000000000000)::text, 13, '0') END AS bin,
                   (ARRAY['Meghna', 'Padma', 'Jamuna', 'Karnaphuli', 'Surma', 'Rupsha', 'Teesta', 'Buriganga'])[1 + vn % 8]
                     || ' ' || (ARRAY['Traders', 'Enterprise', 'Consultants', 'Builders', 'Logistics', 'Printers',
                                      'Tech', 'Services'])[1 + (vn / 8) % 8] || ' Ltd' AS name
            FROM (
              SELECT i, t, 'INV-' || lpad(i::text, 7, '0') AS invoice_id,
                     date_trunc('second', t - interval '1461 days'
                       + (sqrt((i - 0.5) / 400000.0) * (1461 * 86400 - 3600) + pg_temp.r(i, 1) % 900) * interval '1 second')
                       AS received_at,
                     pg_temp.r(i, 2) % 1000 AS u,
                     vn, 'V-' || lpad(vn::text, 4, '0') AS vendor_id,
                     (ARRAY['supplier_manufacturer', 'procurement_provider', 'construction', 'consultancy',
                            'security_manpower', 'advertising', 'printing', 'repairs_maintenance', 'transport',
                            'it_enabled_service', 'other_service'])[1 + vn % 11] AS category,
                     CASE WHEN pg_temp.r(i, 3) % 100 < 65 THEN 50000 + pg_temp.r(i, 4) % 9950000
                          WHEN pg_temp.r(i, 3) % 100 < 88 THEN 10000001 + pg_temp.r(i, 4) % 40000000
                          WHEN pg_temp.r(i, 3) % 100 < 98 THEN 50000001 + pg_temp.r(i, 4) % 450000000
                          ELSE 500000001 + pg_temp.r(i, 4) % 2500000000 END AS sub
              FROM generate_series(1, 400000) i, anchor,
                   LATERAL (SELECT 1 + least(pg_temp.r(i, 9) % 2000, pg_temp.r(i, 10) % 2000) AS vn) v
              OFFSET 0
            ) a
            OFFSET 0
          ) b
          OFFSET 0
        ) c
        OFFSET 0
      ) d
      OFFSET 0
    ) e
    OFFSET 0
  ) f
) g;

-- Onboardings: start dates from four years ago to 60 days ahead; tasks due at the end of the
-- day relative to the start (account -1, it_equipment 0, orientation 7, benefits 30 days).
INSERT INTO onboardings (employee_id, status, name, nid, mobile, tin, department, position, start_date, hold_reasons,
                         tasks_started, policy_id, hired_at, decided_at, updated_at)
SELECT employee_id, status, name,
       CASE WHEN hold = 'invalid_nid' THEN lpad((pg_temp.r(i, 40) % 100000000000)::text, 11, '0')
            ELSE lpad((pg_temp.r(i, 40) % 100000000000000000)::text, 17, '1') END,
       CASE WHEN hold = 'invalid_mobile' THEN '02' || lpad((pg_temp.r(i, 41) % 100000000)::text, 8, '0')
            ELSE '01' || (3 + pg_temp.r(i, 42) % 7) || lpad((pg_temp.r(i, 41) % 100000000)::text, 8, '0') END,
       CASE WHEN hold = 'invalid_tin' THEN lpad((pg_temp.r(i, 43) % 1000000000)::text, 9, '0')
            WHEN pg_temp.r(i, 44) % 10 < 6 THEN lpad((pg_temp.r(i, 43) % 1000000000000)::text, 12, '0') END,
       department, position, start_date, CASE WHEN hold IS NULL THEN '{}'::text[] ELSE ARRAY[hold] END,
       status <> 'on_hold' OR pg_temp.r(i, 45) % 2 = 0, pg_temp.policy(hired_at), hired_at, decided_at,
       coalesce(decided_at, hired_at)
FROM (
  SELECT *,
         CASE WHEN status = 'on_hold'
              THEN (ARRAY['invalid_nid', 'invalid_mobile', 'invalid_tin'])[1 + pg_temp.r(i, 46) % 3] END AS hold,
         CASE status
           WHEN 'completed' THEN least(((start_date + 32)::timestamp AT TIME ZONE 'Asia/Dhaka')
                                         + (pg_temp.r(i, 47) % 240) * interval '1 hour', t)
           WHEN 'cancelled' THEN least(hired_at + (1 + pg_temp.r(i, 48) % 40) * interval '1 day', t)
         END AS decided_at
  FROM (
    SELECT *,
           CASE WHEN t::date - start_date > 32
                THEN CASE WHEN u < 930 THEN 'completed' WHEN u < 970 THEN 'cancelled'
                          WHEN u < 995 THEN 'in_progress' ELSE 'on_hold' END
                ELSE CASE WHEN u < 850 THEN 'in_progress' WHEN u < 930 THEN 'on_hold'
                          WHEN u < 960 THEN 'cancelled' ELSE 'in_progress' END
           END AS status,
           least(((start_date - (7 + pg_temp.r(i, 49) % 30)::int)::timestamp AT TIME ZONE 'Asia/Dhaka')
                   + (600 + pg_temp.r(i, 50) % 420) * interval '1 minute',
                 t - (1 + pg_temp.r(i, 50) % 28800) * interval '1 minute') AS hired_at
    FROM (
      SELECT i, t, 'EMP-' || lpad(i::text, 6, '0') AS employee_id, pg_temp.r(i, 2) % 1000 AS u,
             t::date - 1461 + floor(sqrt((i - 0.5) / 150000.0) * 1520)::int AS start_date,
             (ARRAY['Rahim', 'Karim', 'Fatema', 'Ayesha', 'Tanvir', 'Nusrat', 'Sabbir', 'Farhana', 'Imran', 'Sharmin',
                    'Mahmud', 'Taslima', 'Rakib', 'Sadia', 'Arif', 'Jannat'])[1 + pg_temp.r(i, 51) % 16]
               || ' ' || (ARRAY['Ahmed', 'Hossain', 'Rahman', 'Islam', 'Chowdhury', 'Khan', 'Akter', 'Uddin', 'Sarkar',
                                'Begum', 'Miah', 'Talukder'])[1 + pg_temp.r(i, 52) % 12] AS name,
             (ARRAY['procurement', 'finance', 'operations', 'it', 'hr', 'admin', 'sales', 'marketing', 'logistics',
                    'production', 'quality', 'maintenance', 'legal', 'audit', 'research', 'customer_service',
                    'security', 'facilities', 'engineering', 'supply_chain', 'treasury', 'compliance', 'training',
                    'export'])[1 + least(pg_temp.r(i, 7) % 24, pg_temp.r(i, 8) % 24)] AS department,
             (ARRAY['officer', 'senior officer', 'executive', 'assistant manager', 'manager', 'engineer',
                    'site engineer', 'accountant', 'analyst', 'driver', 'technician', 'intern'])[1 + pg_temp.r(i, 53) % 12]
               AS position
      FROM generate_series(1, 150000) i, anchor
      OFFSET 0
    ) a
    OFFSET 0
  ) b
) c;

INSERT INTO onboarding_tasks (employee_id, task, due_at, status, completed_at)
SELECT employee_id, task, due_at, status,
       CASE status
         WHEN 'completed' THEN due_at - (1 + v % 72) * interval '1 hour'
         WHEN 'completed_late' THEN least(due_at + (1 + v % 240) * interval '1 hour', t)
       END
FROM (
  SELECT o.employee_id, k.task, d.due_at, a.t, r.v,
         CASE
           WHEN o.status = 'completed' THEN CASE WHEN r.v % 10 = 0 THEN 'completed_late' ELSE 'completed' END
           WHEN o.status IN ('in_progress', 'on_hold') AND d.due_at < a.t
             THEN CASE WHEN r.v % 1000 < 550 THEN 'overdue' WHEN r.v % 1000 < 850 THEN 'completed' ELSE 'completed_late' END
           WHEN o.status = 'cancelled' AND d.due_at < a.t
             THEN CASE WHEN r.v % 1000 < 300 THEN 'overdue' WHEN r.v % 1000 < 800 THEN 'completed' ELSE 'completed_late' END
           WHEN o.status = 'cancelled' THEN 'pending'
           ELSE CASE WHEN r.v % 1000 < 700 THEN 'pending' ELSE 'completed' END
         END AS status
  FROM onboardings o
  CROSS JOIN anchor a
  CROSS JOIN (VALUES ('account', -1, 0), ('it_equipment', 0, 1), ('orientation', 7, 2), ('benefits', 30, 3)) k (task, days, step)
  CROSS JOIN LATERAL (SELECT ((o.start_date + k.days + 1)::timestamp AT TIME ZONE 'Asia/Dhaka') AS due_at) d
  CROSS JOIN LATERAL (SELECT pg_temp.r(hashtext(o.employee_id), 60 + k.step) AS v) r
  WHERE o.tasks_started
) x;

-- Dead letters: the malformed, the unknown and the poison, over the four years.
INSERT INTO dead_letters (topic, partition, "offset", key, reason, detail, payload, received_at)
SELECT topic, (pg_temp.r(i, 3) % 6)::int, i * 37 + pg_temp.r(i, 4) % 37,
       CASE WHEN reason <> 'no_key' THEN convert_to(entity, 'UTF8') END,
       reason, 'payload ' || reason || ' (generated letter ' || i || ')',
       convert_to('{"event_id":"ev-' || i || '","type":"' || type || '","entity_id":"' || entity
                  || '","occurred_at":"' || to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                  || '","actor":{"id":"U-00042","role":"requester"},"payload":{}}', 'UTF8'),
       received_at
FROM (
  SELECT i, received_at,
         (ARRAY['erp.purchase-orders', 'erp.invoices', 'erp.onboarding'])[1 + w] AS topic,
         (ARRAY['purchase_order.submitted', 'invoice.received', 'employee.hired'])[1 + w] AS type,
         (ARRAY['PO-', 'INV-', 'EMP-'])[1 + w] || lpad((pg_temp.r(i, 5) % 400000)::text, 7, '0') AS entity,
         (ARRAY['invalid_json', 'missing_field', 'bad_money', 'wrong_type', 'bad_date', 'unknown_category',
                'bad_vat_rate', 'no_key', 'key_mismatch', 'not_an_object', 'unknown_type', 'wrong_topic',
                'unknown_role', 'bad_quantity', 'too_large', 'no_policy', 'total_mismatch', 'poison'])
           [1 + least(pg_temp.r(i, 6) % 18, pg_temp.r(i, 7) % 18)] AS reason
  FROM (
    SELECT i, (pg_temp.r(i, 2) % 3)::int AS w,
           t - interval '1461 days'
             + (sqrt((i - 0.5) / 50000.0) * (1461 * 86400 - 3600) + pg_temp.r(i, 1) % 3600) * interval '1 second'
             AS received_at
    FROM generate_series(1, 50000) i, anchor
    OFFSET 0
  ) a
) b;

INSERT INTO dead_letter_redrives (dead_letter_id, redriven_at, redriven_by)
SELECT id, received_at + (1 + n) * interval '2 days',
       (ARRAY['rahim@ops-01', 'nusrat@ops-02', 'tanvir@ops-01'])[1 + pg_temp.r(id, 71) % 3]
FROM dead_letters, generate_series(0, 1) n
WHERE reason IN ('poison', 'no_policy', 'unknown_category', 'bad_vat_rate') AND pg_temp.r(id, 70) % 3 = 0
  AND (n = 0 OR pg_temp.r(id, 72) % 10 = 0);

-- The audit trail: each entity's creation, and the approvals of the tiers passed by the
-- entities still pending; one chain per input partition, seq 1, 2, 3, … in business time.
INSERT INTO audit_log (chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role, status_before,
                       status_after, occurred_at, recorded_at, detail, prev_hash, hash, canonical)
SELECT chain, seq, entity_type, entity_id, 'ev-' || entity_id || '-' || action || '-' || step, action, actor_id,
       actor_role, status_before, status_after, occurred_at, occurred_at + interval '2 seconds', detail,
       CASE WHEN seq = 1 THEN repeat('0', 64) ELSE repeat(md5(chain || (seq - 1)), 2) END, repeat(md5(chain || seq), 2),
       '{"chain":"' || chain || '","seq":' || seq || ',"entity_id":"' || entity_id || '","action":"' || action || '"}'
FROM (
  SELECT s.*, row_number() OVER (PARTITION BY chain ORDER BY occurred_at, entity_id, step) AS seq
  FROM (
    SELECT 'erp.purchase-orders/' || pg_temp.part(po_id) AS chain, 'purchase_order' AS entity_type, po_id AS entity_id,
           0 AS step, 'submitted' AS action, requester_id AS actor_id, 'requester' AS actor_role,
           NULL::text AS status_before, 'pending_approval' AS status_after, submitted_at AS occurred_at,
           jsonb_build_object('policy_id', policy_id, 'total', total::text, 'tiers', tiers) AS detail
    FROM purchase_orders
    UNION ALL
    SELECT 'erp.purchase-orders/' || pg_temp.part(po_id), 'purchase_order', po_id, n, 'approved',
           'U-' || lpad((1 + pg_temp.r(hashtext(po_id), n) % 3000)::text, 5, '0'), tiers[n], 'pending_approval',
           'pending_approval', pending_since - (tiers_approved - n) * interval '1 hour',
           jsonb_build_object('policy_id', policy_id, 'tier', n)
    FROM purchase_orders, generate_series(1, 3) n
    WHERE status = 'pending_approval' AND n <= tiers_approved
    UNION ALL
    SELECT 'erp.invoices/' || pg_temp.part(invoice_id), 'invoice', invoice_id, 0, 'received', 'U-00007', 'requester',
           NULL, CASE WHEN status = 'on_hold' THEN 'on_hold' ELSE 'pending_approval' END, received_at,
           jsonb_build_object('policy_id', policy_id, 'total', total::text, 'hold_reasons', hold_reasons)
    FROM invoices
    UNION ALL
    SELECT 'erp.invoices/' || pg_temp.part(invoice_id), 'invoice', invoice_id, n, 'approved',
           'U-' || lpad((1 + pg_temp.r(hashtext(invoice_id), n) % 3000)::text, 5, '0'), tiers[n], 'pending_approval',
           'pending_approval', pending_since - (tiers_approved - n) * interval '1 hour',
           jsonb_build_object('policy_id', policy_id, 'tier', n)
    FROM invoices, generate_series(1, 2) n
    WHERE status = 'pending_approval' AND n <= tiers_approved
    UNION ALL
    SELECT 'erp.onboarding/' || pg_temp.part(employee_id), 'onboarding', employee_id, 0, 'hired', 'U-00003', 'hr', NULL,
           CASE WHEN status = 'on_hold' AND NOT tasks_started THEN 'on_hold' ELSE 'in_progress' END, hired_at,
           jsonb_build_object('policy_id', policy_id, 'start_date', start_date)
    FROM onboardings
  ) s
) x;

-- The deadlines still to come: each pending tier's reminder, escalation and (orders) expiry, each
-- open invoice's due time, each pending task of an onboarding in progress.
INSERT INTO timers (topic, partition, entity_type, entity_id, kind, step, due_at)
SELECT topic, pg_temp.part(entity_id), entity_type, entity_id, kind, step, due_at
FROM (
  SELECT 'erp.purchase-orders' AS topic, 'purchase_order' AS entity_type, po_id AS entity_id, k.kind,
         tiers_approved AS step, pending_since + k.after AS due_at
  FROM purchase_orders,
       (VALUES ('reminder', interval '48 hours'), ('escalation', interval '96 hours'), ('expiry', interval '168 hours')) k (kind, after)
  WHERE status = 'pending_approval'
  UNION ALL
  SELECT 'erp.invoices', 'invoice', invoice_id, k.kind, tiers_approved, pending_since + k.after
  FROM invoices, (VALUES ('reminder', interval '48 hours'), ('escalation', interval '96 hours')) k (kind, after)
  WHERE status = 'pending_approval'
  UNION ALL
  SELECT 'erp.invoices', 'invoice', invoice_id, 'overdue', 0, due_at
  FROM invoices WHERE status IN ('pending_approval', 'approved', 'partially_paid')
  UNION ALL
  SELECT 'erp.onboarding', 'onboarding', t.employee_id, 'task_due',
         array_position(ARRAY['account', 'it_equipment', 'orientation', 'benefits'], t.task) - 1, t.due_at
  FROM onboarding_tasks t JOIN onboardings o USING (employee_id)
  WHERE t.status = 'pending' AND o.status = 'in_progress'
) s
WHERE due_at > (SELECT t FROM anchor);

DO $$
DECLARE
  saved record;
BEGIN
  FOR saved IN SELECT * FROM saved_indexes LOOP
    EXECUTE saved.indexdef;
  END LOOP;
  FOR saved IN SELECT * FROM saved_foreign_keys LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', saved.tablename, saved.conname, saved.definition);
  END LOOP;
END
$$;

ANALYZE purchase_orders, invoices, onboardings, onboarding_tasks, audit_log, timers, dead_letters, dead_letter_redrives;

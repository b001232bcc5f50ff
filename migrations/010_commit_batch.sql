-- A partition's batch committed in one round trip (commit_partition_batch), and the upserts and
-- invoice key claims it is made of, each callable alone.

-- The projections, each upserted from a JSON array of rows keyed by column (the latest state per
-- entity: ON CONFLICT DO UPDATE may touch a row once per statement).
CREATE FUNCTION upsert_purchase_orders(p_rows json) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO purchase_orders (po_id, status, total, department, vendor_id, requester_id, budget_code, tiers,
                               tiers_required, tiers_approved, pending_role, pending_since, policy_id,
                               submitted_at, decided_at)
  SELECT po_id, status, total, department, vendor_id, requester_id, budget_code, tiers, tiers_required,
         tiers_approved, pending_role, pending_since, policy_id, submitted_at, decided_at
  FROM json_populate_recordset(NULL::purchase_orders, p_rows)
  ON CONFLICT (po_id) DO UPDATE SET
    status = EXCLUDED.status, total = EXCLUDED.total, department = EXCLUDED.department,
    vendor_id = EXCLUDED.vendor_id, requester_id = EXCLUDED.requester_id, budget_code = EXCLUDED.budget_code,
    tiers = EXCLUDED.tiers, tiers_required = EXCLUDED.tiers_required, tiers_approved = EXCLUDED.tiers_approved,
    pending_role = EXCLUDED.pending_role, pending_since = EXCLUDED.pending_since,
    policy_id = EXCLUDED.policy_id, submitted_at = EXCLUDED.submitted_at, decided_at = EXCLUDED.decided_at,
    updated_at = now();
END
$$;

CREATE FUNCTION upsert_invoices(p_rows json) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO invoices (invoice_id, status, vendor_id, vendor_category, invoice_number, invoice_date, po_id,
                        lines_total, subtotal, vat_amount, vat_computed, vds_amount, tds_amount, net_payable,
                        total, paid_amount, due_date, due_at, overdue, hold_reasons, mushak_6_10,
                        input_vat_credit_ineligible, tiers, tiers_required, tiers_approved, pending_role,
                        pending_since, policy_id, received_at, decided_at)
  SELECT invoice_id, status, vendor_id, vendor_category, invoice_number, invoice_date, po_id, lines_total,
         subtotal, vat_amount, vat_computed, vds_amount, tds_amount, net_payable, total, paid_amount, due_date,
         due_at, overdue, hold_reasons, mushak_6_10, input_vat_credit_ineligible, tiers, tiers_required,
         tiers_approved, pending_role, pending_since, policy_id, received_at, decided_at
  FROM json_populate_recordset(NULL::invoices, p_rows)
  ON CONFLICT (invoice_id) DO UPDATE SET
    status = EXCLUDED.status, vendor_id = EXCLUDED.vendor_id, vendor_category = EXCLUDED.vendor_category,
    invoice_number = EXCLUDED.invoice_number, invoice_date = EXCLUDED.invoice_date, po_id = EXCLUDED.po_id,
    lines_total = EXCLUDED.lines_total, subtotal = EXCLUDED.subtotal, vat_amount = EXCLUDED.vat_amount,
    vat_computed = EXCLUDED.vat_computed, vds_amount = EXCLUDED.vds_amount, tds_amount = EXCLUDED.tds_amount,
    net_payable = EXCLUDED.net_payable, total = EXCLUDED.total, paid_amount = EXCLUDED.paid_amount,
    due_date = EXCLUDED.due_date, due_at = EXCLUDED.due_at, overdue = EXCLUDED.overdue,
    hold_reasons = EXCLUDED.hold_reasons, mushak_6_10 = EXCLUDED.mushak_6_10,
    input_vat_credit_ineligible = EXCLUDED.input_vat_credit_ineligible, tiers = EXCLUDED.tiers,
    tiers_required = EXCLUDED.tiers_required, tiers_approved = EXCLUDED.tiers_approved,
    pending_role = EXCLUDED.pending_role, pending_since = EXCLUDED.pending_since,
    policy_id = EXCLUDED.policy_id, received_at = EXCLUDED.received_at, decided_at = EXCLUDED.decided_at,
    updated_at = now();
END
$$;

CREATE FUNCTION upsert_onboardings(p_rows json) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO onboardings (employee_id, status, name, nid, mobile, tin, department, position, start_date,
                           hold_reasons, tasks_started, policy_id, hired_at, decided_at)
  SELECT employee_id, status, name, nid, mobile, tin, department, position, start_date, hold_reasons,
         tasks_started, policy_id, hired_at, decided_at
  FROM json_populate_recordset(NULL::onboardings, p_rows)
  ON CONFLICT (employee_id) DO UPDATE SET
    status = EXCLUDED.status, name = EXCLUDED.name, nid = EXCLUDED.nid, mobile = EXCLUDED.mobile,
    tin = EXCLUDED.tin, department = EXCLUDED.department, position = EXCLUDED.position,
    start_date = EXCLUDED.start_date, hold_reasons = EXCLUDED.hold_reasons,
    tasks_started = EXCLUDED.tasks_started, policy_id = EXCLUDED.policy_id, hired_at = EXCLUDED.hired_at,
    decided_at = EXCLUDED.decided_at, updated_at = now();
END
$$;

CREATE FUNCTION upsert_onboarding_tasks(p_rows json) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO onboarding_tasks (employee_id, task, due_at, status, completed_at)
  SELECT employee_id, task, due_at, status, completed_at
  FROM json_populate_recordset(NULL::onboarding_tasks, p_rows)
  ON CONFLICT (employee_id, task) DO UPDATE SET
    due_at = EXCLUDED.due_at, status = EXCLUDED.status, completed_at = EXCLUDED.completed_at;
END
$$;

-- Claims each key for its invoice unless already claimed (by any invoice, on any partition or
-- process: the primary key decides) and returns the claims that lost to a different invoice,
-- in the order given.
CREATE FUNCTION claim_invoice_keys(p_vendors text[], p_numbers text[], p_invoices text[])
  RETURNS TABLE (lost_vendor_id text, lost_invoice_number text, lost_invoice_id text) LANGUAGE plpgsql AS $$
BEGIN
  -- In key order, so that two transactions claiming overlapping keys take them in the same
  -- order (a key claimed by an uncommitted transaction makes this wait for it, then skip the
  -- key: without a common order two batches could deadlock); and for one key in the order
  -- given, so the first of two claims of it in the batch wins.
  INSERT INTO invoice_keys AS k (vendor_id, invoice_number, invoice_id)
  SELECT c.vendor_id, c.invoice_number, c.invoice_id
  FROM unnest(p_vendors, p_numbers, p_invoices) WITH ORDINALITY AS c(vendor_id, invoice_number, invoice_id, n)
  ORDER BY c.vendor_id, c.invoice_number, c.n
  ON CONFLICT DO NOTHING;
  -- A statement of its own, so that (in READ COMMITTED, where each statement of a volatile
  -- function takes a new snapshot) it sees the keys another transaction committed while the
  -- insert waited.
  RETURN QUERY
  SELECT c.vendor_id, c.invoice_number, c.invoice_id
  FROM unnest(p_vendors, p_numbers, p_invoices) WITH ORDINALITY AS c(vendor_id, invoice_number, invoice_id, n)
  JOIN invoice_keys k ON k.vendor_id = c.vendor_id AND k.invoice_number = c.invoice_number
  WHERE k.invoice_id <> c.invoice_id
  ORDER BY c.n;
END
$$;

-- A partition's batch committed by one statement: the partition store sends a batch's rows as
-- JSON parameters and this function writes them in the order the store used to send its
-- statements. One round trip instead of about twelve (BEGIN, a COPY or statement per table,
-- the offset, COMMIT): under a live load PostgreSQL's and the service's threads switched context
-- about 15,000 times a second for them, and PostgreSQL's socket sends alone were a tenth of the
-- machine's CPU (bench/README.md). Called outside an explicit transaction, the statement is the transaction.
--
-- Raises SQLSTATE VX001 when the caller's epoch no longer owns the partition (or its offset
-- moved), VX002 when another invoice claimed a key of the batch first; nothing is written then.
-- Returns the number of stored timers the batch removed. SECURITY INVOKER: it writes only what
-- its caller may write (the service role cannot change the audit trail through it either).
CREATE FUNCTION commit_partition_batch(
    p_group text, p_topic text, p_partition int, p_epoch bigint,
    p_expected_offset bigint,      -- the offset the store holds; NULL: none yet
    p_next_offset bigint,
    p_audit json,                  -- each of these: a JSON array of rows keyed by column, or NULL
    p_purchase_orders json,
    p_invoices json,
    p_onboardings json,
    p_onboarding_tasks json,
    p_key_vendors text[], p_key_numbers text[], p_key_invoices text[],  -- invoice key claims
    p_dead_letters json,
    p_timer_entity_type text,
    p_timer_entity_ids text[],     -- the entities whose stored timers are replaced ...
    p_timer_up_to timestamptz[],   -- ... up to this due time each ('infinity': all)
    p_timers json,
    p_notifications json)
  RETURNS bigint LANGUAGE plpgsql
  -- Its statements (and the upserts it calls) see arrays and JSON whose size the planner cannot
  -- know, so one generic plan serves every call. Under the default the planner kept making a
  -- custom plan per call, and planning took about a tenth of the machine at 1,000 events/s.
  SET plan_cache_mode = force_generic_plan
  AS $$
DECLARE
  v_lost text;
  v_removed bigint := 0;
  v_written bigint;
  v_owner text;
  v_epoch bigint;
BEGIN
  IF p_audit IS NOT NULL THEN
    INSERT INTO audit_log (chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role,
                           status_before, status_after, occurred_at, recorded_at, detail, prev_hash, hash,
                           canonical)
    SELECT chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role, status_before,
           status_after, occurred_at, recorded_at, detail, prev_hash, hash, canonical
    FROM json_populate_recordset(NULL::audit_log, p_audit);
  END IF;

  IF p_purchase_orders IS NOT NULL THEN
    PERFORM upsert_purchase_orders(p_purchase_orders);
  END IF;

  IF p_invoices IS NOT NULL THEN
    PERFORM upsert_invoices(p_invoices);
  END IF;

  IF p_onboardings IS NOT NULL THEN
    PERFORM upsert_onboardings(p_onboardings);
  END IF;

  IF p_onboarding_tasks IS NOT NULL THEN
    PERFORM upsert_onboarding_tasks(p_onboarding_tasks);
  END IF;

  IF p_key_vendors IS NOT NULL THEN
    SELECT c.lost_invoice_id INTO v_lost FROM claim_invoice_keys(p_key_vendors, p_key_numbers, p_key_invoices) AS c
    LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'VX002',
        MESSAGE = format('invoice %s lost its vendor and invoice number to another invoice committed meanwhile;'
                         ' deciding the batch again', v_lost);
    END IF;
  END IF;

  IF p_dead_letters IS NOT NULL THEN
    INSERT INTO dead_letters (topic, partition, "offset", key, reason, detail, payload, received_at)
    SELECT topic, partition, "offset", key, reason, detail, payload, received_at
    FROM json_populate_recordset(NULL::dead_letters, p_dead_letters);
  END IF;

  IF p_timer_entity_ids IS NOT NULL THEN
    DELETE FROM timers t
    USING unnest(p_timer_entity_ids, p_timer_up_to) AS r(entity_id, up_to)
    WHERE t.topic = p_topic AND t.partition = p_partition AND t.entity_type = p_timer_entity_type
      AND t.entity_id = r.entity_id AND t.due_at <= r.up_to;
    GET DIAGNOSTICS v_removed = ROW_COUNT;
  END IF;
  IF p_timers IS NOT NULL THEN
    INSERT INTO timers (topic, partition, entity_type, entity_id, kind, step, due_at)
    SELECT topic, partition, entity_type, entity_id, kind, step, due_at
    FROM json_populate_recordset(NULL::timers, p_timers);
  END IF;

  IF p_notifications IS NOT NULL THEN
    INSERT INTO notifications (notification_id, chain, seq, type, entity_type, entity_id, to_role, at, detail,
                               message, traceparent)
    SELECT notification_id, chain, seq, type, entity_type, entity_id, to_role, at, detail, message, traceparent
    FROM json_populate_recordset(NULL::notifications, p_notifications);
  END IF;

  -- The offset last, written only while the caller's epoch is still the partition's: the share
  -- lock on the partition_owners row makes a claim by another process wait for this
  -- transaction (held only from here to the commit), and this transaction find no row once a
  -- claim took over.
  IF p_expected_offset IS NULL THEN
    INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
    SELECT p_group, p_topic, p_partition, p_next_offset
    WHERE EXISTS (SELECT 1 FROM partition_owners WHERE group_id = p_group AND topic = p_topic
                  AND partition = p_partition AND epoch = p_epoch FOR SHARE);
  ELSE
    UPDATE consumer_offsets SET next_offset = p_next_offset, updated_at = now()
    WHERE group_id = p_group AND topic = p_topic AND partition = p_partition AND next_offset = p_expected_offset
      AND EXISTS (SELECT 1 FROM partition_owners WHERE group_id = p_group AND topic = p_topic
                  AND partition = p_partition AND epoch = p_epoch FOR SHARE);
  END IF;
  GET DIAGNOSTICS v_written = ROW_COUNT;
  IF v_written <> 1 THEN
    SELECT epoch, owner INTO v_epoch, v_owner
    FROM partition_owners WHERE group_id = p_group AND topic = p_topic AND partition = p_partition;
    RAISE EXCEPTION USING ERRCODE = 'VX001',
      MESSAGE = format('%s/%s is owned by %s since epoch %s (this process holds epoch %s); its commit is dropped',
                       p_topic, p_partition, coalesce(v_owner, 'nobody'), coalesce(v_epoch, 0), p_epoch);
  END IF;
  RETURN v_removed;
END
$$;

-- Only the runtime role calls them (PostgreSQL grants EXECUTE to PUBLIC by default; the
-- dashboards' role has no business here). Skipped in single-role local set-ups, where the owner
-- runs the service.
REVOKE EXECUTE ON FUNCTION upsert_purchase_orders(json), upsert_invoices(json), upsert_onboardings(json),
  upsert_onboarding_tasks(json), claim_invoice_keys(text[], text[], text[]),
  commit_partition_batch(text, text, int, bigint, bigint, bigint, json, json, json, json, json, text[], text[],
                         text[], json, text, text[], timestamptz[], json, json) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT EXECUTE ON FUNCTION upsert_purchase_orders(json), upsert_invoices(json), upsert_onboardings(json),
      upsert_onboarding_tasks(json), claim_invoice_keys(text[], text[], text[]),
      commit_partition_batch(text, text, int, bigint, bigint, bigint, json, json, json, json, json, text[], text[],
                             text[], json, text, text[], timestamptz[], json, json) TO vextrus_runtime;
  END IF;
END
$$;

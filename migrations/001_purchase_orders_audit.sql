-- Purchase orders, the audit trail, dead letters and the consumer offsets that make effects
-- exactly-once (docs/scale-out.md).

CREATE TABLE purchase_orders (
  po_id            text PRIMARY KEY,
  status           text NOT NULL,
  total            numeric(18,2) NOT NULL,
  department       text NOT NULL,
  vendor_id        text NOT NULL,
  requester_id     text NOT NULL,
  budget_code      text NOT NULL,
  tiers            text[] NOT NULL,
  tiers_required   int NOT NULL,
  tiers_approved   int NOT NULL,
  pending_role     text,
  pending_since    timestamptz,
  policy_id        text NOT NULL,
  submitted_at     timestamptz NOT NULL,
  decided_at       timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchase_orders_pending ON purchase_orders (pending_role) WHERE pending_role IS NOT NULL;

-- One hash chain per input partition; docs/audit.md defines the hash.
CREATE TABLE audit_log (
  chain          text NOT NULL,
  seq            bigint NOT NULL CHECK (seq >= 1),
  entity_type    text NOT NULL,
  entity_id      text NOT NULL,
  event_id       text,
  action         text NOT NULL,
  actor_id       text,
  actor_role     text,
  status_before  text,
  status_after   text,
  occurred_at    timestamptz NOT NULL,
  recorded_at    timestamptz NOT NULL,
  detail         jsonb NOT NULL,
  prev_hash      text NOT NULL,
  hash           text NOT NULL,
  canonical      text NOT NULL,  -- the exact text `hash` covers; audit verify checks it against the columns
  PRIMARY KEY (chain, seq)
);
-- Entity history, and the accepted event ids an entity actor loads to drop repeats.
CREATE INDEX audit_log_entity ON audit_log (entity_id, entity_type);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  topic        text NOT NULL,
  partition    int NOT NULL,
  "offset"     bigint NOT NULL,
  key          bytea,
  reason       text NOT NULL,
  detail       text NOT NULL,
  payload      bytea NOT NULL,
  received_at  timestamptz NOT NULL
);
CREATE INDEX dead_letters_source ON dead_letters (topic, partition, id);

-- The next offset to consume per input partition, written in the same transaction as the
-- effects of the events before it.
CREATE TABLE consumer_offsets (
  group_id     text NOT NULL,
  topic        text NOT NULL,
  partition    int NOT NULL,
  next_offset  bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

-- How far the outbox relay has published each chain's audit records and dead letters.
CREATE TABLE relay_positions (
  chain           text PRIMARY KEY,  -- "<topic>/<partition>" of the input partition
  topic           text NOT NULL,
  partition       int NOT NULL,
  audit_seq       bigint NOT NULL DEFAULT 0,
  dead_letter_id  bigint NOT NULL DEFAULT 0
);

-- The runtime role (a member of vextrus_runtime, deploy/sql/roles.sql) may only insert into and
-- read the audit trail. Skipped in single-role local set-ups, where the trigger still applies.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT SELECT ON schema_migrations TO vextrus_runtime;
    GRANT SELECT, INSERT ON audit_log TO vextrus_runtime;
    GRANT SELECT, INSERT ON dead_letters TO vextrus_runtime;
    GRANT USAGE, SELECT ON SEQUENCE dead_letters_id_seq TO vextrus_runtime;
    GRANT SELECT, INSERT, UPDATE ON purchase_orders, consumer_offsets, relay_positions TO vextrus_runtime;
  END IF;
END
$$;

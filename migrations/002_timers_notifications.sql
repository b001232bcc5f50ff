-- Durable timers (set and cancelled in the same transaction as the state that implies them)
-- and notifications (written with the batch that causes them, relayed after commit).

CREATE TABLE timers (
  topic        text NOT NULL,
  partition    int NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  kind         text NOT NULL,  -- reminder, escalation, expiry
  step         int NOT NULL,   -- the approval tier (from 0) the timer belongs to
  due_at       timestamptz NOT NULL,
  PRIMARY KEY (topic, partition, entity_type, entity_id, kind, step)
);

CREATE TABLE notifications (
  notification_id  text PRIMARY KEY,  -- stable per cause: "<chain>/<seq>/<type>/<to_role>"
  chain            text NOT NULL,     -- the audit record that caused it, which orders the relay
  seq              bigint NOT NULL,
  type             text NOT NULL,
  entity_type      text NOT NULL,
  entity_id        text NOT NULL,
  to_role          text NOT NULL,
  at               timestamptz NOT NULL,
  detail           jsonb NOT NULL,
  message          text NOT NULL      -- the exact value published on vextrus.notifications
);
CREATE INDEX notifications_chain ON notifications (chain, seq);

ALTER TABLE relay_positions ADD COLUMN notification_seq bigint NOT NULL DEFAULT 0;

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT SELECT, INSERT, DELETE ON timers TO vextrus_runtime;
    GRANT SELECT, INSERT ON notifications TO vextrus_runtime;
  END IF;
END
$$;

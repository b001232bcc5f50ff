-- `vextrus-flow dead-letters redrive` re-publishes a dead letter's original bytes to its original
-- topic and key (a poison event, once a fix is deployed). Each re-drive is recorded here: which
-- dead letter, when, by whom (the operator's user and host as the command saw them).
CREATE TABLE dead_letter_redrives (
  id              bigserial PRIMARY KEY,
  dead_letter_id  bigint NOT NULL REFERENCES dead_letters (id),
  redriven_at     timestamptz NOT NULL DEFAULT now(),
  redriven_by     text NOT NULL
);
CREATE INDEX dead_letter_redrives_letter ON dead_letter_redrives (dead_letter_id);

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT SELECT, INSERT ON dead_letter_redrives TO vextrus_runtime;
    GRANT USAGE ON SEQUENCE dead_letter_redrives_id_seq TO vextrus_runtime;
  END IF;
END
$$;

-- What the console's overview and the auditors read about operations (docs/database.md).
--
-- Each verification of the audit trail (`vextrus-flow audit verify`, GET /v1/audit/verify) and its
-- result, by whom: GET /v1/summary shows the last one. Appended, never changed.
CREATE TABLE audit_verifications (
  id           bigserial PRIMARY KEY,
  verified_at  timestamptz NOT NULL DEFAULT now(),
  verified_by  text NOT NULL,   -- an API token's name, or $USER@host of the command
  ok           boolean NOT NULL,
  chains       bigint NOT NULL,
  records      bigint NOT NULL,
  first_break  jsonb            -- {chain, seq, expected, found} when not ok
);

-- `audit export` and GET /v1/audit/export read the records of some days in recording order:
-- without this, each export read the whole trail. Built in the migrations' transaction, which
-- blocks inserts into audit_log while it runs; on a large existing trail, build it beforehand
-- with CREATE INDEX CONCURRENTLY under the same name (IF NOT EXISTS leaves it).
CREATE INDEX IF NOT EXISTS audit_log_recorded ON audit_log (recorded_at, chain, seq);

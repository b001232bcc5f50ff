-- Fencing for scale-out (docs/scale-out.md): a process that is assigned a partition
-- takes the next ownership epoch of it here before it reads anything, and every commit of that
-- partition checks, inside its own transaction and holding a share lock on this row, that the
-- epoch is still its own (the last statement before COMMIT, with the offset update). A process
-- that lost the partition (a long pause, a network split) then cannot commit for it once the new
-- owner has taken it: its transaction finds a newer epoch and rolls back. A claim waits for a
-- commit past its check, so the new owner reads the offset after the old owner's last commit.
CREATE TABLE partition_owners (
  group_id    text NOT NULL,
  topic       text NOT NULL,
  partition   int NOT NULL,
  epoch       bigint NOT NULL,
  owner       text NOT NULL,          -- host and pid of the process that took it, for operators
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT SELECT, INSERT, UPDATE ON partition_owners TO vextrus_runtime;
  END IF;
END
$$;

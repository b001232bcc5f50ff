-- A commit now writes only the timers that changed (issue 5): a timer whose due time moved is
-- updated in place instead of deleted and inserted again, so the runtime role may update its
-- due time (and nothing else of it).
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    GRANT UPDATE (due_at) ON timers TO vextrus_runtime;
  END IF;
END
$$;

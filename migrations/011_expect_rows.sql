-- A commit of a few rows is sent as one statement outside a transaction block (a round trip
-- instead of three: pg_partition_store.cpp), and is committed when it returns; it cannot read
-- its fenced offset write's row count and roll back, as a transaction block does. Its statement
-- calls this on that count instead, so that it fails, and writes nothing, once another owner
-- claimed the partition. SQLSTATE VX001 tells that failure apart (write_statement.hpp).
CREATE FUNCTION vextrus_expect_rows(written bigint, expected bigint) RETURNS bigint
  LANGUAGE plpgsql AS $$
BEGIN
  IF written <> expected THEN
    RAISE EXCEPTION 'a part of the statement wrote % rows where % were expected', written, expected
      USING ERRCODE = 'VX001';
  END IF;
  RETURN written;
END
$$;

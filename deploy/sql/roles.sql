-- deploy/sql/roles.sql — roles and database for vextrus-flow.
--
-- Run as a superuser with psql (it uses \gexec and \connect), any number of
-- times:
--   psql -X -v ON_ERROR_STOP=1 "postgresql://postgres@HOST:PORT/postgres" -f deploy/sql/roles.sql
--
--   vextrus_owner  LOGIN; owns database vextrus and its schema public; the
--                  migrations run as this role.
--   vextrus_runtime NOLOGIN group: what the running service may do. The
--                  migrations grant table privileges to this role (INSERT and
--                  SELECT only on audit_log).
--   vextrus_app    LOGIN; the service's runtime role, member of
--                  vextrus_runtime: not a superuser, owns nothing, may use
--                  schema public but not create in it.
--   vextrus_grafana LOGIN; the dashboards' role: reads the dashboard views
--                  (the migrations grant SELECT on them) and nothing else, in
--                  read-only transactions with a statement timeout.
--
-- No passwords here. The throwaway test cluster (scripts/infra.sh) uses trust
-- authentication on 127.0.0.1; production sets passwords out of band from a
-- secret, e.g.  ALTER ROLE vextrus_app PASSWORD '<from the secret store>';
\set ON_ERROR_STOP on

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_owner') THEN
    CREATE ROLE vextrus_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_runtime') THEN
    CREATE ROLE vextrus_runtime NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_app') THEN
    CREATE ROLE vextrus_app LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vextrus_grafana') THEN
    CREATE ROLE vextrus_grafana LOGIN;
  END IF;
END
$$;

-- Keep the attributes right even if the roles existed before.
ALTER ROLE vextrus_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE vextrus_app   WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE vextrus_grafana WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE vextrus_grafana SET default_transaction_read_only = on;
ALTER ROLE vextrus_grafana SET statement_timeout = '30s';
GRANT vextrus_runtime TO vextrus_app;

SELECT 'CREATE DATABASE vextrus OWNER vextrus_owner ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'vextrus')
\gexec

ALTER DATABASE vextrus OWNER TO vextrus_owner;
GRANT CONNECT ON DATABASE vextrus TO vextrus_owner, vextrus_app, vextrus_grafana;

\connect vextrus

-- Only the owner creates objects in public; the app role may only use it.
ALTER SCHEMA public OWNER TO vextrus_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO vextrus_runtime, vextrus_grafana;

-- The migrations grant the dashboard views to vextrus_grafana when it exists; a database
-- migrated before this role was made gets the grants here.
DO $$
BEGIN
  IF to_regclass('public.v_approval_breaches') IS NOT NULL THEN
    GRANT SELECT ON v_pending_approvals, v_overdue, v_vat_by_fiscal_month, v_withholding_by_category,
                    v_approval_breaches TO vextrus_grafana;
  END IF;
END
$$;

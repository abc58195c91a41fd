-- The login Grafana's PostgreSQL data source uses: it reads the analytics ledger and nothing else.
-- Run by the database owner the services connect as (docker-compose.yml mounts this file into the
-- postgres container's /docker-entrypoint-initdb.d, which runs it once, on a fresh data volume).
-- The password is a demo value, like the other defaults of docker-compose.yml: change it for anything
-- real (ALTER ROLE grafana PASSWORD '...', and GRAFANA_DB_PASSWORD for Grafana).
DO $$
BEGIN
    CREATE ROLE grafana LOGIN PASSWORD 'grafana';
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

-- analytics-service migrates this schema with Flyway, which is content with an empty schema made
-- here; making it here lets the default privileges below cover the tables Flyway creates later.
CREATE SCHEMA IF NOT EXISTS analytics;
GRANT USAGE ON SCHEMA analytics TO grafana;
GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO grafana;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO grafana;

-- Dashboards only read, and a runaway panel query must not hold the ledger's connections.
ALTER ROLE grafana SET default_transaction_read_only = on;
ALTER ROLE grafana SET statement_timeout = '30s';
ALTER ROLE grafana SET search_path = analytics;

-- gongkai on PostgreSQL with two roles, so the running application cannot rewrite its audit trail.
--
--   gongkai_owner  owns the schema and every table; used only to run `gongkai migrate` (and backups).
--   gongkai_app    what the application and the worker connect as (DATABASE_URL): reads and writes
--                  every table, but on audit_auditrecord only SELECT and INSERT. Not being the owner, it
--                  cannot TRUNCATE the trail, DISABLE or DROP its trigger, or ALTER/DROP the table.
--
-- Run as a superuser (psql -v ON_ERROR_STOP=1 -d gongkai -f deploy/postgresql-roles.sql) after the
-- first `gongkai migrate` run as gongkai_owner; again after a migration that adds tables is harmless.
-- Set the passwords with \password afterwards; nothing secret lives in this file.

DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gongkai_owner') THEN CREATE ROLE gongkai_owner LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gongkai_app') THEN CREATE ROLE gongkai_app LOGIN; END IF;
END $$;

GRANT USAGE ON SCHEMA public TO gongkai_app;
REVOKE CREATE ON SCHEMA public FROM gongkai_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gongkai_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gongkai_app;
ALTER DEFAULT PRIVILEGES FOR ROLE gongkai_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gongkai_app;
ALTER DEFAULT PRIVILEGES FOR ROLE gongkai_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO gongkai_app;

-- The audit trail: append and read only. (The trigger of migration audit 0003 refuses UPDATE and DELETE
-- even for the owner; without these privileges the application is refused before the trigger is asked.)
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_auditrecord FROM gongkai_app;
GRANT SELECT, INSERT ON audit_auditrecord TO gongkai_app;

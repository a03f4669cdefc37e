-- Deploy tenantdb:security/group_roles to pg
-- The three client roles become NOLOGIN group roles. Nobody connects as tenantdb_app,
-- tenantdb_service or tenantdb_maintenance any more: operators create one LOGIN role per service
-- or deployment (`tenantdb role add NAME --as app|service|maintenance`), which inherits exactly one
-- group and may not SET ROLE to it (GRANT ... WITH INHERIT TRUE, SET FALSE; PostgreSQL 16+, on 15
-- the deploy warns: a member can always SET ROLE to its group there).
-- What PostgreSQL lets every role do to itself (ALTER ROLE ... SET, change its password, signal
-- its own backends, read its own sessions' pg_stat_activity.query) then reaches one login only.
-- Names and grants of the groups stay as they are, so every policy and privilege keeps applying.
-- Upgrade: create the logins and move the servers to them BEFORE deploying this change; sessions
-- already open as a group keep running, new ones are refused.
BEGIN;

DO $version$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::integer < 160000 THEN
        RAISE WARNING 'PostgreSQL % cannot grant a group WITHOUT the right to SET ROLE to it (GRANT ... WITH SET FALSE is 16+)',
                      pg_catalog.current_setting('server_version')
              USING DETAIL = 'Every login can then SET ROLE to its group and ALTER ROLE the group (defaults, password) for all its logins.',
                    HINT = 'Upgrade to PostgreSQL 16 or later; docs/security.md lists this as the PostgreSQL 15 residual.';
    END IF;
END
$version$;

-- Attributes are not inherited through membership: LOGIN and BYPASSRLS of a group give its
-- members nothing. BYPASSRLS stays on tenantdb_maintenance (documents the group's meaning; the
-- maintenance logins carry it themselves, see tools/tenantdb/roles.py).
ALTER ROLE tenantdb_app NOLOGIN;
ALTER ROLE tenantdb_service NOLOGIN;
ALTER ROLE tenantdb_maintenance NOLOGIN;

COMMENT ON ROLE tenantdb_app IS
    'Group role (NOLOGIN) of the user-facing application: requests made on behalf of a person. Logins inherit it (tenantdb role add NAME --as app), never SET ROLE to it. Needs app.tenant_id and app.user_id per transaction; the person''s role in the tenant decides what they see.';
COMMENT ON ROLE tenantdb_service IS
    'Group role (NOLOGIN) of the platform back end (analytics, ingestion, RAG). Logins inherit it (tenantdb role add NAME --as service). Needs app.tenant_id per transaction and sees every row of that tenant, nothing else.';
COMMENT ON ROLE tenantdb_maintenance IS
    'Group role (NOLOGIN) of maintenance jobs: provisioning, backups, retention, the guard. Its logins (tenantdb role add NAME --as maintenance) carry BYPASSRLS themselves. Never used by clients.';

COMMIT;

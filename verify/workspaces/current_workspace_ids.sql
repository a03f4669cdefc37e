-- Verify tenantdb:workspaces/current_workspace_ids on pg
BEGIN;

SELECT 1 / (prosecdef)::int FROM pg_catalog.pg_proc WHERE oid = 'app_private.current_workspace_ids(text)'::regprocedure;
SELECT 1 / (count(*) = 6)::int FROM pg_catalog.pg_policy WHERE polrelid = 'app.workspaces'::regclass;
SELECT 1 / (count(*) = 7)::int FROM pg_catalog.pg_policy WHERE polrelid = 'app.workspace_members'::regclass;

ROLLBACK;

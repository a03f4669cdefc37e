-- Deploy tenantdb:security/created_by_from_context to pg
-- Authorship cannot be spoofed: when a person acts (app.user_id is set), created_by of a new
-- workspace, artifact, artifact version or external connection is that person, whatever the
-- INSERT said (the user-facing role has no INSERT grant on created_by, so naming it fails with
-- 42501 anyway). The service role, acting for no person, may record the author it was given.
-- Nobody but the service role can change created_by later (no UPDATE grant for people).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.fill_created_by_from_context()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    actor uuid;
BEGIN
    -- Without a context (a maintenance job, a superuser) the accessor raises 42501 once the
    -- context is bound to its transaction (security/bound_context): then the given value stays.
    -- A client's write without a context is refused by the table guard before this runs.
    BEGIN
        actor := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        actor := NULL;
    END;
    IF actor IS NOT NULL THEN
        NEW.created_by := actor;
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.fill_created_by_from_context() IS
    'Row trigger: sets created_by to the acting person (app.user_id) when one acts; leaves the given value for the service role. Invoker: reads only the context.';
REVOKE ALL ON FUNCTION app_private.fill_created_by_from_context() FROM PUBLIC;

CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.workspaces
    FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.workspaces IS 'The creator is the acting person, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.artifacts
    FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.artifacts IS 'The creator is the acting person, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.artifact_versions
    FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.artifact_versions IS 'The author is the acting person, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.external_connections
    FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.external_connections IS 'The creator is the acting admin, never chosen by the client.';

COMMIT;

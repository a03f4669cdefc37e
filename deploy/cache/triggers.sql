-- Deploy tenantdb:cache/triggers to pg
-- Every write to a cached table, by any client in any language (psql included), adds a row to
-- cache_private.invalidations in the same transaction; so does every change of what a person
-- may see (their role, their workspace memberships). The cache worker polls the outbox; there is
-- no NOTIFY (channels are database-wide: even a bare wake-up would time other tenants' writes).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION cache_private.record_row_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    kind text := TG_ARGV[0];
    key_column text := TG_ARGV[1];
    old_key uuid;
    new_key uuid;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := (pg_catalog.to_jsonb(OLD) ->> key_column)::uuid;
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, kind, old_key);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := (pg_catalog.to_jsonb(NEW) ->> key_column)::uuid;
        IF TG_OP = 'INSERT' OR new_key IS DISTINCT FROM old_key OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
            INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (NEW.tenant_id, kind, new_key);
        END IF;
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION cache_private.record_row_change() IS
    'AFTER ROW trigger of cached tables: records (tenant, kind, key) of the old and new row in cache_private.invalidations. Arguments: the cache kind and the column that keys the cache entry. Definer, so writers need no grant on the outbox.';
REVOKE ALL ON FUNCTION cache_private.record_row_change() FROM PUBLIC;

CREATE FUNCTION cache_private.record_visibility_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, 'viewer', OLD.user_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.tenant_id, NEW.user_id) IS DISTINCT FROM (OLD.tenant_id, OLD.user_id)) THEN
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (NEW.tenant_id, 'viewer', NEW.user_id);
    END IF;
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION cache_private.record_visibility_change() IS
    'AFTER ROW trigger of workspace_members: the person''s memberships changed, so record a viewer invalidation (everything cached for them).';
REVOKE ALL ON FUNCTION cache_private.record_visibility_change() FROM PUBLIC;

CREATE FUNCTION cache_private.record_person_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, 'viewer', OLD.id);
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION cache_private.record_person_change() IS
    'AFTER ROW trigger of app.users (role changed, or person deleted): record a viewer invalidation (everything cached for the person).';
REVOKE ALL ON FUNCTION cache_private.record_person_change() FROM PUBLIC;

CREATE TRIGGER cache_invalidation AFTER INSERT OR UPDATE OR DELETE ON app.user_sessions
    FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('user_session', 'id');
COMMENT ON TRIGGER cache_invalidation ON app.user_sessions IS 'Cached sessions are forgotten when the session changes or ends.';

CREATE TRIGGER cache_invalidation AFTER INSERT OR UPDATE OR DELETE ON app.workspace_configs
    FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('workspace_config', 'workspace_id');
COMMENT ON TRIGGER cache_invalidation ON app.workspace_configs IS 'A workspace''s cached configuration is forgotten when any of its blocks changes.';

CREATE TRIGGER cache_invalidation AFTER INSERT OR UPDATE OR DELETE ON app.learner_profiles
    FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('learner_profile', 'id');
COMMENT ON TRIGGER cache_invalidation ON app.learner_profiles IS 'Cached learner profiles are forgotten when the profile changes.';

CREATE TRIGGER cache_visibility_change AFTER INSERT OR UPDATE OR DELETE ON app.workspace_members
    FOR EACH ROW EXECUTE FUNCTION cache_private.record_visibility_change();
COMMENT ON TRIGGER cache_visibility_change ON app.workspace_members IS 'Joining, leaving or changing member role changes what the person may see.';

CREATE TRIGGER cache_role_change AFTER UPDATE OF role ON app.users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role)
    EXECUTE FUNCTION cache_private.record_person_change();
COMMENT ON TRIGGER cache_role_change ON app.users IS 'A new role (a demoted admin, a promoted student) changes what the person may see.';

CREATE TRIGGER cache_person_deleted AFTER DELETE ON app.users
    FOR EACH ROW EXECUTE FUNCTION cache_private.record_person_change();
COMMENT ON TRIGGER cache_person_deleted ON app.users IS 'A deleted person must not be served anything cached for them.';

COMMIT;

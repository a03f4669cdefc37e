-- Deploy tenantdb:perf/learner_data_key to pg
-- Issue 13 (session 5): the groundwork for deciding consent on the learner's rows instead of by an array of every
-- visible learner id per statement (an educator's lookup cost O(tenant learners): 2,834 us in the
-- full bench's largest tenant; `educator_student_sessions` 0.33 ms and 129 buffers on the quick
-- data against 0.03 ms on the floor). On app.learning_sessions, app.struggle_events and
-- app.intervention_logs:
--   * learner_data_key uuid NOT NULL: the nil uuid when the row's learner shares their data
--     (learner_profiles.privacy_settings.data_sharing not 'none'), else the learner_id
--     (CHECK: nothing else). Backfilled here; kept current by two triggers whose functions run
--     as tenantdb_learner_data_keeper (NOLOGIN, BYPASSRLS, column grants only; scoped by their
--     own WHERE tenant_id/learner_id, as tenantdb_audit_eraser is):
--       - learner_data_key_fill, BEFORE INSERT OR UPDATE OF learner_id, learner_data_key:
--         recomputes the key from the learner's profile (read FOR SHARE, so a consent change in
--         flight is waited for), whatever the writer put there;
--       - learner_data_key_sync on app.learner_profiles, AFTER UPDATE when the sharing decision
--         flips (a WHEN, no column list: tenantdb why confirms an UPDATE through a granted column
--         no trigger watches, and privacy_settings is a student's only one): rewrites that
--         learner's keys in the same statement, so a reader's next statement sees the change
--         (tests/test_consent_timing.py);
--   * the select policies are changed by the next change, perf/learner_data_key_policies; this
--     one only adds the key and keeps it true.
-- On a database with the citus extension this change does nothing (the citus/* variants of these
-- policies stay; docs/scale-out.md).
BEGIN;

DO $keeper$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_learner_data_keeper') THEN
        CREATE ROLE tenantdb_learner_data_keeper;
    END IF;
    ALTER ROLE tenantdb_learner_data_keeper NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION BYPASSRLS NOINHERIT;
    COMMENT ON ROLE tenantdb_learner_data_keeper IS
        'Owns the two trigger functions that keep learner_data_key current (perf/learner_data_key) and nothing else; holds only column grants on app.learner_profiles and the three learner-data tables. NOLOGIN; BYPASSRLS so the functions are scoped by their own WHERE tenant_id/learner_id.';
    GRANT USAGE ON SCHEMA app TO tenantdb_learner_data_keeper;
    -- UPDATE (updated_at) only because SELECT ... FOR SHARE needs an UPDATE privilege; the keeper
    -- never writes a profile.
    GRANT SELECT (tenant_id, id, privacy_settings), UPDATE (updated_at) ON app.learner_profiles TO tenantdb_learner_data_keeper;
END
$keeper$;

DO $key$
DECLARE
    t text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/learner_data_key: citus installed, nothing changed';
        RETURN;
    END IF;
    -- Backfill as the superuser, triggers off (they would need a tenant context per row).
    SET LOCAL session_replication_role = replica;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE format('ALTER TABLE app.%I ADD COLUMN learner_data_key uuid', t);
        EXECUTE format($u$UPDATE app.%I x SET learner_data_key =
                              CASE WHEN coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'
                                   THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE x.learner_id END
                          FROM app.learner_profiles lp WHERE lp.tenant_id = x.tenant_id AND lp.id = x.learner_id$u$, t);
        EXECUTE format('ALTER TABLE app.%I ALTER COLUMN learner_data_key SET NOT NULL', t);
        EXECUTE format($c$ALTER TABLE app.%I ADD CONSTRAINT %I
                          CHECK (learner_data_key = '00000000-0000-0000-0000-000000000000'::uuid OR learner_data_key = learner_id)$c$,
                       t, t || '_learner_data_key_shape');
        EXECUTE format($c$COMMENT ON COLUMN app.%I.learner_data_key IS %L$c$, t,
                       'Consent key of the row (perf/learner_data_key): the nil uuid when its learner shares their data with the institution (learner_profiles.privacy_settings.data_sharing not none), else the learner_id. Written only by the triggers learner_data_key_fill and learner_data_key_sync; the select policies compare it with the person''s key range (perf/learner_data_key_policies).');
        EXECUTE format('COMMENT ON CONSTRAINT %I ON app.%I IS %L', t || '_learner_data_key_shape', t,
                       'The consent key is either the nil uuid (shared) or the row''s learner_id (not shared); the triggers decide which.');
        EXECUTE format('GRANT SELECT (tenant_id, learner_id, learner_data_key), UPDATE (learner_data_key) ON app.%I TO tenantdb_learner_data_keeper', t);
    END LOOP;
    SET LOCAL session_replication_role = origin;
END
$key$;

SET LOCAL ROLE tenantdb_owner;

-- The trigger functions, created by the owner and handed to the keeper at the end.
CREATE FUNCTION app_private.fill_learner_data_key()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    shares boolean;
BEGIN
    -- FOR SHARE waits for a consent change of this learner that is in flight and then reads
    -- the committed decision, so a row written meanwhile never keeps the old key.
    SELECT coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none' INTO shares
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = NEW.tenant_id AND lp.id = NEW.learner_id
    FOR SHARE;
    NEW.learner_data_key := CASE WHEN shares THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE NEW.learner_id END;
    RETURN NEW;
END
$function$;

CREATE FUNCTION app_private.sync_learner_data_key()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    new_key uuid := CASE WHEN coalesce(NEW.privacy_settings ->> 'data_sharing', 'none') <> 'none'
                     THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE NEW.id END;
BEGIN
    UPDATE app.learning_sessions SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    UPDATE app.struggle_events SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    UPDATE app.intervention_logs SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    RETURN NULL;
END
$function$;

COMMENT ON FUNCTION app_private.fill_learner_data_key() IS
    'Trigger learner_data_key_fill (perf/learner_data_key): sets learner_data_key of a learning session, struggle event or intervention from its learner''s profile (nil uuid when shared, else the learner_id), overwriting whatever the writer gave. Runs as tenantdb_learner_data_keeper, reads only that profile.';
COMMENT ON FUNCTION app_private.sync_learner_data_key() IS
    'Trigger learner_data_key_sync (perf/learner_data_key): when a learner''s data_sharing decision flips, rewrites learner_data_key on that learner''s sessions, struggle events and interventions in the same statement. Runs as tenantdb_learner_data_keeper, touches only that learner''s rows.';
REVOKE ALL ON FUNCTION app_private.fill_learner_data_key(), app_private.sync_learner_data_key() FROM PUBLIC;

DO $triggers$
DECLARE
    t text;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        DROP FUNCTION app_private.fill_learner_data_key(), app_private.sync_learner_data_key();
        RETURN;
    END IF;
    FOREACH t IN ARRAY ARRAY['learning_sessions', 'struggle_events', 'intervention_logs'] LOOP
        EXECUTE format('CREATE TRIGGER learner_data_key_fill BEFORE INSERT OR UPDATE OF learner_id, learner_data_key ON app.%I'
                       ' FOR EACH ROW EXECUTE FUNCTION app_private.fill_learner_data_key()', t);
        EXECUTE format('COMMENT ON TRIGGER learner_data_key_fill ON app.%I IS %L', t,
                       'Sets learner_data_key from the learner''s consent on every insert and on any update naming learner_id or learner_data_key (a writer cannot choose it).');
    END LOOP;
    CREATE TRIGGER learner_data_key_sync
        AFTER UPDATE ON app.learner_profiles
        FOR EACH ROW
        WHEN ((coalesce(OLD.privacy_settings ->> 'data_sharing', 'none') <> 'none')
              IS DISTINCT FROM (coalesce(NEW.privacy_settings ->> 'data_sharing', 'none') <> 'none'))
        EXECUTE FUNCTION app_private.sync_learner_data_key();
    COMMENT ON TRIGGER learner_data_key_sync ON app.learner_profiles IS
        'When a learner starts or stops sharing their data, rewrites learner_data_key on their sessions, struggle events and interventions in the same statement (perf/learner_data_key).';
    RESET ROLE;
    ALTER FUNCTION app_private.fill_learner_data_key() OWNER TO tenantdb_learner_data_keeper;
    ALTER FUNCTION app_private.sync_learner_data_key() OWNER TO tenantdb_learner_data_keeper;
END
$triggers$;

COMMIT;

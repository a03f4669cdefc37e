-- Deploy tenantdb:identity/user_profiles to pg
-- One profile per user: how the person presents themselves and their preferences. Personal
-- data: the person and the tenant's admins only (educators read the roster in app.users).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.user_profiles (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    bio text,
    avatar_url text,
    locale text NOT NULL DEFAULT 'en',
    time_zone text NOT NULL DEFAULT 'UTC',
    preferences jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_profiles_pkey PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT user_profiles_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT user_profiles_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT user_profiles_bio_length CHECK (char_length(bio) <= 2000),
    CONSTRAINT user_profiles_avatar_url_format CHECK (avatar_url ~ '^https://' AND char_length(avatar_url) <= 2048),
    CONSTRAINT user_profiles_locale_format CHECK (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    CONSTRAINT user_profiles_time_zone_length CHECK (char_length(time_zone) BETWEEN 1 AND 64),
    CONSTRAINT user_profiles_preferences_object CHECK (jsonb_typeof(preferences) = 'object')
);

COMMENT ON TABLE app.user_profiles IS
    'Profile and preferences of a user (one row per user, deleted with the user). The person and the tenant''s admins read and update it.';
COMMENT ON COLUMN app.user_profiles.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.user_profiles.user_id IS 'The user this profile belongs to (one profile per user).';
COMMENT ON COLUMN app.user_profiles.bio IS 'Free text the person writes about themselves (at most 2000 characters).';
COMMENT ON COLUMN app.user_profiles.avatar_url IS 'HTTPS address of the avatar picture.';
COMMENT ON COLUMN app.user_profiles.locale IS 'Language for the interface, e.g. en or de-CH.';
COMMENT ON COLUMN app.user_profiles.time_zone IS 'IANA time zone for showing times (stored times are UTC).';
COMMENT ON COLUMN app.user_profiles.preferences IS 'Interface and notification preferences, a JSON object.';
COMMENT ON COLUMN app.user_profiles.created_at IS 'When the profile was created.';
COMMENT ON COLUMN app.user_profiles.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT user_profiles_user_fkey ON app.user_profiles IS 'Profile of a user of the same tenant; deleted with the user.';
COMMENT ON CONSTRAINT user_profiles_bio_length ON app.user_profiles IS 'Bios are at most 2000 characters.';
COMMENT ON CONSTRAINT user_profiles_avatar_url_format ON app.user_profiles IS 'Avatars are HTTPS addresses of at most 2048 characters.';
COMMENT ON CONSTRAINT user_profiles_locale_format ON app.user_profiles IS 'A BCP 47 language tag: language, optionally -REGION.';
COMMENT ON CONSTRAINT user_profiles_time_zone_length ON app.user_profiles IS 'Time zone names are 1-64 characters.';
COMMENT ON CONSTRAINT user_profiles_preferences_object ON app.user_profiles IS 'Preferences are a JSON object.';

SELECT app_private.guard_tenant_table('app.user_profiles');

CREATE POLICY user_profiles_select_app ON app.user_profiles
    FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_profiles_select_app ON app.user_profiles IS 'A person reads their own profile; admins read every profile of the tenant.';

CREATE POLICY user_profiles_insert_app ON app.user_profiles
    FOR INSERT TO tenantdb_app
    WITH CHECK (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_profiles_insert_app ON app.user_profiles IS 'A person creates their own profile; admins create anyone''s.';

CREATE POLICY user_profiles_update_app ON app.user_profiles
    FOR UPDATE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_profiles_update_app ON app.user_profiles IS 'A person updates their own profile; admins update anyone''s.';

CREATE POLICY user_profiles_delete_app ON app.user_profiles
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_profiles_delete_app ON app.user_profiles IS 'Only admins delete profiles (a profile goes with its user).';

CREATE POLICY user_profiles_all_service ON app.user_profiles
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY user_profiles_all_service ON app.user_profiles IS 'The service role reads and writes every profile of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.user_profiles TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:learning/learner_profiles to pg
-- The cognitive profile of a learner, keyed by the LTI subject of the platform launch. Linked
-- to the person (app.users) so "own" is decidable in SQL: a student reads their own profile,
-- educators and coaches read every learner of the tenant, admins manage them.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.learner_profiles (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    lti_user_id text NOT NULL,
    cognitive_profile jsonb NOT NULL DEFAULT '{}',
    privacy_settings jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT learner_profiles_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT learner_profiles_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT learner_profiles_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT learner_profiles_user_key UNIQUE (tenant_id, user_id),
    CONSTRAINT learner_profiles_lti_user_id_key UNIQUE (tenant_id, lti_user_id),
    CONSTRAINT learner_profiles_lti_user_id_length CHECK (char_length(lti_user_id) BETWEEN 1 AND 255),
    CONSTRAINT learner_profiles_cognitive_profile_shape CHECK (
        jsonb_typeof(cognitive_profile) = 'object'
        AND coalesce(jsonb_typeof(cognitive_profile -> 'memory_patterns'), 'object') = 'object'
        AND CASE coalesce(jsonb_typeof(cognitive_profile -> 'learning_velocity'), 'absent')
                WHEN 'absent' THEN true
                WHEN 'number' THEN (cognitive_profile ->> 'learning_velocity')::numeric >= 0
                ELSE false
            END
    ),
    CONSTRAINT learner_profiles_privacy_settings_shape CHECK (
        jsonb_typeof(privacy_settings) = 'object'
        AND coalesce(jsonb_typeof(privacy_settings -> 'consent'), 'object') = 'object'
        AND NOT jsonb_path_exists(privacy_settings, '$.consent.* ? (@.type() != "boolean")')
        AND coalesce(privacy_settings ->> 'data_sharing', 'none') IN ('none', 'institution', 'research')
    )
);

COMMENT ON TABLE app.learner_profiles IS
    'Cognitive profile of a learner (one per person, keyed by LTI subject). Students read and update their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.learner_profiles.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.learner_profiles.id IS 'Learner id, referenced by learning sessions, struggle events and interventions.';
COMMENT ON COLUMN app.learner_profiles.user_id IS 'The person this profile describes (one profile per person); decides "own" in the policies.';
COMMENT ON COLUMN app.learner_profiles.lti_user_id IS 'LTI 1.3 "sub" claim of the launch, unique per tenant.';
COMMENT ON COLUMN app.learner_profiles.cognitive_profile IS
    'JSON object: memory_patterns (object), learning_velocity (number >= 0) and other model outputs.';
COMMENT ON COLUMN app.learner_profiles.privacy_settings IS
    'JSON object: consent (object of booleans, e.g. {"analytics": true}), data_sharing (none, institution or research).';
COMMENT ON COLUMN app.learner_profiles.created_at IS 'When the profile was created (first launch).';
COMMENT ON COLUMN app.learner_profiles.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT learner_profiles_user_fkey ON app.learner_profiles IS 'Profile of a person of the same tenant; deleted with the person.';
COMMENT ON CONSTRAINT learner_profiles_user_key ON app.learner_profiles IS 'One learner profile per person.';
COMMENT ON CONSTRAINT learner_profiles_lti_user_id_key ON app.learner_profiles IS
    'One profile per LTI subject within a tenant; also the index for lookup by LTI subject (tenant_id leads).';
COMMENT ON CONSTRAINT learner_profiles_lti_user_id_length ON app.learner_profiles IS 'LTI subjects are 1-255 characters.';
COMMENT ON CONSTRAINT learner_profiles_cognitive_profile_shape ON app.learner_profiles IS
    'An object; memory_patterns, when present, is an object; learning_velocity, when present, is a number >= 0.';
COMMENT ON CONSTRAINT learner_profiles_privacy_settings_shape ON app.learner_profiles IS
    'An object; consent, when present, is an object of booleans; data_sharing is none, institution or research.';

SELECT app_private.guard_tenant_table('app.learner_profiles');

CREATE POLICY learner_profiles_select_app ON app.learner_profiles
    FOR SELECT TO tenantdb_app
    USING (
        user_id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS
    'A student reads their own profile; educators, coaches and admins read every learner of the tenant.';

CREATE POLICY learner_profiles_insert_app ON app.learner_profiles
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learner_profiles_insert_app ON app.learner_profiles IS 'Admins create learner profiles (launches create them through the service role).';

CREATE POLICY learner_profiles_update_app ON app.learner_profiles
    FOR UPDATE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learner_profiles_update_app ON app.learner_profiles IS
    'A student updates their own profile (their privacy settings); admins update any of the tenant.';

CREATE POLICY learner_profiles_delete_app ON app.learner_profiles
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learner_profiles_delete_app ON app.learner_profiles IS 'Only admins delete learner profiles.';

CREATE POLICY learner_profiles_all_service ON app.learner_profiles
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY learner_profiles_all_service ON app.learner_profiles IS 'The service role reads and writes every learner profile of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.learner_profiles TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

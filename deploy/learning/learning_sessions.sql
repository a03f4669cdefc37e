-- Deploy tenantdb:learning/learning_sessions to pg
-- One LTI launch of a learner into a course context, with the behavioural signals collected
-- during it. Learner data: the student reads their own, educators and coaches all of the
-- tenant's, admins manage them; the platform (service role) records them.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.learning_sessions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    learner_id uuid NOT NULL,
    course_context text NOT NULL,
    session_start timestamptz NOT NULL DEFAULT now(),
    session_end timestamptz,
    behavioral_signals jsonb NOT NULL DEFAULT '{}',
    -- interventions in one session: far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    interventions_delivered integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT learning_sessions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT learning_sessions_learner_key UNIQUE (tenant_id, id, learner_id),
    CONSTRAINT learning_sessions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT learning_sessions_learner_fkey FOREIGN KEY (tenant_id, learner_id)
        REFERENCES app.learner_profiles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT learning_sessions_course_context_length CHECK (char_length(course_context) BETWEEN 1 AND 255),
    CONSTRAINT learning_sessions_end_after_start CHECK (session_end >= session_start),
    CONSTRAINT learning_sessions_behavioral_signals_object CHECK (jsonb_typeof(behavioral_signals) = 'object'),
    CONSTRAINT learning_sessions_interventions_delivered_not_negative CHECK (interventions_delivered >= 0)
);

COMMENT ON TABLE app.learning_sessions IS
    'Learning sessions: one LTI launch of a learner into a course context, with behavioural signals. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.learning_sessions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.learning_sessions.id IS 'Session id.';
COMMENT ON COLUMN app.learning_sessions.learner_id IS 'The learner (app.learner_profiles); deleted with the profile.';
COMMENT ON COLUMN app.learning_sessions.course_context IS 'LTI context_id of the course the launch came from.';
COMMENT ON COLUMN app.learning_sessions.session_start IS 'Launch time.';
COMMENT ON COLUMN app.learning_sessions.session_end IS 'When the session ended; NULL while it is open.';
COMMENT ON COLUMN app.learning_sessions.behavioral_signals IS 'JSON object of signals collected in the session (hover times, scroll patterns, ...).';
COMMENT ON COLUMN app.learning_sessions.interventions_delivered IS 'How many interventions (help) were shown during the session; details in app.intervention_logs.';
COMMENT ON COLUMN app.learning_sessions.created_at IS 'When the row was written.';
COMMENT ON CONSTRAINT learning_sessions_learner_key ON app.learning_sessions IS
    'Target of the composite foreign keys of struggle events and interventions: an event of a session belongs to that session''s learner.';
COMMENT ON CONSTRAINT learning_sessions_learner_fkey ON app.learning_sessions IS 'Session of a learner of the same tenant; deleted with the learner.';
COMMENT ON CONSTRAINT learning_sessions_course_context_length ON app.learning_sessions IS 'LTI context ids are 1-255 characters.';
COMMENT ON CONSTRAINT learning_sessions_end_after_start ON app.learning_sessions IS 'A session ends after it starts.';
COMMENT ON CONSTRAINT learning_sessions_behavioral_signals_object ON app.learning_sessions IS 'Signals are a JSON object.';
COMMENT ON CONSTRAINT learning_sessions_interventions_delivered_not_negative ON app.learning_sessions IS 'A count is never negative.';

CREATE INDEX learning_sessions_learner_start_idx ON app.learning_sessions (tenant_id, learner_id, session_start DESC);
COMMENT ON INDEX app.learning_sessions_learner_start_idx IS 'A learner''s sessions, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX learning_sessions_start_idx ON app.learning_sessions (tenant_id, session_start DESC);
COMMENT ON INDEX app.learning_sessions_start_idx IS 'Sessions of the tenant by time (the source''s index on session timestamps; dashboards).';

SELECT app_private.guard_tenant_table('app.learning_sessions');

CREATE POLICY learning_sessions_select_app ON app.learning_sessions
    FOR SELECT TO tenantdb_app
    USING (
        learner_id = (SELECT app_private.current_learner_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS
    'A student reads their own sessions; educators, coaches and admins read every learner''s.';

CREATE POLICY learning_sessions_insert_app ON app.learning_sessions
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learning_sessions_insert_app ON app.learning_sessions IS 'Admins add sessions (the platform records them through the service role).';

CREATE POLICY learning_sessions_update_app ON app.learning_sessions
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learning_sessions_update_app ON app.learning_sessions IS 'Admins correct sessions.';

CREATE POLICY learning_sessions_delete_app ON app.learning_sessions
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY learning_sessions_delete_app ON app.learning_sessions IS 'Admins delete sessions.';

CREATE POLICY learning_sessions_all_service ON app.learning_sessions
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY learning_sessions_all_service ON app.learning_sessions IS 'The service role records and reads every session of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.learning_sessions TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

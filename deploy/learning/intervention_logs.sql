-- Deploy tenantdb:learning/intervention_logs to pg
-- Interventions (help) delivered to a learner in a session, and the struggle that caused
-- them where one did. Session and struggle are the same learner's: the foreign keys include
-- learner_id.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.intervention_logs (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    learner_id uuid NOT NULL,
    session_id uuid NOT NULL,
    struggle_event_id uuid,
    intervention_type text NOT NULL,
    content jsonb NOT NULL DEFAULT '{}',
    outcome text,
    delivered_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT intervention_logs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT intervention_logs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT intervention_logs_learner_fkey FOREIGN KEY (tenant_id, learner_id)
        REFERENCES app.learner_profiles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT intervention_logs_session_fkey FOREIGN KEY (tenant_id, session_id, learner_id)
        REFERENCES app.learning_sessions (tenant_id, id, learner_id) ON DELETE CASCADE,
    CONSTRAINT intervention_logs_struggle_event_fkey FOREIGN KEY (tenant_id, struggle_event_id, learner_id)
        REFERENCES app.struggle_events (tenant_id, id, learner_id) ON DELETE SET NULL (struggle_event_id),
    CONSTRAINT intervention_logs_type_known CHECK (intervention_type IN ('hint', 'worked_example', 'prerequisite_review', 'encouragement', 'educator_alert')),
    CONSTRAINT intervention_logs_content_object CHECK (jsonb_typeof(content) = 'object'),
    CONSTRAINT intervention_logs_outcome_known CHECK (outcome IN ('accepted', 'dismissed', 'ignored'))
);

COMMENT ON TABLE app.intervention_logs IS
    'Interventions delivered to learners, linked to the session and, where one caused it, the struggle event. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.intervention_logs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.intervention_logs.id IS 'Intervention id.';
COMMENT ON COLUMN app.intervention_logs.learner_id IS 'The learner who received it.';
COMMENT ON COLUMN app.intervention_logs.session_id IS 'The learning session it was delivered in (of the same learner).';
COMMENT ON COLUMN app.intervention_logs.struggle_event_id IS 'The struggle that triggered it, if any (of the same learner); NULL when the event is removed.';
COMMENT ON COLUMN app.intervention_logs.intervention_type IS 'What was shown: hint, worked_example, prerequisite_review, encouragement or educator_alert.';
COMMENT ON COLUMN app.intervention_logs.content IS 'JSON object describing what was shown.';
COMMENT ON COLUMN app.intervention_logs.outcome IS 'How the learner responded: accepted, dismissed or ignored; NULL until known.';
COMMENT ON COLUMN app.intervention_logs.delivered_at IS 'When it was delivered.';
COMMENT ON CONSTRAINT intervention_logs_learner_fkey ON app.intervention_logs IS 'Intervention for a learner of the same tenant; deleted with the learner.';
COMMENT ON CONSTRAINT intervention_logs_session_fkey ON app.intervention_logs IS 'The session is the same learner''s, in the same tenant; deleted with the session.';
COMMENT ON CONSTRAINT intervention_logs_struggle_event_fkey ON app.intervention_logs IS 'The causing struggle is the same learner''s; removing it keeps the intervention without the link.';
COMMENT ON CONSTRAINT intervention_logs_type_known ON app.intervention_logs IS 'Only the known intervention types.';
COMMENT ON CONSTRAINT intervention_logs_content_object ON app.intervention_logs IS 'Content is a JSON object.';
COMMENT ON CONSTRAINT intervention_logs_outcome_known ON app.intervention_logs IS 'Only the known outcomes (or NULL while unknown).';

CREATE INDEX intervention_logs_learner_delivered_idx ON app.intervention_logs (tenant_id, learner_id, delivered_at DESC);
COMMENT ON INDEX app.intervention_logs_learner_delivered_idx IS 'A learner''s interventions, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX intervention_logs_session_idx ON app.intervention_logs (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.intervention_logs_session_idx IS 'Interventions of a session; covers the session foreign key.';
CREATE INDEX intervention_logs_struggle_event_idx ON app.intervention_logs (tenant_id, struggle_event_id, learner_id);
COMMENT ON INDEX app.intervention_logs_struggle_event_idx IS 'Interventions caused by a struggle; covers the struggle foreign key.';

SELECT app_private.guard_tenant_table('app.intervention_logs');

CREATE POLICY intervention_logs_select_app ON app.intervention_logs
    FOR SELECT TO tenantdb_app
    USING (
        learner_id = (SELECT app_private.current_learner_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS
    'A student reads their own interventions; educators, coaches and admins read every learner''s.';

CREATE POLICY intervention_logs_insert_app ON app.intervention_logs
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY intervention_logs_insert_app ON app.intervention_logs IS 'Admins add interventions (the platform records them through the service role).';

CREATE POLICY intervention_logs_update_app ON app.intervention_logs
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY intervention_logs_update_app ON app.intervention_logs IS 'Admins correct interventions.';

CREATE POLICY intervention_logs_delete_app ON app.intervention_logs
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY intervention_logs_delete_app ON app.intervention_logs IS 'Admins delete interventions.';

CREATE POLICY intervention_logs_all_service ON app.intervention_logs
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY intervention_logs_all_service ON app.intervention_logs IS 'The service role records and reads every intervention of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.intervention_logs TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

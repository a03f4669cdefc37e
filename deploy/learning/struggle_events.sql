-- Deploy tenantdb:learning/struggle_events to pg
-- Struggles detected while a learner works in a session (one learner has many). The session
-- must be the same learner's: the foreign key includes learner_id.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.struggle_events (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    learner_id uuid NOT NULL,
    session_id uuid NOT NULL,
    concept_id uuid,
    kind text NOT NULL,
    severity numeric(3, 2) NOT NULL,
    signals jsonb NOT NULL DEFAULT '{}',
    detected_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT struggle_events_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT struggle_events_learner_key UNIQUE (tenant_id, id, learner_id),
    CONSTRAINT struggle_events_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT struggle_events_learner_fkey FOREIGN KEY (tenant_id, learner_id)
        REFERENCES app.learner_profiles (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT struggle_events_session_fkey FOREIGN KEY (tenant_id, session_id, learner_id)
        REFERENCES app.learning_sessions (tenant_id, id, learner_id) ON DELETE CASCADE,
    CONSTRAINT struggle_events_concept_fkey FOREIGN KEY (tenant_id, concept_id)
        REFERENCES app.concepts (tenant_id, id) ON DELETE SET NULL (concept_id),
    CONSTRAINT struggle_events_kind_known CHECK (kind IN ('repeated_error', 'long_pause', 'help_request', 'rapid_guessing', 'abandonment')),
    CONSTRAINT struggle_events_severity_range CHECK (severity BETWEEN 0 AND 1),
    CONSTRAINT struggle_events_signals_object CHECK (jsonb_typeof(signals) = 'object')
);

COMMENT ON TABLE app.struggle_events IS
    'Struggles detected in a learner''s session. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.struggle_events.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.struggle_events.id IS 'Event id.';
COMMENT ON COLUMN app.struggle_events.learner_id IS 'The learner who struggled.';
COMMENT ON COLUMN app.struggle_events.session_id IS 'The learning session it happened in (of the same learner).';
COMMENT ON COLUMN app.struggle_events.concept_id IS 'The concept the learner struggled with, when known; NULL when the concept is removed.';
COMMENT ON COLUMN app.struggle_events.kind IS 'What was detected: repeated_error, long_pause, help_request, rapid_guessing or abandonment.';
COMMENT ON COLUMN app.struggle_events.severity IS 'How strong the signal was, from 0 (weak) to 1 (certain).';
COMMENT ON COLUMN app.struggle_events.signals IS 'JSON object of the raw signals behind the detection.';
COMMENT ON COLUMN app.struggle_events.detected_at IS 'When the struggle was detected.';
COMMENT ON CONSTRAINT struggle_events_learner_key ON app.struggle_events IS 'Target of intervention_logs'' foreign key: an intervention for an event is for that event''s learner.';
COMMENT ON CONSTRAINT struggle_events_learner_fkey ON app.struggle_events IS 'Event of a learner of the same tenant; deleted with the learner.';
COMMENT ON CONSTRAINT struggle_events_session_fkey ON app.struggle_events IS 'The session is the same learner''s, in the same tenant; deleted with the session.';
COMMENT ON CONSTRAINT struggle_events_concept_fkey ON app.struggle_events IS 'A concept of the same tenant; removing the concept keeps the event without it.';
COMMENT ON CONSTRAINT struggle_events_kind_known ON app.struggle_events IS 'Only the known kinds of struggle.';
COMMENT ON CONSTRAINT struggle_events_severity_range ON app.struggle_events IS 'Severity is between 0 and 1.';
COMMENT ON CONSTRAINT struggle_events_signals_object ON app.struggle_events IS 'Signals are a JSON object.';

CREATE INDEX struggle_events_learner_detected_idx ON app.struggle_events (tenant_id, learner_id, detected_at DESC);
COMMENT ON INDEX app.struggle_events_learner_detected_idx IS 'A learner''s struggles, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX struggle_events_session_idx ON app.struggle_events (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.struggle_events_session_idx IS 'Struggles of a session; covers the session foreign key.';
CREATE INDEX struggle_events_concept_idx ON app.struggle_events (tenant_id, concept_id);
COMMENT ON INDEX app.struggle_events_concept_idx IS 'Struggles per concept (where a class gets stuck); covers the concept foreign key.';

SELECT app_private.guard_tenant_table('app.struggle_events');

CREATE POLICY struggle_events_select_app ON app.struggle_events
    FOR SELECT TO tenantdb_app
    USING (
        learner_id = (SELECT app_private.current_learner_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS
    'A student reads their own struggle events; educators, coaches and admins read every learner''s.';

CREATE POLICY struggle_events_insert_app ON app.struggle_events
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY struggle_events_insert_app ON app.struggle_events IS 'Admins add events (detectors write them through the service role).';

CREATE POLICY struggle_events_update_app ON app.struggle_events
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin')
    WITH CHECK ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY struggle_events_update_app ON app.struggle_events IS 'Admins correct events.';

CREATE POLICY struggle_events_delete_app ON app.struggle_events
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY struggle_events_delete_app ON app.struggle_events IS 'Admins delete events.';

CREATE POLICY struggle_events_all_service ON app.struggle_events
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY struggle_events_all_service ON app.struggle_events IS 'The service role records and reads every event of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.struggle_events TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:rag/interactions to pg
-- Requests to the platform's AI services and their responses, with latency. Students see their
-- own; educators, coaches and admins see all of the tenant's (the source's RLS starter).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.interactions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    service_type text NOT NULL,
    request_data jsonb NOT NULL DEFAULT '{}',
    response_data jsonb NOT NULL DEFAULT '{}',
    -- milliseconds of one request: far below 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    latency_ms integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT interactions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT interactions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT interactions_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT interactions_service_type_known CHECK (service_type IN ('rag_query', 'chat', 'summary', 'quiz', 'feedback', 'embedding')),
    CONSTRAINT interactions_request_data_object CHECK (jsonb_typeof(request_data) = 'object'),
    CONSTRAINT interactions_response_data_object CHECK (jsonb_typeof(response_data) = 'object'),
    CONSTRAINT interactions_latency_not_negative CHECK (latency_ms >= 0)
);

COMMENT ON TABLE app.interactions IS
    'Requests of people to the AI services and the responses, with latency. Students see their own; educators, coaches and admins all of the tenant''s.';
COMMENT ON COLUMN app.interactions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.interactions.id IS 'Interaction id.';
COMMENT ON COLUMN app.interactions.user_id IS 'The person who made the request.';
COMMENT ON COLUMN app.interactions.service_type IS 'Which service answered: rag_query, chat, summary, quiz, feedback or embedding.';
COMMENT ON COLUMN app.interactions.request_data IS 'The request, a JSON object.';
COMMENT ON COLUMN app.interactions.response_data IS 'The response, a JSON object.';
COMMENT ON COLUMN app.interactions.latency_ms IS 'Time to answer in milliseconds; NULL when unknown.';
COMMENT ON COLUMN app.interactions.created_at IS 'When the request was made.';
COMMENT ON CONSTRAINT interactions_user_fkey ON app.interactions IS 'A person of the same tenant; their interactions go with them.';
COMMENT ON CONSTRAINT interactions_service_type_known ON app.interactions IS 'Only the known services.';
COMMENT ON CONSTRAINT interactions_request_data_object ON app.interactions IS 'Requests are JSON objects.';
COMMENT ON CONSTRAINT interactions_response_data_object ON app.interactions IS 'Responses are JSON objects.';
COMMENT ON CONSTRAINT interactions_latency_not_negative ON app.interactions IS 'Latency is never negative.';

CREATE INDEX interactions_user_created_idx ON app.interactions (tenant_id, user_id, created_at DESC);
COMMENT ON INDEX app.interactions_user_created_idx IS 'A person''s interactions, newest first (the student''s own-row policy); covers the user foreign key.';
CREATE INDEX interactions_created_idx ON app.interactions (tenant_id, created_at DESC);
COMMENT ON INDEX app.interactions_created_idx IS 'The tenant''s interactions by time (dashboards, retention).';

SELECT app_private.guard_tenant_table('app.interactions');

CREATE POLICY interactions_select_app ON app.interactions
    FOR SELECT TO tenantdb_app
    USING (
        user_id = (SELECT app.current_user_id())
        OR (SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')
    );
COMMENT ON POLICY interactions_select_app ON app.interactions IS
    'Students see their own interactions; educators, coaches and admins see all of the tenant''s.';

CREATE POLICY interactions_insert_app ON app.interactions
    FOR INSERT TO tenantdb_app
    WITH CHECK (user_id = (SELECT app.current_user_id()));
COMMENT ON POLICY interactions_insert_app ON app.interactions IS 'A person''s own requests are recorded as theirs only.';

CREATE POLICY interactions_delete_app ON app.interactions
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY interactions_delete_app ON app.interactions IS 'Admins delete interactions (records are not edited).';

CREATE POLICY interactions_all_service ON app.interactions
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY interactions_all_service ON app.interactions IS 'The service role records and reads every interaction of the transaction''s tenant.';

GRANT SELECT, INSERT, DELETE ON app.interactions TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.interactions TO tenantdb_service, tenantdb_maintenance;

COMMIT;

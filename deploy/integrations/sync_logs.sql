-- Deploy tenantdb:integrations/sync_logs to pg
-- One row per sync attempt of a connection (optionally for one artifact). Written by the service
-- role, read by tenant admins; retention archives rows older than sync_logs_days.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.sync_logs (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL,
    artifact_id uuid,
    direction text NOT NULL,
    outcome text NOT NULL,
    items_synced integer NOT NULL DEFAULT 0,
    message text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sync_logs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT sync_logs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT sync_logs_connection_fkey FOREIGN KEY (tenant_id, connection_id)
        REFERENCES app.external_connections (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT sync_logs_artifact_fkey FOREIGN KEY (tenant_id, artifact_id)
        REFERENCES app.artifacts (tenant_id, id) ON DELETE SET NULL (artifact_id),
    CONSTRAINT sync_logs_direction_known CHECK (direction IN ('push', 'pull')),
    CONSTRAINT sync_logs_outcome_known CHECK (outcome IN ('started', 'succeeded', 'failed')),
    CONSTRAINT sync_logs_items_not_negative CHECK (items_synced >= 0),
    CONSTRAINT sync_logs_message_length CHECK (char_length(message) <= 4000)
);

COMMENT ON TABLE app.sync_logs IS
    'Sync attempts of a connection: direction, outcome, count, message. The service role writes; tenant admins read and delete; retention archives old rows.';
COMMENT ON COLUMN app.sync_logs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.sync_logs.id IS 'Log row id.';
COMMENT ON COLUMN app.sync_logs.connection_id IS 'The connection that synced.';
COMMENT ON COLUMN app.sync_logs.artifact_id IS 'The artifact synced, when the attempt was for one; NULL once the artifact is deleted.';
COMMENT ON COLUMN app.sync_logs.direction IS 'push (to the outside system) or pull.';
COMMENT ON COLUMN app.sync_logs.outcome IS 'started, succeeded or failed.';
COMMENT ON COLUMN app.sync_logs.items_synced IS 'Items transferred (not negative).';
COMMENT ON COLUMN app.sync_logs.message IS 'Detail or error text (at most 4000 characters; never a credential).';
COMMENT ON COLUMN app.sync_logs.created_at IS 'When the attempt was logged; retention ages rows by it.';
COMMENT ON CONSTRAINT sync_logs_connection_fkey ON app.sync_logs IS 'Log of a connection of the same tenant; deleted with the connection.';
COMMENT ON CONSTRAINT sync_logs_artifact_fkey ON app.sync_logs IS 'Artifact of the same tenant; kept as NULL when the artifact is deleted.';
COMMENT ON CONSTRAINT sync_logs_direction_known ON app.sync_logs IS 'Only push or pull.';
COMMENT ON CONSTRAINT sync_logs_outcome_known ON app.sync_logs IS 'Only started, succeeded or failed.';
COMMENT ON CONSTRAINT sync_logs_items_not_negative ON app.sync_logs IS 'Counts are not negative.';
COMMENT ON CONSTRAINT sync_logs_message_length ON app.sync_logs IS 'Messages are at most 4000 characters.';

CREATE INDEX sync_logs_connection_created_idx ON app.sync_logs (tenant_id, connection_id, created_at DESC);
COMMENT ON INDEX app.sync_logs_connection_created_idx IS
    'A connection''s recent attempts (the source''s index on connection_id, led by tenant_id); covers the connection foreign key.';
CREATE INDEX sync_logs_artifact_idx ON app.sync_logs (tenant_id, artifact_id);
COMMENT ON INDEX app.sync_logs_artifact_idx IS 'Covers the artifact foreign key (an artifact''s sync history).';
CREATE INDEX sync_logs_created_idx ON app.sync_logs (tenant_id, created_at);
COMMENT ON INDEX app.sync_logs_created_idx IS 'Retention: the tenant''s rows older than a cut-off, oldest first.';

SELECT app_private.guard_tenant_table('app.sync_logs');

CREATE POLICY sync_logs_select_app ON app.sync_logs
    FOR SELECT TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_logs_select_app ON app.sync_logs IS 'Only tenant admins read sync logs (integrations are admin-only).';

CREATE POLICY sync_logs_delete_app ON app.sync_logs
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY sync_logs_delete_app ON app.sync_logs IS 'Only tenant admins delete sync logs.';

CREATE POLICY sync_logs_all_service ON app.sync_logs
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY sync_logs_all_service ON app.sync_logs IS 'The service role (sync workers) writes and reads the logs of the transaction''s tenant.';

GRANT SELECT, DELETE ON app.sync_logs TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.sync_logs TO tenantdb_service, tenantdb_maintenance;

COMMIT;

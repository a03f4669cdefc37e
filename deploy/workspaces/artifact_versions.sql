-- Deploy tenantdb:workspaces/artifact_versions to pg
-- Immutable content versions of an artifact, numbered 1, 2, ... per artifact. Retention keeps
-- the newest N per artifact (app.retention_policies.artifact_versions_to_keep) and archives the rest.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.artifact_versions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    artifact_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    -- versions of one artifact, never near 2^31; hence:
    -- squawk-ignore prefer-bigint-over-int
    version_number integer NOT NULL,
    content text NOT NULL,
    change_note text NOT NULL DEFAULT '',
    created_by uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT artifact_versions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT artifact_versions_number_key UNIQUE (tenant_id, artifact_id, version_number),
    CONSTRAINT artifact_versions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT artifact_versions_artifact_fkey FOREIGN KEY (tenant_id, artifact_id, workspace_id)
        REFERENCES app.artifacts (tenant_id, id, workspace_id) ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT artifact_versions_created_by_fkey FOREIGN KEY (tenant_id, created_by)
        REFERENCES app.users (tenant_id, id) ON DELETE SET NULL (created_by),
    CONSTRAINT artifact_versions_number_positive CHECK (version_number > 0),
    CONSTRAINT artifact_versions_content_size CHECK (octet_length(content) <= 10485760),
    CONSTRAINT artifact_versions_change_note_length CHECK (char_length(change_note) <= 1000)
);

COMMENT ON TABLE app.artifact_versions IS
    'Immutable content versions of an artifact (no UPDATE for clients). Visible and writable like the artifact; retention keeps the newest N per artifact.';
COMMENT ON COLUMN app.artifact_versions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.artifact_versions.id IS 'Version id.';
COMMENT ON COLUMN app.artifact_versions.artifact_id IS 'The artifact.';
COMMENT ON COLUMN app.artifact_versions.workspace_id IS 'The artifact''s workspace (copied, kept in step by the foreign key), so policies need no join.';
COMMENT ON COLUMN app.artifact_versions.version_number IS '1, 2, ... per artifact.';
COMMENT ON COLUMN app.artifact_versions.content IS 'The content of this version (at most 10 MiB).';
COMMENT ON COLUMN app.artifact_versions.change_note IS 'What changed (at most 1000 characters).';
COMMENT ON COLUMN app.artifact_versions.created_by IS 'Author of the version; NULL once that person is deleted.';
COMMENT ON COLUMN app.artifact_versions.created_at IS 'When the version was written.';
COMMENT ON CONSTRAINT artifact_versions_number_key ON app.artifact_versions IS 'One version per number and artifact; covers the artifact foreign key and the newest-N retention.';
COMMENT ON CONSTRAINT artifact_versions_artifact_fkey ON app.artifact_versions IS 'Version of an artifact of the same tenant and workspace; deleted with the artifact, moved with it.';
COMMENT ON CONSTRAINT artifact_versions_created_by_fkey ON app.artifact_versions IS 'Author is a person of the same tenant; kept as NULL when the person is deleted.';
COMMENT ON CONSTRAINT artifact_versions_number_positive ON app.artifact_versions IS 'Version numbers start at 1.';
COMMENT ON CONSTRAINT artifact_versions_content_size ON app.artifact_versions IS 'Content is at most 10 MiB; larger files belong in object storage.';
COMMENT ON CONSTRAINT artifact_versions_change_note_length ON app.artifact_versions IS 'Change notes are at most 1000 characters.';

CREATE INDEX artifact_versions_created_by_idx ON app.artifact_versions (tenant_id, created_by);
COMMENT ON INDEX app.artifact_versions_created_by_idx IS 'Covers the author foreign key.';
CREATE INDEX artifact_versions_artifact_workspace_idx ON app.artifact_versions (tenant_id, artifact_id, workspace_id);
COMMENT ON INDEX app.artifact_versions_artifact_workspace_idx IS 'Covers the artifact foreign key (deleting an artifact or moving it to another workspace).';
CREATE INDEX artifact_versions_workspace_idx ON app.artifact_versions (tenant_id, workspace_id);
COMMENT ON INDEX app.artifact_versions_workspace_idx IS 'The versions of a workspace''s artifacts (the column the policies test).';

SELECT app_private.guard_tenant_table('app.artifact_versions');

CREATE POLICY artifact_versions_select_app ON app.artifact_versions
    FOR SELECT TO tenantdb_app
    USING (workspace_id = ANY ((SELECT app_private.current_workspace_ids('viewer'))::uuid[])
           OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifact_versions_select_app ON app.artifact_versions IS 'Workspace members read the versions of its artifacts; tenant admins read all.';

CREATE POLICY artifact_versions_insert_app ON app.artifact_versions
    FOR INSERT TO tenantdb_app
    WITH CHECK (workspace_id = ANY ((SELECT app_private.current_workspace_ids('editor'))::uuid[])
                OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifact_versions_insert_app ON app.artifact_versions IS 'Workspace editors and owners write new versions; tenant admins anywhere.';

CREATE POLICY artifact_versions_delete_app ON app.artifact_versions
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY artifact_versions_delete_app ON app.artifact_versions IS 'Only tenant admins delete single versions (history is kept; retention prunes it).';

CREATE POLICY artifact_versions_all_service ON app.artifact_versions
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY artifact_versions_all_service ON app.artifact_versions IS 'The service role reads and writes every version of the transaction''s tenant.';

GRANT SELECT, INSERT, DELETE ON app.artifact_versions TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.artifact_versions TO tenantdb_service, tenantdb_maintenance;

COMMIT;

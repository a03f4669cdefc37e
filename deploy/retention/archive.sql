-- Deploy tenantdb:retention/archive to pg
-- Cold storage and the registry of what retention applies to. Schema `archive` is for the
-- maintenance role only (no client role has USAGE). A retention batch moves rows with one
-- statement (DELETE ... RETURNING feeding INSERT INTO archive.archived_rows) in one transaction:
-- a crash rolls the whole batch back, so a row is either still in its table or archived, never
-- both and never neither; the primary key of archived_rows rejects a second copy.
-- Adding a table to retention is one row in archive.retention_targets.
BEGIN;

CREATE SCHEMA archive AUTHORIZATION tenantdb_owner;
COMMENT ON SCHEMA archive IS
    'Cold storage of rows removed by retention, and the retention registry. Maintenance role only.';
GRANT USAGE ON SCHEMA archive TO tenantdb_maintenance;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE archive.retention_targets (
    table_name text NOT NULL,
    retention_rule text NOT NULL,
    policy_column text NOT NULL,
    age_column text,
    group_column text,
    order_column text,
    workspace_column text,
    note text NOT NULL,
    CONSTRAINT retention_targets_pkey PRIMARY KEY (table_name),
    CONSTRAINT retention_targets_table_name_format CHECK (table_name ~ '^app\.[a-z_][a-z0-9_]*$'),
    CONSTRAINT retention_targets_rule_known CHECK (retention_rule IN ('max_age', 'keep_newest')),
    CONSTRAINT retention_targets_policy_column_known
        CHECK (policy_column IN ('chat_history_days', 'artifact_versions_to_keep', 'interactions_days', 'sync_logs_days')),
    CONSTRAINT retention_targets_rule_columns CHECK (
        (retention_rule = 'max_age' AND age_column IS NOT NULL)
        OR (retention_rule = 'keep_newest' AND group_column IS NOT NULL AND order_column IS NOT NULL)),
    CONSTRAINT retention_targets_note_length CHECK (char_length(note) BETWEEN 1 AND 500)
);
COMMENT ON TABLE archive.retention_targets IS
    'What retention applies to, one row per table: max_age archives rows whose age_column is older than the policy''s days; keep_newest keeps the newest N per group_column by order_column.';
COMMENT ON COLUMN archive.retention_targets.table_name IS 'Schema-qualified tenant table (app.x) with tenant_id and id columns.';
COMMENT ON COLUMN archive.retention_targets.retention_rule IS 'max_age or keep_newest.';
COMMENT ON COLUMN archive.retention_targets.policy_column IS 'Column of app.retention_policies that holds the limit.';
COMMENT ON COLUMN archive.retention_targets.age_column IS 'max_age: timestamp column compared with now() minus the days.';
COMMENT ON COLUMN archive.retention_targets.group_column IS 'keep_newest: rows are counted per value of this column.';
COMMENT ON COLUMN archive.retention_targets.order_column IS 'keep_newest: higher values are newer.';
COMMENT ON COLUMN archive.retention_targets.workspace_column IS 'Column holding the workspace id, when a per-workspace override applies; NULL: only the tenant default.';
COMMENT ON COLUMN archive.retention_targets.note IS 'Why and how this table is retained.';
COMMENT ON CONSTRAINT retention_targets_table_name_format ON archive.retention_targets IS 'Only tables of schema app.';
COMMENT ON CONSTRAINT retention_targets_rule_known ON archive.retention_targets IS 'Only max_age or keep_newest.';
COMMENT ON CONSTRAINT retention_targets_policy_column_known ON archive.retention_targets IS 'Only limit columns of app.retention_policies.';
COMMENT ON CONSTRAINT retention_targets_rule_columns ON archive.retention_targets IS 'Each rule names the columns it needs.';
COMMENT ON CONSTRAINT retention_targets_note_length ON archive.retention_targets IS 'Notes are 1-500 characters.';

INSERT INTO archive.retention_targets
    (table_name, retention_rule, policy_column, age_column, group_column, order_column, workspace_column, note)
VALUES
    ('app.sync_logs', 'max_age', 'sync_logs_days', 'created_at', NULL, NULL, NULL,
     'Sync attempts older than the tenant''s sync_logs_days.'),
    ('app.artifact_versions', 'keep_newest', 'artifact_versions_to_keep', NULL, 'artifact_id', 'version_number', 'workspace_id',
     'All but the newest artifact_versions_to_keep versions of each artifact (workspace override first).');

CREATE TABLE archive.retention_runs (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    run_state text NOT NULL DEFAULT 'running',
    rows_archived bigint NOT NULL DEFAULT 0,
    CONSTRAINT retention_runs_pkey PRIMARY KEY (id),
    CONSTRAINT retention_runs_state_known CHECK (run_state IN ('running', 'finished')),
    CONSTRAINT retention_runs_rows_not_negative CHECK (rows_archived >= 0)
);
COMMENT ON TABLE archive.retention_runs IS
    'One row per retention run; a run that crashed stays running (its committed batches are archived, the rest is picked up by the next run).';
COMMENT ON COLUMN archive.retention_runs.id IS 'Run id (also in archived_rows.run_id and the audit summary).';
COMMENT ON COLUMN archive.retention_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN archive.retention_runs.finished_at IS 'When it finished; NULL while running or after a crash.';
COMMENT ON COLUMN archive.retention_runs.run_state IS 'running or finished.';
COMMENT ON COLUMN archive.retention_runs.rows_archived IS 'Rows this run archived (committed batches).';
COMMENT ON CONSTRAINT retention_runs_state_known ON archive.retention_runs IS 'Only running or finished.';
COMMENT ON CONSTRAINT retention_runs_rows_not_negative ON archive.retention_runs IS 'Counts are not negative.';

CREATE TABLE archive.archived_rows (
    tenant_id uuid NOT NULL,
    source_table text NOT NULL,
    row_id uuid NOT NULL,
    row_data jsonb NOT NULL,
    run_id uuid NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT archived_rows_pkey PRIMARY KEY (tenant_id, source_table, row_id),
    CONSTRAINT archived_rows_run_fkey FOREIGN KEY (run_id) REFERENCES archive.retention_runs (id),
    CONSTRAINT archived_rows_row_data_is_object CHECK (jsonb_typeof(row_data) = 'object')
);
COMMENT ON TABLE archive.archived_rows IS
    'Rows removed by retention, as JSON, once each (the primary key rejects a second copy). Restore with jsonb_populate_record. Maintenance role only.';
COMMENT ON COLUMN archive.archived_rows.tenant_id IS 'Tenant of the archived row.';
COMMENT ON COLUMN archive.archived_rows.source_table IS 'Table the row came from (app.x).';
COMMENT ON COLUMN archive.archived_rows.row_id IS 'The row''s id in its table.';
COMMENT ON COLUMN archive.archived_rows.row_data IS 'The whole row (to_jsonb).';
COMMENT ON COLUMN archive.archived_rows.run_id IS 'The retention run that archived it.';
COMMENT ON COLUMN archive.archived_rows.archived_at IS 'When it was archived.';
COMMENT ON CONSTRAINT archived_rows_run_fkey ON archive.archived_rows IS 'Every archived row names its run.';
COMMENT ON CONSTRAINT archived_rows_row_data_is_object ON archive.archived_rows IS 'Rows are stored as JSON objects.';
CREATE INDEX archived_rows_run_idx ON archive.archived_rows (run_id);
COMMENT ON INDEX archive.archived_rows_run_idx IS 'Covers the run foreign key (what a run archived).';

SELECT app_private.guard_tenant_table('archive.archived_rows');

GRANT SELECT ON archive.retention_targets TO tenantdb_maintenance;
GRANT SELECT, INSERT, UPDATE ON archive.retention_runs TO tenantdb_maintenance;
GRANT SELECT, INSERT ON archive.archived_rows TO tenantdb_maintenance;

COMMIT;

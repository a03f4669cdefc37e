-- Deploy tenantdb:cache/outbox to pg
-- Where the database writes down what a cache must forget. Schema cache_private: no client role
-- has USAGE, so no client can read another tenant's ids from it (unlike a NOTIFY payload, which
-- any role can LISTEN to). Rows are written by definer trigger functions (cache/triggers) and
-- drained by the cache worker, a login of the maintenance role.
BEGIN;

CREATE SCHEMA cache_private AUTHORIZATION tenantdb_owner;
COMMENT ON SCHEMA cache_private IS
    'tenantdb cache invalidation: the outbox and per-person visibility epochs. No client role has USAGE; the maintenance role drains the outbox.';
REVOKE ALL ON SCHEMA cache_private FROM PUBLIC;
GRANT USAGE ON SCHEMA cache_private TO tenantdb_maintenance;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE cache_private.invalidations (
    id bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    object_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    CONSTRAINT invalidations_pkey PRIMARY KEY (id),
    CONSTRAINT invalidations_kind_known CHECK (kind IN ('user_session', 'workspace_config', 'learner_profile', 'viewer'))
);
COMMENT ON TABLE cache_private.invalidations IS
    'Outbox of cache invalidations: one row per changed cached object or per person whose visibility changed, written in the writer''s transaction (so it commits or rolls back with the write), deleted by the cache worker once the keys are gone.';
COMMENT ON COLUMN cache_private.invalidations.id IS 'Order of writing; the worker drains oldest first.';
COMMENT ON COLUMN cache_private.invalidations.tenant_id IS 'Tenant of the changed row (cache keys start with it).';
COMMENT ON COLUMN cache_private.invalidations.kind IS
    'What to forget: user_session (object = session id), workspace_config (object = workspace id), learner_profile (object = profile id), viewer (object = person whose role or memberships changed: everything cached for them).';
COMMENT ON COLUMN cache_private.invalidations.object_id IS 'Id of the changed object, or of the person for kind viewer.';
COMMENT ON COLUMN cache_private.invalidations.created_at IS 'Clock time of the write (clock_timestamp, not the transaction start), for the worker''s delay figures.';
COMMENT ON CONSTRAINT invalidations_kind_known ON cache_private.invalidations IS 'Only the kinds the cache knows.';

CREATE TABLE cache_private.visibility_epochs (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    epoch bigint NOT NULL DEFAULT 1,
    changed_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CONSTRAINT visibility_epochs_pkey PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT visibility_epochs_epoch_positive CHECK (epoch > 0)
);
COMMENT ON TABLE cache_private.visibility_epochs IS
    'Per person, a counter raised whenever what they may see changes (role, workspace memberships). Cache keys include it, so entries read before the change can never match after it. No row means epoch 0. No foreign key to app.users on purpose: the epoch is raised by triggers that also fire while a person is being deleted (cascading membership deletes); a row left for a deleted person is a few bytes and never matches again (ids are not reused).';
COMMENT ON COLUMN cache_private.visibility_epochs.tenant_id IS 'Tenant of the person.';
COMMENT ON COLUMN cache_private.visibility_epochs.user_id IS 'The person.';
COMMENT ON COLUMN cache_private.visibility_epochs.epoch IS 'Number of visibility changes so far (1 after the first).';
COMMENT ON COLUMN cache_private.visibility_epochs.changed_at IS 'Time of the last visibility change.';
COMMENT ON CONSTRAINT visibility_epochs_epoch_positive ON cache_private.visibility_epochs IS 'Epochs start at 1 (absent = 0).';

GRANT SELECT, DELETE ON cache_private.invalidations TO tenantdb_maintenance;
GRANT SELECT ON cache_private.visibility_epochs TO tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:cache/outbox to pg
-- Where the database writes down what a cache must forget. Schema cache_private: no client role
-- has USAGE, so no client can read another tenant's ids from it (unlike a NOTIFY payload, which
-- any role can LISTEN to). Rows are written by definer trigger functions (cache/triggers) and
-- drained by the cache worker, a login of the maintenance role, which polls it (no NOTIFY at all:
-- even an empty payload would tell every listener when some tenant writes).
BEGIN;

CREATE SCHEMA cache_private AUTHORIZATION tenantdb_owner;
COMMENT ON SCHEMA cache_private IS
    'tenantdb cache invalidation: the outbox of changed objects and people. No client role has USAGE; the maintenance role drains it.';
REVOKE ALL ON SCHEMA cache_private FROM PUBLIC;
GRANT USAGE ON SCHEMA cache_private TO tenantdb_maintenance;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE cache_private.invalidations (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    object_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    CONSTRAINT invalidations_pkey PRIMARY KEY (id),
    CONSTRAINT invalidations_kind_known CHECK (kind IN ('user_session', 'workspace_config', 'learner_profile', 'viewer'))
);
COMMENT ON TABLE cache_private.invalidations IS
    'Outbox of cache invalidations: one row per changed cached object or per person whose visibility changed, written in the writer''s transaction (so it commits or rolls back with the write), deleted by the cache worker once the keys are gone.';
COMMENT ON COLUMN cache_private.invalidations.id IS 'Row id (a uuid, not a sequence: a counter would tell how much every tenant writes).';
COMMENT ON COLUMN cache_private.invalidations.tenant_id IS 'Tenant of the changed row (cache keys start with it).';
COMMENT ON COLUMN cache_private.invalidations.kind IS
    'What to forget: user_session (object = session id), workspace_config (object = workspace id), learner_profile (object = profile id), viewer (object = person whose role or memberships changed: everything cached for them).';
COMMENT ON COLUMN cache_private.invalidations.object_id IS 'Id of the changed object, or of the person for kind viewer.';
COMMENT ON COLUMN cache_private.invalidations.created_at IS 'Clock time of the write (clock_timestamp, not the transaction start), for the worker''s delay figures.';
COMMENT ON CONSTRAINT invalidations_kind_known ON cache_private.invalidations IS 'Only the kinds the cache knows.';

CREATE INDEX invalidations_created_at_idx ON cache_private.invalidations (created_at);
COMMENT ON INDEX cache_private.invalidations_created_at_idx IS 'The worker drains the oldest rows first, a batch at a time.';

GRANT SELECT, DELETE ON cache_private.invalidations TO tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:ops/tenant_limits to pg
-- Noisy neighbours: a tenant can be put on a tier whose statement_timeout and
-- idle_in_transaction_session_timeout are applied, transaction-locally, whenever its tenant
-- context is set. app_private.apply_tenant_limits(tenant) is what the context function calls;
-- app.apply_tenant_limits() is the same for the context already set (the Python helpers call
-- it right after setting the context). A tenant without a tier keeps the server's settings.
-- Being transaction-local (set_config(..., true)), the limits end with the transaction: a pooled
-- connection never carries one tenant's limits to the next borrower.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app_private.tenant_tiers (
    name text NOT NULL,
    -- milliseconds, CHECKed to at most one day (far below 2^31); hence:
    -- squawk-ignore prefer-bigint-over-int
    statement_timeout_ms integer NOT NULL,
    -- milliseconds, CHECKed to at most one day (far below 2^31); hence:
    -- squawk-ignore prefer-bigint-over-int
    idle_in_transaction_timeout_ms integer NOT NULL,
    note text NOT NULL,
    CONSTRAINT tenant_tiers_pkey PRIMARY KEY (name),
    CONSTRAINT tenant_tiers_name_format CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    CONSTRAINT tenant_tiers_statement_timeout_range CHECK (statement_timeout_ms BETWEEN 1 AND 86400000),
    CONSTRAINT tenant_tiers_idle_timeout_range CHECK (idle_in_transaction_timeout_ms BETWEEN 1 AND 86400000),
    CONSTRAINT tenant_tiers_note_length CHECK (char_length(note) BETWEEN 1 AND 500)
);
COMMENT ON TABLE app_private.tenant_tiers IS
    'Resource tiers: the statement and idle-in-transaction timeouts applied to a tenant''s transactions. Maintenance role manages them.';
COMMENT ON COLUMN app_private.tenant_tiers.name IS 'Tier name (lower case, e.g. standard, small).';
COMMENT ON COLUMN app_private.tenant_tiers.statement_timeout_ms IS 'statement_timeout in milliseconds for every statement of the tenant''s transactions.';
COMMENT ON COLUMN app_private.tenant_tiers.idle_in_transaction_timeout_ms IS 'idle_in_transaction_session_timeout in milliseconds: a transaction of the tenant left idle longer is ended (the session is closed).';
COMMENT ON COLUMN app_private.tenant_tiers.note IS 'Who the tier is for.';
COMMENT ON CONSTRAINT tenant_tiers_name_format ON app_private.tenant_tiers IS 'Lower-case names of 1-40 characters.';
COMMENT ON CONSTRAINT tenant_tiers_statement_timeout_range ON app_private.tenant_tiers IS 'From 1 ms to one day.';
COMMENT ON CONSTRAINT tenant_tiers_idle_timeout_range ON app_private.tenant_tiers IS 'From 1 ms to one day.';
COMMENT ON CONSTRAINT tenant_tiers_note_length ON app_private.tenant_tiers IS 'Notes are 1-500 characters.';

INSERT INTO app_private.tenant_tiers (name, statement_timeout_ms, idle_in_transaction_timeout_ms, note) VALUES
    ('standard', 30000, 60000, 'Default for paying tenants: 30 s per statement, 60 s idle in a transaction.'),
    ('small', 5000, 15000, 'Trial and small tenants: 5 s per statement, 15 s idle in a transaction.');

CREATE TABLE app_private.tenant_limits (
    tenant_id uuid NOT NULL,
    tier text NOT NULL,
    CONSTRAINT tenant_limits_pkey PRIMARY KEY (tenant_id),
    CONSTRAINT tenant_limits_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT tenant_limits_tier_fkey FOREIGN KEY (tier) REFERENCES app_private.tenant_tiers (name) ON UPDATE CASCADE
);
COMMENT ON TABLE app_private.tenant_limits IS
    'The tier of a tenant (no row: the server''s own timeouts). Maintenance role manages it; the context function reads it.';
COMMENT ON COLUMN app_private.tenant_limits.tenant_id IS 'Tenant.';
COMMENT ON COLUMN app_private.tenant_limits.tier IS 'Its tier in app_private.tenant_tiers.';
COMMENT ON CONSTRAINT tenant_limits_tenant_fkey ON app_private.tenant_limits IS 'Limits of existing tenants only.';
COMMENT ON CONSTRAINT tenant_limits_tier_fkey ON app_private.tenant_limits IS 'An existing tier; renaming a tier follows.';
CREATE INDEX tenant_limits_tier_idx ON app_private.tenant_limits (tier);
COMMENT ON INDEX app_private.tenant_limits_tier_idx IS 'Covers the tier foreign key (which tenants are on a tier).';

SELECT app_private.guard_tenant_table('app_private.tenant_limits');

CREATE POLICY tenant_limits_select_for_definer ON app_private.tenant_limits
    FOR SELECT TO tenantdb_owner
    USING (true);
COMMENT ON POLICY tenant_limits_select_for_definer ON app_private.tenant_limits IS
    'Lets app_private.apply_tenant_limits() (owner) read the tier; the restrictive tenant_isolation keeps it to the context''s tenant.';

CREATE FUNCTION app_private.apply_tenant_limits(tenant uuid)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    limits record;
BEGIN
    SELECT t.name, t.statement_timeout_ms, t.idle_in_transaction_timeout_ms INTO limits
    FROM app_private.tenant_limits l JOIN app_private.tenant_tiers t ON t.name = l.tier
    WHERE l.tenant_id = tenant;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM pg_catalog.set_config('statement_timeout', limits.statement_timeout_ms || 'ms', true);
    PERFORM pg_catalog.set_config('idle_in_transaction_session_timeout', limits.idle_in_transaction_timeout_ms || 'ms', true);
    RETURN limits.name;
END
$function$;
COMMENT ON FUNCTION app_private.apply_tenant_limits(uuid) IS
    'Applies the tier of `tenant` (statement_timeout, idle_in_transaction_session_timeout) for the rest of the transaction and returns the tier name, NULL when the tenant has none. Call it after app.tenant_id is set: only the context''s tenant is readable. Definer: the context function calls it.';
REVOKE ALL ON FUNCTION app_private.apply_tenant_limits(uuid) FROM PUBLIC;

CREATE FUNCTION app.apply_tenant_limits()
RETURNS text
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
    SELECT app_private.apply_tenant_limits(app.current_tenant_id());
$function$;
COMMENT ON FUNCTION app.apply_tenant_limits() IS
    'Applies the limits of the tenant of the current context (app.tenant_id) for the rest of the transaction; returns the tier, NULL without a tier or context. The Python helpers call it after setting the context.';
REVOKE ALL ON FUNCTION app.apply_tenant_limits() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION app_private.apply_tenant_limits(uuid) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT EXECUTE ON FUNCTION app.apply_tenant_limits() TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT SELECT, INSERT, UPDATE, DELETE ON app_private.tenant_tiers TO tenantdb_maintenance;
GRANT SELECT, INSERT, UPDATE, DELETE ON app_private.tenant_limits TO tenantdb_maintenance;

COMMIT;

-- Verify tenantdb:perf/set_context_limits_inline on pg
-- Without Citus: app.set_context() applies the tier itself (no call of apply_tenant_limits()), and
-- a context of a tenant with a tier gets its statement timeout. With Citus: nothing.
BEGIN;

DO $verify$
DECLARE
    tenant_with_tier uuid := (SELECT l.tenant_id FROM app_private.tenant_limits l ORDER BY 1 LIMIT 1);
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    IF (SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'app.set_context(uuid,uuid)'::regprocedure)
       ~ 'app_private\.apply_tenant_limits\(' THEN
        RAISE EXCEPTION 'perf/set_context_limits_inline: set_context() still calls apply_tenant_limits()';
    END IF;
    IF tenant_with_tier IS NOT NULL THEN
        PERFORM app.set_context(tenant_with_tier);
        IF (SELECT s.setting FROM pg_catalog.pg_settings s WHERE s.name = 'statement_timeout')
           IS DISTINCT FROM (SELECT t.statement_timeout_ms::text
                             FROM app_private.tenant_limits l JOIN app_private.tenant_tiers t ON t.name = l.tier
                             WHERE l.tenant_id = tenant_with_tier) THEN
            RAISE EXCEPTION 'perf/set_context_limits_inline: the tier''s statement timeout was not applied';
        END IF;
    END IF;
END
$verify$;

ROLLBACK;

-- Deploy tenantdb:security/function_search_paths_after_merge to pg
-- Four PL/pgSQL functions lost or never had a fixed search_path when the round-two branches met:
-- security/bound_context replaced app_private.require_tenant_context() without its SET clause
-- (security/function_search_paths had set it), and security/client_tokens and ops/tenant_erasure
-- created theirs without one. Every name in their bodies is schema-qualified, so pinning the
-- path changes nothing but what a caller's search_path could reach (lint
-- function_without_fixed_search_path).
BEGIN;

ALTER FUNCTION app_private.require_tenant_context() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.constant_time_equal(bytea, bytea) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.refuse_token(text, text) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION app_private.forbid_receipt_change() SET search_path = pg_catalog, pg_temp;

COMMIT;

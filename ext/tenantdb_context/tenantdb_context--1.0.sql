-- tenantdb_context 1.0: created by the tenantdb plan change perf/context_cache (CREATE EXTENSION).
\echo Use "CREATE EXTENSION tenantdb_context" to load this file. \quit

CREATE FUNCTION @extschema@.remember_bound_context() RETURNS void
LANGUAGE c VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'remember_bound_context';
COMMENT ON FUNCTION @extschema@.remember_bound_context() IS
'Remembers app.context_stamp, app.tenant_id and app.user_id, exactly as they are now, as a context bound in this transaction, and parses the stamp once; forgotten at the end of the transaction. Called last by app_private.bind_context(); only tenantdb_owner may execute it (granted by perf/context_cache).';
REVOKE ALL ON FUNCTION @extschema@.remember_bound_context() FROM PUBLIC;

CREATE FUNCTION @extschema@.bound_context_is_remembered() RETURNS boolean
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'bound_context_is_remembered';
COMMENT ON FUNCTION @extschema@.bound_context_is_remembered() IS
'True when the current settings are, byte for byte, a context remembered in this transaction (the accessors answer from memory); false otherwise (they fall back to their SQL twins). For tests and diagnosis; reveals nothing but the caller''s own state.';

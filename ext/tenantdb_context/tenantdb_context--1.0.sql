-- tenantdb_context 1.0: created by the tenantdb plan change perf/context_cache (CREATE EXTENSION).
\echo Use "CREATE EXTENSION tenantdb_context" to load this file. \quit

CREATE FUNCTION @extschema@.remember_bound_context() RETURNS void
LANGUAGE c VOLATILE PARALLEL UNSAFE
AS 'MODULE_PATHNAME', 'remember_bound_context';
COMMENT ON FUNCTION @extschema@.remember_bound_context() IS
'Remembers app.context_stamp, app.tenant_id and app.user_id, exactly as they are now, as a context bound in this transaction, and parses the stamp once; forgotten at the end of the transaction. Called by app_private.bind_context() each time it sets the context; only tenantdb_owner may execute it (granted by perf/context_cache).';
REVOKE ALL ON FUNCTION @extschema@.remember_bound_context() FROM PUBLIC;

CREATE FUNCTION @extschema@.bound_context_is_remembered() RETURNS boolean
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'bound_context_is_remembered';
COMMENT ON FUNCTION @extschema@.bound_context_is_remembered() IS
'True when the three context settings are now, byte for byte (the stamp compared in constant time), a context remembered in this transaction; the test every context accessor makes first. Reveals nothing but the caller''s own state.';
REVOKE ALL ON FUNCTION @extschema@.bound_context_is_remembered() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_tenant_id() RETURNS uuid
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_tenant_id';
COMMENT ON FUNCTION @extschema@.remembered_tenant_id() IS
'The tenant of the remembered context the settings are now (NULL for an empty app.tenant_id); 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_tenant_id() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_user_id() RETURNS uuid
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_user_id';
COMMENT ON FUNCTION @extschema@.remembered_user_id() IS
'The acting person of the remembered context the settings are now (NULL without one: the service role); 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_user_id() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_person_role() RETURNS text
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_person_role';
COMMENT ON FUNCTION @extschema@.remembered_person_role() IS
'Stamp field 3 of the remembered context the settings are now: the person''s role, NULL without one; 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_person_role() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_learner_id() RETURNS uuid
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_learner_id';
COMMENT ON FUNCTION @extschema@.remembered_learner_id() IS
'Stamp field 4 of the remembered context the settings are now: the person''s learner profile id, NULL without one; 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_learner_id() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_course_ids() RETURNS uuid[]
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_course_ids';
COMMENT ON FUNCTION @extschema@.remembered_course_ids() IS
'Stamp field 5 of the remembered context the settings are now: the ids of the person''s courses (empty without any); 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_course_ids() FROM PUBLIC;

CREATE FUNCTION @extschema@.remembered_workspace_ids(min_member_role text) RETURNS uuid[]
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_workspace_ids';
COMMENT ON FUNCTION @extschema@.remembered_workspace_ids(text) IS
'Stamp fields 6 to 8 of the remembered context the settings are now: the ids of the workspaces where the person is at least viewer, editor or owner (empty for another member role); 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_workspace_ids(text) FROM PUBLIC;

-- tenantdb_context 1.0 -> 1.1: the learner-data bounds (stamp fields 9 to 12) from the remembered
-- context, for the learner-data select policies (perf/learner_data_bounds_in_stamp, reworked).
\echo Use "ALTER EXTENSION tenantdb_context UPDATE TO '1.1'" to load this file. \quit

CREATE FUNCTION @extschema@.remembered_learner_data_bound(bound text) RETURNS uuid
LANGUAGE c STABLE PARALLEL RESTRICTED
AS 'MODULE_PATHNAME', 'remembered_learner_data_bound';
COMMENT ON FUNCTION @extschema@.remembered_learner_data_bound(text) IS
'Stamp fields 9 to 12 of the remembered context the settings are now: the learner-data bound learner_lo, learner_hi, key_hi or staff_own_key (NULL for another name or an empty field); 42501 when they are none.';
REVOKE ALL ON FUNCTION @extschema@.remembered_learner_data_bound(text) FROM PUBLIC;

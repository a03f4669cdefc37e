-- tenantdb_context 1.1 -> 1.0: the revert of the reworked perf/learner_data_bounds_in_stamp.
\echo Use "ALTER EXTENSION tenantdb_context UPDATE TO '1.0'" to load this file. \quit

DROP FUNCTION @extschema@.remembered_learner_data_bound(text);

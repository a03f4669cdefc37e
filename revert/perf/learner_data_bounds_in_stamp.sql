-- Revert tenantdb:perf/learner_data_bounds_in_stamp from pg (the instance reworked after @v0.3.0)
-- Its deploy changed nothing, so neither does this.
BEGIN;

COMMIT;

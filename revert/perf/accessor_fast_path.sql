-- Revert tenantdb:perf/accessor_fast_path from pg (the instance reworked after @v0.2.0)
-- Its deploy changed nothing; neither does this.
BEGIN;

COMMIT;

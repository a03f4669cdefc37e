-- Deploy tenantdb:perf/accessor_fast_path to pg (reworked after @v0.2.0; issue 13, session 9)
-- Deploys nothing: this instance exists for its verify script. The first instance (the @v0.2.0
-- files) made the accessors cast a bound context directly and keep their rare branch as one
-- `ELSE app_private.unbound_context_uuid(...)` / `unbound_resolved_value(...)` call, and its
-- verify pinned that ELSE text. perf/context_cache's rework (next in the plan) makes six of them
-- one call of the tenantdb_context library, whose rare branch is the same function, called by the
-- library; sqitch verify runs only the newest instance's verify script, which accepts both forms.
BEGIN;

COMMIT;

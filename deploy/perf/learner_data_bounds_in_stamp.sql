-- Deploy tenantdb:perf/learner_data_bounds_in_stamp to pg (reworked after @v0.3.0; issue 13, session 11)
-- Deploys nothing: re-verified. perf/learner_data_bounds_remembered, reworked after @v0.3.0, makes
-- each bound of the learner-data select policies one call of the tenantdb_context library instead
-- of the CASE this change's second instance wrote; that instance's verify script (sqitch verify runs
-- a reworked change's newest instance's only) pinned the CASE. This instance's verify accepts
-- either form, and keeps every other check.
BEGIN;

COMMIT;

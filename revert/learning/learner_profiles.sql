-- Revert tenantdb:learning/learner_profiles from pg
BEGIN;

DROP TABLE app.learner_profiles;

COMMIT;

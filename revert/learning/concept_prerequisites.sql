-- Revert tenantdb:learning/concept_prerequisites from pg
BEGIN;

DROP FUNCTION app.concept_prerequisites_of(uuid);
DROP TABLE app.concept_prerequisites;
DROP FUNCTION app_private.concept_prerequisites_reject_cycle();

COMMIT;

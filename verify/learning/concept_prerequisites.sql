-- Verify tenantdb:learning/concept_prerequisites on pg
BEGIN;

SELECT tenant_id, concept_id, prerequisite_id, created_at FROM app.concept_prerequisites WHERE false;
SELECT 1 / (relrowsecurity AND relforcerowsecurity)::int FROM pg_catalog.pg_class WHERE oid = 'app.concept_prerequisites'::regclass;
SELECT 1 / count(*)::int FROM pg_catalog.pg_trigger
WHERE tgrelid = 'app.concept_prerequisites'::regclass AND tgname = 'concept_prerequisites_no_cycle';
SELECT 'app.concept_prerequisites_of(uuid)'::regprocedure;

ROLLBACK;

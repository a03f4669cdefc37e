-- Verify tenantdb:citus/visible_learners_at_bind on pg
-- With Citus: bind_context() stores the staff's visible learners; without Citus: nothing changed.
BEGIN;

DO $verify$
DECLARE
    marked boolean := pg_catalog.strpos(pg_catalog.pg_get_functiondef('app_private.bind_context(uuid,uuid)'::regprocedure),
                                        '-- citus/visible_learners_at_bind') > 0;
    citus boolean := EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus');
BEGIN
    IF citus <> marked OR citus <> (pg_catalog.to_regprocedure('app_private.bind_visible_learner_ids()') IS NOT NULL) THEN
        RAISE EXCEPTION 'citus/visible_learners_at_bind: bind_context() stores visible learners: %, citus installed: %', marked, citus;
    END IF;
END
$verify$;

ROLLBACK;

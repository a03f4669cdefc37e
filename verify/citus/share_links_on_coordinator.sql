-- Verify tenantdb:citus/share_links_on_coordinator on pg
-- With Citus: app.publish_share_link(uuid, text) exists and share_conversation() calls it; without Citus:
-- nothing changed.
BEGIN;

DO $verify$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        IF pg_catalog.to_regprocedure('app.publish_share_link(uuid,text)') IS NOT NULL THEN
            RAISE EXCEPTION 'citus/share_links_on_coordinator changed a database without the citus extension';
        END IF;
        RETURN;
    END IF;
    PERFORM 1 / (SELECT count(*) = 2 FROM app_private.citus_share_link_functions)::int;
    PERFORM 1 / (pg_catalog.strpos(pg_catalog.pg_get_functiondef('app.share_conversation(uuid)'::pg_catalog.regprocedure),
                                   'app.publish_share_link(conversation, token)') > 0)::int;
END
$verify$;

ROLLBACK;

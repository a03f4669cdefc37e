-- Deploy tenantdb:perf/documents_readable_courses to pg
-- The select policy of app.documents without OR: one index condition on course_id for every
-- role. It was
--     course_id = ANY (<enrolled course ids>) OR <role> IN ('educator', 'coach', 'admin')
-- and the OR kept course_id out of the index condition: a student's title search read the
-- tenant's whole range of documents and filtered it by the policy, so the cost grew with the
-- tenant, and EXPLAIN ANALYZE counted the documents of the student's other courses in "Rows
-- Removed by Filter". Now
--     course_id = ANY ((SELECT app_private.readable_course_ids())::uuid[])
-- with readable_course_ids() the course ids the acting person may read documents of: for
-- educators, coaches and admins every course of the tenant (app_private.tenant_course_ids(), one
-- index read of app.courses per statement, under the caller's own courses policy, which shows
-- staff every course), for everyone else the enrolled course ids resolved once per transaction
-- (the bound stamp, no query). Who sees which row does not change: staff every document of the
-- tenant, students those of their courses, a person without a staff role or an enrollment none.
-- The index that matches is perf/documents_course_led_indexes'. app.document_chunks keeps its
-- policy (docs/benchmarks-analysis.md, "Session 5": its full-text search got slower on one
-- data shape).
-- On Citus (citus/policies rewrote the policies without InitPlan subqueries, and refuses a
-- policy that reads a table) nothing changes.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/documents_readable_courses: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;

    -- SQL-standard bodies: names bound at creation (client sessions have no USAGE on app_private).
    CREATE FUNCTION app_private.tenant_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN (SELECT coalesce(pg_catalog.array_agg(c.id ORDER BY c.id), '{}')
            FROM app.courses c
            WHERE c.tenant_id = app.current_tenant_id());
    COMMENT ON FUNCTION app_private.tenant_course_ids() IS
        'Ids of the courses of the transaction''s tenant that the caller can see (invoker: the caller''s courses policy applies, so it never returns a course the caller may not read). For staff, every course of the tenant: the staff branch of readable_course_ids(). One index read of app.courses.';
    REVOKE ALL ON FUNCTION app_private.tenant_course_ids() FROM PUBLIC;

    CREATE FUNCTION app_private.readable_course_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    PARALLEL RESTRICTED
    RETURN CASE
        WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin') THEN app_private.tenant_course_ids()
        ELSE app_private.resolved_course_ids()
    END;
    COMMENT ON FUNCTION app_private.readable_course_ids() IS
        'Ids of the courses whose documents the acting person may read: every course of the tenant for educators, coaches and admins; the enrolled courses (from the bound context, no query) for everyone else; 42501 without a context. Inlinable; the documents select policy compares course_id with it once per statement (an InitPlan), so course_id is an index condition.';
    REVOKE ALL ON FUNCTION app_private.readable_course_ids() FROM PUBLIC;

    GRANT EXECUTE ON FUNCTION app_private.tenant_course_ids(), app_private.readable_course_ids()
        TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.readable_course_ids())::uuid[]));
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. One comparison with the readable course ids (no OR), so course_id is an index condition for every role.';
END
$deploy$;

COMMIT;

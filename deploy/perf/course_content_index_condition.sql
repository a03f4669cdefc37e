-- Deploy tenantdb:perf/course_content_index_condition to pg
-- The SELECT policies of app.documents and app.document_chunks become one comparison,
-- `course_id = ANY(<readable course ids>)`, instead of
-- `course_id = ANY(<enrolled course ids>) OR <role is educator, coach or admin>`.
-- With the OR, PostgreSQL cannot use course_id as an index condition (an OR of an indexable
-- and a non-indexable arm), so a student's query read every document or chunk of the tenant
-- through the tenant_id prefix and filtered it: cost grew with the tenant, not with the student's
-- courses (workload document_title_ilike, its plan check a known exception until now).
-- app_private.readable_course_ids() gives the same set of rows: students (and anyone without a
-- staff role) their enrolled course ids as before; educators, coaches and admins every course of
-- the tenant, which is every course a document or chunk can belong to (course_id is NOT NULL and
-- a foreign key to app.courses of the same tenant). It reads app.courses as the caller, under
-- app.courses' own policies, which show staff every course of the tenant; once per statement
-- (an InitPlan), and only for staff.
-- On Citus (citus/policies rewrote the policies without InitPlan subqueries) the policies are left alone.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.readable_course_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
        THEN ARRAY(SELECT c.id FROM app.courses c WHERE c.tenant_id = app.current_tenant_id() ORDER BY c.id)
    ELSE app_private.resolved_course_ids()
END;
COMMENT ON FUNCTION app_private.readable_course_ids() IS
    'Ids of the courses whose documents and chunks the acting person reads: every course of the tenant for educators, coaches and admins (read as the caller, under app.courses'' policies), the enrolled courses (resolved_course_ids) for everyone else. One array, so the documents and chunks policies compare course_id with it as an index condition; called once per statement from an InitPlan.';
REVOKE ALL ON FUNCTION app_private.readable_course_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.readable_course_ids()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

DO $deploy$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/course_content_index_condition: citus is here (citus/policies owns the policy texts), nothing to change';
        RETURN;
    END IF;
    ALTER POLICY documents_select_app ON app.documents
        USING (course_id = ANY ((SELECT app_private.readable_course_ids())::uuid[]));
    COMMENT ON POLICY documents_select_app ON app.documents IS
        'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. One comparison with app_private.readable_course_ids(), so course_id is an index condition.';
    ALTER POLICY document_chunks_select_app ON app.document_chunks
        USING (course_id = ANY ((SELECT app_private.readable_course_ids())::uuid[]));
    COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS
        'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. One comparison with app_private.readable_course_ids(), so course_id is an index condition.';
END
$deploy$;

COMMIT;

-- PROTOTYPE, for scratch copies only (issue 13, session 5, docs/benchmarks-analysis.md,
-- "Session 5", rewrite B): the documents select policy without OR, as bounds and keys from the
-- bound context, applied by hand so that its reads can be measured. Not a plan change (no revert,
-- not linted or proved); measured and not landed: app.v_rag_documents was driven from the
-- documents (t300: 1,411 buffers and 0.54 ms against main's 181 and 0.16 ms). Refuses to run unless the database name ends in
-- _proto. Run as the superuser:
--   CREATE DATABASE t300_proto TEMPLATE tenantdb_bench_t300;
--   psql "postgresql://postgres@127.0.0.1:$TENANTDB_PORT/t300_proto" -f sql/bench/prototype_documents_bounds.sql
--   scripts/bench_documents.py 40 tenantdb_bench_t300 t300_proto
-- The policy: course_id >= lo AND course_id <= hi AND (course_id = ANY (keys)) IS NOT FALSE, with
-- lo/hi the whole uuid range and keys NULL for educators, coaches and admins (no array per row),
-- the first and last enrolled course id and the enrolled ids for everyone else.
\set ON_ERROR_STOP 1
DO $guard$
BEGIN
    IF pg_catalog.current_database() NOT LIKE '%\_proto' THEN
        RAISE EXCEPTION 'prototype_documents_bounds.sql runs only on a scratch copy whose name ends in _proto, not on %',
            pg_catalog.current_database();
    END IF;
END
$guard$;
BEGIN;
CREATE FUNCTION app_private.proto_course_lo() RETURNS uuid LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
         THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE (app_private.resolved_course_ids())[1] END;
CREATE FUNCTION app_private.proto_course_hi() RETURNS uuid LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
         THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
         ELSE (app_private.resolved_course_ids())[pg_catalog.cardinality(app_private.resolved_course_ids())] END;
CREATE FUNCTION app_private.proto_course_keys() RETURNS uuid[] LANGUAGE sql STABLE RETURN
    CASE WHEN app_private.resolved_person_role() IN ('educator', 'coach', 'admin')
         THEN NULL::uuid[] ELSE app_private.resolved_course_ids() END;
GRANT EXECUTE ON FUNCTION app_private.proto_course_lo(), app_private.proto_course_hi(), app_private.proto_course_keys()
    TO tenantdb_app;
ALTER POLICY documents_select_app ON app.documents
    USING (course_id >= (SELECT app_private.proto_course_lo())
           AND course_id <= (SELECT app_private.proto_course_hi())
           AND (course_id = ANY ((SELECT app_private.proto_course_keys())::uuid[])) IS NOT FALSE);
COMMIT;

-- Deploy tenantdb:perf/leakproof_lookup_operators to pg
-- Marks two comparison functions LEAKPROOF so that a lookup through them can be an index
-- condition under row-level security: citext_eq (citext =: a user by email, users_email_key on
-- (tenant_id, email)) and jsonb_contains (jsonb @>: a GIN index on a jsonb document).
-- Why: PostgreSQL evaluates a qual that is not leakproof only after the policies' quals (it could
-- otherwise raise an error or have an effect that depends on a row the policy hides), so it cannot
-- be an index condition: an educator's lookup of one student by email walked every user of the
-- tenant (9,228 rows, 4.4 ms in the bench's largest tenant; 1.1 ms as an index probe), and a
-- cohort search by jsonb @> read every profile of the tenant instead of the GIN index's matches.
-- Why it is safe, function by function (PostgreSQL's definition: no side effects, and no error or
-- message that reveals anything about the arguments):
--   citext_eq lowercases both arguments with the database's collation and compares the bytes.
--   Stored values are valid in the server encoding (checked on input), so lowercasing them does
--   not fail; the only errors left are out-of-memory, which do not depend on the value's content.
--   jsonb_contains walks both documents (JsonbDeepContains): no error for any pair of valid jsonb
--   values except the stack-depth check, and a stored value's depth was already accepted by the
--   same check when it was parsed.
-- What it is not: ILIKE (texticlike can raise "LIKE pattern must not end with escape character")
-- and @@ are left as they are (docs/security.md, "Leakproof lookup operators").
-- The flag is a property of the function in this database's catalog, which a superuser sets and
-- pg_dump does not carry (citext_eq belongs to an extension, jsonb_contains to pg_catalog):
-- `tenantdb restore` runs this script again after pg_restore. It changes no result, only where a
-- qual may run: who sees which row is decided by the same policies.
-- Needs a superuser; run by another role, or on Citus (the shards' planners run on the workers),
-- it does nothing and says so.
BEGIN;

DO $deploy$
DECLARE
    citext_schema name := (SELECT e.extnamespace::regnamespace::name FROM pg_catalog.pg_extension e WHERE e.extname = 'citext');
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RAISE NOTICE 'perf/leakproof_lookup_operators: with Citus the shards are planned on the workers, nothing to change';
        RETURN;
    END IF;
    IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE NOTICE 'perf/leakproof_lookup_operators: % is not a superuser and cannot mark functions LEAKPROOF; email and jsonb @> lookups stay filters', current_user
            USING HINT = 'Deploy as a superuser to let them be index conditions (docs/security.md).';
        RETURN;
    END IF;
    EXECUTE pg_catalog.format('ALTER FUNCTION %1$I.citext_eq(%1$I.citext, %1$I.citext) LEAKPROOF', citext_schema);
    ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) LEAKPROOF;
END
$deploy$;

COMMIT;

-- A minimal psql client of tenantdb, following the tenant-context contract (psql 16+ for \bind).
--
-- Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD) or a
-- conninfo argument. Run:
--   psql -X -q -t -A -v tenant_a=<uuid> -v user_a=<uuid> -v tenant_b=<uuid> -v user_b=<uuid> \
--        -v pooled=0 -f examples/psql/contract.sql
-- (user_* empty for the service role; pooled=1 through PgBouncer in transaction mode).
-- Prints `result <name> <value>` lines; tests/clients/test_clients.py reads them.
\set ON_ERROR_STOP 0
\set VERBOSITY terse

-- The contract, in one place: the first statement of every transaction (transaction-local),
-- sent with its parameters bound (extended protocol), never spliced into the SQL text.
-- (An empty user, as the service role passes, means no person: NULLIF turns it into NULL.)
\set set_context 'SELECT app.set_context($1::uuid, NULLIF($2::text, '''')::uuid)'

-- rows per tenant
BEGIN;
:set_context \bind :tenant_a :user_a \g /dev/null
SELECT count(*) AS rows_a, count(*) FILTER (WHERE tenant_id::text <> :'tenant_a') AS foreign_a FROM app.users \gset
COMMIT;
BEGIN;
:set_context \bind :tenant_b :user_b \g /dev/null
SELECT count(*) AS rows_b, count(*) FILTER (WHERE tenant_id::text <> :'tenant_b') AS foreign_b FROM app.users \gset
COMMIT;
\echo result rows_a :rows_a
\echo result foreign_a :foreign_a
\echo result rows_b :rows_b
\echo result foreign_b :foreign_b

-- cross-tenant write: context A, row of tenant B
BEGIN;
:set_context \bind :tenant_a :user_a \g /dev/null
INSERT INTO app.users (tenant_id, email, display_name) VALUES (:'tenant_b', 'intruder@example.invalid', 'Intruder');
\set outcome ok
\if :ERROR
\set outcome :LAST_ERROR_SQLSTATE
\endif
\echo result cross_write :outcome
ROLLBACK;

-- no context: a read fails loudly (42501), never an empty result; writes too
SELECT count(*) FROM app.users \g /dev/null
\set outcome ok
\if :ERROR
\set outcome :LAST_ERROR_SQLSTATE
\endif
\echo result no_context_read :outcome
INSERT INTO app.users (tenant_id, email, display_name) VALUES (:'tenant_a', 'nobody@example.invalid', 'Nobody');
\set outcome ok
\if :ERROR
\set outcome :LAST_ERROR_SQLSTATE
\endif
\echo result no_context_write :outcome

-- malformed context: refused by the context statement itself or by the first query after it
BEGIN;
:set_context \bind 'not-a-uuid' :user_a \g /dev/null
\set outcome ok
\if :ERROR
\set outcome :LAST_ERROR_SQLSTATE
\else
SELECT count(*) FROM app.users \g /dev/null
\if :ERROR
\set outcome :LAST_ERROR_SQLSTATE
\endif
\endif
\echo result malformed :outcome
ROLLBACK;

-- A prepared statement after a context switch. Direct: prepared once, executed under A, then
-- under B. Through PgBouncer (transaction mode) a prepared statement lives on one server
-- connection only, so there it is prepared and deallocated inside each transaction.
\set prepare_visible 'PREPARE visible_users(text) AS SELECT count(*) AS n, count(*) FILTER (WHERE tenant_id::text <> $1) AS f FROM app.users'
\if :pooled
\else
:prepare_visible;
\endif
BEGIN;
:set_context \bind :tenant_a :user_a \g /dev/null
\if :pooled
:prepare_visible;
\endif
EXECUTE visible_users(:'tenant_a') \gset pa_
\if :pooled
DEALLOCATE visible_users;
\endif
COMMIT;
BEGIN;
:set_context \bind :tenant_b :user_b \g /dev/null
\if :pooled
:prepare_visible;
\endif
EXECUTE visible_users(:'tenant_b') \gset pb_
\if :pooled
DEALLOCATE visible_users;
\endif
COMMIT;
\echo result prepared_a :pa_n
\echo result prepared_b :pb_n
SELECT :pa_f + :pb_f AS prepared_foreign \gset
\echo result prepared_foreign :prepared_foreign

-- What the tenant-context accessors cost per statement (µs over SELECT 1), as the role you connect
-- with (or :role after SET ROLE, for a superuser session: that is the HMAC-checking path, the one
-- tenantdb_client logins pay; SET ROLE tenantdb_owner also times the app_private lookups by name).
-- Works before (v0.1.0: raw settings) and after security/bound_context (app.set_context):
--   psql "postgresql://tenantdb_app_harness@127.0.0.1:54329/tenantdb" -v student=<uuid> -f sql/bench/accessor_cost.sql
--   psql "postgresql://postgres@127.0.0.1:54329/tenantdb" -v role=tenantdb_owner -v student=<uuid> -f sql/bench/accessor_cost.sql
-- (<uuid>: a person of demo tenant 11111111-1111-4111-8111-111111111111, e.g. from tenantdb seed;
-- -v educator=<uuid> adds the same figures for an educator.)
-- Each figure: min over 3 runs of 5,000 statements in one transaction (PL/pgSQL loop; the
-- accessor runs as an InitPlan once per statement, as in a policy). Lookups by name only where
-- the role may use schema app_private (the owner); whole statements through the policies always.
\set ON_ERROR_STOP 1
\set QUIET 1
SELECT to_regprocedure('app.set_context(uuid,uuid)') IS NOT NULL AS bound \gset
\if :{?student}
\else
\echo 'pass -v student=<uuid of a person of tenant 11111111-...>'
\quit
\endif
\if :{?educator}
\else
\set educator :student
\endif
\set p1 :student
\set p2 :educator
\set run_for :p1
\ir accessor_cost_run.sql
\if :{?educator}
SELECT :'p1' <> :'p2' AS two \gset
\if :two
\set run_for :p2
\ir accessor_cost_run.sql
\endif
\endif

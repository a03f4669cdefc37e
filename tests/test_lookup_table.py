"""The bench's lookup table (tenantdb.bench.measure.ACCESSORS, issue 13 session 5) measures the
lookups the policies call, as the policies run them: one InitPlan whose value stays in the server.
Named tests for each way the table could report something else: a row for a function no policy
calls (the definer wrappers current_person_role()/current_learner_id(), kept for triggers and
explain_row_access), a policy lookup missing from the table, a row that sends its value to the
client, and a "client" row that does not check the HMAC."""

from __future__ import annotations

import re

import psycopg
import pytest

from tenantdb.bench.measure import (
    _FUNCTION,
    ACCESSOR_BASE,
    ACCESSOR_SETUP,
    ACCESSORS,
    CLIENT_TENANT_CHECK,
    LEARNER_DATA_BOUND_FIELDS,
    LEARNER_DATA_BOUND_FIRST,
    LEARNER_DATA_BOUNDS,
    learner_data_bound_sql,
)
from tenantdb.bench.workloads import CONTEXT_SQL
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id

A, B = DEMO_TENANTS
STUDENT_A = user_id(A, "student", 1)

#: The SECURITY DEFINER wrappers of the inlinable resolved_* lookups (perf/resolved_context).
DEFINER_WRAPPERS = ("app_private.current_person_role()", "app_private.current_learner_id()",
                    "app_private.current_course_ids()", "app_private.current_workspace_ids(text)",
                    "app_private.visible_learner_ids()")

WRAPPER_NAMES = r"app_private\.(current_person_role|current_learner_id|current_course_ids|current_workspace_ids|visible_learner_ids)\("

#: Functions that may still call a wrapper: row triggers of rare writes (role and identity
#: columns, only when they change) and the maintenance role's explain_row_access(); none runs per
#: read statement.
WRAPPER_CALLERS_ALLOWED = {"app_private.refuse_admin_only_columns()", "app_private.users_guard_role_change()",
                           "app_private.explain_row_access(regclass,text,name)"}

#: Functions a policy calls, directly or inlined through an SQL function it calls (one level:
#: own_visible_learner_ids() inlines resolved_learner_id()), but not through a function internal
#: to the lookups (INTERNAL_TO_LOOKUPS, the parameter; the policies of perf/learner_data_bounds_in_stamp call
#: unbound_visible_learner_ids_bound() directly, and what it runs is its own error path).
POLICY_FUNCTIONS_SQL = """
WITH direct AS (
    SELECT DISTINCT d.refobjid AS fn FROM pg_depend d
    WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
)
SELECT fn::regproc::text FROM direct
UNION
SELECT d.refobjid::regproc::text FROM direct JOIN pg_depend d ON d.classid = 'pg_proc'::regclass
    AND d.objid = direct.fn AND d.refclassid = 'pg_proc'::regclass
WHERE direct.fn::regproc::text <> ALL (%s)
"""


#: What a lookup calls inside itself (the binding and HMAC checks, the error paths): in every row's
#: figure, never a lookup of its own.
INTERNAL_TO_LOOKUPS = {"app_private.context_is_current", "app_private.context_signature_is_valid",
                       "app_private.unbound_context_uuid", "app_private.unbound_resolved_value",
                       "app_private.unbound_visible_learner_ids_bound",
                       # perf/context_cache: the remembered context the accessors read first (C).
                       "tenantdb_context.bound_context_is_remembered", "tenantdb_context.remembered_tenant_id",
                       "tenantdb_context.remembered_user_id", "tenantdb_context.remembered_person_role",
                       "tenantdb_context.remembered_learner_id", "tenantdb_context.remembered_course_ids",
                       "tenantdb_context.remembered_workspace_ids",
                       # perf/context_cache reworked after @v0.2.0: each accessor one call of the library.
                       "tenantdb_context.remembered_uuid", "tenantdb_context.remembered_text",
                       "tenantdb_context.remembered_uuids"}


def test_no_policy_view_or_per_statement_function_calls_the_definer_lookups(tenantdb, module_db):
    """Why the table has no row for current_person_role()/current_learner_id(): nothing a read
    statement runs calls them (docs/benchmarks-analysis.md, "Session 5: the lookups")."""
    with tenantdb.connect(module_db) as conn:
        wrappers = [r[0] for r in conn.execute(
            "SELECT oid FROM pg_proc WHERE oid = ANY(%s::regprocedure[])", (list(DEFINER_WRAPPERS),))]
        assert len(wrappers) == len(DEFINER_WRAPPERS)
        dependents = conn.execute(
            "SELECT d.classid::regclass::text, count(*) FROM pg_depend d"
            " WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = ANY(%s::oid[])"
            " AND d.classid IN ('pg_policy'::regclass, 'pg_rewrite'::regclass) GROUP BY 1", (wrappers,)).fetchall()
        policy_text = conn.execute(
            "SELECT count(*) FROM pg_policy WHERE concat_ws(' ', pg_get_expr(polqual, polrelid),"
            " pg_get_expr(polwithcheck, polrelid)) ~ %s", (WRAPPER_NAMES,)).fetchone()[0]
        callers = {r[0] for r in conn.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " WHERE p.pronamespace IN ('app'::regnamespace, 'app_private'::regnamespace)"
            " AND concat_ws(' ', p.prosrc, pg_get_function_sqlbody(p.oid)) ~ %s"
            " AND p.oid <> ALL(%s::oid[])", (WRAPPER_NAMES, wrappers))}
    assert dependents == [] and policy_text == 0, dependents
    assert callers <= WRAPPER_CALLERS_ALLOWED, callers - WRAPPER_CALLERS_ALLOWED



def test_the_lookup_table_has_a_row_for_every_context_lookup_the_policies_call_and_none_for_a_wrapper(
        tenantdb, module_db):
    """Every function a policy calls (directly or one level down) is a row, but for what lookups run
    inside themselves: a policy lookup added without a row (as visible_learner_ids_bound() was,
    issue 13 session 5) fails here."""
    with tenantdb.connect(module_db) as conn:
        called = {r[0] for r in conn.execute(POLICY_FUNCTIONS_SQL, (sorted(INTERNAL_TO_LOOKUPS),))}
    measured = {fn for query in ACCESSORS.values() for fn in _FUNCTION.findall(query)}
    assert not measured & {w.split("(")[0] for w in DEFINER_WRAPPERS}, measured
    lookups = called - INTERNAL_TO_LOOKUPS
    assert "app.current_tenant_id" in lookups, lookups
    assert lookups <= measured, lookups - measured


def test_the_learner_data_bound_rows_time_the_expression_the_policies_run(tenantdb, module_db):
    """The three learner-data select policies write their four bounds out (perf/learner_data_bounds_in_stamp;
    since perf/learner_data_bounds_remembered's rework after @v0.3.0, one call of the library each),
    so the table's bound rows carry a copy of that text. Each copy, deparsed by the server, must be
    the policies' bound."""
    with tenantdb.connect(module_db) as conn:
        quals = [r[0] for r in conn.execute(
            "SELECT qual FROM pg_policies WHERE schemaname = 'app'"
            " AND policyname IN ('learning_sessions_select_app', 'struggle_events_select_app', 'intervention_logs_select_app')")]
        conn.execute("CREATE TEMPORARY VIEW bounds_as_measured AS SELECT " + ", ".join(
            f"{learner_data_bound_sql(b)} AS {b}" for b in LEARNER_DATA_BOUND_FIELDS))
        measured = conn.execute("SELECT pg_get_viewdef('bounds_as_measured'::regclass)").fetchone()[0]
        conn.rollback()
    assert len(quals) == 3
    bound = r"\( SELECT\s+(CASE\s.*?\sEND|tenantdb_context\.\w+\('\w+'::text\)) AS \w+\)"
    measured_bounds = [" ".join(c.split()) for c in re.findall(bound, measured, re.S)]
    assert len(measured_bounds) == 4, measured
    for qual in quals:
        policy_bounds = [" ".join(c.split()) for c in re.findall(bound, qual, re.S)]
        assert policy_bounds == measured_bounds, (policy_bounds, measured_bounds)
    assert LEARNER_DATA_BOUNDS in ACCESSORS and LEARNER_DATA_BOUND_FIRST in ACCESSORS


def test_each_row_times_an_initplan_whose_value_is_not_sent(tenantdb, seeded_db):
    """The policies never send a lookup's value: a row that returned uuids or arrays would time
    their transfer and decoding in Python (most of the 12-19 µs of session 4's table)."""
    with tenantdb.connect(seeded_db) as conn:
        for name, query in {"base": ACCESSOR_BASE, **ACCESSORS}.items():
            conn.execute(CONTEXT_SQL, (A.id, STUDENT_A))
            if name in ACCESSOR_SETUP:
                conn.execute(ACCESSOR_SETUP[name])
            plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN (VERBOSE, COSTS OFF) {query}"))
            row = conn.execute(query).fetchall()
            conn.rollback()
            assert "InitPlan" in plan, (name, plan)
            assert len(row) == 1 and isinstance(row[0][0], (bool, int)), (name, row)


def test_the_client_row_of_the_lookup_table_checks_the_hmac(tenantdb, seeded_db):
    """CLIENT_TENANT_CHECK runs in a superuser session that sets a non-superuser role: the
    tenantdb_client path of app.current_tenant_id(). Proof that the HMAC is checked there: a tenant
    changed by hand after the context is refused, where the plain superuser row accepts it."""
    query = ACCESSORS[CLIENT_TENANT_CHECK]
    with tenantdb.connect(seeded_db) as conn:
        conn.execute(CONTEXT_SQL, (A.id, STUDENT_A))
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (B.id,))
        assert conn.execute(ACCESSORS["app.current_tenant_id()"]).fetchone() == (True,)
        conn.rollback()
        conn.execute(CONTEXT_SQL, (A.id, STUDENT_A))
        conn.execute(ACCESSOR_SETUP[CLIENT_TENANT_CHECK])
        assert conn.execute(query).fetchone() == (True,)
        conn.execute("SELECT set_config('app.tenant_id', %s, true)", (B.id,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(query).fetchone()
        conn.rollback()


@pytest.mark.parametrize("stamp", [None, "", "garbage", "stale"])
def test_the_binding_check_is_false_never_null_for_no_stamp_an_empty_a_malformed_or_a_stale_one(
        tenantdb, seeded_db, stamp):
    """context_is_current(), which every lookup inlines, is false, not NULL, without a current
    stamp (a caller testing NOT context_is_current() must not read NULL as "current"), and true for
    the stamp set_context() wrote in this transaction. The contract any leaner binding check must
    keep (perf/binding_check_fewer_calls dropped its NULLIF: docs/security.md)."""
    check = "SELECT app_private.context_is_current(), NOT app_private.context_is_current()"
    if stamp is None:  # a session that never set it: current_setting(..., true) is NULL
        with tenantdb.connect(seeded_db) as fresh:
            assert fresh.execute("SELECT current_setting('app.context_stamp', true)").fetchone() == (None,)
            assert fresh.execute(check).fetchone() == (False, True)
        return
    with tenantdb.connect(seeded_db) as conn:
        conn.execute(CONTEXT_SQL, (A.id, STUDENT_A))
        assert conn.execute("SELECT app_private.context_is_current()").fetchone() == (True,)
        written = conn.execute("SELECT current_setting('app.context_stamp')").fetchone()[0]
        conn.commit()
        if stamp == "stale":
            conn.execute("SELECT set_config('app.context_stamp', %s, true)", (written,))
        else:
            conn.execute("SELECT set_config('app.context_stamp', %s, true)", (stamp,))
        assert conn.execute(check).fetchone() == (False, True)
        conn.rollback()

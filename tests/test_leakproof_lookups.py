"""perf/leakproof_lookup_operators: citext = (citext_eq) and jsonb @> (jsonb_contains) are
LEAKPROOF where a superuser deployed, so under row-level security a lookup through them can be an
index condition instead of a filter evaluated after the policies. Named tests: the flags; the
email lookup as an index condition and the containment ahead of the policies' quals, each back
behind them once the flag is taken away (in a rolled-back transaction: the tests can fail);
neither lookup finds another tenant's row; a client cannot declare a function of its own
LEAKPROOF to read what the policies hide; the deploy script runs again on a database that has it
(what a restore does), and run by a deployer that is not a superuser it changes nothing and says
why. That a restore sets the flags again (pg_dump leaves them out) is tested in
test_backup_restore.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from tenantdb import bench
from tenantdb.ops.health import lookup_operator_flags
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, project_root

A, B = DEMO_TENANTS
EDUCATOR_A = user_id(A, "educator", 1)
COHORT = "leakproof-cohort"
BY_EMAIL = "SELECT id::text FROM app.users WHERE email = %s::citext"
BY_COHORT = "SELECT id::text FROM app.learner_profiles WHERE cognitive_profile @> jsonb_build_object('cohort', %s::text)"


@pytest.fixture(scope="module")
def db(tenantdb):
    """The demo seed, a GIN index on cognitive_profile (the bench's candidate index) and one sharing
    learner of each tenant in COHORT."""
    with tenantdb.clone_seeded("leakproof") as name:
        with tenantdb.connect(name) as su:
            su.execute("CREATE INDEX learner_profiles_cognitive_gin ON app.learner_profiles USING gin (cognitive_profile)")
            for tenant in (A, B):
                su.execute("UPDATE app.learner_profiles SET cognitive_profile = cognitive_profile || jsonb_build_object('cohort', %s::text)"
                           " WHERE tenant_id = %s AND id = (SELECT min(id::text)::uuid FROM app.learner_profiles WHERE tenant_id = %s"
                           " AND coalesce(privacy_settings ->> 'data_sharing', 'none') <> 'none')", (COHORT, tenant.id, tenant.id))
            su.execute("ANALYZE app.users, app.learner_profiles")
            su.commit()
        yield name


def _student_email(tenantdb, db: str, tenant) -> str:
    with tenantdb.connect(db) as su:
        return su.execute("SELECT email::text FROM app.users WHERE id = %s", (user_id(tenant, "student", 1),)).fetchone()[0]


def _conditions(conn: psycopg.Connection, query: str, params: tuple[Any, ...], table: str) -> dict[str, str]:
    """As the educator of tenant A, with sequential scans off (the demo tables are small): the
    index condition and the filter of the plan's scans of app.<table>, each joined into one text."""
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        plan = conn.execute("EXPLAIN (COSTS OFF, FORMAT JSON) " + query, params).fetchone()[0][0]["Plan"]
    scans = [n for n in bench.plan_nodes(plan) if n.get("Relation Name") == table or n.get("Node Type") == "Bitmap Index Scan"]
    assert scans, plan
    return {key: " ".join(n.get(key, "") for n in scans) for key in ("Index Cond", "Filter")}


def _without_the_flag(tenantdb, db: str, function: str, check: Callable[[psycopg.Connection], Any]) -> Any:
    """`check` on a superuser connection acting as the app role, after `function` is made NOT
    LEAKPROOF again in the same transaction, which is rolled back."""
    with tenantdb.connect(db) as su:
        su.execute(f"ALTER FUNCTION {function} NOT LEAKPROOF")
        su.execute(f"SET LOCAL ROLE {APP_ROLE}")
        try:
            return check(su)
        finally:
            su.rollback()


def _citext_eq(tenantdb, db: str) -> str:  # its signature, schema-qualified where citext lives
    with tenantdb.connect(db) as su:
        schema = su.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'citext'").fetchone()[0]
    return f"{schema}.citext_eq({schema}.citext, {schema}.citext)"


def test_citext_equality_and_jsonb_containment_are_leakproof_where_a_superuser_deployed(tenantdb, db):
    with tenantdb.connect(db) as su:
        assert lookup_operator_flags(su) == {"jsonb_contains": True, "citext_eq": True}


def test_an_educators_lookup_by_email_is_an_index_condition_under_rls_and_a_filter_without_the_flag(tenantdb, db):
    email = _student_email(tenantdb, db, A)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        now = _conditions(conn, BY_EMAIL, (email,), "users")
    before = _without_the_flag(tenantdb, db, _citext_eq(tenantdb, db), lambda c: _conditions(c, BY_EMAIL, (email,), "users"))
    assert "email = " in now["Index Cond"] and "email = " not in now["Filter"], now
    assert "email = " not in before["Index Cond"] and "email = " in before["Filter"], before


def test_a_cohort_search_by_jsonb_containment_runs_before_the_policies_and_after_them_without_the_flag(tenantdb, db):
    """Over the demo tenant's few profiles the planner keeps to the tenant's btree, so what shows
    is the order of the filter: a leakproof qual may run before the policies' quals (and so be an
    index condition: the GIN index takes it at the bench's sizes, test_bench's plan check of
    profile_jsonb_contains), one that is not runs only on rows the policies let through."""
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        now = _conditions(conn, BY_COHORT, (COHORT,), "learner_profiles")["Filter"]
    before = _without_the_flag(tenantdb, db, "pg_catalog.jsonb_contains(jsonb, jsonb)",
                               lambda c: _conditions(c, BY_COHORT, (COHORT,), "learner_profiles")["Filter"])
    assert 0 <= now.find("cognitive_profile @> ") < now.find("data_sharing"), now
    assert 0 <= before.find("data_sharing") < before.find("cognitive_profile @> "), before


def test_neither_lookup_finds_another_tenants_row(tenantdb, db):
    """The attack: an educator of A looks up B's student by email and B's cohort member by @>.
    The policies' tenant condition stays in the index condition next to the lookup."""
    email_b = _student_email(tenantdb, db, B)
    with tenantdb.connect(db) as su:
        in_cohort = dict(su.execute("SELECT tenant_id::text, id::text FROM app.learner_profiles"
                                    " WHERE cognitive_profile ->> 'cohort' = %s", (COHORT,)).fetchall())
    assert set(in_cohort) == {str(A.id), str(B.id)}, "the fixture puts one learner of each tenant in the cohort"
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
        assert conn.execute(BY_EMAIL, (email_b,)).fetchall() == []
        assert conn.execute(BY_EMAIL, (_student_email(tenantdb, db, A),)).fetchall() == [(user_id(A, "student", 1),)]
        assert conn.execute(BY_COHORT, (COHORT,)).fetchall() == [(in_cohort[str(A.id)],)]
        conn.rollback()


def test_a_client_cannot_declare_its_own_function_leakproof_to_read_hidden_rows(tenantdb, db):
    """A function that raises its argument, declared LEAKPROOF, would run below the policies and
    print other tenants' values. The app role may create a temporary function, not a leakproof one."""
    refused = pytest.raises(psycopg.errors.InsufficientPrivilege, match="only superuser can define a leakproof function")
    with tenantdb.connect(db, role=APP_ROLE) as conn, refused:
        conn.execute("CREATE FUNCTION pg_temp.sniff(text) RETURNS boolean LANGUAGE plpgsql LEAKPROOF"
                     " AS $$ BEGIN RAISE NOTICE '%', $1; RETURN true; END $$")


def _deploy_script() -> str:
    return (project_root() / "deploy/perf/leakproof_lookup_operators.sql").read_text()


def test_the_change_runs_again_on_a_database_that_has_it_which_restore_relies_on(tenantdb, fresh_db):
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        su.execute("ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) NOT LEAKPROOF")
        su.execute(_deploy_script())
        su.execute(_deploy_script())
        assert lookup_operator_flags(su)["jsonb_contains"] is True


def test_a_deployer_that_is_not_a_superuser_changes_nothing_and_is_told_why(tenantdb, fresh_db):
    notices: list[str] = []
    with tenantdb.connect(fresh_db, autocommit=True) as su:
        su.execute("ALTER FUNCTION pg_catalog.jsonb_contains(jsonb, jsonb) NOT LEAKPROOF")
        su.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        su.execute("SET ROLE tenantdb_owner")
        su.execute(_deploy_script())
        su.execute("RESET ROLE")
        assert lookup_operator_flags(su)["jsonb_contains"] is False
    assert any("tenantdb_owner is not a superuser and cannot mark functions LEAKPROOF" in n for n in notices), notices


def _bitmap_index_rows(tenantdb, db: str, index_sql: str) -> dict[str, float]:
    """The attack on a GIN index that @> (now leakproof) may use under RLS: as the educator of A,
    with sequential scans off, EXPLAIN ANALYZE the cohort search and read the actual rows of each
    Bitmap Index Scan: the matches the index itself found, before any policy. The index is
    `index_sql`, built in a transaction that is rolled back, in place of the fixture's GIN on
    cognitive_profile alone. Over the demo's few profiles the planner would keep to a tenant-led
    B-tree; at the bench's sizes it takes the GIN (the 1,000-tenant plan counted 1,031 rows of
    all tenants there), so the same transaction sets the table's B-trees aside (indisvalid)."""
    with tenantdb.connect(db) as su:
        try:
            su.execute("DROP INDEX app.learner_profiles_cognitive_gin")
            su.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
            su.execute(index_sql)
            su.execute("UPDATE pg_index SET indisvalid = false FROM pg_class ic, pg_am am"
                       " WHERE indrelid = 'app.learner_profiles'::regclass AND ic.oid = indexrelid"
                       " AND am.oid = ic.relam AND am.amname = 'btree'")
            su.execute(f"SET LOCAL ROLE {APP_ROLE}")
            su.execute("SET LOCAL enable_seqscan = off")
            su.execute("SELECT app.set_context(%s, %s)", (A.id, EDUCATOR_A))
            plan = su.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + BY_COHORT, (COHORT,)).fetchone()[0][0]["Plan"]
        finally:
            su.rollback()
    return {n["Index Name"]: n["Actual Rows"] for n in bench.plan_nodes(plan) if n["Node Type"] == "Bitmap Index Scan"}


def test_a_gin_index_led_by_the_tenant_counts_no_row_of_another_tenant_where_one_on_the_term_alone_does(tenantdb, db):
    """Since @> is leakproof, a GIN index can take the search under RLS, and EXPLAIN ANALYZE shows
    how many rows the index matched. On cognitive_profile alone that is every tenant's cohort
    members (B's included: 2 where A sees 1); led by tenant_id (btree_gin, as lint
    tenant_index_not_tenant_led asks and the bench's candidate index is), A's alone."""
    term_alone = _bitmap_index_rows(tenantdb, db, "CREATE INDEX cohort_term_gin ON app.learner_profiles"
                                                  " USING gin (cognitive_profile jsonb_path_ops)")
    tenant_led = _bitmap_index_rows(tenantdb, db, "CREATE INDEX cohort_tenant_gin ON app.learner_profiles"
                                                  " USING gin (tenant_id, cognitive_profile jsonb_path_ops)")
    assert term_alone.get("cohort_term_gin") == 2, term_alone  # the channel the lint closes: B's member counted
    assert tenant_led.get("cohort_tenant_gin") == 1, tenant_led  # A's member only

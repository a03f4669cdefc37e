"""`tenantdb why` and app_private.explain_row_access(): one test per kind of answer (hidden by
tenant, hidden by role, visible, write refused by WITH CHECK, column not granted, a view), and
every table and view of the schema answered with each verdict confirmed as the client role."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from psycopg import sql

from tenantdb.errors import BadInput
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from tenantdb.why import explain

A, B = DEMO_TENANTS
STUDENT, ADMIN = user_id(A, "student", 1), user_id(A, "admin", 1)


@pytest.fixture(scope="module")
def conns(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE) as maintenance, \
            tenantdb.connect(seeded_db, role=APP_ROLE) as client:
        yield maintenance, client


def one(tenantdb, db, query, *params):
    with tenantdb.connect(db) as conn:
        row = conn.execute(query, params).fetchone()
    assert row is not None, f"the seed has no row for: {query}"
    return str(row[0])


def ask(conns, table, key, user=STUDENT, tenant=A.id, **kw):
    maintenance, client = conns
    return explain(maintenance, client, table, key, tenant_id=tenant, user_id=user, client_role=APP_ROLE, **kw)


def test_visible_own_message(tenantdb, seeded_db, conns):
    mine = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s AND user_id = %s LIMIT 1", A.id, STUDENT)
    answer = ask(conns, "app.messages", mine)
    assert answer.verdicts["select"] is True and answer.confirmed["select"] is True
    assert "select: allowed (confirmed as the client role) — messages_select_app is true" in answer.summary
    assert {s.item: s.detail for s in answer.of("context")}["person role"] == "student"


def test_hidden_by_tenant(tenantdb, seeded_db, conns):
    theirs = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s LIMIT 1", B.id)
    answer = ask(conns, "app.messages", theirs)
    assert answer.verdicts["select"] is False and answer.confirmed["select"] is False
    assert next(s for s in answer.of("row") if s.item == "tenant check").value is False
    assert "select: refused (confirmed as the client role) — hidden by tenant" in answer.summary
    isolation = [s for s in answer.of("policy") if s.item == "tenant_isolation"]
    assert isolation and not any(s.value for s in isolation)


def test_hidden_by_role(tenantdb, seeded_db, conns):
    classmates = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s AND user_id <> %s LIMIT 1",
                     A.id, STUDENT)
    answer = ask(conns, "app.messages", classmates)
    assert answer.verdicts["select"] is False and answer.confirmed["select"] is False
    assert "select: refused (confirmed as the client role) — hidden by the policies (person role, ownership): " \
           "messages_select_app:" in answer.summary
    admin = ask(conns, "app.messages", classmates, user=ADMIN)
    assert admin.verdicts["select"] is True and admin.confirmed["select"] is True, "an admin reads every chat"


def test_write_refused_by_with_check(tenantdb, seeded_db, conns):
    answer_id = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s AND user_id = %s"
                    " AND role = 'assistant' LIMIT 1", A.id, STUDENT)
    answer = ask(conns, "app.messages", answer_id)
    assert answer.verdicts["insert"] is False
    assert "insert: refused — refused by WITH CHECK: messages_insert_app: " in answer.summary
    assert "(role = 'user'::text)" in answer.summary


def test_column_not_granted(tenantdb, seeded_db, conns):
    mine = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s AND user_id = %s LIMIT 1", A.id, STUDENT)
    answer = ask(conns, "app.messages", mine, column="content")
    assert answer.verdicts["update"] is False and answer.confirmed["update"] is False
    assert "update: refused (confirmed as the client role) — column not granted: tenantdb_app holds no UPDATE grant " \
           "on content" in answer.summary
    rating = ask(conns, "app.messages", mine, column="feedback_score")
    assert rating.verdicts["update"] is True and rating.confirmed["update"] is True
    email = ask(conns, "app.users", STUDENT, column="email")
    assert email.confirmed["update"] is False, "the admin-only guard refuses it"
    assert any("trigger write_columns_admin_only fires when email is set" in (s.detail or "") for s in email.of("column"))


def test_a_view_is_answered_through_its_base_tables(tenantdb, seeded_db, conns):
    doc = one(tenantdb, seeded_db, "SELECT document_id FROM app.v_rag_documents WHERE course_code IS NOT NULL"
              " AND document_id NOT IN (SELECT d.id FROM app.documents d JOIN app.enrollments e"
              " ON e.course_id = d.course_id AND e.user_id = %s) LIMIT 1", STUDENT)
    answer = ask(conns, "v_rag_documents", doc)
    assert answer.kind == "view" and answer.confirmed["select"] is False
    assert "base tables' policies allow: run tenantdb why on app.courses, app.documents" in answer.summary


def test_unknown_table_and_bad_key_are_named(conns):
    with pytest.raises(Exception, match="not a table or view"):
        ask(conns, "app.nope", str(uuid.uuid4()))
    answer = ask(conns, "app.messages", str(uuid.uuid4()))
    assert answer.summary == f"no row of app.messages has key {answer.key} (in any tenant)"


def test_only_the_maintenance_role_may_call_the_sql_function(tenantdb, seeded_db):
    for role in (APP_ROLE, SERVICE_ROLE):
        with tenantdb.connect(seeded_db, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM app_private.explain_row_access('app.users', %s)", (STUDENT,))


def relations(tenantdb, db):
    with tenantdb.connect(db) as conn:
        return [r[0] for r in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c WHERE c.relnamespace = 'app'::regnamespace"
            " AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition ORDER BY 1")]


def a_key(tenantdb, db, relation) -> str | None:
    """A key of one row of tenant A (primary key without tenant_id; a view: its first column)."""
    with tenantdb.connect(db) as conn:
        cols = [r[0] for r in conn.execute(
            "SELECT a.attname FROM pg_catalog.pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY k(n, o)"
            " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n"
            " WHERE c.conrelid = %s::regclass AND c.contype = 'p' AND (a.attname <> 'tenant_id' OR cardinality(c.conkey) = 1)"
            " ORDER BY k.o", (relation,))]
        if not cols:
            cols = [conn.execute("SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = %s::regclass AND attnum = 1",
                                 (relation,)).fetchone()[0]]
        tenant_col = "id" if relation == "app.tenants" else "tenant_id"
        has_tenant = conn.execute("SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = %s::regclass"
                                  " AND attname = %s", (relation, tenant_col)).fetchone()[0]
        where = sql.SQL("WHERE {} = %s").format(sql.Identifier(tenant_col)) if has_tenant else sql.SQL("")
        row = conn.execute(sql.SQL("SELECT {} FROM {} {} LIMIT 1").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in cols), sql.SQL(relation), where),
            (A.id,) if has_tenant else ()).fetchone()
    return ",".join(str(v) for v in row) if row else None


@pytest.mark.parametrize("person", ["student", "educator", "coach", "admin"])
def test_every_table_and_view_is_answered_and_each_verdict_confirmed(tenantdb, seeded_db, conns, person):
    """The database's verdict agrees with what the client role's statement did, for a row of
    every table and view."""
    wrong, answered = [], 0
    for relation in relations(tenantdb, seeded_db):
        key = a_key(tenantdb, seeded_db, relation)
        if key is None:
            continue
        answer = ask(conns, relation, key, user=user_id(A, person, 1))
        answered += 1
        if answer.kind == "table":
            for command, confirmed in answer.confirmed.items():
                if confirmed is not None and confirmed != answer.verdicts.get(command):
                    wrong.append(f"{relation} {command}: database says {answer.verdicts.get(command)}, "
                                 f"the client role's statement {'succeeded' if confirmed else 'failed'}")
    assert answered >= 35
    assert not wrong, "\n".join(wrong)


def test_cli_exit_codes_and_json(tenantdb, seeded_db):
    env = {**os.environ, "TENANTDB_PORT": str(tenantdb.backend.settings.port), "COLUMNS": "200"}
    base = [sys.executable, "-m", "tenantdb.cli", "why", "app.users"]
    seen = subprocess.run([*base, STUDENT, "--tenant", A.id, "--user", STUDENT, "--db", seeded_db, "--json"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert seen.returncode == 0, seen.stderr
    data = json.loads(seen.stdout)
    assert data["verdicts"]["select"] is True and data["steps"]
    hidden = subprocess.run([*base, ADMIN, "--tenant", A.id, "--user", STUDENT, "--db", seeded_db],
                            env=env, capture_output=True, text=True, timeout=120)
    assert hidden.returncode == 1 and "select: refused" in hidden.stdout
    bad = subprocess.run([*base, STUDENT, "--tenant", A.id, "--role", "owner", "--db", seeded_db],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "is not app or service" in bad.stderr


def test_the_service_role_sees_its_whole_tenant_and_nothing_else(tenantdb, seeded_db):
    theirs = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s LIMIT 1", B.id)
    ours = one(tenantdb, seeded_db, "SELECT id FROM app.messages WHERE tenant_id = %s LIMIT 1", A.id)
    with tenantdb.connect(seeded_db, role=MAINTENANCE_ROLE) as maintenance, \
            tenantdb.connect(seeded_db, role=SERVICE_ROLE) as service:
        mine = explain(maintenance, service, "app.messages", ours, tenant_id=A.id, user_id=None, client_role=SERVICE_ROLE)
        other = explain(maintenance, service, "app.messages", theirs, tenant_id=A.id, user_id=None,
                        client_role=SERVICE_ROLE)
    assert mine.verdicts == {"select": True, "insert": True, "update": True, "delete": True}
    assert mine.confirmed["update"] is True and "messages_all_service is true" in mine.summary
    assert other.verdicts["select"] is False and other.confirmed["select"] is False
    assert "hidden by tenant" in other.summary


# --- security/explain_row_by_id: a row of a partitioned table named by its id alone ---------------
# The history tables are partitioned by time, so their primary key is (tenant_id, id, <time>); the
# database reads the partition columns from the catalog and completes the key from the row.

PARTITIONED = {"app.messages": "created_at", "app.interactions": "created_at", "app.audit_log": "occurred_at"}


def a_row_of(tenantdb, db, table) -> tuple[str, str]:
    """(id, partition time as text) of one row of tenant A."""
    with tenantdb.connect(db) as conn:
        row = conn.execute(sql.SQL("SELECT id::text, {}::text FROM {} WHERE tenant_id = %s ORDER BY id LIMIT 1").format(
            sql.Identifier(PARTITIONED[table]), sql.SQL(table)), (A.id,)).fetchone()
    assert row is not None, f"the seed has no row of {table} in tenant A"
    return row[0], row[1]


def the_key_predicate(answer) -> str:
    return next(s.expression or "" for s in answer.of("row") if s.item == "exists")


def check_named_by_id_alone(tenantdb, seeded_db, conns, table):
    row_id, _ = a_row_of(tenantdb, seeded_db, table)
    answer = ask(conns, table, row_id, user=ADMIN)
    assert answer.exists, answer.summary
    # the database completed the key with the partition column (statements prune to one partition)
    predicate = the_key_predicate(answer)
    assert f"id = '{row_id}'::uuid" in predicate and f"{PARTITIONED[table]} = " in predicate, predicate
    assert answer.verdicts and all(answer.confirmed.get(c) == answer.verdicts.get(c)
                                   for c in answer.confirmed if answer.confirmed[c] is not None), answer.summary


def test_a_message_is_named_by_its_id_alone(tenantdb, seeded_db, conns):
    check_named_by_id_alone(tenantdb, seeded_db, conns, "app.messages")


def test_an_interaction_is_named_by_its_id_alone(tenantdb, seeded_db, conns):
    check_named_by_id_alone(tenantdb, seeded_db, conns, "app.interactions")


def test_an_audit_row_is_named_by_its_id_alone(tenantdb, seeded_db, conns):
    check_named_by_id_alone(tenantdb, seeded_db, conns, "app.audit_log")


def test_the_whole_key_with_the_partition_column_still_works(tenantdb, seeded_db, conns):
    row_id, created_at = a_row_of(tenantdb, seeded_db, "app.messages")
    by_id = ask(conns, "app.messages", row_id, user=ADMIN)
    whole = ask(conns, "app.messages", f"{row_id}, {created_at}", user=ADMIN)
    assert whole.exists and whole.verdicts == by_id.verdicts and whole.confirmed == by_id.confirmed
    assert the_key_predicate(whole) == the_key_predicate(by_id)
    moved = ask(conns, "app.messages", f"{row_id},1999-01-01 00:00:00+00", user=ADMIN)
    assert not moved.exists, "a whole key is taken as given: the wrong time names no row"


@pytest.mark.parametrize("table", sorted(PARTITIONED))
def test_an_unknown_id_of_a_partitioned_table_names_no_row(conns, table):
    unknown = str(uuid.uuid4())
    answer = ask(conns, table, unknown)
    assert not answer.exists
    assert answer.summary == f"no row of {table} has key {unknown} (in any tenant)"
    assert answer.verdicts == {} and answer.confirmed == {}


def test_a_malformed_key_gives_a_clear_error(conns):
    with pytest.raises(BadInput, match=r"key value 'not-a-uuid' is not a valid uuid \(column id of app.messages\)") as bad:
        ask(conns, "app.messages", "not-a-uuid")
    assert bad.value.hint == "Name the row by id."
    with pytest.raises(BadInput, match=r"key value 'yesterday-ish' is not a valid timestamp with time zone "
                                       r"\(column created_at of app.messages\)"):
        ask(conns, "app.messages", f"{uuid.uuid4()},yesterday-ish")
    with pytest.raises(BadInput, match=r"a row of app.messages is named by 2 value\(s\) \(id, created_at\)") as too_many:
        ask(conns, "app.messages", f"{uuid.uuid4()},2026-01-01,extra")
    assert "partition column(s) (created_at) may be left out" in (too_many.value.hint or "")
    with pytest.raises(BadInput, match=r"a row of app.users is named by 1 value"):
        ask(conns, "app.users", f"{STUDENT},{STUDENT}")


def test_cli_bad_key_exits_2_with_the_message(tenantdb, seeded_db):
    env = {**os.environ, "TENANTDB_PORT": str(tenantdb.backend.settings.port), "COLUMNS": "200"}
    bad = subprocess.run([sys.executable, "-m", "tenantdb.cli", "why", "app.interactions", "nope", "--tenant", A.id,
                          "--user", STUDENT, "--db", seeded_db], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2, bad.stderr
    assert "key value 'nope' is not a valid uuid (column id of app.interactions)" in bad.stderr


def test_two_rows_sharing_an_id_are_refused_with_the_whole_key_as_hint(tenantdb):
    """Ids are uuids, so an id names at most one row; should two rows share one (another
    partition time), the database refuses to guess and asks for the whole key."""
    with tenantdb.clone_seeded("why_two_rows") as db:
        row_id, created_at = a_row_of(tenantdb, db, "app.messages")
        with tenantdb.connect(db) as conn:  # the test's own clone: a copy of the row a day earlier
            conn.execute("SET session_replication_role = replica")  # no triggers: a raw copy
            conn.execute("CREATE TEMP TABLE twin AS SELECT * FROM app.messages WHERE id = %s", (row_id,))
            conn.execute("UPDATE twin SET created_at = created_at - interval '1 day'")
            conn.execute("INSERT INTO app.messages SELECT * FROM twin")
            conn.commit()
        with tenantdb.connect(db, role=MAINTENANCE_ROLE) as maintenance:
            with pytest.raises(BadInput, match="more than one row of app.messages has id = ") as two:
                explain(maintenance, None, "app.messages", row_id, tenant_id=A.id, user_id=ADMIN, client_role=APP_ROLE)
            assert "whole key: id, created_at" in (two.value.hint or "")
            whole = explain(maintenance, None, "app.messages", f"{row_id},{created_at}", tenant_id=A.id, user_id=ADMIN,
                            client_role=APP_ROLE)
            assert whole.exists

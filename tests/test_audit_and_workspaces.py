"""Audit log and workspace membership, as the client roles (never a superuser):

* no client role can UPDATE, DELETE or TRUNCATE audit rows (and the table refuses even its owner);
* role changes, membership changes and deletions are written by triggers with who/what/when;
* tenant admins read only their own tenant's log, other people none of it;
* workspace policies look membership up once per statement (InitPlan), not per row.
"""

from __future__ import annotations

import psycopg
import pytest

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.seeds.workspaces import artifact_id, workspace_id

TENANT_A, TENANT_B = DEMO_TENANTS


@pytest.fixture(scope="module")
def seeded(tenantdb):
    with tenantdb.clone_seeded("audit") as db:
        yield db


def as_person(tenantdb, db, role="admin", n=1, tenant=TENANT_A):
    conn = tenantdb.connect(db, role="tenantdb_app")
    conn.execute("SELECT app.set_context(%s, %s)", (tenant.id, user_id(tenant, role, n)))
    return conn


def as_role(tenantdb, db, role, tenant=TENANT_A):
    conn = tenantdb.connect(db, role=role)
    conn.execute("SELECT app.set_context(%s, NULL)", (tenant.id,))
    return conn


@pytest.mark.parametrize("actor", ["admin", "student", "tenantdb_service", "tenantdb_maintenance"])
@pytest.mark.parametrize("statement", ["UPDATE app.audit_log SET table_name = 'x'", "DELETE FROM app.audit_log",
                                       "TRUNCATE app.audit_log"])
def test_no_client_role_can_alter_audit_rows(tenantdb, seeded, actor, statement):
    conn = as_person(tenantdb, seeded, actor) if actor in ("admin", "student") else as_role(tenantdb, seeded, actor)
    with conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def test_even_the_owner_cannot_alter_audit_rows(tenantdb, seeded):
    with tenantdb.connect(seeded) as conn:
        conn.execute("SET ROLE tenantdb_owner")
        conn.execute("SELECT set_config('app.tenant_id', %s, false)", (TENANT_A.id,))
        for statement in ("UPDATE app.audit_log SET table_name = 'x'", "DELETE FROM app.audit_log",
                          "TRUNCATE app.audit_log"):
            # Refused by privilege first: the owner holds no UPDATE/DELETE/TRUNCATE (audit/eraser_role).
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table audit_log"), \
                    conn.transaction():
                conn.execute(statement)
            # The residual: the owner owns the table and can grant itself the privilege back;
            # the append-only trigger still refuses (and lint audit_log_rewritable flags the grant).
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"), conn.transaction():
                conn.execute("GRANT UPDATE, DELETE, TRUNCATE ON app.audit_log TO tenantdb_owner")
                conn.execute(statement)


def test_admins_read_only_their_tenants_log_and_others_none(tenantdb, seeded):
    with tenantdb.connect(seeded) as conn:
        own = conn.execute("SELECT count(*) FROM app.audit_log WHERE tenant_id = %s", (TENANT_A.id,)).fetchone()[0]
    assert own > 0
    with as_person(tenantdb, seeded, "admin") as conn:
        assert conn.execute("SELECT count(*), count(*) FILTER (WHERE tenant_id <> %s) FROM app.audit_log",
                            (TENANT_A.id,)).fetchone() == (own, 0)
    for role in ("student", "educator", "coach"):
        with as_person(tenantdb, seeded, role) as conn:
            assert conn.execute("SELECT count(*) FROM app.audit_log").fetchone()[0] == 0


def test_role_change_is_audited_with_who_and_before_after(tenantdb, seeded):
    target = user_id(TENANT_A, "student", 5)
    with as_person(tenantdb, seeded, "admin") as conn:
        conn.execute("UPDATE app.users SET role = 'coach' WHERE id = %s", (target,))
        conn.execute("UPDATE app.users SET display_name = display_name WHERE id = %s", (target,))
        rows = conn.execute(
            "SELECT actor_user_id::text, actor_db_role, operation, old_values->>'role', new_values->>'role'"
            " FROM app.audit_log WHERE table_name = 'app.users' AND row_key->>'id' = %s", (target,)).fetchall()
        conn.execute("UPDATE app.users SET role = 'student' WHERE id = %s", (target,))
    app_login = tenantdb.backend.login_for("tenantdb_app")  # the login that acted, of group tenantdb_app
    assert rows == [(user_id(TENANT_A, "admin", 1), app_login, "UPDATE", "student", "coach")], \
        "one entry for the role change, none for an update that keeps the role"


def test_membership_changes_and_deletions_are_audited(tenantdb, seeded):
    ws = workspace_id(TENANT_A, 0)  # Capstone projects: educator 1 owns it, student 1 edits
    with as_person(tenantdb, seeded, "educator") as conn:
        conn.execute("INSERT INTO app.workspace_members (tenant_id, workspace_id, user_id, member_role)"
                     " VALUES (%s, %s, %s, 'viewer')", (TENANT_A.id, ws, user_id(TENANT_A, "student", 6)))
        conn.execute("UPDATE app.workspace_members SET member_role = 'editor' WHERE workspace_id = %s AND user_id = %s",
                     (ws, user_id(TENANT_A, "student", 6)))
    with as_person(tenantdb, seeded, "student") as conn:
        assert conn.execute("DELETE FROM app.artifacts WHERE id = %s", (artifact_id(TENANT_A, 0, 0),)).rowcount == 1
    with tenantdb.connect(seeded) as conn:
        ops = conn.execute(
            "SELECT table_name, operation, actor_user_id::text FROM app.audit_log"
            " WHERE tenant_id = %s AND actor_db_role = %s ORDER BY occurred_at, table_name",
            (TENANT_A.id, tenantdb.backend.login_for("tenantdb_app"))).fetchall()
    assert ("app.workspace_members", "INSERT", user_id(TENANT_A, "educator", 1)) in ops
    assert ("app.workspace_members", "UPDATE", user_id(TENANT_A, "educator", 1)) in ops
    assert ("app.artifacts", "DELETE", user_id(TENANT_A, "student", 1)) in ops
    assert ("app.artifact_versions", "DELETE", user_id(TENANT_A, "student", 1)) in ops, "cascaded deletions too"


def test_viewer_reads_but_cannot_write_and_non_members_see_nothing(tenantdb, seeded):
    capstone, staff = workspace_id(TENANT_A, 0), workspace_id(TENANT_A, 2)
    with as_person(tenantdb, seeded, "coach") as conn:  # viewer of Capstone, not in Staff room
        assert conn.execute("SELECT count(*) FROM app.artifacts WHERE workspace_id = %s", (capstone,)).fetchone()[0] > 0
        assert conn.execute("UPDATE app.artifacts SET name = name WHERE workspace_id = %s", (capstone,)).rowcount == 0
        assert conn.execute("SELECT count(*) FROM app.artifacts WHERE workspace_id = %s", (staff,)).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM app.workspaces WHERE id = %s", (staff,)).fetchone()[0] == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO app.artifacts (tenant_id, workspace_id, name, artifact_type)"
                         " VALUES (%s, %s, 'x', 'document')", (TENANT_A.id, capstone))


def test_editor_cannot_move_an_artifact_into_a_workspace_they_only_view(tenantdb, seeded):
    with as_person(tenantdb, seeded, "student", 2) as conn:  # viewer of Study group only
        assert conn.execute("SELECT count(*) FROM app.artifacts").fetchone()[0] > 0
    # the coach is an editor of Study group, a viewer of Capstone
    with as_person(tenantdb, seeded, "coach") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE app.artifacts SET workspace_id = %s WHERE id = %s",
                     (workspace_id(TENANT_A, 0), artifact_id(TENANT_A, 1, 0)))


def test_membership_is_looked_up_once_per_statement(tenantdb, seeded):
    with as_person(tenantdb, seeded, "student") as conn:
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN (VERBOSE, COSTS OFF) SELECT * FROM app.artifact_versions WHERE artifact_id = %s",
            (artifact_id(TENANT_A, 0, 1),)).fetchall())
    # perf/resolved_context: memberships are resolved once per transaction into the bound stamp;
    # the policy reads them there in one InitPlan (the inlined resolved_workspace_ids()).
    # (or, since perf/context_cache, from the context remembered in backend memory)
    assert "InitPlan" in plan and ("split_part(current_setting('app.context_stamp'::text, true), ':'::text, 6)" in plan
                                   or "tenantdb_context.remembered_workspace_ids('viewer'::text)" in plan
                                   or "tenantdb_context.remembered_uuids('workspace_ids'::text, 'viewer'::text)" in plan), plan
    assert "SubPlan" not in plan, f"membership must not be evaluated per row:\n{plan}"


def test_phases_are_ordered_uniquely_and_can_swap_in_one_transaction(tenantdb, seeded):
    from tenantdb.seeds import stable_id

    flow = stable_id(TENANT_A, "workflow", 0)  # Capstone projects: student 1 edits it
    with as_person(tenantdb, seeded, "student") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM app.phases WHERE workflow_id = %s ORDER BY position",
                                            (flow,)).fetchall()]
        assert names == ["Requirements", "Architecture", "Review"]
        with pytest.raises(psycopg.errors.UniqueViolation), conn.transaction():
            conn.execute("UPDATE app.phases SET position = 1 WHERE workflow_id = %s AND name = 'Review'", (flow,))
        with conn.transaction():
            conn.execute("SET CONSTRAINTS app.phases_position_key DEFERRED")
            conn.execute("UPDATE app.phases SET position = CASE position WHEN 1 THEN 2 ELSE 1 END"
                         " WHERE workflow_id = %s AND position IN (1, 2)", (flow,))
        names = [r[0] for r in conn.execute("SELECT name FROM app.phases WHERE workflow_id = %s ORDER BY position",
                                            (flow,)).fetchall()]
        assert names == ["Architecture", "Requirements", "Review"]

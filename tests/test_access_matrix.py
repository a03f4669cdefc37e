"""Every cell of sql/access_matrix.toml, as the client roles, against the seeded demo tenants.

For each table, person role (student, educator, coach, admin as tenantdb_app with app.user_id)
and the service role, and each operation, the test connects AS that role (never a superuser),
sets the context of tenant A and checks the database against the matrix:

* select: the rows visible are exactly the expected ones (all of A's, the person's own, or none);
* update: an UPDATE without WHERE touches exactly the expected rows (and none of tenant B's);
* delete: a DELETE without WHERE removes exactly the expected rows (rolled back afterwards);
* insert: a row copied from the tenant's data is accepted by the policies when the cell allows
  it (a unique or foreign-key error after the policy check still counts as accepted) and
  refused with 42501 when not; an "own" insert of a row owned by someone else is refused.

Expected rows are computed as the superuser from the matrix's scope: "all" = the tenant's rows,
"own" = rows whose `own` column is the person (or that satisfy `own_sql`), "member" = rows of
workspaces where the person's member role is at least `member_roles[operation]`, missing = none.
A "member" insert must also be refused for a workspace where the person lacks that role.
A table in the matrix without seeded rows for the tenant fails: add rows to a seed module.
"""

from __future__ import annotations

import tomllib
import uuid

import psycopg
import pytest
from psycopg import sql
from psycopg.types.json import Jsonb

from tenantdb.access_matrix import ACTORS, OPERATIONS
from tenantdb.context import tenant_transaction
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE, project_root

#: Read by `tenantdb report`: this module tests every table of the matrix, cell by cell.
ACCESS_MATRIX_COVERS = "tables"
MATRIX = tomllib.loads((project_root() / "sql" / "access_matrix.toml").read_text())
TENANT_A, TENANT_B = DEMO_TENANTS
PERSON = {role: user_id(TENANT_A, role, 1) for role in ACTORS if role != "service"}
# Columns an UPDATE ... SET c = c may use: never a key, tenant or owner column.
NOT_UPDATABLE = {"tenant_id", "id", "user_id", "workspace_id", "learner_id", "conversation_id", "concept_id", "prerequisite_id",
                 "session_id", "role"}


def tenant_column(table: str) -> str:
    return "id" if table == "tenants" else "tenant_id"


MEMBER_RANKS = ("viewer", "editor", "owner")


def scope_predicate(table: str, scope: str | None, person: str | None,
                    op: str = "select") -> tuple[sql.Composable, tuple]:
    """WHERE clause (besides the tenant) selecting the rows a scope covers."""
    entry = MATRIX[table]
    if scope == "member":
        least = entry["member_roles"][op]
        roles = list(MEMBER_RANKS[MEMBER_RANKS.index(least):])
        return sql.SQL("{} IN (SELECT m.workspace_id FROM app.workspace_members m"
                       " WHERE m.tenant_id = %s AND m.user_id = %s AND m.member_role = ANY(%s))").format(
            sql.Identifier(entry["member"])), (TENANT_A.id, person, roles)
    if scope == "all":
        return sql.SQL("true"), ()
    if scope is None:
        return sql.SQL("false"), ()
    if scope == "enrolled":
        return sql.SQL(entry["enrolled_sql"].replace(":user_id", "%s")), (person,)
    if scope == "consented":
        return sql.SQL(entry["consented_sql"]), ()
    if scope != "own":
        raise AssertionError(f"{table}: scope {scope!r} is not checked exactly by this test")
    if "own_sql" in entry:
        return sql.SQL(entry["own_sql"].replace(":user_id", "%s")), (person,)
    return sql.SQL("{} = %s").format(sql.Identifier(entry["own"])), (person,)


def expected_count(conn, table: str, scope: str | None, person: str | None, op: str = "select") -> int:
    pred, params = scope_predicate(table, scope, person, op)
    return conn.execute(
        sql.SQL("SELECT count(*) FROM {} WHERE {} = %s AND ({})").format(
            sql.Identifier("app", table), sql.Identifier(tenant_column(table)), pred),
        (TENANT_A.id, *params)).fetchone()[0]


def client(tenantdb, db: str, actor: str) -> psycopg.Connection:
    role = "tenantdb_service" if actor == "service" else "tenantdb_app"
    conn = tenantdb.connect(db, role=role)
    conn.execute("SELECT app.set_context(%s, %s)", (TENANT_A.id, PERSON.get(actor) or None))
    return conn


def columns(conn, table: str) -> list[str]:
    return [name for name, _ in column_types(conn, table)]


def column_types(conn, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute"
        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum", (f"app.{table}",))]


def sample_row(conn, table: str, owner: str | None, own_column: str | None,
               where: tuple[sql.Composable, tuple] | None = None) -> dict:
    """A row of tenant A to copy: one matching `where` if given, else the owner's when there is
    one, any otherwise."""
    tcol = sql.Identifier(tenant_column(table))
    query = sql.SQL("SELECT * FROM {} WHERE {} = %s").format(sql.Identifier("app", table), tcol)
    rows = []
    if where is not None:
        rows = conn.execute(query + sql.SQL(" AND ({}) LIMIT 1").format(where[0]), (TENANT_A.id, *where[1])).fetchall()
        assert rows, f"app.{table}: no seeded row matches the scope to copy; add one to a seed module"
    elif owner and own_column:
        rows = conn.execute(query + sql.SQL(" AND {} = %s LIMIT 1").format(sql.Identifier(own_column)),
                            (TENANT_A.id, owner)).fetchall()
    if not rows:
        rows = conn.execute(query + sql.SQL(" LIMIT 1"), (TENANT_A.id,)).fetchall()
    assert rows, f"app.{table} has no seeded rows for tenant {TENANT_A.slug}: add them to a seed module"
    names = columns(conn, table)
    return dict(zip(names, rows[0], strict=False))


def try_insert(conn, table: str, row: dict) -> str | None:
    """SQLSTATE of inserting the row (None: inserted), in a savepoint."""
    names = list(row)
    stmt = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier("app", table), sql.SQL(", ").join(map(sql.Identifier, names)),
        sql.SQL(", ").join(sql.Placeholder() * len(names)))
    jsonb = {name for name, typ in column_types(conn, table) if typ == "jsonb"}
    values = [Jsonb(v) if name in jsonb and v is not None else v for name, v in row.items()]
    try:
        with conn.transaction():
            conn.execute(stmt, values)
        return None
    except psycopg.Error as exc:
        return exc.sqlstate


def column_rule(table: str, actor: str, op: str) -> list[str] | None:
    """The columns the matrix lets `actor` name in `op` on `table`; None = every column."""
    rules = MATRIX[table].get("columns")
    if rules is None or actor == "service":
        return None
    if not MATRIX[table].get(actor, {}).get(op):
        # No row to write: try with what any person may name, so the row rule is what refuses.
        return sorted({c for key, value in rules.items() if key == op or isinstance(value, dict)
                       for c in (value if key == op else value.get(op, []))})
    return rules.get(actor, {}).get(op, rules.get(op, []))


def column_allowed(table: str, actor: str, op: str, column: str) -> bool:
    allowed = column_rule(table, actor, op)
    return allowed is None or column in allowed


def writable_part(table: str, actor: str, row: dict) -> dict:
    """The row without the columns `actor` may not insert, with the values the matrix requires."""
    kept = {k: v for k, v in row.items() if column_allowed(table, actor, "insert", k)}
    if actor != "service":
        kept.update(MATRIX[table].get("columns", {}).get("person_insert_values", {}))
    return kept


def cells():
    # Views have no tenant_id to count by: tests/test_rag_views.py checks them against their base tables.
    for table in sorted(t for t in MATRIX if not t.startswith("v_")):
        for actor in ACTORS:
            for op in OPERATIONS:
                yield pytest.param(table, actor, op, id=f"{table}-{actor}-{op}")


@pytest.mark.parametrize("table,actor,op", list(cells()))
def test_access_matrix_cell(tenantdb, seeded_db, table, actor, op):  # noqa: C901 - one cell, one branch per command, read top to bottom
    entry = MATRIX[table]
    scope = entry.get(actor, {}).get(op)
    person = PERSON.get(actor)
    with tenantdb.connect(seeded_db) as admin_conn:  # superuser: the expected side
        expected = expected_count(admin_conn, table, scope, person, op)
        total_a = expected_count(admin_conn, table, "all", None)
        assert total_a > 0, f"app.{table} has no seeded rows for tenant {TENANT_A.slug}: add them to a seed module"
        own_column = entry.get("own")
        template = outsider = None
        if op == "insert":
            member_where = scope_predicate(table, scope, person, op) if scope == "member" else None
            template = sample_row(admin_conn, table, person, own_column, member_where)
            if scope == "member":  # a row of a workspace where the person lacks the member role
                pred, params = member_where
                outsider = sample_row(admin_conn, table, None, None, (sql.SQL("NOT ({})").format(pred), params))

    with client(tenantdb, seeded_db, actor) as conn:
        target = sql.Identifier("app", table)
        if op == "select":
            try:
                with conn.transaction():
                    got = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(target)).fetchone()[0]
                    other = conn.execute(sql.SQL("SELECT count(*) FROM {} WHERE {} <> %s").format(
                        target, sql.Identifier(tenant_column(table))), (TENANT_A.id,)).fetchone()[0]
            except psycopg.errors.InsufficientPrivilege:
                got = other = 0  # no grant for this command: nothing can be read
            assert other == 0, f"{actor} in {TENANT_A.slug} sees {other} rows of another tenant in app.{table}"
            assert got == expected, f"{actor} sees {got} rows of app.{table}, the matrix says {scope or 'none'} = {expected}"
        elif op in ("update", "delete"):
            if op == "update":
                names = columns(conn, table)
                candidates = [c for c in names if c not in NOT_UPDATABLE]
                # A column the actor may update when there is one (the column cells test the rest);
                # SET c = c changes nothing, so a key column the matrix allows will do.
                col = next((c for c in candidates + names if column_allowed(table, actor, "update", c)
                            and (MATRIX[table].get("columns") or c in candidates)), candidates[0])
                stmt = sql.SQL("UPDATE {} SET {} = {}").format(target, sql.Identifier(col), sql.Identifier(col))
            else:
                stmt = sql.SQL("DELETE FROM {}").format(target)
            try:
                with conn.transaction(force_rollback=True):
                    got = conn.execute(stmt).rowcount
            except psycopg.errors.InsufficientPrivilege:
                got = 0  # no grant for this command: nothing can be touched
            except psycopg.errors.ForeignKeyViolation:
                # The policy let rows through; another table's key keeps them. Only a cell that
                # allows the delete may get this far.
                assert scope is not None, f"{actor} reached rows of app.{table} to {op} although the matrix allows none"
                return
            assert got == expected, f"{actor}'s {op} touched {got} rows of app.{table}, the matrix says {scope or 'none'} = {expected}"
        else:  # insert
            template = writable_part(table, actor, template)
            row = dict(template)
            if "id" in row and table != "tenants":
                row["id"] = str(uuid.uuid4())
            if scope == "own" and own_column and person:
                row[own_column] = person
                # A copied conversation keeps no workspace: the new owner need not be a member
                # (attaching is checked by test_conversation_workspaces.py).
                if table == "conversations":
                    row["workspace_id"] = None
            state = try_insert(conn, table, row)
            if scope is None:
                assert state == "42501", f"{actor} inserted into app.{table} (SQLSTATE {state}); the matrix allows no insert"
            else:
                assert state in (None, "23505", "23503"), \
                    f"{actor}'s insert into app.{table} failed with {state}; the matrix allows {scope}"
            if scope == "own" and own_column and person:
                someone_else = user_id(TENANT_A, "student", 2)
                row = {**row, own_column: someone_else, **({"id": str(uuid.uuid4())} if "id" in row else {})}
                state = try_insert(conn, table, row)
                assert state == "42501", f"{actor} inserted a row of app.{table} owned by someone else ({state})"
            if outsider is not None:
                row = {**writable_part(table, actor, outsider), "id": str(uuid.uuid4())}
                state = try_insert(conn, table, row)
                assert state == "42501", \
                    f"{actor} inserted into app.{table} in a workspace where they lack the member role ({state})"
            row = {**template, "tenant_id" if table != "tenants" else "id": TENANT_B.id}
            if "id" in row and table != "tenants":
                row["id"] = str(uuid.uuid4())
            state = try_insert(conn, table, row)
            assert state == "42501", f"{actor} inserted a row for tenant {TENANT_B.slug} into app.{table} ({state})"


# ----------------------------------------------------------------------------- column dimension
# Every column of every table with a `[t.columns]` block, for every actor whose row rule allows
# the operation: naming the column in an INSERT or UPDATE is accepted exactly when the matrix
# lists it (the service role: every column). UPDATE ... SET c = c on one row in the actor's scope;
# INSERT of a copied row with only the listed columns, then with one more column each.
def column_cells():
    for table in sorted(t for t in MATRIX if "columns" in MATRIX[t]):
        for actor in ACTORS:
            for op in ("insert", "update"):
                if MATRIX[table].get(actor, {}).get(op):
                    yield pytest.param(table, actor, op, id=f"{table}-{actor}-{op}")


def persons_of(conn, role: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        "SELECT id FROM app.users WHERE tenant_id = %s AND role = %s ORDER BY id", (TENANT_A.id, role))]


def actor_and_row(conn, table: str, actor: str, op: str) -> tuple[str | None, dict]:
    """A person of the actor's role with a row in their `op` scope (the first person when the
    scope is "all"), and that row."""
    scope = MATRIX[table][actor][op]
    candidates = [PERSON[actor]] + [p for p in persons_of(conn, actor) if p != PERSON[actor]] \
        if actor != "service" else [None]
    for person in candidates:
        pred = scope_predicate(table, scope, person, op)
        found = conn.execute(sql.SQL("SELECT count(*) FROM {} WHERE tenant_id = %s AND ({})").format(
            sql.Identifier("app", table), pred[0]), (TENANT_A.id, *pred[1])).fetchone()[0]
        if found:
            return person, sample_row(conn, table, None, None, pred)
    raise AssertionError(f"no {actor} of {TENANT_A.slug} has a row of app.{table} to {op}: add one to a seed module")


@pytest.fixture(scope="module")
def own_chats(tenantdb, seeded_db):
    """Every person role gets a conversation with a message and a link to an artifact of one of
    their workspaces (the seed gives staff few), so each role's cells have a row to prove on.
    Written as the superuser into the module's clone."""
    with tenantdb.connect(seeded_db) as conn:
        for role in ("educator", "coach", "admin"):
            conv = conn.execute("INSERT INTO app.conversations (tenant_id, user_id, title) VALUES (%s, %s, 'columns')"
                                " RETURNING id", (TENANT_A.id, PERSON[role])).fetchone()[0]
            conn.execute("INSERT INTO app.messages (tenant_id, conversation_id, user_id, role, content)"
                         " VALUES (%s, %s, %s, 'assistant', 'an answer')", (TENANT_A.id, conv, PERSON[role]))
            conn.execute("INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, artifact_id,"
                         " workspace_id, relation) SELECT %s, %s, %s, a.id, a.workspace_id, 'references'"
                         " FROM app.artifacts a JOIN app.workspace_members m ON m.tenant_id = a.tenant_id"
                         " AND m.workspace_id = a.workspace_id AND m.user_id = %s WHERE a.tenant_id = %s"
                         " ORDER BY a.id LIMIT 1", (TENANT_A.id, conv, PERSON[role], PERSON[role], TENANT_A.id))
    return seeded_db


@pytest.mark.parametrize("table,actor,op", list(column_cells()))
def test_access_matrix_column_cells(tenantdb, own_chats, table, actor, op):
    db = own_chats
    with tenantdb.connect(db) as admin_conn:
        person, row = actor_and_row(admin_conn, table, actor, op)
        names = columns(admin_conn, table)
        key = [r[0] for r in admin_conn.execute(
            "SELECT a.attname FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_attribute a"
            " ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)"
            " WHERE c.conrelid = %s::regclass AND c.contype = 'p'", (f"app.{table}",))]
    def fresh_id() -> dict:
        return {"id": str(uuid.uuid4())} if "id" in names else {}

    where = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in key)
    wrong: list[str] = []
    role = SERVICE_ROLE if actor == "service" else APP_ROLE
    with tenantdb.connect(db, role=role) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, TENANT_A.id, person):
        if op == "update":
            for col in names:
                try:
                    with conn.transaction(force_rollback=True):
                        got = conn.execute(sql.SQL("UPDATE {} SET {} = {} WHERE {}").format(
                            sql.Identifier("app", table), sql.Identifier(col), sql.Identifier(col), where),
                            [row[k] for k in key]).rowcount
                        state = None if got == 1 else f"{got} rows"
                except psycopg.Error as exc:
                    state = exc.sqlstate
                allowed = column_allowed(table, actor, op, col)
                if (state is None) != allowed or (not allowed and state != "42501"):
                    wrong.append(f"{col}: {'allowed' if allowed else 'refused'} by the matrix, got {state or 'updated'}")
        else:
            base = {**writable_part(table, actor, row), **fresh_id()}
            if MATRIX[table].get("own") in base and person:
                base[MATRIX[table]["own"]] = person
            state = try_insert(conn, table, base)
            if state not in (None, "23505", "23503"):
                wrong.append(f"the listed columns {sorted(base)}: refused with {state}")
            for col in (c for c in names if c not in base):
                state = try_insert(conn, table, {**base, col: row[col], **fresh_id()})
                allowed = column_allowed(table, actor, op, col)
                if allowed != (state in (None, "23505", "23503")) or (not allowed and state != "42501"):
                    wrong.append(f"{col}: {'allowed' if allowed else 'refused'} by the matrix, got {state or 'inserted'}")
    assert not wrong, f"{actor} {op} on app.{table}, column by column:\n  " + "\n  ".join(wrong)


# ----------------------------------------------------------------------------- value rules
def test_a_student_cannot_insert_assistant_or_system_messages(tenantdb, seeded_db):
    """Finding: a student inserted role = 'system' messages into their own chats."""
    student = PERSON["student"]
    with tenantdb.connect(seeded_db) as su:
        conv = su.execute("SELECT id FROM app.conversations WHERE tenant_id = %s AND user_id = %s LIMIT 1",
                          (TENANT_A.id, student)).fetchone()[0]
    with tenantdb.connect(seeded_db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, TENANT_A.id, student):
        for role, expected in (("user", None), ("assistant", "42501"), ("system", "42501")):
            state = try_insert(conn, "messages", {"tenant_id": TENANT_A.id, "conversation_id": conv,
                                                  "role": role, "content": "hello"})
            assert state == expected, f"a student's {role} message: {state}, expected {expected}"


def test_a_student_cannot_rewrite_answers_cost_or_bind_identities(tenantdb, seeded_db):
    """Findings: a student rewrote the assistant's answers and cost, their own email / SSO / LTI
    binding and their cognitive profile. Each is refused with 42501 now."""
    student = PERSON["student"]
    attempts = [
        "UPDATE app.messages SET content = 'rewritten' WHERE role = 'assistant'",
        "UPDATE app.messages SET cost_usd = 0, input_tokens = 0",
        "UPDATE app.users SET email = 'someone@else.example'",
        "UPDATE app.users SET sso_provider = 'google', sso_id = 'unclaimed-subject'",
        "UPDATE app.users SET lti_user_id = 'lti-someone-else'",
        "UPDATE app.learner_profiles SET cognitive_profile = '{\"learning_velocity\": 99}'",
        "UPDATE app.learner_profiles SET lti_user_id = 'lti-someone-else'",
    ]
    with tenantdb.connect(seeded_db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, TENANT_A.id, student):
        for statement in attempts:
            try:
                with conn.transaction(force_rollback=True):
                    got = conn.execute(statement).rowcount
                state = f"updated {got} rows"
            except psycopg.Error as exc:
                state = exc.sqlstate
            assert state == "42501", f"{statement!r} as a student: {state}"


def test_created_by_is_the_acting_person_not_the_one_claimed(tenantdb, seeded_db):
    """Finding: authorship of workspace artifacts could be spoofed. Naming created_by is refused;
    left out, it is the acting person."""
    admin, someone = PERSON["admin"], PERSON["student"]
    with tenantdb.connect(seeded_db) as su:
        ws = su.execute("SELECT id FROM app.workspaces WHERE tenant_id = %s LIMIT 1", (TENANT_A.id,)).fetchone()[0]
    with tenantdb.connect(seeded_db, role=APP_ROLE) as conn, conn.transaction(force_rollback=True), \
            tenant_transaction(conn, TENANT_A.id, admin) as cur:
        spoofed = {"tenant_id": TENANT_A.id, "workspace_id": ws, "name": "Spoof", "artifact_type": "prd",
                   "created_by": someone}
        assert try_insert(conn, "artifacts", spoofed) == "42501"
        made = cur.execute("INSERT INTO app.artifacts (tenant_id, workspace_id, name, artifact_type)"
                           " VALUES (%s, %s, 'Mine', 'prd') RETURNING created_by", (TENANT_A.id, ws)).fetchone()[0]
        assert str(made) == admin
        made = cur.execute("INSERT INTO app.workspaces (tenant_id, name) VALUES (%s, 'Mine') RETURNING created_by",
                           (TENANT_A.id,)).fetchone()[0]
        assert str(made) == admin

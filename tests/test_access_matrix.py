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

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import project_root

MATRIX = tomllib.loads((project_root() / "sql" / "access_matrix.toml").read_text())
TENANT_A, TENANT_B = DEMO_TENANTS
ACTORS = ("student", "educator", "coach", "admin", "service")
OPERATIONS = ("select", "insert", "update", "delete")
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
    return dict(zip(names, rows[0]))


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


def cells():
    # Views have no tenant_id to count by: tests/test_rag_views.py checks them against their base tables.
    for table in sorted(t for t in MATRIX if not t.startswith("v_")):
        for actor in ACTORS:
            for op in OPERATIONS:
                yield pytest.param(table, actor, op, id=f"{table}-{actor}-{op}")


@pytest.mark.parametrize("table,actor,op", list(cells()))
def test_access_matrix_cell(tenantdb, seeded_db, table, actor, op):
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
                col = next(c for c in columns(conn, table) if c not in NOT_UPDATABLE)
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
            row = dict(template)
            if "id" in row and table != "tenants":
                row["id"] = str(uuid.uuid4())
            if scope == "own" and own_column and person:
                row[own_column] = person
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
                row = {**outsider, "id": str(uuid.uuid4())}
                state = try_insert(conn, table, row)
                assert state == "42501", \
                    f"{actor} inserted into app.{table} in a workspace where they lack the member role ({state})"
            row = {**template, "tenant_id" if table != "tenants" else "id": TENANT_B.id}
            if "id" in row and table != "tenants":
                row["id"] = str(uuid.uuid4())
            state = try_insert(conn, table, row)
            assert state == "42501", f"{actor} inserted a row for tenant {TENANT_B.slug} into app.{table} ({state})"

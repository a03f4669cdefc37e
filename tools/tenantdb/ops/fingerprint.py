"""Row counts and checksums per table and per tenant, found from the catalog.

Every table in a schema owned by ``tenantdb_owner`` (app, app_private, archive, ...) is
covered, so a table added by a later change is included without edits. A table with a
``tenant_id`` column is summed per tenant; ``app.tenants`` per its ``id``; any other table as
a whole under the key ``"*"``. The checksum is md5 over the rows' text forms sorted by that
text, so it depends on the data only (not on physical order): a dump and its restore, or an
export and its import, give the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..settings import OWNER_ROLE

#: Key of a table that has no tenant column.
WHOLE_TABLE = "*"


@dataclass(frozen=True)
class TableInfo:
    schema: str
    name: str
    tenant_column: str | None

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def ident(self) -> sql.Identifier:
        return sql.Identifier(self.schema, self.name)


def owned_tables(conn: psycopg.Connection) -> list[TableInfo]:
    """Ordinary and partitioned tables (not partitions) of the schemas the owner role owns that the
    connected role may read (the maintenance role cannot read secrets such as the context signing
    key or the client login bindings, and a fingerprint must not fail on them)."""
    rows = conn.execute(
        """
        SELECT n.nspname, c.relname,
               CASE WHEN n.nspname = 'app' AND c.relname = 'tenants' THEN 'id'
                    WHEN EXISTS (SELECT FROM pg_catalog.pg_attribute a
                                 WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                    THEN 'tenant_id' END
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspowner = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = %s)
          AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND pg_catalog.has_table_privilege(c.oid, 'SELECT')
        ORDER BY 1, 2""", (OWNER_ROLE,)).fetchall()
    return [TableInfo(s, n, t) for s, n, t in rows]


def table_fingerprint(conn: psycopg.Connection, table: TableInfo,
                      tenant: str | None = None) -> dict[str, dict[str, object]]:
    """{tenant id (or "*"): {"rows": n, "md5": hex}} of one table; only `tenant` when given."""
    group = sql.SQL("t.{}::text").format(sql.Identifier(table.tenant_column)) if table.tenant_column \
        else sql.Literal(WHOLE_TABLE)
    where = sql.SQL("true")
    if tenant is not None and table.tenant_column:
        where = sql.SQL("t.{} = {}::uuid").format(sql.Identifier(table.tenant_column), sql.Literal(tenant))
    query = sql.SQL(
        "SELECT {group} AS k, count(*), md5(string_agg(t::text, E'\\n' ORDER BY t::text))"
        " FROM {table} AS t WHERE {where} GROUP BY 1").format(group=group, table=table.ident, where=where)
    return {k: {"rows": n, "md5": m} for k, n, m in conn.execute(query).fetchall()}


def database_fingerprint(conn: psycopg.Connection) -> dict[str, dict[str, dict[str, object]]]:
    """{schema.table: {tenant: {"rows", "md5"}}} of every owned table (empty tables: {})."""
    return {t.qualified: table_fingerprint(conn, t) for t in owned_tables(conn)}


def compare(expected: dict[str, dict[str, dict[str, object]]],
            actual: dict[str, dict[str, dict[str, object]]]) -> list[str]:
    """Every difference between two fingerprints, as sentences (empty: equal)."""
    problems: list[str] = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: missing")
            continue
        if table not in expected:
            problems.append(f"{table}: not in the manifest")
            continue
        want, got = expected[table], actual[table]
        for key in sorted(set(want) | set(got)):
            w, g = want.get(key), got.get(key)
            if w != g:
                problems.append(f"{table} [{key}]: expected {w}, found {g}")
    return problems


def totals(fingerprint: dict[str, dict[str, dict[str, object]]]) -> dict[str, int]:
    """Rows per table (all tenants)."""
    return {t: sum(int(v["rows"]) for v in per.values()) for t, per in fingerprint.items()}  # type: ignore[call-overload]


def plan_position(conn: psycopg.Connection) -> dict[str, object]:
    """The last deployed Sqitch change and tag of this database (registry schema `sqitch`)."""
    readable = conn.execute(
        "SELECT bool_and(has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')), count(*)"
        " FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid"
        " WHERE n.nspname = 'sqitch' AND c.relname IN ('changes', 'tags')").fetchone()
    if not (readable and readable[0] and readable[1] == 2):  # not deployed with Sqitch, or a role that may not read the registry
        return {"change": None, "tag": None, "changes": 0}
    change = conn.execute(
        "SELECT change, change_id, committed_at FROM sqitch.changes ORDER BY committed_at DESC LIMIT 1").fetchone()
    tag = conn.execute("SELECT tag FROM sqitch.tags ORDER BY committed_at DESC LIMIT 1").fetchone()
    count = conn.execute("SELECT count(*) FROM sqitch.changes").fetchone()
    return {"change": change[0] if change else None, "change_id": change[1] if change else None,
            "deployed_at": str(change[2]) if change else None, "tag": tag[0] if tag else None,
            "changes": count[0] if count else 0}

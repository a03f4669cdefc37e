"""What the side-channel tests share: pricing tenant_id as one of 1,000 tenants, and the rows a
person's EXPLAIN ANALYZE shows removed by a filter (a count of rows the policies hide).

Used by tests/test_side_channels.py (demo seed), tests/test_bench.py (bench data) and
tests/test_side_channels_at_scale.py (the quick bench shape)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import psycopg

from tenantdb.bench import plan_nodes
from tenantdb.context import tenant_transaction

#: A table and its partitions. pg_partition_tree() alone returns no row for a table that is not
#: partitioned (session 4: n_distinct was then silently never set on learning_sessions).
RELATIONS_OF_TABLE_SQL = ("SELECT %(t)s::regclass::text"
                          " UNION SELECT relid::regclass::text FROM pg_partition_tree(%(t)s::regclass)")


def set_tenant_id_n_distinct(conn: psycopg.Connection, tables: Iterable[str], option: str) -> None:
    """`ALTER COLUMN tenant_id <option>` on each table (schema-qualified) and its partitions, then
    ANALYZE: "SET (n_distinct = 1000)" prices every tenant as one of 1,000, "RESET (n_distinct)"
    undoes it. `conn` is an autocommit owner or superuser connection."""
    for table in tables:
        for (rel,) in conn.execute(RELATIONS_OF_TABLE_SQL, {"t": table}).fetchall():
            conn.execute(f"ALTER TABLE {rel} ALTER COLUMN tenant_id {option}")
        conn.execute(f"ANALYZE {table}")


def tenant_id_n_distinct(conn: psycopg.Connection, tables: Iterable[str]) -> dict[str, float]:
    """n_distinct of tenant_id in each table's and partition's own statistics (a partitioned
    parent has inherited ones only), by table name."""
    names = [rel.rsplit(".", 1)[-1] for table in tables
             for (rel,) in conn.execute(RELATIONS_OF_TABLE_SQL, {"t": table}).fetchall()]
    return dict(conn.execute("SELECT tablename::text, n_distinct FROM pg_stats WHERE schemaname = 'app'"
                             " AND attname = 'tenant_id' AND NOT inherited AND tablename = ANY(%s)",
                             (names,)).fetchall())


def rows_removed_by_filter(conn: psycopg.Connection, tenant_id: str, person_id: str, query: str,
                           tables: Iterable[str]) -> dict[str, int]:
    """EXPLAIN ANALYZE of `query` as the person (a client-role connection, rolled back): for each
    of `tables` (unqualified names) the plan reads, the rows a filter or an index recheck removed.
    Fails if the plan reads none of them (the check would then prove nothing)."""
    wanted = set(tables)
    with conn.transaction(force_rollback=True), tenant_transaction(conn, tenant_id, person_id) as cur:
        raw = cur.execute("EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF, COSTS OFF) " + query).fetchone()
    assert raw is not None
    plan = (json.loads(raw[0]) if isinstance(raw[0], str) else raw[0])[0]["Plan"]
    removed: dict[str, int] = {}
    for node in plan_nodes(plan):
        table = node.get("Relation Name")
        if table in wanted:
            removed[table] = removed.get(table, 0) + node.get("Rows Removed by Filter", 0) \
                + node.get("Rows Removed by Index Recheck", 0)
    assert removed, f"the plan reads none of {sorted(wanted)}: {query}\n{json.dumps(plan, indent=1)}"
    return removed

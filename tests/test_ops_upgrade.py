"""Every change after the @v0.1.0 tag (the operations changes among them) deploys onto a seeded
v0.1.0 database and keeps every row; each reverts and redeploys cleanly there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import sql

from tenantdb.database import admin_connect, drop_database, ensure_database
from tenantdb.ops import fingerprint
from tenantdb.retention import fill_sync_logs
from tenantdb.retention import run as run_retention
from tenantdb.schema_dump import schema_dump
from tenantdb.seed import run_seed
from tenantdb.settings import project_root
from tenantdb.sqitch import run_sqitch

#: Changes cluster-wide role state (deploys @v0.1.0 or reverts role changes): one such test at a time.
pytestmark = pytest.mark.usefixtures("cluster_roles_lock")



def changes_after_v010() -> list[str]:
    lines = [line.split()[0] for line in (project_root() / "sqitch.plan").read_text().splitlines()
             if line.strip() and line[0] not in "%#"]
    return [c for c in lines[lines.index("@v0.1.0") + 1:] if not c.startswith("@")]


OPS_CHANGES = changes_after_v010()


@pytest.fixture
def v010_db(tenantdb, request) -> Iterator[str]:
    name = tenantdb.new_name("v010")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    yield name
    drop_database(tenantdb.backend, name)


def sqitch(tenantdb, db: str, *args: str) -> None:
    result = run_sqitch(tenantdb.backend, args[0], list(args[1:]), dbname=db, capture=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ops_changes_deploy_onto_seeded_v010_and_keep_every_row(tenantdb, v010_db):
    assert {"ops/tenant_erasure", "retention/archive_purge"} <= set(OPS_CHANGES)
    sqitch(tenantdb, v010_db, "deploy", "--to", "@v0.1.0")
    run_seed(tenantdb.backend, v010_db)
    fill_sync_logs(tenantdb.backend.conninfo(v010_db), 3)
    # Archived rows as a v0.1.0 database holds them. Today's retention upserts its copies (ON CONFLICT
    # DO UPDATE, granted to the maintenance group by retention/archive_idempotent, after the tag), so
    # on the v0.1.0 schema only the superuser may run it.
    run_retention(tenantdb.backend.conninfo(v010_db))
    with admin_connect(tenantdb.backend, v010_db) as conn:
        # Tenant data (tables with a tenant column): plan-owned configuration such as
        # archive.retention_targets is updated by later changes on purpose.
        columns = {t.qualified: column_names(conn, t.qualified) for t in fingerprint.owned_tables(conn) if t.tenant_column}
        before = {t: rows_digest(conn, t, cols) for t, cols in columns.items()}
    for i, change in enumerate(OPS_CHANGES):
        previous = "@v0.1.0" if i == 0 else OPS_CHANGES[i - 1]
        base = schema_dump(tenantdb.backend, v010_db)
        sqitch(tenantdb, v010_db, "deploy", "--to", change)
        deployed = schema_dump(tenantdb.backend, v010_db)
        sqitch(tenantdb, v010_db, "revert", "-y", "--to", previous)
        assert schema_dump(tenantdb.backend, v010_db) == base, f"reverting {change} did not restore the schema"
        sqitch(tenantdb, v010_db, "deploy", "--to", change)
        sqitch(tenantdb, v010_db, "verify")
        assert schema_dump(tenantdb.backend, v010_db) == deployed, f"redeploying {change} gave another schema"
    with admin_connect(tenantdb.backend, v010_db) as conn:
        after = {t: rows_digest(conn, t, cols) for t, cols in columns.items()}
    assert after == before  # every row of every v0.1.0 table, compared on its v0.1.0 columns


def column_names(conn, table: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                                       " AND NOT attisdropped ORDER BY attnum", (table,))]


def rows_digest(conn, table: str, cols: list[str]) -> tuple[int, str | None]:
    """(rows, md5 of the rows restricted to `cols`): a column added later does not change it."""
    schema, _, name = table.partition(".")
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(sql.Identifier(c) for c in cols))
    n, digest = conn.execute(sql.SQL("SELECT count(*), md5(string_agg({r}, E'\\n' ORDER BY {r})) FROM {t}").format(
        r=row, t=sql.Identifier(schema, name))).fetchone()
    return n, digest

"""Databases deployed from the first release exist in the field: deploying the changes after
@v0.1.0 onto a seeded v0.1.0 database succeeds, keeps every row, and reverting them returns the
v0.1.0 schema with the rows still there."""

from __future__ import annotations

import pytest

from tenantdb.database import drop_database, ensure_database
from tenantdb.schema_dump import schema_dump
from tenantdb.seed import run_seed, table_checksums
from tenantdb.sqitch import run_sqitch

#: Changes cluster-wide role state (deploys @v0.1.0 or reverts role changes): one such test at a time.
pytestmark = pytest.mark.usefixtures("cluster_roles_lock")



@pytest.fixture
def v010_db(tenantdb, request):
    name = tenantdb.new_name("upgrade")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    yield name
    drop_database(tenantdb.backend, name)


def sqitch(tenantdb, dbname, command, *args):
    result = run_sqitch(tenantdb.backend, command, list(args), dbname=dbname, capture=True)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"


def test_upgrading_a_seeded_v0_1_0_database_keeps_every_row(tenantdb, v010_db):
    sqitch(tenantdb, v010_db, "deploy", "--to", "@v0.1.0")
    run_seed(tenantdb.backend, v010_db)
    rows = table_checksums(tenantdb.backend, v010_db)
    release_schema = schema_dump(tenantdb.backend, v010_db)
    assert sum(n for n, _ in rows.values()) > 100
    sqitch(tenantdb, v010_db, "deploy")
    sqitch(tenantdb, v010_db, "verify")
    # Every row kept. (Later changes may add columns, e.g. retention_policies.archive_days, which
    # changes a row's text; that the rows' content is unchanged is checked after the revert.)
    upgraded = table_checksums(tenantdb.backend, v010_db)
    assert {t: n for t, (n, _) in upgraded.items() if t in rows} == {t: n for t, (n, _) in rows.items()}, \
        "the upgrade lost rows"
    sqitch(tenantdb, v010_db, "revert", "-y", "--to", "@v0.1.0")
    assert schema_dump(tenantdb.backend, v010_db) == release_schema, "reverting did not restore the v0.1.0 schema"
    assert table_checksums(tenantdb.backend, v010_db) == rows, "the upgrade and revert changed rows"

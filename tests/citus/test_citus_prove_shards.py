"""`tenantdb prove` on a Citus coordinator sees shards without their privileges (docs/scale-out.md,
"Session 4"): a shard made by isolate_tenant_to_new_shard, a split or a move has only Citus's
default grants until `tenantdb citus distribute --yes` gives it the table-level form of its
table's column grants (tenantdb.citus_shards); until then legitimate writes fail 42501 and the
proof must fail too, naming table, shard and role.

Marker `citus` (tests/citus/test_citus.py): needs TENANTDB_CITUS_URL, the coordinator's database
as its superuser, deployed, seeded and distributed. Revokes INSERT for tenantdb_app on every shard
of app.conversations and gives it back (the grant step of `citus distribute`), also on failure.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tenantdb.citus_shards import HINT, KIND, grant_column_writes_on_shards
from tenantdb.cli import app

pytestmark = pytest.mark.citus


def _prove(url: str) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["prove", "--json"], env={"DATABASE_URL": url, "TENANTDB_BACKEND": "external"})
    return result.exit_code, json.loads(result.stdout)


def test_prove_fails_on_a_shard_without_its_privileges_and_passes_after_the_grant(url, admin):
    failed = admin.execute("SELECT count(*) FROM run_command_on_shards('app.conversations',"
                           " 'REVOKE INSERT ON %1$s FROM tenantdb_app') WHERE NOT success").fetchone()
    try:
        assert failed == (0,)
        code, before = _prove(url)
    finally:
        assert grant_column_writes_on_shards(admin) == (True, None)
    ours = [f for f in before["failures"] if f.startswith("app.conversations shard ")]
    shards = admin.execute("SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'app.conversations'::regclass").fetchone()
    assert code != 0 and not before["ok"]
    assert len(ours) == shards[0] > 0, before["failures"][:5]
    assert all(f.endswith(f": tenantdb_app lacks INSERT on the shard; {HINT}") for f in ours), ours[:3]
    code, after = _prove(url)
    assert (code, after["failures"]) == (0, []) and after["by_kind"][KIND] > 0

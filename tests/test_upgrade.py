"""Upgrades an operator can follow: a database seeded at a release tag (sqitch deploy --to @tag,
then that release's demo data from tests/fixtures/upgrade/) takes the current plan with
`deploy`, verifies green, and keeps every row (per-table counts never go down). New changes
after the tag are picked up without edits here; a new tag needs its fixture
(`tenantdb.releases.write_upgrade_fixture`, see CHANGELOG.md)."""

from __future__ import annotations

import gzip
import os
import subprocess

import pytest
from psycopg import sql

from tenantdb.backend import client_bin
from tenantdb.database import drop_database, ensure_database
from tenantdb.releases import DATA_SCHEMAS, deployed_release, fixture_path, plan_tags
from tenantdb.sqitch import run_sqitch

#: Changes cluster-wide role state (deploys @v0.1.0 or reverts role changes): one such test at a time.
pytestmark = pytest.mark.usefixtures("cluster_roles_lock")



def row_counts(tenantdb, dbname: str) -> dict[str, int]:
    with tenantdb.connect(dbname, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s) ORDER BY 1, 2", (list(DATA_SCHEMAS),)).fetchall()
        return {f"{s}.{t}": conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(s, t))).fetchone()[0]
                for s, t in tables}


def sqitch(tenantdb, dbname: str, command: str, *args: str) -> str:
    result = run_sqitch(tenantdb.backend, command, list(args), dbname=dbname, capture=True)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def test_the_plan_tags_its_first_release():
    assert plan_tags()[0] == "@v0.1.0"


@pytest.mark.parametrize("tag", plan_tags())
def test_a_seeded_database_of_a_release_upgrades_to_the_current_plan_without_losing_rows(tenantdb, tag):
    fixture = fixture_path(tag)
    assert fixture.is_file(), f"release {tag} has no upgrade fixture {fixture}: see CHANGELOG.md, 'Cutting a release'"
    name = tenantdb.new_name(f"upgrade_{tag}")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    try:
        sqitch(tenantdb, name, "deploy", "--to", tag)
        load = subprocess.run(
            [client_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", tenantdb.backend.conninfo(name)],
            input=gzip.decompress(fixture.read_bytes()).decode(), capture_output=True, text=True, timeout=300,
            # the dump holds whole tables' data: load it as a restore does, without firing triggers
            env={**os.environ, "PGOPTIONS": "-c session_replication_role=replica"})
        assert load.returncode == 0, load.stderr
        before = row_counts(tenantdb, name)
        assert before["app.tenants"] >= 2 and before["app.users"] > 0, before
        with tenantdb.connect(name, autocommit=True) as conn:
            assert deployed_release(conn).tag == tag

        sqitch(tenantdb, name, "deploy")
        sqitch(tenantdb, name, "verify")
        after = row_counts(tenantdb, name)
        lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t) is None or after[t] < n}
        assert lost == {}, f"rows lost by the upgrade from {tag} (table: before, after): {lost}"
        with tenantdb.connect(name, autocommit=True) as conn:
            release = deployed_release(conn)
        assert release.tag == plan_tags()[-1]
        print(f"upgrade {tag} -> current plan: {sum(before.values())} rows kept in {len(before)} tables; "
              f"{release.sentence()}")
    finally:
        drop_database(tenantdb.backend, name)


def test_the_package_version_is_in_step_with_the_plan_tags():
    """A release version has its tag in the plan; between releases the version is the next one
    with .devN, above the newest tag (CHANGELOG.md, 'Cutting a release')."""
    import re
    import tomllib

    from tenantdb import __version__
    from tenantdb.settings import project_root

    version = tomllib.loads((project_root() / "pyproject.toml").read_text())["project"]["version"]
    assert version == __version__, "pyproject.toml and tenantdb.__version__ disagree"
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)(\.dev\d+)?", version)
    assert match, f"version {version} is not X.Y.Z or X.Y.Z.devN"
    newest = tuple(int(n) for n in plan_tags()[-1].lstrip("@v").split("."))
    numbers = tuple(int(n) for n in match.groups()[:3])
    if match.group(4):
        assert numbers > newest, f"{version} must be above the newest tag {plan_tags()[-1]}"
    else:
        assert f"@v{version}" in plan_tags(), f"release {version} has no tag @v{version} in sqitch.plan"

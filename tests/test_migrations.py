"""Forward deploy and rollback: deploy -> verify -> revert -> deploy leaves an identical schema,
and every single change of the plan reverts cleanly and deploys again. New changes are picked
up from sqitch.plan without edits here."""

from __future__ import annotations

import pytest

from tenantdb import settings
from tenantdb.database import drop_database, ensure_database
from tenantdb.schema_dump import schema_dump
from tenantdb.sqitch import plan_changes, run_sqitch

#: Changes cluster-wide role state (deploys @v0.1.0 or reverts role changes): one such test at a time.
pytestmark = pytest.mark.usefixtures("cluster_roles_lock")



@pytest.fixture
def empty_db(tenantdb, request):
    name = tenantdb.new_name(request.node.name)
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    yield name
    drop_database(tenantdb.backend, name)


def sqitch(tenantdb, dbname, command, *args):
    result = run_sqitch(tenantdb.backend, command, list(args), dbname=dbname, capture=True)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result


def test_full_cycle_leaves_an_identical_schema(tenantdb, empty_db):
    empty = schema_dump(tenantdb.backend, empty_db)
    sqitch(tenantdb, empty_db, "deploy")
    sqitch(tenantdb, empty_db, "verify")
    deployed = schema_dump(tenantdb.backend, empty_db)
    assert "CREATE TABLE app.users" in deployed

    sqitch(tenantdb, empty_db, "revert", "-y")
    assert schema_dump(tenantdb.backend, empty_db) == empty, "revert left objects behind"

    sqitch(tenantdb, empty_db, "deploy")
    redeployed = schema_dump(tenantdb.backend, empty_db)
    assert redeployed == deployed


def test_the_plan_lists_every_change_once_with_all_three_scripts():
    """The cycle below walks plan_changes(): it must be every change, each with its scripts."""
    root = settings.project_root()
    changes = plan_changes()
    assert len(changes) == len(set(changes)), "a change is listed twice"
    deployed = {p.relative_to(root / "deploy").with_suffix("").as_posix() for p in (root / "deploy").rglob("*.sql")}
    assert set(changes) == deployed, f"plan and deploy/ disagree: {set(changes) ^ deployed}"
    for change in changes:
        for kind in ("revert", "verify"):
            assert (root / kind / f"{change}.sql").is_file(), f"{kind}/{change}.sql is missing"
    assert len(changes_up_to_tag("v0.1.0")) == RELEASED_CHANGES


def changes_up_to_tag(tag: str) -> list[str]:
    names: list[str] = []
    for line in (settings.project_root() / "sqitch.plan").read_text().splitlines():
        if line.startswith(f"@{tag} "):
            return names
        if line.strip() and line[0] not in "%#@":
            names.append(line.split()[0])
    raise AssertionError(f"tag @{tag} is not in sqitch.plan")


#: Changes of release v0.1.0 (they can never change; new ones are appended after the tag).
RELEASED_CHANGES = 50


@pytest.mark.slow
def test_every_change_reverts_cleanly_and_redeploys(tenantdb, empty_db):
    """Every change, one at a time: deploying it forward is recorded (schema D[i]); reverting
    the plan one change at a time must restore D[i-1] exactly after each step; deploying the
    whole plan again must give D[n]; verify passes after both deploys. Half the sqitch and
    pg_dump runs of deploy-revert-redeploy per change, and the same coverage: each revert is
    compared with the exact schema before its change, and the redeploy starts from states
    proven identical to the first deploy's."""
    changes = plan_changes()
    dumps = [schema_dump(tenantdb.backend, empty_db)]
    for change in changes:
        sqitch(tenantdb, empty_db, "deploy", "--to", change)
        dumps.append(schema_dump(tenantdb.backend, empty_db))
    assert len(dumps) == len(changes) + 1
    sqitch(tenantdb, empty_db, "verify")
    for i in range(len(changes), 0, -1):
        sqitch(tenantdb, empty_db, "revert", "-y", *(["--to", changes[i - 2]] if i > 1 else []))
        assert schema_dump(tenantdb.backend, empty_db) == dumps[i - 1], f"reverting {changes[i - 1]} did not restore the schema"
    sqitch(tenantdb, empty_db, "deploy")
    sqitch(tenantdb, empty_db, "verify")
    assert schema_dump(tenantdb.backend, empty_db) == dumps[-1], "redeploying the plan gave another schema"


def test_failed_deploy_leaves_the_database_as_it_was(tenantdb, empty_db, tmp_path, monkeypatch):
    """A broken change: sqitch's transaction rolls it back, and mode=all reverts the whole run."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(settings.project_root(), project,
                    ignore=shutil.ignore_patterns(".venv", ".tenantdb", ".git", "__pycache__"))
    (project / "deploy" / "zz_broken.sql").write_text(
        "BEGIN;\nCREATE TABLE app.half_done (id int);\nSELECT no_such_function();\nCOMMIT;\n")
    (project / "revert" / "zz_broken.sql").write_text("BEGIN;\nDROP TABLE app.half_done;\nCOMMIT;\n")
    (project / "verify" / "zz_broken.sql").write_text("SELECT 1;\n")
    with (project / "sqitch.plan").open("a") as fh:
        fh.write("zz_broken 2026-11-23T07:00:00Z tenantdb harness <tenantdb@localhost> # broken on purpose\n")
    monkeypatch.setenv("TENANTDB_PROJECT", str(project))
    settings.project_root.cache_clear()
    try:
        result = run_sqitch(tenantdb.backend, "deploy", [], dbname=empty_db, capture=True)
    finally:
        settings.project_root.cache_clear()
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "zz_broken" in output and "no_such_function" in output, output
    # mode=all: every change of the failed run was reverted, so nothing of the plan remains.
    assert "CREATE TABLE" not in schema_dump(tenantdb.backend, empty_db)

"""Forward deploy and rollback: deploy -> verify -> revert -> deploy leaves an identical schema,
and every single change of the plan reverts cleanly and deploys again. New changes are picked
up from sqitch.plan without edits here."""

from __future__ import annotations

import pytest

from tenantdb.database import drop_database, ensure_database
from tenantdb.schema_dump import schema_dump
from tenantdb.sqitch import plan_changes, run_sqitch


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


@pytest.mark.slow
def test_every_change_reverts_cleanly_and_redeploys(tenantdb, empty_db):
    changes = plan_changes()
    assert len(changes) >= 8
    before = schema_dump(tenantdb.backend, empty_db)
    for i, change in enumerate(changes):
        sqitch(tenantdb, empty_db, "deploy", "--to", change)
        after = schema_dump(tenantdb.backend, empty_db)
        sqitch(tenantdb, empty_db, "revert", "-y", *(["--to", changes[i - 1]] if i else []))
        reverted = schema_dump(tenantdb.backend, empty_db)
        assert reverted == before, f"reverting {change} did not restore the schema"
        sqitch(tenantdb, empty_db, "deploy", "--to", change)
        sqitch(tenantdb, empty_db, "verify", "--to", change)
        assert schema_dump(tenantdb.backend, empty_db) == after, f"redeploying {change} gave another schema"
        before = after


def test_failed_deploy_leaves_the_database_as_it_was(tenantdb, empty_db, tmp_path, monkeypatch):
    """A broken change: sqitch's transaction rolls it back, and mode=all reverts the whole run."""
    import shutil

    from tenantdb import settings

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

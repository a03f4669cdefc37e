"""The database layer and the tools module: one owner for connections and one for programs.

Also the regression test for the `--backend` bug of issue 19: `TestDatabases.start()` used to
call `get_backend()` with no arguments, so with DATABASE_URL set and `--backend embedded` given,
`prove` and `report` cloned the template on one server and ran on another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import psycopg
import pytest

from tenantdb import tools
from tenantdb.backend import get_backend
from tenantdb.database import Database, admin_connect
from tenantdb.errors import BadInput
from tenantdb.report import report_database
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import APP_ROLE, SERVICE_ROLE, Settings
from tenantdb.testing import TestDatabases

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "tenantdb"
#: An address where nothing listens: a backend built from it can never be the one used.
UNREACHABLE_URL = "postgresql://nobody@127.0.0.1:1/nowhere?connect_timeout=1"


def _calls(path: Path) -> set[str]:
    """Dotted names of everything called or imported in a module (e.g. 'psycopg.connect', 'subprocess')."""
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            names.add(f"{node.func.value.id}.{node.func.attr}")
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_database_layer_calls_psycopg_connect() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if "psycopg.connect" in _calls(p) and p.name != "database.py"]
    assert offenders == [], f"psycopg.connect outside tenantdb/database.py: {offenders}"


def test_only_the_tools_module_runs_programs() -> None:
    offenders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if "subprocess" in _calls(p) and p.name != "tools.py"]
    assert offenders == [], f"subprocess outside tenantdb/tools.py: {offenders}"


def test_start_uses_the_backend_it_is_given(tenantdb: TestDatabases, monkeypatch: pytest.MonkeyPatch) -> None:
    """With DATABASE_URL pointing elsewhere, the backend the CLI chose (--backend embedded) is used."""
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_URL)
    monkeypatch.delenv("TENANTDB_BACKEND", raising=False)
    assert get_backend().name == "external", "the environment alone must point at the unreachable server"
    chosen = get_backend(Settings.from_env(tenantdb.backend.settings.port, "embedded"))
    dbs = TestDatabases.start(chosen)
    assert dbs.backend is chosen
    assert dbs.template == tenantdb.template
    with dbs.clone("backend_bug") as name, dbs.connect(name) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (name,)


def test_report_clones_on_the_backend_it_is_given(tenantdb: TestDatabases, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_URL)
    chosen = get_backend(Settings.from_env(tenantdb.backend.settings.port, "embedded"))
    with report_database(chosen, None) as name:
        assert Database(chosen, name).exists()


def test_database_connects_as_the_role_asked(tenantdb: TestDatabases, module_db: str) -> None:
    db = tenantdb.database(module_db)
    login = tenantdb.backend.login_for(APP_ROLE)  # the group's login (security/group_roles)
    with db.connect(APP_ROLE) as conn:
        assert conn.execute("SELECT current_user, pg_has_role(current_user, %s, 'USAGE')",
                            (APP_ROLE,)).fetchone() == (login, True)
        assert not conn.autocommit
    with db.admin() as conn:
        assert conn.autocommit
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (True,)
    with admin_connect(tenantdb.backend, module_db) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (module_db,)
    assert db.url(APP_ROLE).startswith(f"postgresql://{login}@")


def test_database_tenant_sets_the_context_for_one_transaction(tenantdb: TestDatabases, seeded_db: str) -> None:
    db = tenantdb.database(seeded_db)
    tenant = DEMO_TENANTS[0]
    with db.tenant(SERVICE_ROLE, tenant.id) as cur:
        seen = {r[0] for r in cur.execute("SELECT DISTINCT tenant_id::text FROM app.users")}
        assert seen == {tenant.id}
    with pytest.raises(BadInput), db.tenant(SERVICE_ROLE, "not-a-uuid"):
        pass


def test_database_of_defaults_to_the_configured_database(tenantdb: TestDatabases) -> None:
    assert Database.of(tenantdb.backend).name == tenantdb.backend.settings.database
    assert Database.of(tenantdb.backend, "other").name == "other"


def test_connection_errors_are_psycopg_errors(tenantdb: TestDatabases) -> None:
    with pytest.raises(psycopg.OperationalError):
        Database(tenantdb.backend, "no_such_database_layer_test").connect(connect_timeout=2)


# ----------------------------------------------------------------------------- tools module
def test_tool_env_turns_conninfo_into_libpq_variables() -> None:
    env = tools.tool_env("host=db.example port=6543 user=alice dbname=d password=s3cret",
                         extra={"X": "1"}, base={"PATH": "/bin"})
    assert env == {"PATH": "/bin", "PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "alice",
                   "PGDATABASE": "d", "PGPASSWORD": "s3cret", "X": "1"}


def test_a_tool_that_overruns_its_timeout_is_stopped_and_named() -> None:
    with pytest.raises(tools.ToolTimeout, match="sleep did not finish within 0.5 s"):
        tools.run(["sleep", "60"], timeout=0.5)


def test_a_missing_program_is_a_tool_missing_error() -> None:
    with pytest.raises(tools.ToolMissing):
        tools.run(["/nonexistent/tenantdb-no-such-tool"])


def test_psql_file_runs_as_the_conninfo_says(tenantdb: TestDatabases, module_db: str, tmp_path: Path) -> None:
    script = tmp_path / "who.sql"
    script.write_text("SELECT current_user, current_database();\n")
    result = tools.psql_file(tenantdb.backend.conninfo(module_db, APP_ROLE), script)
    assert result.ok, result.stderr
    assert result.stdout.strip() == f"{tenantdb.backend.login_for(APP_ROLE)}|{module_db}"
    assert "password" not in " ".join(result.argv)


def test_pg_dump_failure_is_reported_with_its_output(tenantdb: TestDatabases) -> None:
    result = tools.pg_dump(tenantdb.backend.conninfo("no_such_database_dump"), ["--schema-only"], timeout=30)
    assert not result.ok and "no_such_database_dump" in result.output()


def test_cli_prove_runs_on_the_backend_the_options_choose(tenantdb: TestDatabases) -> None:
    """The bug end to end: DATABASE_URL points elsewhere, `--backend embedded --port N` is given;
    the proof must clone and run on the embedded server (it used to try DATABASE_URL's)."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": UNREACHABLE_URL}
    env.pop("TENANTDB_BACKEND", None)
    env.pop("TENANTDB_PORT", None)
    port = str(tenantdb.backend.settings.port)
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "--backend", "embedded", "--port", port, "prove", "--json"],
                          capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["ok"] is True and result["checks"] > 100 and result["failures"] == []


def test_a_seeded_clone_holds_exactly_what_run_seed_makes(tenantdb: TestDatabases) -> None:
    """clone_seeded() (the seeded template) stands in for run_seed() on a fresh clone: same rows."""
    from tenantdb.seed import run_seed, table_checksums

    # Rows that differ between two seed runs by design: audit entries carry the time and a
    # random id of the run; credentials are encrypted with a random nonce; conversations that the
    # seed attaches to a workspace (seeds/chat_workspaces.py, an UPDATE) get the run's updated_at.
    per_run = {"audit_log", "external_connections", "conversations"}
    with tenantdb.clone_seeded("seeded_equal") as seeded, tenantdb.clone("seeded_fresh") as fresh:
        run_seed(tenantdb.backend, fresh)
        a, b = table_checksums(tenantdb.backend, seeded), table_checksums(tenantdb.backend, fresh)
    assert {t: n for t, (n, _) in a.items()} == {t: n for t, (n, _) in b.items()}
    assert {t: m for t, (_, m) in a.items() if t not in per_run} == {t: m for t, (_, m) in b.items() if t not in per_run}
    assert a["tenants"][0] == 2 and a["users"][0] == 24

"""prove / lint / report on the database they are pointed at (issue 20, item 3): an operator's own
deployment is proven, linted and reported on itself, never on a clone, and is left exactly as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import sql

from tenantdb import target
from tenantdb.database import Database
from tenantdb.errors import BadInput
from tenantdb.proof import LEAKED
from tenantdb.prove_verdict import classify
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.testing import TestDatabases

#: Every schema the product owns: what "nothing left behind" is measured over.
SCHEMAS = ("app", "app_private", "archive", "cache_private")
#: An address where nothing listens.
UNREACHABLE_URL = "postgresql://nobody@127.0.0.1:1/nowhere?connect_timeout=1"


def every_row(tenantdb: TestDatabases, db: str) -> dict[str, tuple[int, str]]:
    """Row count and md5 of every table of the product schemas (as the superuser, RLS bypassed)."""
    out: dict[str, tuple[int, str]] = {}
    with tenantdb.connect(db, autocommit=True) as su:
        tables = su.execute("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            " WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p') ORDER BY 1, 2", (list(SCHEMAS),)).fetchall()
        for schema, name in tables:
            row = su.execute(sql.SQL("SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
                                     " FROM {} AS t").format(sql.Identifier(schema, name))).fetchone()
            assert row is not None
            out[f"{schema}.{name}"] = (row[0], row[1])
    return out


def cli(tenantdb: TestDatabases, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    unset = ("DATABASE_URL", "TENANTDB_BACKEND", "TENANTDB_DATABASE")
    base = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k not in unset}
    base.update(TENANTDB_PORT=str(tenantdb.backend.settings.port), **(env or {}))
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], env=base, capture_output=True, text=True, timeout=900)


def test_prove_on_a_target_passes_and_leaves_every_row_as_it_was(tenantdb: TestDatabases) -> None:
    with tenantdb.clone_seeded("target_prove") as db:
        before = every_row(tenantdb, db)
        proc = cli(tenantdb, "prove", "--db", db, "--json")
        after = every_row(tenantdb, db)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    print(f"target proof: {result['checks']} checks, {len(result['failures'])} failures in {result['seconds']} s")
    assert result["ok"] is True and result["failures"] == [] and result["checks"] > 1000
    assert result["target"]["database"] == db
    assert result["target"]["logins"] == {"tenantdb_app": "tenantdb_app_harness", "tenantdb_service": "tenantdb_service_harness"}
    assert {result["target"]["tenant_a"], result["target"]["tenant_b"]} == {t.id for t in DEMO_TENANTS}
    assert after == before, [t for t in before if before[t] != after.get(t)]
    # The demo tenants use every table: only the client proof (committed state) waits for --client-login.
    assert result["uncovered"] == ["tenantdb_client: not proven on a target without --client-login "
                                   "(a throw-away client login and signing key, removed afterwards)"]


def test_prove_on_a_target_with_client_login_proves_tenantdb_client_and_leaves_no_login(tenantdb: TestDatabases) -> None:
    """--client-login: tenantdb_client is proven on the target through a throw-away login and key,
    which are gone afterwards (the login dropped, the key retired); no product row changes."""
    with tenantdb.clone_seeded("target_client") as db:
        before = every_row(tenantdb, db)
        proc = cli(tenantdb, "prove", "--db", db, "--client-login", "--json")
        after = every_row(tenantdb, db)
        with tenantdb.connect(db, autocommit=True) as su:
            logins = su.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'tdbc_prove_%'").fetchone()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["ok"] is True and result["uncovered"] == [] and result["target"]["client_login"] is True
    assert result["by_kind"].get("client token select", 0) > 0 and result["by_kind"].get("client function", 0) > 0
    assert logins == (0,)
    keys = {t for t in before if "token_key" in t}
    assert {t: after[t] for t in before if t not in keys} == {t: before[t] for t in before if t not in keys}


def test_client_login_and_read_only_together_are_bad_usage(tenantdb: TestDatabases) -> None:
    proc = cli(tenantdb, "prove", "--db", "postgres", "--client-login", "--read-only")
    assert proc.returncode == 2 and "--client-login" in proc.stdout + proc.stderr


def test_prove_on_a_target_with_a_dropped_restrictive_policy_fails_naming_the_table(tenantdb: TestDatabases) -> None:
    with tenantdb.clone_seeded("target_broken") as db:
        with tenantdb.connect(db, autocommit=True) as su:
            su.execute("DROP POLICY tenant_isolation ON app.concepts")
        before = every_row(tenantdb, db)
        database = Database(tenantdb.backend, db)
        target.preflight(tenantdb.backend, database)
        proof, _ = target.prove_target(tenantdb.backend, database, target.choose_subjects(database))
        # the probes that did reach tenant B's rows (an educator's DELETE) were rolled back
        assert every_row(tenantdb, db) == before
    broken = [f for f in proof.failures if f.startswith("app.concepts: ")]
    assert any("in tenant A sees" in f and "rows of tenant B" in f for f in broken), proof.failures
    assert all(f.split(":")[0] in ("app.concepts", "app.concept_prerequisites_of(uuid)") for f in proof.failures), proof.failures
    # each failure says itself what it means and whose session it was (tenantdb.proof), no message parsed
    seen = [f for f in proof.findings if f.subject == "app.concepts" and f.kind == "cross-tenant select"]
    assert seen and {f.outcome for f in seen} == {LEAKED} and {f.role for f in seen} <= {"tenantdb_app", "tenantdb_service"}
    assert classify(proof.findings).by_class[LEAKED] >= len(seen)


def test_a_table_tenant_b_does_not_use_is_reported_uncovered_and_still_insert_probed(tenantdb: TestDatabases) -> None:
    """An operator's tenants need not use every table: such a table is listed as not covered (not a
    failure), and its cross-tenant INSERT probe copies another tenant's row."""
    b = DEMO_TENANTS[1]
    with tenantdb.clone_seeded("target_uncovered") as db:
        with tenantdb.connect(db, autocommit=True) as su:
            su.execute("DELETE FROM app.intervention_logs WHERE tenant_id = %s", (b.id,))
        database = Database(tenantdb.backend, db)
        subjects = target.choose_subjects(database, (DEMO_TENANTS[0].id, b.id))
        proof, _ = target.prove_target(tenantdb.backend, database, subjects)
    assert proof.failures == []
    assert any(u.startswith("app.intervention_logs: the two tenants do not both have rows") and "copied another tenant's row" in u
               for u in proof.uncovered), proof.uncovered


def test_prove_read_only_on_the_database_url_database(tenantdb: TestDatabases) -> None:
    """The external backend's target is DATABASE_URL's database (no --db); --read-only runs the reads only."""
    with tenantdb.clone_seeded("target_url") as db:
        before = every_row(tenantdb, db)
        proc = cli(tenantdb, "prove", "--read-only", "--json", env={"DATABASE_URL": tenantdb.backend.conninfo(db)})
        after = every_row(tenantdb, db)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["target"]["database"] == db and result["target"]["read_only"] is True
    assert result["failures"] == [] and "cross-tenant insert" not in result["by_kind"] and result["by_kind"]["cross-tenant select"] > 100
    assert after == before


def test_lint_finds_a_defect_planted_on_the_target(tenantdb: TestDatabases) -> None:
    with tenantdb.clone("target_lint") as db:
        with tenantdb.connect(db, autocommit=True) as su:
            su.execute("ALTER TABLE app.concepts NO FORCE ROW LEVEL SECURITY")
        proc = cli(tenantdb, "lint", "--db", db, "--only", "catalog", "--json")
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "app.concepts" in proc.stdout and "rls_not_forced" in proc.stdout


def test_report_renders_the_target_itself(tenantdb: TestDatabases, tmp_path: Path) -> None:
    with tenantdb.clone("target_report") as db:
        with tenantdb.connect(db, autocommit=True) as su:
            su.execute("COMMENT ON TABLE app.concepts IS 'planted on the target by test_prove_target'")
        proc = cli(tenantdb, "report", "--db", db, "--out", str(tmp_path), "--json")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "planted on the target by test_prove_target" in (tmp_path / "schema.sql").read_text()


# ------------------------------------------------------------------ refusals (exit 2, with a hint)
def test_a_target_missing_on_the_chosen_backend_names_the_server_and_database_url(tenantdb: TestDatabases) -> None:
    for command in ("prove", "lint", "report"):
        proc = cli(tenantdb, "--backend", "embedded", command, "--db", "no_such_target_db",
                   env={"DATABASE_URL": UNREACHABLE_URL})
        assert proc.returncode == 2, (command, proc.stdout[-1000:], proc.stderr[-1000:])
        assert "'no_such_target_db' does not exist on the embedded server at 127.0.0.1:" in proc.stderr
        assert "DATABASE_URL" in proc.stderr and "--backend" in proc.stderr


def test_backend_external_without_an_address_is_bad_usage(tenantdb: TestDatabases) -> None:
    proc = cli(tenantdb, "--backend", "external", "prove", "--db", "tenantdb")
    assert proc.returncode == 2 and "--backend external needs the server's address" in proc.stderr, proc.stderr


def test_target_only_options_without_a_target_are_bad_usage(tenantdb: TestDatabases) -> None:
    proc = cli(tenantdb, "prove", "--read-only")
    assert proc.returncode == 2 and "apply to a target" in proc.stderr, proc.stderr


def test_a_target_without_the_schema_or_the_logins_is_refused(tenantdb: TestDatabases, module_db: str) -> None:
    empty = f"tenantdb_t{os.getpid()}_target_empty"
    with tenantdb.connect("postgres", autocommit=True) as su:
        su.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(empty)))
    try:
        with pytest.raises(BadInput, match="has no tenantdb schema"):
            target.preflight(tenantdb.backend, Database(tenantdb.backend, empty))
    finally:
        with tenantdb.connect("postgres", autocommit=True) as su:
            su.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(empty)))
    url = tenantdb.backend.conninfo(module_db)
    proc = cli(tenantdb, "prove", "--json", env={"DATABASE_URL": url, "TENANTDB_TENANTDB_APP_LOGIN": "no_such_login"})
    assert proc.returncode == 2, proc.stdout[-1000:] + proc.stderr[-1000:]
    assert "as login no_such_login, which does not exist" in proc.stderr and "tenantdb role add" in proc.stderr
    with pytest.raises(BadInput, match="has 0 tenant"):
        target.choose_subjects(Database(tenantdb.backend, module_db))


def test_tenants_chooses_the_pair_and_a_bad_pair_is_bad_usage(tenantdb: TestDatabases, seeded_db: str) -> None:
    a, b = DEMO_TENANTS
    database = Database(tenantdb.backend, seeded_db)
    chosen = target.choose_subjects(database, (b.id, a.id))
    assert (chosen.a, chosen.b, chosen.b_slug) == (b.id, a.id, a.slug)
    assert chosen.person("student") is not None and chosen.person("service") is None and not chosen.demo
    with pytest.raises(BadInput, match="two different tenants"):
        target.choose_subjects(database, (a.id, a.id))
    for bad in ("just-one", f"{a.id},00000000-0000-4000-8000-000000000000"):
        proc = cli(tenantdb, "prove", "--db", seeded_db, "--tenants", bad)
        assert proc.returncode == 2, (bad, proc.stderr)

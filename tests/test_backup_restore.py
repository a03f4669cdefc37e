"""tenantdb backup / restore: a round trip proven by counts, checksums, sqitch verify and the
isolation proof; bad input (corrupt backup, non-empty target, unwritable directory) refused
with the source untouched; retention of old backups."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from tenantdb.database import admin_connect, database_exists, drop_database
from tenantdb.errors import BadInput, TenantDBError
from tenantdb.ops import fingerprint
from tenantdb.ops.backup import MANIFEST, backup, list_backups, prune, roles_sql
from tenantdb.ops.health import lookup_operator_flags
from tenantdb.ops.restore import BackupDamaged, read_manifest, restore
from tenantdb.releases import plan_tags
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import APP_ROLE
from tenantdb.testing import TestDatabases

#: Runs `sqitch verify` (restore, health): not while another test changes cluster-wide role state.
pytestmark = pytest.mark.usefixtures("cluster_roles_stable")


TENANT_A, TENANT_B = DEMO_TENANTS


def _fp(dbs: TestDatabases, db: str) -> dict:
    with admin_connect(dbs.backend, db) as conn:
        return fingerprint.database_fingerprint(conn)


@pytest.fixture(scope="module")
def made_backup(tenantdb: TestDatabases, seeded_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = backup(tenantdb.backend, seeded_db, tmp_path_factory.mktemp("backups"), jobs=2)
    return Path(result["backup"])


@pytest.fixture
def target(tenantdb: TestDatabases) -> Iterator[str]:
    name = tenantdb.new_name("restored")
    yield name
    drop_database(tenantdb.backend, name)


def test_backup_manifest_has_per_tenant_counts_checksums_and_plan(made_backup: Path, seeded_db: str, tenantdb):
    manifest = json.loads((made_backup / MANIFEST).read_text())
    users = manifest["tables"]["app.users"]
    assert set(users) == {str(TENANT_A.id), str(TENANT_B.id)}
    assert all(v["rows"] > 0 and len(v["md5"]) == 32 for v in users.values())
    assert manifest["plan"]["tag"] == plan_tags()[-1] and manifest["plan"]["changes"] >= 50
    assert manifest["tables"] == _fp(tenantdb, seeded_db)
    assert "dump/toc.dat" in manifest["files"] and "roles.sql" in manifest["files"]
    connect = {g["role"] for g in manifest["database_grants"] if g["privilege"] == "CONNECT"}
    assert connect & {APP_ROLE, "PUBLIC"}, manifest["database_grants"]


def test_restore_round_trip_is_verified_and_isolation_holds(made_backup: Path, target: str, tenantdb):
    report = restore(tenantdb.backend, made_backup, target, jobs=2, prove=True)
    assert report["ok"], report
    assert report["differences"] == [] and report["plan_matches"]
    assert report["sqitch_verify"]["exit_code"] == 0
    assert report["prove"]["ok"] and report["prove"]["checks"] > 100
    print(f"\nrestore + verify of {report['rows']} rows: {report['seconds']} s {report['timings']}")


def test_restored_copy_obeys_rls_for_the_app_role(made_backup: Path, target: str, tenantdb):
    restore(tenantdb.backend, made_backup, target, prove=False)
    with tenantdb.connect(target, role=APP_ROLE) as conn:  # connect works: CONNECT was re-granted
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no tenant context"):
            conn.execute("SELECT count(*) FROM app.users")  # no context: fails loudly, as on the source
        conn.rollback()
        conn.execute("SELECT app.set_context(%s)", (str(TENANT_A.id),))
        tenants = conn.execute("SELECT id FROM app.tenants").fetchall()
        assert [str(r[0]) for r in tenants] == [str(TENANT_A.id)]


def test_a_restore_marks_the_lookup_operators_leakproof_again_which_the_dump_leaves_out(made_backup: Path, target: str, tenantdb):
    """perf/leakproof_lookup_operators sets flags on functions tenantdb does not own (citext's,
    pg_catalog's): pg_dump leaves them out, so restore() runs the change's deploy script again;
    without that, the restored copy would fail its own sqitch verify."""
    with admin_connect(tenantdb.backend, "postgres") as pg:  # a database the flag was never set in
        assert lookup_operator_flags(pg) == {"jsonb_contains": False}
    restore(tenantdb.backend, made_backup, target, prove=False)
    with admin_connect(tenantdb.backend, target) as conn:
        assert lookup_operator_flags(conn) == {"citext_eq": True, "jsonb_contains": True}


def test_corrupt_backup_is_refused_before_anything_is_created(made_backup: Path, target: str, tenantdb, tmp_path):
    broken = tmp_path / made_backup.name
    subprocess.run(["cp", "-r", str(made_backup), str(broken)], check=True)
    data = sorted((broken / "dump").glob("*.dat.gz")) or sorted((broken / "dump").glob("*.dat"))
    victim = max(data, key=lambda p: p.stat().st_size)
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])  # truncated
    with pytest.raises(BackupDamaged, match="damaged") as err:
        restore(tenantdb.backend, broken, target)
    assert "older backup" in str(err.value)
    assert not database_exists(tenantdb.backend, target)


def test_backup_without_manifest_is_refused(made_backup: Path, target: str, tenantdb, tmp_path):
    broken = tmp_path / "half"
    subprocess.run(["cp", "-r", str(made_backup), str(broken)], check=True)
    (broken / MANIFEST).unlink()
    with pytest.raises(BackupDamaged, match="not a complete backup"):
        read_manifest(broken)


def test_restore_into_a_non_empty_database_is_refused_and_leaves_it_alone(made_backup: Path, seeded_db: str, tenantdb):
    before = _fp(tenantdb, seeded_db)
    with pytest.raises(BadInput, match="already exists and is not empty"):
        restore(tenantdb.backend, made_backup, seeded_db)
    assert _fp(tenantdb, seeded_db) == before


def test_restore_into_an_existing_empty_database_works(made_backup: Path, target: str, tenantdb):
    with admin_connect(tenantdb.backend) as conn:
        conn.execute(f'CREATE DATABASE "{target}"')
    assert restore(tenantdb.backend, made_backup, target, prove=False)["ok"]


def test_backup_into_an_unwritable_directory_names_the_way_out(seeded_db: str, tenantdb, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    before = _fp(tenantdb, seeded_db)
    with pytest.raises(BadInput, match="cannot write backups") as err:
        backup(tenantdb.backend, seeded_db, blocker / "backups")
    assert "--dir" in str(err.value)
    assert _fp(tenantdb, seeded_db) == before


def test_backup_of_a_missing_database_is_bad_input(tenantdb, tmp_path):
    with pytest.raises(BadInput, match="does not exist"):
        backup(tenantdb.backend, "no_such_database_16", tmp_path)


def _fake_backup(directory: Path, name: str, created: datetime) -> None:
    (directory / name).mkdir(parents=True)
    (directory / name / MANIFEST).write_text(json.dumps({"created_at": created.isoformat()}))


def test_prune_keeps_the_retention_window(tmp_path):
    now = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
    _fake_backup(tmp_path, "tenantdb-x-old", now - timedelta(days=8))
    _fake_backup(tmp_path, "tenantdb-x-recent", now - timedelta(days=6))
    (tmp_path / "unrelated").mkdir()
    removed = prune(tmp_path, 7, now=now)
    assert removed == ["tenantdb-x-old"]
    assert [b["name"] for b in list_backups(tmp_path)] == ["tenantdb-x-recent"]
    assert (tmp_path / "unrelated").exists()


def test_cli_restore_refuses_existing_database_with_exit_1(made_backup: Path, seeded_db: str, tenantdb):
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "restore", str(made_backup), "--db", seeded_db],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "not empty" in proc.stderr and "--db NEW" in proc.stderr


def test_a_failing_dump_leaves_no_backup_and_names_the_way_out(seeded_db: str, tenantdb, tmp_path, monkeypatch):
    """What a full disk looks like to the backup: pg_dump fails after writing part of the dump."""
    import tenantdb.tools as tools_mod

    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\nfor a; do case $a in --file) f=1;; *) [ -n \"$f\" ] && mkdir -p \"$a\" && "
                    "echo partial > \"$a/toc.dat\" && f=;; esac; done\necho 'could not write: No space left on device' >&2\nexit 1\n")
    fake.chmod(0o755)
    real = tools_mod.client_bin
    monkeypatch.setattr(tools_mod, "client_bin", lambda name: str(fake) if name == "pg_dump" else real(name))
    target = tmp_path / "backups"
    with pytest.raises(TenantDBError, match="No space left") as err:
        backup(tenantdb.backend, seeded_db, target)
    assert "free space" in str(err.value)
    assert list(target.iterdir()) == [] and list_backups(target) == []


def test_roles_sql_keeps_each_memberships_inherit_and_set_options(tenantdb, fresh_db):
    """A restore onto a new server recreates the group memberships as they were: tenantdb_client
    inherits tenantdb_app's rights but may never SET ROLE to it (PostgreSQL 16+)."""
    with admin_connect(tenantdb.backend, fresh_db) as conn:
        text = roles_sql(conn)
    assert 'GRANT "tenantdb_app" TO "tenantdb_client" WITH INHERIT TRUE, SET FALSE;' in text
    assert "CREATE ROLE \"tenantdb_app\" NOLOGIN" in text

"""Retention: dry run vs real run, exactly-once archival across a crash (kill -9 mid-batch),
per-workspace overrides, and the audit summary. Runs as the maintenance role, as in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tenantdb import retention
from tenantdb.seed import run_seed, table_checksums
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import MAINTENANCE_ROLE

TENANT_A, TENANT_B = DEMO_TENANTS


@pytest.fixture
def seeded(tenantdb):
    with tenantdb.clone_seeded("retention") as db:
        yield db


def maintenance(tenantdb, db):
    return tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE)


def expired_ids(tenantdb, db) -> set[tuple[str, str, str]]:
    """(table, tenant, id) of every row the policies say is expired, computed independently of
    the retention module: sync logs by age, artifact versions beyond the newest N."""
    with tenantdb.connect(db) as conn:
        rows = conn.execute("""
            SELECT 'app.sync_logs', s.tenant_id::text, s.id::text FROM app.sync_logs s
            JOIN app.retention_policies p ON p.tenant_id = s.tenant_id AND p.workspace_id IS NULL
            WHERE s.created_at < now() - p.sync_logs_days * interval '1 day'
            UNION ALL
            SELECT 'app.artifact_versions', v.tenant_id::text, v.id::text FROM app.artifact_versions v
            JOIN app.retention_policies p ON p.tenant_id = v.tenant_id AND p.workspace_id IS NULL
            LEFT JOIN app.retention_policies w ON w.tenant_id = v.tenant_id AND w.workspace_id = v.workspace_id
            WHERE (SELECT count(*) FROM app.artifact_versions n WHERE n.tenant_id = v.tenant_id
                   AND n.artifact_id = v.artifact_id AND n.version_number > v.version_number)
                  >= coalesce(w.artifact_versions_to_keep, p.artifact_versions_to_keep)""").fetchall()
    return set(rows)


def archived(tenantdb, db) -> list[tuple[str, str, str]]:
    with tenantdb.connect(db) as conn:
        return [tuple(r) for r in conn.execute(
            "SELECT source_table, tenant_id::text, row_id::text FROM archive.archived_rows").fetchall()]


def test_dry_run_counts_what_the_run_archives_and_changes_nothing(tenantdb, seeded):
    expected = expired_ids(tenantdb, seeded)
    assert expected, "the demo data has expired rows (old sync logs, a third artifact version)"
    before = table_checksums(tenantdb.backend, seeded)
    dry = retention.run(maintenance(tenantdb, seeded), dry=True)
    assert table_checksums(tenantdb.backend, seeded) == before, "a dry run changed data"
    assert archived(tenantdb, seeded) == []
    assert dry["rows"] == len(expected)

    real = retention.run(maintenance(tenantdb, seeded), batch_size=3)
    assert real["rows"] == dry["rows"]
    assert {t["table"]: t["per_tenant"] for t in real["targets"]} == {t["table"]: t["per_tenant"] for t in dry["targets"]}
    got = archived(tenantdb, seeded)
    assert sorted(got) == sorted(expected), "exactly the expired rows are archived"
    assert expired_ids(tenantdb, seeded) == set(), "nothing expired is left"
    assert retention.run(maintenance(tenantdb, seeded), dry=True)["rows"] == 0


def test_workspace_override_keeps_fewer_versions(tenantdb, seeded):
    retention.run(maintenance(tenantdb, seeded))
    with tenantdb.connect(seeded) as conn:
        kept = dict(conn.execute("""
            SELECT w.name, max(c.n) FROM app.workspaces w
            JOIN (SELECT tenant_id, workspace_id, artifact_id, count(*) AS n FROM app.artifact_versions
                  GROUP BY 1, 2, 3) c ON c.tenant_id = w.tenant_id AND c.workspace_id = w.id
            WHERE w.tenant_id = %s GROUP BY w.name""", (TENANT_A.id,)).fetchall())
        newest = conn.execute("SELECT min(version_number) FROM app.artifact_versions WHERE tenant_id = %s",
                              (TENANT_A.id,)).fetchone()[0]
    assert kept["Study group"] == 1, "the workspace override keeps one version"
    assert kept["Capstone projects"] == 2, "the tenant default keeps two"
    assert newest >= 2, "the oldest version goes, the newest stay"


def test_run_writes_one_audit_summary_per_batch_and_tenant_not_per_row(tenantdb, seeded):
    result = retention.run(maintenance(tenantdb, seeded))
    with tenantdb.connect(seeded) as conn:
        summaries = conn.execute(
            "SELECT tenant_id::text, table_name, (new_values->>'archived')::int, actor_db_role FROM app.audit_log"
            " WHERE operation = 'RETENTION' AND new_values->>'run_id' = %s", (result["run_id"],)).fetchall()
        per_row = conn.execute("SELECT count(*) FROM app.audit_log WHERE operation = 'DELETE'"
                               " AND table_name IN ('app.sync_logs', 'app.artifact_versions')").fetchone()[0]
        state = conn.execute("SELECT run_state, rows_archived FROM archive.retention_runs WHERE id = %s",
                             (result["run_id"],)).fetchone()
    assert sum(n for *_, n, _ in summaries) == result["rows"]
    assert {role for *_, role in summaries} == {tenantdb.backend.login_for(MAINTENANCE_ROLE)}  # the login that ran it
    assert {t for t, *_ in summaries} == {TENANT_A.id, TENANT_B.id}
    assert per_row == 0
    assert state == ("finished", result["rows"])


def test_killed_run_then_rerun_archives_every_expired_row_exactly_once(tenantdb, seeded):
    retention.fill_sync_logs(tenantdb.backend.conninfo(seeded), 120)
    expected = expired_ids(tenantdb, seeded)
    env = {**os.environ, "TENANTDB_DATABASE": seeded, retention.CRASH_ENV: "4",
           "TENANTDB_PORT": str(tenantdb.backend.settings.port)}
    crashed = subprocess.run([sys.executable, "-m", "tenantdb.cli", "retention", "run", "--batch-size", "25"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert crashed.returncode in (-9, 137), f"the run was to be killed mid-batch: {crashed.returncode} {crashed.stderr}"
    partial = archived(tenantdb, seeded)
    # batches: 20 artifact versions, empty ones for targets with nothing expired (interactions,
    # messages), sync logs 25 at a time; killed before committing the 4th batch
    assert 20 <= len(partial) < len(expected), "committed batches stay archived, the killed one rolled back"
    assert (len(partial) - 20) % 25 == 0, "only whole batches are archived"
    still_there = expired_ids(tenantdb, seeded)
    assert set(partial) | still_there == expected and not set(partial) & still_there, \
        "after the crash every expired row is either archived or still in its table, never both or neither"

    env.pop(retention.CRASH_ENV)
    rerun = subprocess.run([sys.executable, "-m", "tenantdb.cli", "retention", "run", "--json"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    final = archived(tenantdb, seeded)
    assert len(final) == len(set(final)) == len(expected), "each expired row archived once"
    assert set(final) == expected
    assert expired_ids(tenantdb, seeded) == set()
    with tenantdb.connect(seeded) as conn:
        states = dict(conn.execute("SELECT run_state, count(*) FROM archive.retention_runs GROUP BY 1").fetchall())
    assert states == {"running": 1, "finished": 1}, "the killed run stays visible as running"


def test_clients_cannot_reach_the_archive(tenantdb, seeded):
    import psycopg

    for role in ("tenantdb_app", "tenantdb_service"):
        with tenantdb.connect(seeded, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM archive.archived_rows")


def test_retention_after_reseeding_archives_again_instead_of_stalling(tenantdb, seeded):
    """Finding: `retention run`, `seed`, `retention run` failed with duplicate key
    archived_rows_pkey, and retention was then stuck for every table. The seed puts the archived
    rows back; the second run archives them again, replacing their copies."""
    first = retention.run(maintenance(tenantdb, seeded))
    assert first["rows"] > 0
    run_seed(tenantdb.backend, seeded)
    assert expired_ids(tenantdb, seeded), "the seed brought the archived rows back"
    second = retention.run(maintenance(tenantdb, seeded))
    assert second["rows"] == first["rows"], "the re-seeded rows are archived again"
    assert expired_ids(tenantdb, seeded) == set()
    final = archived(tenantdb, seeded)
    assert len(final) == len(set(final)), "one archived copy per row"
    with tenantdb.connect(seeded) as conn:
        runs = {str(r[0]) for r in conn.execute("SELECT DISTINCT run_id FROM archive.archived_rows")}
    assert runs == {second["run_id"]}, "each copy is the newer one"


def test_a_row_restored_from_the_archive_can_expire_and_be_archived_again(tenantdb, seeded):
    """docs/retention.md's restore (jsonb_populate_record as the maintenance role) leaves the
    archived copy in place; when the restored row expires again, the next run replaces the copy
    with the row as it was when it left (here: after an edit)."""
    import psycopg

    retention.run(maintenance(tenantdb, seeded))
    with psycopg.connect(maintenance(tenantdb, seeded)) as conn:
        tenant, row_id = conn.execute(
            "SELECT tenant_id, row_id FROM archive.archived_rows WHERE source_table = 'app.sync_logs' LIMIT 1").fetchone()
        conn.execute(RESTORE_SYNC_LOG, (tenant, row_id))
        conn.execute("UPDATE app.sync_logs SET operation_details = '{\"restored\": true}' WHERE tenant_id = %s AND id = %s",
                     (tenant, row_id))
    assert ("app.sync_logs", str(tenant), str(row_id)) in expired_ids(tenantdb, seeded)
    again = retention.run(maintenance(tenantdb, seeded))
    assert again["rows"] == 1
    with tenantdb.connect(seeded) as conn:
        data = conn.execute("SELECT row_data -> 'operation_details' FROM archive.archived_rows"
                            " WHERE tenant_id = %s AND row_id = %s", (tenant, row_id)).fetchone()[0]
    assert data == {"restored": True}


#: The restore of docs/retention.md, for one row of app.sync_logs.
RESTORE_SYNC_LOG = """
    INSERT INTO app.sync_logs
    SELECT (jsonb_populate_record(NULL::app.sync_logs, a.row_data)).*
    FROM archive.archived_rows a
    WHERE a.tenant_id = %s AND a.source_table = 'app.sync_logs' AND a.row_id = %s"""

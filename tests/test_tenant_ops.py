"""Per-tenant export / import / erase: one snapshot, every tenant table from the catalog, in
foreign-key order; imports that never touch other tenants; erasure with a receipt that proves
nothing is left and no other tenant changed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.database import admin_connect
from tenantdb.errors import BadInput
from tenantdb.ops import fingerprint
from tenantdb.ops.erase import erase_tenant, tenant_counts
from tenantdb.ops.tenant_io import NOT_EXPORTED, QUEUES, SHARE_LINKS, export_tenant, import_tenant, tenant_tables
from tenantdb.retention import fill_sync_logs
from tenantdb.retention import run as run_retention
from tenantdb.seed import run_seed
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.conversations import demo_share_token
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE
from tenantdb.testing import TestDatabases

A, B = (t.id for t in DEMO_TENANTS)


@pytest.fixture(scope="module")
def source_db(tenantdb: TestDatabases) -> Iterator[str]:
    """Demo seed plus archived rows for both tenants (a retention run over expired sync logs)."""
    with tenantdb.clone("tenant_ops_src") as name:
        run_seed(tenantdb.backend, name)
        fill_sync_logs(tenantdb.backend.conninfo(name), 5)
        run_retention(tenantdb.backend.conninfo(name, role=MAINTENANCE_ROLE))
        yield name


@pytest.fixture
def scratch(tenantdb: TestDatabases, source_db: str) -> Iterator[str]:
    """A clone of source_db for one destructive test."""
    with tenantdb.clone("tenant_ops") as name:
        with admin_connect(tenantdb.backend) as conn:
            conn.execute(f'DROP DATABASE "{name}"')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source_db}"')
        yield name


@pytest.fixture(scope="module")
def export_a(tenantdb: TestDatabases, source_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "tenant_a"
    with maint(tenantdb, source_db) as conn:
        export_tenant(conn, A, out)
    return out


def maint(dbs: TestDatabases, db: str) -> psycopg.Connection:
    return dbs.connect(db, role=MAINTENANCE_ROLE, autocommit=True)


def whole(dbs: TestDatabases, db: str) -> dict:
    with admin_connect(dbs.backend, db) as conn:
        fp = fingerprint.database_fingerprint(conn)
    fp.pop("archive.tenant_erasures", None)
    for queue in QUEUES:  # the cache outbox: keys to evict, filled by erasure and import on purpose
        fp.pop(queue, None)
    return fp


def of_tenant(fp: dict, tenant: str | None, *, exclude: bool = False) -> dict:
    return {t: {k: v for k, v in per.items() if (k != tenant if exclude else k == tenant)} for t, per in fp.items()}


def test_export_covers_every_tenant_table_in_foreign_key_order(export_a: Path, tenantdb, source_db):
    manifest = json.loads((export_a / "manifest.json").read_text())
    names = [e["table"] for e in manifest["tables"]]
    with maint(tenantdb, source_db) as conn:
        catalog = {t.qualified for t in tenant_tables(conn)}
    assert catalog - NOT_EXPORTED <= set(names) and "archive.archived_rows" in names and "app.audit_log" in names
    assert SHARE_LINKS in names and "app_private.client_logins" in catalog and not NOT_EXPORTED & set(names)
    assert names.index("app.tenants") < names.index("app.users") < names.index("app.user_profiles")
    assert names.index("app.conversations") < names.index("app.messages")
    assert names.index("archive.retention_runs") < names.index("archive.archived_rows")
    fp = whole(tenantdb, source_db)
    for e in manifest["tables"]:
        if e["table"] != "archive.retention_runs":
            assert e["rows"] == fp[e["table"]].get(A, {"rows": 0})["rows"], e["table"]


def test_export_holds_archived_rows_with_their_tenant_and_no_other_tenant(export_a: Path):
    archived = (export_a / "data" / "archive.archived_rows.copy").read_text()
    assert archived.strip() and all(line.startswith(A) for line in archived.splitlines())
    for path in (export_a / "data").glob("*.copy"):
        assert B not in path.read_text(), f"{path.name} holds tenant B"


def test_export_keeps_credentials_as_ciphertext(export_a: Path, tenantdb, source_db):
    with maint(tenantdb, source_db) as conn:
        stored = conn.execute("SELECT encode(credential_ciphertext, 'hex') FROM app.external_connections"
                              " WHERE tenant_id = %s", (A,)).fetchall()
    exported = (export_a / "data" / "app.external_connections.copy").read_text()
    assert stored and all(f"\\\\x{hexed}" in exported for (hexed,) in stored)


def test_erase_then_import_gives_back_exactly_the_same_database(export_a: Path, tenantdb, scratch):
    before = whole(tenantdb, scratch)
    with maint(tenantdb, scratch) as conn:
        erase_tenant(conn, A)
        result = import_tenant(conn, export_a)
    assert result["tenant_id"] == A
    assert whole(tenantdb, scratch) == before


def test_import_over_a_live_tenant_is_refused_and_changes_nothing(export_a: Path, tenantdb, scratch):
    before = whole(tenantdb, scratch)
    with maint(tenantdb, scratch) as conn, pytest.raises(BadInput, match="already exists") as err:
        import_tenant(conn, export_a)
    assert "--as-new-tenant" in str(err.value) and "--replace" in str(err.value)
    assert whole(tenantdb, scratch) == before


def test_import_as_new_tenant_copies_rows_and_leaves_others_alone(export_a: Path, tenantdb, scratch):
    new = "33333333-3333-4333-8333-333333333333"
    before = whole(tenantdb, scratch)
    with maint(tenantdb, scratch) as conn:
        import_tenant(conn, export_a, new_tenant=new, new_slug="northwind-copy")
        copied, original = tenant_counts(conn, new), tenant_counts(conn, A)
    # one bearer token leads to one conversation: the copy's shares are off, so it has no links
    assert original[SHARE_LINKS] > 0 and copied == original | {SHARE_LINKS: 0} and copied["app.users"] > 0
    after = whole(tenantdb, scratch)
    assert of_tenant(after, new, exclude=True) == of_tenant(before, new, exclude=True) | {
        "archive.retention_runs": before["archive.retention_runs"]}


def test_import_into_another_database(export_a: Path, tenantdb, fresh_db, source_db):
    with maint(tenantdb, fresh_db) as conn:
        import_tenant(conn, export_a)
    assert of_tenant(whole(tenantdb, fresh_db), A) == {
        t: v for t, v in of_tenant(whole(tenantdb, source_db), A).items()}


def test_damaged_export_is_refused(export_a: Path, tenantdb, fresh_db, tmp_path):
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-r", str(export_a), str(broken)], check=True)
    users = broken / "data" / "app.users.copy"
    users.write_text(users.read_text()[:-20])
    with maint(tenantdb, fresh_db) as conn, pytest.raises(BadInput, match="damaged"):
        import_tenant(conn, broken)


def test_erase_receipt_proves_nothing_left_and_others_unchanged(tenantdb, scratch):
    before = whole(tenantdb, scratch)
    with maint(tenantdb, scratch) as conn:
        receipt = erase_tenant(conn, A)
        stored = conn.execute("SELECT erased_tenant_id::text, rows_erased, other_tenants_checksum, erased_by"
                              " FROM archive.tenant_erasures").fetchall()
    assert all(c["after"] == 0 for c in receipt["tables"].values())
    assert receipt["tables"]["app.audit_log"]["before"] > 0 and receipt["tables"]["archive.archived_rows"]["before"] > 0
    assert receipt["other_tenants_checksum"]["unchanged"]
    after = whole(tenantdb, scratch)
    assert of_tenant(after, A) == {t: {} for t in after}
    assert of_tenant(after, A, exclude=True) == of_tenant(before, A, exclude=True)
    [(tenant, rows, checksum, role)] = stored
    assert tenant == A and checksum == receipt["other_tenants_checksum"]["after"]
    assert role == tenantdb.backend.login_for(MAINTENANCE_ROLE)
    assert set(rows) <= set(receipt["tables"])  # table names and counts only: no personal data


def test_erase_leaves_the_other_tenant_working_for_clients(tenantdb, scratch):
    with maint(tenantdb, scratch) as conn:
        erase_tenant(conn, A)
    with tenantdb.connect(scratch, role=SERVICE_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s)", (B,))
        assert conn.execute("SELECT count(*) FROM app.users").fetchone()[0] > 0


def test_erase_of_an_unknown_tenant_is_bad_input(tenantdb, scratch):
    with maint(tenantdb, scratch) as conn, pytest.raises(BadInput, match="does not exist"):
        erase_tenant(conn, "99999999-9999-4999-8999-999999999999")


def test_audit_log_stays_append_only_for_clients_even_with_the_erasure_mark(tenantdb, scratch):
    for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
        with tenantdb.connect(scratch, role=role) as conn:
            conn.execute("SELECT app.set_context(%s), set_config('tenantdb.erasing_tenant', %s, true)",
                         (A, A))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("DELETE FROM app.audit_log")


def test_clients_cannot_call_the_erasure_function(tenantdb, scratch):
    for role in (APP_ROLE, SERVICE_ROLE):
        with tenantdb.connect(scratch, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM app_private.erase_tenant_records(%s)", (A,))


def test_cli_erase_without_yes_and_without_a_terminal_refuses(tenantdb, scratch):
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "tenant", "erase", A, "--db", scratch],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "--yes" in proc.stderr
    with maint(tenantdb, scratch) as conn:
        assert conn.execute("SELECT count(*) FROM app.users WHERE tenant_id = %s", (A,)).fetchone()[0] > 0


def test_import_refuses_a_slug_another_tenant_uses(export_a: Path, tenantdb, scratch):
    with maint(tenantdb, scratch) as conn:
        erase_tenant(conn, A)
        conn.execute("INSERT INTO app.tenants (id, slug, name) VALUES (%s, 'northwind', 'Squatter')",
                     ("44444444-4444-4444-8444-444444444444",))
        with pytest.raises(BadInput, match="belongs to another tenant") as err:
            import_tenant(conn, export_a)
    assert "--as-new-tenant" in str(err.value)


def test_erase_unbinds_the_tenants_client_logins_and_deletes_its_share_links(tenantdb, scratch):
    with client_login(tenantdb.backend, scratch, A, "erased") as gone, client_login(tenantdb.backend, scratch, B, "kept") as kept, \
            maint(tenantdb, scratch) as conn:
        receipt = erase_tenant(conn, A)
        bound = dict(conn.execute("SELECT login::text, tenant_id::text FROM app_private.client_logins"
                                  " WHERE login IN (%s, %s)", (gone, kept)).fetchall())
        links = dict(conn.execute(f"SELECT tenant_id::text, count(*) FROM {SHARE_LINKS} GROUP BY 1").fetchall())
    assert bound == {kept: B}  # no login survives bound to an erased tenant; the other tenant's binding stays
    assert receipt["tables"]["app_private.client_logins"] == {"before": 1, "deleted": 1, "after": 0}
    assert receipt["tables"][SHARE_LINKS]["before"] > 0 and receipt["tables"][SHARE_LINKS]["after"] == 0
    assert A not in links and links.get(B, 0) > 0


def test_the_bearer_link_opens_again_after_erase_and_import_and_never_on_a_copy(export_a: Path, tenantdb, scratch):
    token = demo_share_token(DEMO_TENANTS[0])
    with maint(tenantdb, scratch) as conn:
        erase_tenant(conn, A)
        import_tenant(conn, export_a)
        import_tenant(conn, export_a, new_tenant="55555555-5555-4555-8555-555555555555", new_slug="northwind-copy")
    with tenantdb.connect(scratch, role=APP_ROLE, autocommit=True) as conn:
        tenants = {r[0] for r in conn.execute("SELECT tenant_id::text FROM app.open_shared_conversation(%s)", (token,))}
    assert tenants == {A}


@pytest.mark.parametrize("statement", [
    "UPDATE app.audit_log SET table_name = 'x'",
    "DELETE FROM app.audit_log",
    "TRUNCATE app.audit_log",
])
def test_owner_holds_no_privilege_to_rewrite_the_audit_log(tenantdb, scratch, statement):
    """The owner is refused by privilege (before any trigger): it holds no UPDATE, DELETE or
    TRUNCATE on app.audit_log; only tenantdb_audit_eraser deletes, through the erasure function."""
    with admin_connect(tenantdb.backend, scratch) as conn, conn.transaction():
        conn.execute("SET LOCAL ROLE tenantdb_owner")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table audit_log"):
            conn.execute(statement)


def test_the_eraser_role_owns_only_the_erasure_functions_and_cannot_log_in(tenantdb, scratch):
    with admin_connect(tenantdb.backend, scratch) as conn:
        owned = conn.execute(
            "SELECT 'function ' || p.oid::regprocedure::text FROM pg_catalog.pg_proc p"
            " WHERE p.proowner = 'tenantdb_audit_eraser'::regrole"
            " UNION ALL SELECT 'relation ' || c.oid::regclass::text FROM pg_catalog.pg_class c"
            " WHERE c.relowner = 'tenantdb_audit_eraser'::regrole").fetchall()
        login, = conn.execute("SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = 'tenantdb_audit_eraser'").fetchone()
        update = conn.execute("SELECT has_table_privilege('tenantdb_audit_eraser', 'app.audit_log', 'UPDATE')").fetchone()[0]
    assert sorted(owned) == [("function app_private.erase_tenant_records(uuid)",),
                             ("function app_private.refuse_delete_with_audit_rows()",)]
    assert not login and not update


def test_erase_removes_the_erased_tenants_audit_rows_and_keeps_the_others(tenantdb, scratch):
    count = "SELECT tenant_id::text, count(*) FROM app.audit_log GROUP BY 1"
    with admin_connect(tenantdb.backend, scratch) as conn:
        before = dict(conn.execute(count).fetchall())
    assert before.get(A, 0) > 0 and before.get(B, 0) > 0
    with maint(tenantdb, scratch) as conn:
        erase_tenant(conn, A)
    with admin_connect(tenantdb.backend, scratch) as conn:
        after = dict(conn.execute(count).fetchall())
    assert A not in after
    assert after[B] == before[B]


def test_a_tenant_with_audit_rows_cannot_be_deleted_without_erasure(tenantdb, scratch):
    """What the foreign key audit_log_tenant_fkey ensured, now the trigger on app.tenants."""
    with maint(tenantdb, scratch) as conn, pytest.raises(psycopg.errors.ForeignKeyViolation, match="audit rows"):
        conn.execute("SELECT set_config('tenantdb.retention_run_id', 'x', false)")
        conn.execute("DELETE FROM app.tenants WHERE id = %s", (A,))

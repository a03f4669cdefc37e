"""Upgrades of databases in the field, in one module so that they share one upgraded database.

- A database seeded at a release tag (sqitch deploy --to @tag, then that release's demo data from
  tests/fixtures/upgrade/) takes the current plan with `deploy`, verifies green, and keeps every
  row (per-table counts never go down). New changes after the tag are picked up without edits
  here; a new tag needs its fixture (`tenantdb.releases.write_upgrade_fixture`, see CHANGELOG.md).
- One seeded v0.1.0 database (`upgraded_v010`, built once for the module): every change after the
  tag deploys onto it, reverts to the exact schema before it, deploys again to the same schema and
  verifies, one change at a time; every row is kept (the operations, cache, roles and release
  assertions below all read this one run); last, reverting to @v0.1.0 restores the release's
  schema with the rows unchanged.

These tests change cluster-wide role state (deploying @v0.1.0 re-asserts LOGIN on the groups until
security/group_roles is deployed again; the role changes' cycles revert and redeploy roles): they
hold the cluster-roles lock exclusively while they do, and shared for the rest of the module, so
no other test changes role state in between (tests/conftest.py), while the tests that only read
it run beside them."""

from __future__ import annotations

import gzip
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field

import psycopg
import pytest
from psycopg import sql

from migration_segments import changes_after_tag, changes_cluster_roles
from sqitch_snapshots import Snapshot, change_lines, sqitch_with_snapshots
from tenantdb.backend import client_bin
from tenantdb.context import tenant_transaction
from tenantdb.database import admin_connect, drop_database, ensure_database
from tenantdb.ops import fingerprint
from tenantdb.releases import DATA_SCHEMAS, deployed_release, fixture_path, plan_tags
from tenantdb.retention import fill_sync_logs
from tenantdb.retention import run as run_retention
from tenantdb.schema_dump import schema_dump
from tenantdb.seed import run_seed, table_checksums
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, GROUP_ROLES, harness_login, project_root
from tenantdb.sqitch import change_target, plan_changes, run_sqitch

A, B = DEMO_TENANTS


#: Cycled here only (tests/test_migrations.py cycles the changes up to the tag on empty databases).
CHANGES_AFTER_V010 = changes_after_tag("@v0.1.0")
CACHE_CHANGES = ["cache/outbox", "cache/triggers", "cache/visibility"]


def sqitch(tenantdb, dbname: str, command: str, *args: str) -> str:
    result = run_sqitch(tenantdb.backend, command, list(args), dbname=dbname, capture=True)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def snapshots(tenantdb, dbname: str, command: str, *args: str) -> tuple[str, list[Snapshot]]:
    """One real `sqitch deploy`/`revert`: its output, and the schema after each change's script
    (tests/sqitch_snapshots.py)."""
    result, taken = sqitch_with_snapshots(tenantdb.backend, dbname, command, *args)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result.stdout, taken


def row_counts(tenantdb, dbname: str) -> dict[str, int]:
    with tenantdb.connect(dbname, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s) ORDER BY 1, 2", (list(DATA_SCHEMAS),)).fetchall()
        return {f"{s}.{t}": conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(s, t))).fetchone()[0]
                for s, t in tables}


def column_names(conn, table: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
                                       " AND NOT attisdropped ORDER BY attnum", (table,))]


def rows_digest(conn, table: str, cols: list[str]) -> tuple[int, str]:
    """(rows, md5 of the rows restricted to `cols`): a column added later does not change it."""
    schema, _, name = table.partition(".")
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(sql.Identifier(c) for c in cols))
    got = conn.execute(sql.SQL("SELECT count(*), coalesce(md5(string_agg({r}, E'\\n' ORDER BY {r})), '') FROM {t}").format(
        r=row, t=sql.Identifier(schema, name))).fetchone()
    assert got is not None
    return got[0], got[1]


# ----------------------------------------------------------------------------- release fixtures
def test_the_plan_tags_its_first_release():
    assert plan_tags()[0] == "@v0.1.0"


@pytest.mark.usefixtures("cluster_roles_lock")  # deploys the release's core/roles: groups LOGIN again
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


# ----------------------------------------------------------------------------- one seeded v0.1.0 database
def upgrade_runs(changes: list[str]) -> list[tuple[bool, list[str]]]:
    """`changes` cut into runs cycled with one Sqitch call per step, each with the cluster-roles lock
    mode it needs: exclusive until security/group_roles is deployed again (@v0.1.0's core/roles
    made the groups LOGIN) and for the changes that alter roles, shared otherwise; a run also
    ends at the last cache change (the rows are compared there)."""
    runs: list[tuple[bool, list[str]]] = []
    groups_restored = "security/group_roles" not in changes
    for change in changes:
        exclusive = not groups_restored or changes_cluster_roles(change)
        if runs and runs[-1][0] == exclusive and runs[-1][1][-1] != CACHE_CHANGES[-1]:
            runs[-1][1].append(change)
        else:
            runs.append((exclusive, [change]))
        groups_restored = groups_restored or change == "security/group_roles"
    return runs


def test_the_upgrade_runs_are_the_changes_after_the_tag_in_order_with_their_lock():
    runs = upgrade_runs(CHANGES_AFTER_V010)
    assert [c for _, run in runs for c in run] == CHANGES_AFTER_V010
    assert all(exclusive for exclusive, run in runs if any(changes_cluster_roles(c) for c in run))
    assert any(run[-1] == CACHE_CHANGES[-1] for _, run in runs)
    # exclusive until the groups are NOLOGIN again, then shared
    assert upgrade_runs(["security/guard_privileges", "security/group_roles", "security/tenant_led_indexes"]) == \
        [(True, ["security/guard_privileges", "security/group_roles"]), (False, ["security/tenant_led_indexes"])]


@dataclass
class ChangeCycle:
    """One change after @v0.1.0 on the seeded database: deployed, reverted, deployed again, verified."""
    deploy_output: str
    revert_restored_schema: bool
    redeploy_gave_same_schema: bool


class RolesLock:
    """The cluster-roles lock held in one mode at a time: exclusive while this module changes role
    state, shared while it only needs role state to stay put. Switching releases the lock for a
    moment (asking for the exclusive lock while holding it shared would wait for ourselves)."""

    def __init__(self, cluster_roles: Callable[..., AbstractContextManager[None]]) -> None:
        self._cluster_roles = cluster_roles
        self._held = ExitStack()
        self.exclusive: bool | None = None

    def hold(self, *, exclusive: bool) -> None:
        if self.exclusive is exclusive:
            return
        self.release()
        self._held.enter_context(self._cluster_roles(shared=not exclusive))
        self.exclusive = exclusive

    def release(self) -> None:
        self._held.close()
        self.exclusive = None


@dataclass
class UpgradedV010:
    name: str
    release_schema: str  # schema dump at @v0.1.0, seeded
    rows: dict[str, tuple[int, str]]  # table_checksums (schema app) at @v0.1.0
    app_columns: dict[str, list[str]]  # app tables' v0.1.0 columns
    app_rows_on_v010_columns: dict[str, tuple[int, str]]
    tenant_columns: dict[str, list[str]]  # every owned table with a tenant column: its v0.1.0 columns
    tenant_rows_before: dict[str, tuple[int, str]]
    lock: RolesLock
    cycles: dict[str, ChangeCycle] = field(default_factory=dict)
    rows_at_cache_visibility: dict[str, tuple[int, str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def upgraded_v010(tenantdb, cluster_roles) -> Iterator[UpgradedV010]:
    """A v0.1.0 database with the demo seed, expired sync logs and archived rows (as a v0.1.0
    database holds them), taken through every change after the tag, run by run (upgrade_runs): one
    `sqitch deploy` of the run records the schema after each change's deploy script, one `sqitch
    revert` to the run's start must restore, after each change's revert script, the exact schema
    before that change, and one `sqitch deploy` again must give each change's schema again
    (tests/sqitch_snapshots.py); Sqitch verifies each change as it deploys it (deploy.verify in
    sqitch.conf), and the whole plan is verified at the end.

    The cluster-roles lock: exclusive from the @v0.1.0 deploy (its core/roles makes the groups
    LOGIN) until security/group_roles is deployed again, and for the cycle of every other change
    that alters roles; shared otherwise, and for the module's tests."""
    name = tenantdb.new_name("upgrade_v010")
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    lock = RolesLock(cluster_roles)
    lock.hold(exclusive=True)
    try:
        sqitch(tenantdb, name, "deploy", "--to", "@v0.1.0")
        run_seed(tenantdb.backend, name)
        fill_sync_logs(tenantdb.backend.conninfo(name), 3)
        # Archived rows as a v0.1.0 database holds them. Today's retention upserts its copies (ON CONFLICT
        # DO UPDATE, granted to the maintenance group by retention/archive_idempotent, after the tag), so
        # on the v0.1.0 schema only the superuser may run it.
        run_retention(tenantdb.backend.conninfo(name))
        rows = table_checksums(tenantdb.backend, name)
        with admin_connect(tenantdb.backend, name) as su:
            app_columns = {t: column_names(su, f"app.{t}") for t in rows}
            # Tenant data (tables with a tenant column): plan-owned configuration such as
            # archive.retention_targets is updated by later changes on purpose.
            tenant_columns = {t.qualified: column_names(su, t.qualified) for t in fingerprint.owned_tables(su) if t.tenant_column}
            upgrade = UpgradedV010(
                name=name, lock=lock, release_schema=schema_dump(tenantdb.backend, name), rows=rows, app_columns=app_columns,
                app_rows_on_v010_columns={t: rows_digest(su, f"app.{t}", cols) for t, cols in app_columns.items()},
                tenant_columns=tenant_columns,
                tenant_rows_before={t: rows_digest(su, t, cols) for t, cols in tenant_columns.items()})
        base = upgrade.release_schema
        previous = "@v0.1.0"
        for exclusive, run in upgrade_runs(CHANGES_AFTER_V010):
            lock.hold(exclusive=exclusive)
            output, deployed = snapshots(tenantdb, name, "deploy", "--to", change_target(run[-1]))
            assert [(s.kind, s.change) for s in deployed] == [("deploy", c) for c in run], output
            dumps = [base, *(s.schema for s in deployed)]
            _, reverted = snapshots(tenantdb, name, "revert", "-y", "--to", change_target(previous))
            assert [(s.kind, s.change) for s in reverted] == [("revert", c) for c in reversed(run)]
            restored = {s.change: s.schema == dumps[i - 1]
                        for i, s in zip(range(len(run), 0, -1), reverted, strict=True)}
            _, redeployed = snapshots(tenantdb, name, "deploy", "--to", change_target(run[-1]))
            assert [(s.kind, s.change) for s in redeployed] == [("deploy", c) for c in run]
            for i, (change, again) in enumerate(zip(run, redeployed, strict=True), start=1):
                upgrade.cycles[change] = ChangeCycle(change_lines(output, change), restored[change], again.schema == dumps[i])
            # The schema after the run, proven equal to its first deploy: the next run's base.
            base, previous = redeployed[-1].schema, run[-1]
            if run[-1] == CACHE_CHANGES[-1]:
                upgrade.rows_at_cache_visibility = table_checksums(tenantdb.backend, name)
        lock.hold(exclusive=False)
        sqitch(tenantdb, name, "verify")
        yield upgrade
    finally:
        lock.release()
        drop_database(tenantdb.backend, name)


def test_ops_changes_deploy_onto_seeded_v010_and_keep_every_row(upgraded_v010):
    assert {"ops/tenant_erasure", "retention/archive_purge"} <= set(CHANGES_AFTER_V010)
    assert list(upgraded_v010.cycles) == CHANGES_AFTER_V010
    for change, cycle in upgraded_v010.cycles.items():
        assert cycle.revert_restored_schema, f"reverting {change} did not restore the schema"
        assert cycle.redeploy_gave_same_schema, f"redeploying {change} gave another schema"


def test_every_row_of_every_v010_tenant_table_is_kept_on_its_v010_columns(tenantdb, upgraded_v010):
    with admin_connect(tenantdb.backend, upgraded_v010.name) as conn:
        after = {t: rows_digest(conn, t, cols) for t, cols in upgraded_v010.tenant_columns.items()}
    assert after == upgraded_v010.tenant_rows_before


def test_cache_changes_upgrade_a_seeded_v010_database_keeping_every_row(upgraded_v010):
    assert upgraded_v010.rows_at_cache_visibility == upgraded_v010.rows


def test_each_cache_change_reverts_cleanly_and_redeploys(upgraded_v010):
    changes = plan_changes()
    assert all(c in changes for c in CACHE_CHANGES)
    for change in CACHE_CHANGES:
        cycle = upgraded_v010.cycles[change]
        assert cycle.revert_restored_schema, f"reverting {change} did not restore the schema"
        assert cycle.redeploy_gave_same_schema, f"redeploying {change} gave another schema"


def test_upgrade_of_a_seeded_v0_1_0_database_moves_to_nologin_groups(tenantdb, upgraded_v010):
    name = upgraded_v010.name
    assert "security/group_roles" in upgraded_v010.cycles["security/group_roles"].deploy_output
    # Roles are cluster-wide (v0.1.0's core/roles re-asserts LOGIN when deployed anywhere in the
    # cluster); the module holds the cluster-roles lock, so the last deploy was of the whole plan.
    with admin_connect(tenantdb.backend, name) as su:
        can_login = dict(su.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY(%s)",
                                    (list(GROUP_ROLES),)).fetchall())
    assert can_login == {role: False for role in GROUP_ROLES}
    group_conninfo = tenantdb.backend.conninfo(name, APP_ROLE).replace(harness_login(APP_ROLE), APP_ROLE)
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(group_conninfo)
    with admin_connect(tenantdb.backend, name) as su:
        # Compared on v0.1.0's columns: a column added later (archive_days, workspace_id) is
        # NULL in every kept row and must not count as a change.
        assert {t: rows_digest(su, f"app.{t}", cols) for t, cols in upgraded_v010.app_columns.items()} == \
            upgraded_v010.app_rows_on_v010_columns
    with tenantdb.connect(name, role=APP_ROLE) as conn, tenant_transaction(conn, A.id, user_id(A, "admin", 1)) as cur:
        assert {r[0] for r in cur.execute("SELECT DISTINCT tenant_id::text FROM app.users")} == {A.id}
        # Unqualified client SQL compares emails case-insensitively (citext's operators
        # resolve through the search_path; a guard for a later move of the extensions).
        email = cur.execute("SELECT email::text FROM app.users LIMIT 1").fetchone()[0]
        upper = cur.execute(sql.SQL("SELECT count(*) FROM app.users WHERE email = {}").format(
            sql.Literal(email.upper()))).fetchone()[0]
        assert upper == 1


# Last in the module: it reverts the shared database to @v0.1.0.
def test_upgrading_a_seeded_v0_1_0_database_keeps_every_row_and_reverts_to_the_release(tenantdb, upgraded_v010):
    name, rows = upgraded_v010.name, upgraded_v010.rows
    assert sum(n for n, _ in rows.values()) > 100
    # Every row kept. (Later changes may add columns, e.g. retention_policies.archive_days, which
    # changes a row's text; that the rows' content is unchanged is checked after the revert.)
    upgraded = table_checksums(tenantdb.backend, name)
    assert {t: n for t, (n, _) in upgraded.items() if t in rows} == {t: n for t, (n, _) in rows.items()}, \
        "the upgrade lost rows"
    upgraded_v010.lock.hold(exclusive=True)  # the revert takes the role changes back
    sqitch(tenantdb, name, "revert", "-y", "--to", "@v0.1.0")
    assert schema_dump(tenantdb.backend, name) == upgraded_v010.release_schema, "reverting did not restore the v0.1.0 schema"
    assert table_checksums(tenantdb.backend, name) == rows, "the upgrade and revert changed rows"

"""Releases are Sqitch tags in sqitch.plan (`@v0.1.0`, one per release). This module says which
release a database is at, from Sqitch's registry, and which tags the plan has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from . import tools
from .backend import Backend
from .database import admin_connect, scalar
from .errors import TenantDBError
from .settings import project_root

PROJECT = "tenantdb"


@dataclass(frozen=True)
class DeployedRelease:
    """The newest deployed tag and how many deployed changes came after it."""

    tag: str | None
    changes_after: int
    changes_deployed: int

    def sentence(self) -> str:
        if self.changes_deployed == 0:
            return "release: nothing deployed"
        if self.tag is None:
            return f"release: none yet ({self.changes_deployed} changes deployed, no tagged change among them)"
        if self.changes_after == 0:
            return f"release: {self.tag}"
        return f"release: {self.tag} + {self.changes_after} later change(s) (not tagged yet)"


def plan_tags() -> list[str]:
    """The plan's tags in order, e.g. ['@v0.1.0']."""
    tags = []
    for line in (project_root() / "sqitch.plan").read_text().splitlines():
        if line.startswith("@"):
            tags.append(line.split()[0])
    return tags


def deployed_release(conn: psycopg.Connection) -> DeployedRelease:
    """Read the registry (schema `sqitch`) of the database `conn` is connected to."""
    has_registry = conn.execute("SELECT to_regclass('sqitch.changes') IS NOT NULL").fetchone()
    if not has_registry or not has_registry[0]:
        return DeployedRelease(None, 0, 0)
    deployed_row = conn.execute("SELECT count(*) FROM sqitch.changes WHERE project = %s", (PROJECT,)).fetchone()
    deployed = int(deployed_row[0]) if deployed_row else 0
    row = conn.execute(
        "SELECT t.tag, c.committed_at FROM sqitch.tags t JOIN sqitch.changes c ON c.change_id = t.change_id"
        " WHERE t.project = %s ORDER BY c.committed_at DESC, t.committed_at DESC LIMIT 1", (PROJECT,)).fetchone()
    if row is None:
        return DeployedRelease(None, deployed, deployed)
    after_row = conn.execute("SELECT count(*) FROM sqitch.changes WHERE project = %s AND committed_at > %s",
                             (PROJECT, row[1])).fetchone()
    return DeployedRelease(str(row[0]), int(after_row[0]) if after_row else 0, deployed)


def describe(backend: Backend, dbname: str | None) -> str:
    """One line for `tenantdb status`: the deployed release of `dbname`."""
    name = dbname or _default_db(backend)
    with admin_connect(backend, name) as conn:
        return deployed_release(conn).sentence()


def _default_db(backend: Backend) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(backend.conninfo()).get("dbname") or "")


# ----------------------------------------------------------------------------- upgrade fixtures
#: Demo data of each release's schema, loaded by tests/test_upgrade.py before deploying the rest.
FIXTURE_DIR = "tests/fixtures/upgrade"
DATA_SCHEMAS = ("app", "app_private", "archive")


def fixture_path(tag: str) -> Path:
    return project_root() / FIXTURE_DIR / f"{tag.lstrip('@')}-demo-data.sql.gz"


def write_upgrade_fixture(backend: Backend, tag: str) -> Path:
    """At release time: deploy the plan up to `tag` into a scratch database, load the demo seed,
    and store its data (only rows the seed added; rows deploy scripts insert are left out) as a
    gzipped `pg_dump --data-only`. Run once per release, when the seed code matches the tag."""
    import gzip

    from .backend import client_bin
    from .database import drop_database, ensure_database
    from .seed import run_seed
    from .sqitch import run_sqitch

    name = f"tenantdb_release_{tag.lstrip('@').replace('.', '_')}"
    drop_database(backend, name)
    ensure_database(backend, name)
    try:
        run_sqitch(backend, "deploy", ["--to", tag], dbname=name, capture=True, check=True)
        with admin_connect(backend, name) as conn:
            tables = conn.execute(
                "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s) ORDER BY 1, 2", (list(DATA_SCHEMAS),)).fetchall()
            prefilled = [f"{s}.{t}" for s, t in tables if scalar(conn, sql.SQL("SELECT EXISTS (SELECT FROM {})").format(
                sql.Identifier(s, t)))]
        run_seed(backend, name)
        argv = [client_bin("pg_dump"), "--data-only", "--no-owner", "-d", backend.conninfo(name)]
        argv += [f"--schema={s}" for s in DATA_SCHEMAS]
        argv += [f"--exclude-table-data={t}" for t in prefilled]
        result = tools.run(argv, timeout=300)
        if not result.ok:
            raise TenantDBError(f"pg_dump of {name} failed: {result.output}")
        dump = result.stdout
    finally:
        drop_database(backend, name)
    # pg_dump 18 writes `SET transaction_timeout`, which servers before 17 reject: leave it out.
    dump = "".join(line for line in dump.splitlines(keepends=True) if not line.startswith("SET transaction_timeout"))
    path = fixture_path(tag)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(dump.encode(), mtime=0))
    return path

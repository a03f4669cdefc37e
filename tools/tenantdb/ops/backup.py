"""`tenantdb backup`: a pg_dump directory-format dump with a manifest that proves it.

One backup is a directory ``<dir>/tenantdb-<db>-<UTC time>/`` holding

* ``dump/``        pg_dump -Fd (parallel with ``jobs``), taken from an exported snapshot;
* ``roles.sql``    the tenantdb roles and their memberships, idempotent (roles are cluster-wide
                   and not in a database dump);
* ``manifest.json`` format, source, server and pg_dump versions, the Sqitch plan position, the
                   database's CONNECT grants, per-table per-tenant row counts and checksums
                   (computed in the SAME snapshot the dump reads), and the sha256 of every file.

The backup is written under ``<name>.partial`` and renamed when complete, so an interrupted
run never looks like a backup. Pruning removes complete backups older than the retention
(by the manifest's ``created_at``) and leftover ``.partial`` directories; never the new one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from psycopg import sql

from .. import tools
from ..backend import Backend
from ..database import admin_connect, database_exists
from ..errors import BadInput, TenantDBError
from . import fingerprint

FORMAT = "tenantdb-backup/1"
PREFIX = "tenantdb-"
MANIFEST = "manifest.json"
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def check_writable(directory: Path) -> None:
    """Create `directory` if needed and prove a file can be written there, or raise BadInput."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".tenantdb-write-test-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise BadInput(f"cannot write backups to {directory}: {exc.strerror or exc}",
                       hint="choose a writable directory with --dir, or fix its permissions / free space") from None


def file_hashes(root: Path) -> dict[str, dict[str, object]]:
    """{relative path: {"bytes", "sha256"}} of every file under `root` (sorted)."""
    out: dict[str, dict[str, object]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = str(path.relative_to(root))
        if rel == MANIFEST:
            continue
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        out[rel] = {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}
    return out


def roles_sql(conn: Any) -> str:
    """Idempotent SQL that creates the tenantdb roles (attributes + memberships) where missing."""
    roles = conn.execute(
        "SELECT rolname, rolcanlogin, rolinherit, rolbypassrls FROM pg_catalog.pg_roles"
        " WHERE rolname LIKE 'tenantdb%' ORDER BY rolname").fetchall()
    # PostgreSQL 16+: keep each membership's INHERIT and SET options (tenantdb_client inherits
    # tenantdb_app's rights but may never SET ROLE to it).
    modern = int(conn.execute("SHOW server_version_num").fetchone()[0]) >= 160000
    options = "am.inherit_option, am.set_option" if modern else "NULL::boolean, NULL::boolean"
    members = conn.execute(
        f"SELECT r.rolname, m.rolname, {options} FROM pg_catalog.pg_auth_members am"
        " JOIN pg_catalog.pg_roles r ON r.oid = am.roleid JOIN pg_catalog.pg_roles m ON m.oid = am.member"
        " WHERE r.rolname LIKE 'tenantdb%' AND m.rolname LIKE 'tenantdb%' ORDER BY 1, 2").fetchall()
    lines = ["-- tenantdb roles, created only where missing (existing roles are left as they are)."]
    for name, login, inherit, bypass in roles:
        attrs = " ".join(["LOGIN" if login else "NOLOGIN", "INHERIT" if inherit else "NOINHERIT",
                          "BYPASSRLS" if bypass else "NOBYPASSRLS",
                          "NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"])
        lines.append(sql.SQL("DO $r$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = {lit}) "
                             "THEN CREATE ROLE {ident} {attrs}; END IF; END $r$;").format(
            lit=sql.Literal(name), ident=sql.Identifier(name), attrs=sql.SQL(attrs)).as_string(conn))
    for role, member, inherit_option, set_option in members:
        with_options = sql.SQL("") if inherit_option is None else sql.SQL(" WITH INHERIT {}, SET {}").format(
            sql.SQL("TRUE" if inherit_option else "FALSE"), sql.SQL("TRUE" if set_option else "FALSE"))
        lines.append(sql.SQL("GRANT {} TO {}{};").format(sql.Identifier(role), sql.Identifier(member), with_options)
                     .as_string(conn))
    return "\n".join(lines) + "\n"


def database_grants(conn: Any, dbname: str) -> list[dict[str, str]]:
    """The database-level privileges (CONNECT, TEMPORARY, CREATE) of roles other than the owner;
    role "PUBLIC" for grants to everyone (a database with default privileges grants those)."""
    rows = conn.execute(
        "SELECT coalesce(g.rolname, 'PUBLIC'), a.privilege_type FROM pg_catalog.pg_database d,"
        " LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a"
        " LEFT JOIN pg_catalog.pg_roles g ON g.oid = a.grantee"
        " WHERE d.datname = %s AND a.grantee <> d.datdba ORDER BY 1, 2", (dbname,)).fetchall()
    return [{"role": r, "privilege": p} for r, p in rows]


#: A whole-database dump may take long; past this it is a hung server, not a big database.
DUMP_TIMEOUT_S = 6 * 3600


def _tool_version(tool: str) -> str:
    return tools.run([tools.client_bin(tool), "--version"]).stdout.strip()


def backup(backend: Backend, dbname: str, directory: Path, *, jobs: int = 2, keep_days: int = 7,
           progress: Progress = _quiet, now: datetime | None = None) -> dict[str, Any]:
    """Dump `dbname` into a new backup under `directory`, prune old ones, return the summary."""
    if not database_exists(backend, dbname):
        raise BadInput(f"database {dbname!r} does not exist", hint="name an existing database with --db")
    check_writable(directory)
    started = time.perf_counter()
    created = now or datetime.now(UTC)
    name = f"{PREFIX}{dbname}-{created.strftime('%Y%m%dT%H%M%SZ')}"
    final, partial = directory / name, directory / (name + ".partial")
    if final.exists():
        raise BadInput(f"backup {final} already exists", hint="wait a second and run again")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        manifest = _dump(backend, dbname, partial, jobs, progress)
        manifest.update({"format": FORMAT, "name": name, "created_at": created.isoformat(),
                         "source_database": dbname, "jobs": jobs})
        progress("hashing files")
        manifest["files"] = file_hashes(partial)
        manifest["seconds"] = round(time.perf_counter() - started, 3)
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        partial.rename(final)
    except BaseException as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(exc, OSError):
            raise TenantDBError(f"writing the backup to {directory} failed: {exc.strerror or exc}",
                                hint="check free space and permissions (df -h); the source database is untouched") from None
        raise
    pruned = prune(directory, keep_days, now=created, keep={name})
    size = sum(int(f["bytes"]) for f in manifest["files"].values())
    return {"backup": str(final), "seconds": manifest["seconds"], "bytes": size,
            "rows": sum(fingerprint.totals(manifest["tables"]).values()),
            "plan": manifest["plan"], "pruned": pruned}


def _dump(backend: Backend, dbname: str, target: Path, jobs: int, progress: Progress) -> dict[str, Any]:
    """Export a snapshot, fingerprint the tables in it, and let pg_dump read the same snapshot."""
    with admin_connect(backend, dbname) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")  # autocommit: our BEGIN is the one
        snapshot = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        progress("counting and checksumming rows")
        tables = fingerprint.database_fingerprint(conn)
        plan = fingerprint.plan_position(conn)
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        (target / "roles.sql").write_text(roles_sql(conn))
        grants = database_grants(conn, dbname)
        progress(f"pg_dump -Fd -j {jobs}")
        proc = tools.pg_dump(backend.conninfo(dbname),
                             ["--format=directory", f"--jobs={jobs}", f"--snapshot={snapshot}",
                              "--no-sync", "--file", str(target / "dump"), "--dbname", backend.conninfo(dbname)],
                             timeout=DUMP_TIMEOUT_S)
        conn.execute("ROLLBACK")
    if proc.returncode != 0:
        raise TenantDBError(f"pg_dump failed (exit {proc.returncode}): {proc.stderr.strip()}",
                            hint="check free space in the backup directory; the source database is untouched")
    return {"tables": tables, "plan": plan, "server_version": version, "database_grants": grants,
            "pg_dump": _tool_version("pg_dump")}


def list_backups(directory: Path) -> list[dict[str, Any]]:
    """Complete backups in `directory` (those with a readable manifest), oldest first."""
    found = []
    for path in sorted(directory.glob(PREFIX + "*")):
        if path.name.endswith(".partial") or not (path / MANIFEST).is_file():
            continue
        try:
            manifest = json.loads((path / MANIFEST).read_text())
            created = datetime.fromisoformat(manifest["created_at"])
        except (OSError, ValueError, KeyError):
            continue
        found.append({"path": path, "created_at": created, "name": path.name})
    return sorted(found, key=lambda b: b["created_at"])


def prune(directory: Path, keep_days: int, *, now: datetime | None = None, keep: set[str] | None = None) -> list[str]:
    """Delete backups created more than `keep_days` days ago and stale .partial directories."""
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=keep_days)
    removed = []
    for b in list_backups(directory):
        if b["created_at"] < cutoff and b["name"] not in (keep or set()):
            shutil.rmtree(b["path"])
            removed.append(b["name"])
    for stale in directory.glob(PREFIX + "*.partial"):
        if stale.stat().st_mtime < (now - timedelta(hours=1)).timestamp():
            shutil.rmtree(stale, ignore_errors=True)
            removed.append(stale.name)
    return removed

"""`tenantdb restore`: a backup into a NEW database, then proof that it is the same data.

Steps: read the manifest and check the sha256 of every file (a corrupt or truncated backup is
refused before anything is created); refuse a target database that exists and holds anything;
create the tenantdb roles that are missing on this server (``roles.sql``); pg_restore in
parallel; set the database-level privileges (CONNECT, TEMPORARY) to those recorded in the manifest;
run again the deployed changes whose effect pg_dump does not carry (REAPPLIED_AFTER_RESTORE);
then verify: every table's per-tenant count and checksum equal the manifest, ``sqitch verify``
is green, and the catalog-driven isolation proof passes on a scratch clone of the restored
copy (seeded with the demo tenants; the restored database itself is never written to).
A restore that fails before verification drops the database it created.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from psycopg import sql

from .. import tools
from ..backend import Backend
from ..database import admin_connect, clone_database, database_exists, drop_database
from ..errors import BadInput, TenantDBError
from ..settings import project_root
from . import fingerprint
from .backup import FORMAT, MANIFEST, file_hashes
from .health import LEAKPROOF_LOOKUPS

Progress = Callable[[str], None]


#: Changes whose effect pg_dump does not carry: flags on functions tenantdb does not own (an
#: extension's, pg_catalog's), which a dump leaves out. Their deploy scripts are idempotent; a
#: restore runs them again when the backup had them deployed, so `sqitch verify` holds after it.
REAPPLIED_AFTER_RESTORE = (LEAKPROOF_LOOKUPS,)


class BackupDamaged(TenantDBError):
    """The backup's files do not match its manifest."""


def _quiet(_: str) -> None:
    return None


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of backup `path`, after checking every file's size and sha256."""
    if not path.is_dir():
        raise BadInput(f"{path} is not a backup directory",
                       hint="pass the path of one backup (a tenantdb-<db>-<time> directory made by tenantdb backup)")
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupDamaged(f"{path} has no {MANIFEST}: it is not a complete backup",
                            hint="use another backup; an interrupted backup ends in .partial and is never complete") from None
    except (OSError, ValueError) as exc:
        raise BackupDamaged(f"the manifest of {path} is unreadable: {exc}", hint="use another backup") from None
    if manifest.get("format") != FORMAT:
        raise BackupDamaged(f"{path} is not a {FORMAT} backup (format {manifest.get('format')!r})",
                            hint="restore it with the tenantdb version that made it")
    actual = file_hashes(path)
    expected: dict[str, Any] = manifest.get("files", {})
    problems = [f"{f}: missing" for f in expected if f not in actual]
    problems += [f"{f}: {actual[f]['bytes']} bytes, sha256 differs (expected {expected[f]['bytes']} bytes)"
                 for f in expected if f in actual and actual[f] != expected[f]]
    problems += [f"{f}: not in the manifest" for f in actual if f not in expected]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise BackupDamaged(f"backup {path} is damaged: {shown}",
                            hint="nothing was restored; use an older backup (ls the backup directory)")
    return manifest


def _ensure_empty_target(backend: Backend, dbname: str) -> bool:
    """Create `dbname` (True) or accept it when it exists and is empty (False); refuse otherwise."""
    if not database_exists(backend, dbname):
        with admin_connect(backend) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return True
    with admin_connect(backend, dbname) as conn:
        objects = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')").fetchone()[0]  # type: ignore[index]
        extensions = conn.execute("SELECT count(*) FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql'").fetchone()[0]  # type: ignore[index]
    if objects or extensions:
        raise BadInput(f"database {dbname!r} already exists and is not empty ({objects} relations, {extensions} extensions)",
                       hint="restore into a new name with --db NEW (a restore never overwrites a database); "
                            "drop the old one yourself if you mean to replace it")
    return False


def restore(backend: Backend, path: Path, dbname: str, *, jobs: int = 2, prove: bool = True,
            progress: Progress = _quiet) -> dict[str, Any]:
    """Restore backup `path` into the new database `dbname` and verify it; returns the report."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    manifest = read_manifest(path)
    timings["check_files_s"] = round(time.perf_counter() - t0, 3)
    created = _ensure_empty_target(backend, dbname)
    try:
        t = time.perf_counter()
        progress("roles")
        _run_psql(backend, dbname, path / "roles.sql")
        progress(f"pg_restore -j {jobs}")
        proc = tools.pg_restore(backend.conninfo(dbname),
                                [f"--jobs={jobs}", "--exit-on-error", "--dbname", backend.conninfo(dbname), str(path / "dump")],
                                timeout=RESTORE_TIMEOUT_S)
        if proc.returncode != 0:
            raise TenantDBError(f"pg_restore into {dbname!r} failed (exit {proc.returncode}): {proc.stderr.strip()}",
                                hint="the partly restored database was dropped; the backup is unchanged")
        with admin_connect(backend) as conn:
            conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(sql.Identifier(dbname)))
            for g in manifest.get("database_grants", []):
                grantee = sql.SQL("PUBLIC") if g["role"] == "PUBLIC" else sql.Identifier(g["role"])
                conn.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                    sql.SQL(g["privilege"]), sql.Identifier(dbname), grantee))
        _reapply_changes(backend, dbname, progress)
        timings["restore_s"] = round(time.perf_counter() - t, 3)
    except BaseException:
        if created:
            drop_database(backend, dbname)
        raise
    report = verify(backend, dbname, manifest, prove=prove, progress=progress, timings=timings)
    report.update({"backup": str(path), "database": dbname, "seconds": round(time.perf_counter() - t0, 3)})
    return report


def verify(backend: Backend, dbname: str, manifest: dict[str, Any], *, prove: bool = True,
           progress: Progress = _quiet, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """Compare `dbname` with the manifest, run sqitch verify and (optionally) the isolation proof."""
    from ..sqitch import run_sqitch

    timings = timings if timings is not None else {}
    t = time.perf_counter()
    progress("comparing counts and checksums")
    with admin_connect(backend, dbname) as conn:
        differences = fingerprint.compare(manifest["tables"], fingerprint.database_fingerprint(conn))
        plan = fingerprint.plan_position(conn)
    timings["checksums_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    progress("sqitch verify")
    sq = run_sqitch(backend, "verify", [], dbname=dbname, capture=True)
    timings["sqitch_verify_s"] = round(time.perf_counter() - t, 3)
    proof: dict[str, Any] | None = None
    if prove:
        t = time.perf_counter()
        progress("isolation proof on a scratch clone")
        proof = prove_copy(backend, dbname)
        timings["prove_s"] = round(time.perf_counter() - t, 3)
    ok = not differences and sq.returncode == 0 and plan == manifest["plan"] and (proof is None or proof["ok"])
    return {"ok": ok, "tables": len(manifest["tables"]),
            "rows": sum(fingerprint.totals(manifest["tables"]).values()),
            "differences": differences, "plan": plan, "plan_matches": plan == manifest["plan"],
            "sqitch_verify": {"exit_code": sq.returncode, "output": (sq.stdout + sq.stderr).strip().splitlines()[-3:]},
            "prove": proof, "timings": timings}


def prove_copy(backend: Backend, dbname: str) -> dict[str, Any]:
    """The catalog-driven isolation proof on a clone of `dbname` with the demo tenants seeded."""
    from ..prove import prove
    from ..seed import run_seed

    scratch = f"{dbname}_prove"[:63]
    clone_database(backend, dbname, scratch)
    try:
        run_seed(backend, scratch)
        result = prove(backend, scratch)
    finally:
        drop_database(backend, scratch)
    return {"ok": not result.failures, "checks": result.checks, "failures": result.failures[:20]}


#: A whole-database restore may take long; past this it is a hung server, not a big backup.
RESTORE_TIMEOUT_S = 6 * 3600


def _reapply_changes(backend: Backend, dbname: str, progress: Progress) -> None:
    """Run again the deploy script of each change of REAPPLIED_AFTER_RESTORE the restored registry holds."""
    with admin_connect(backend, dbname) as conn:
        if conn.execute("SELECT to_regclass('sqitch.changes') IS NULL").fetchone()[0]:  # type: ignore[index]
            return
        deployed = {r[0] for r in conn.execute("SELECT change FROM sqitch.changes WHERE change = ANY(%s)",
                                               (list(REAPPLIED_AFTER_RESTORE),))}
    for change in REAPPLIED_AFTER_RESTORE:
        if change in deployed:
            progress(f"{change} again (pg_dump does not carry it)")
            _run_psql(backend, dbname, project_root() / "deploy" / f"{change}.sql", what=f"running {change} again",
                      hint="run tenantdb restore as a superuser")


def _run_psql(backend: Backend, dbname: str, path: Path, *, what: str = "creating the roles of the backup",
              hint: str = "run it as a superuser (or a role with CREATEROLE)") -> None:
    proc = tools.run([tools.client_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", backend.conninfo(dbname),
                      "-f", str(path)])
    if proc.returncode != 0:
        raise TenantDBError(f"{what} failed: {proc.stderr.strip()}", hint=hint)

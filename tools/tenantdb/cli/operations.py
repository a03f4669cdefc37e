"""Operations commands: backup, restore, health, top, retention purge-archive (per-tenant
commands are in cli_tenant.py).

Registered in cli/__init__.py with ``app.add_typer(operations.app)``; the commands appear at the top
level (``tenantdb backup``, ``tenantdb restore``, ...). Each command parses, calls a function of
``tenantdb.ops`` and prints (a table for people, ``--json`` for scripts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from ..backend import Backend, get_backend
from ..settings import Settings, project_root

CONTEXT = {"help_option_names": ["-h", "--help"]}
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(context_settings=CONTEXT)

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")


def backend_of(ctx: typer.Context) -> Backend:
    """The backend the root command chose (--port / --backend / environment)."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    be = get_backend(root.obj)
    be.ensure_running()
    return be


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def status_line(as_json: bool) -> Any:
    """A spinner on stderr for people; nothing for --json."""
    if as_json:
        return _Silent()
    return err_console.status("working")


class _Silent:
    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, _: str) -> None:
        return None


DbOpt = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb').")


def maintenance_connection(be: Backend, db: Optional[str]) -> Any:
    """A connection as the maintenance role (BYPASSRLS: the only client role that crosses tenants)."""
    from ..database import Database
    from ..settings import MAINTENANCE_ROLE

    return Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True)


def tenant_id_arg(value: str) -> str:
    from ..context import parse_id

    parsed = parse_id(value, "tenant id")
    assert parsed is not None
    return parsed


def confirm_or_refuse(question: str, yes: bool) -> None:
    """Destructive commands: --yes, or an interactive yes; a non-interactive stdin is refused."""
    from ..errors import BadInput

    if yes:
        return
    if not sys.stdin.isatty():
        raise BadInput("refusing to erase without confirmation (stdin is not a terminal)",
                       hint="pass --yes to confirm in scripts")
    if not typer.confirm(question, default=False):
        err_console.print("nothing erased")
        raise typer.Exit(1)


def default_backup_dir() -> Path:
    return project_root() / "backups"


@app.command("backup", context_settings=CONTEXT)
def backup_cmd(
    ctx: typer.Context,
    directory: Optional[Path] = typer.Option(None, "--dir", help="Where backups live (default: ./backups of the checkout).",
                                             file_okay=False),
    keep_days: int = typer.Option(7, "--keep-days", min=1, max=3650, help="Delete backups older than this many days."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=32, help="Parallel pg_dump workers."),
    db: Optional[str] = typer.Option(None, "--db", help="Database to back up (default: TENANTDB_DATABASE or 'tenantdb')."),
    as_json: bool = JsonOpt,
) -> None:
    """Back up the whole database: pg_dump directory format (parallel), roles, and a manifest
    with per-table, per-tenant row counts and checksums and the Sqitch plan position, all from
    one snapshot. Then delete backups older than --keep-days. The source is only read.

    Example: tenantdb backup --dir /var/backups/tenantdb --keep-days 7 --jobs 4 --json
    """
    from ..ops.backup import backup

    be = backend_of(ctx)
    dbname = db or be.settings.database
    with status_line(as_json) as status:
        result = backup(be, dbname, directory or default_backup_dir(), jobs=jobs, keep_days=keep_days,
                        progress=status.update)
    if as_json:
        print_json(result)
        return
    console.print(f"backup {result['backup']}")
    console.print(f"{result['rows']:,} rows, {result['bytes']:,} bytes in {result['seconds']} s; "
                  f"plan at {result['plan']['change']} ({result['plan']['changes']} changes, tag {result['plan']['tag']})")
    if result["pruned"]:
        console.print(f"pruned (older than {keep_days} days): {', '.join(result['pruned'])}")


@app.command("restore", context_settings=CONTEXT)
def restore_cmd(
    ctx: typer.Context,
    backup_path: Path = typer.Argument(..., metavar="BACKUP", help="A backup directory made by tenantdb backup."),
    db: str = typer.Option(..., "--db", help="NEW database to restore into (must not exist, or be empty)."),
    jobs: int = typer.Option(2, "--jobs", "-j", min=1, max=32, help="Parallel pg_restore workers."),
    no_prove: bool = typer.Option(False, "--no-prove", help="Skip the isolation proof on a scratch clone (large restores)."),
    as_json: bool = JsonOpt,
) -> None:
    """Restore a backup into a NEW database and verify it: every table's per-tenant count and
    checksum equal the manifest, sqitch verify is green, and the isolation proof passes on a
    scratch clone. A corrupt backup or a non-empty target is refused before anything changes.
    Exit 0 when verified, 1 when a check failed (the restored database is kept for inspection).

    Example: tenantdb restore backups/tenantdb-tenantdb-20261128T020000Z --db tenantdb_restored --json
    """
    from ..ops.restore import restore

    be = backend_of(ctx)
    with status_line(as_json) as status:
        report = restore(be, backup_path, db, jobs=jobs, prove=not no_prove, progress=status.update)
    if as_json:
        print_json(report)
        raise typer.Exit(0 if report["ok"] else 1)
    table = Table("check", "result", title=f"restore of {backup_path.name} into {db} ({report['seconds']} s)")
    table.add_row("counts + checksums", f"{report['tables']} tables, {report['rows']:,} rows, "
                  f"{len(report['differences'])} differences")
    table.add_row("plan position", "same as the backup" if report["plan_matches"] else f"DIFFERENT: {report['plan']}")
    table.add_row("sqitch verify", "ok" if report["sqitch_verify"]["exit_code"] == 0 else "FAILED")
    proof = report["prove"]
    table.add_row("isolation proof", "skipped" if proof is None else
                  f"{proof['checks']} checks, {len(proof['failures'])} failures")
    console.print(table)
    console.print(", ".join(f"{k} {v}" for k, v in report["timings"].items()))
    for line in report["differences"][:20] + (proof["failures"] if proof else []):
        console.print(f"[red]FAIL[/red] {line}")
    if not report["ok"]:
        err_console.print(f"[red]restore NOT verified[/red]; database {db} kept for inspection")
        raise typer.Exit(1)


# ------------------------------------------------------------------------- monitoring
_MARK = {"ok": "[green]ok  [/green]", "warn": "[yellow]WARN[/yellow]", "fail": "[red]FAIL[/red]"}


@app.command("health", context_settings=CONTEXT)
def health_cmd(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt,
               no_verify: bool = typer.Option(False, "--no-verify", help="Skip sqitch verify (faster)."),
               max_transaction: int = typer.Option(300, "--max-transaction-seconds", min=1,
                                                   help="Warn about transactions open longer than this.")) -> None:
    """Is the database fit to serve: server up, plan deployed and verified, RLS forced on every
    tenant table, roles safe, long transactions, lock waits, connections against the maximum,
    disk. Exit 0 when nothing failed (warnings allowed), 1 otherwise; docs/operations.md says
    what to do for each check.

    Example: tenantdb health --json
    """
    from ..backend import EmbeddedBackend
    from ..database import admin_connect
    from ..ops.health import health
    from ..sqitch import plan_changes, run_sqitch

    be = backend_of(ctx)
    verify_exit = None if no_verify else run_sqitch(be, "verify", [], dbname=db, capture=True).returncode
    data_dir = be.data_dir if isinstance(be, EmbeddedBackend) else None
    with admin_connect(be, db or be.settings.database) as conn:
        checks = health(conn, planned=plan_changes(), verify_exit=verify_exit, data_dir=data_dir,
                        max_transaction_seconds=max_transaction)
    failed = any(c.status == "fail" for c in checks)
    if as_json:
        print_json({"ok": not failed, "checks": [c.as_dict() for c in checks]})
        raise typer.Exit(1 if failed else 0)
    for c in checks:
        console.print(f"{_MARK[c.status]} {c.name}: {c.detail}" + (f"\n      fix: {c.fix}" if c.fix else ""))
    raise typer.Exit(1 if failed else 0)


def _parse_ms(value: str) -> float:
    from ..errors import BadInput

    text = value.strip().lower()
    for suffix, factor in (("ms", 1.0), ("s", 1000.0)):
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    else:
        scale = 1.0
    try:
        number = float(text) * scale
    except ValueError:
        raise BadInput(f"--threshold {value!r} is not a duration", hint="write it like 10ms, 0.5s or 25") from None
    if number < 0:
        raise BadInput(f"--threshold {value!r} is negative", hint="write it like 10ms")
    return number


@app.command("top", context_settings=CONTEXT)
def top_cmd(ctx: typer.Context,
            threshold: str = typer.Option("10ms", "--threshold", help="Show statements whose mean is at least this (10ms, 0.5s)."),
            limit: int = typer.Option(20, "--limit", min=1, max=1000, help="At most this many statements."),
            db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Statements over the threshold from pg_stat_statements (created in the database when
    missing; the embedded server preloads it): calls, mean, estimated p95, max, total.

    Example: tenantdb top --threshold 10ms --limit 10 --json
    """
    from ..database import admin_connect
    from ..ops.health import top

    threshold_ms = _parse_ms(threshold)
    be = backend_of(ctx)
    with admin_connect(be, db or be.settings.database) as conn:
        rows = top(conn, threshold_ms=threshold_ms, limit=limit)
    if as_json:
        print_json({"threshold_ms": threshold_ms, "statements": rows})
        return
    table = Table("calls", "mean ms", "p95 est. ms", "max ms", "total ms", "query", title=f"statements with mean >= {threshold_ms} ms")
    for r in rows:
        table.add_row(str(r["calls"]), f"{r['mean_ms']:.2f}", f"{r['p95_est_ms']:.2f}", f"{r['max_ms']:.2f}",
                      f"{r['total_ms']:.0f}", r["query"][:80])
    console.print(table)


# -------------------------------------------------------------------------- retention
def purge_archive_cmd(ctx: typer.Context,
                      dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be purged."),
                      batch_size: int = typer.Option(1000, "--batch-size", min=1, max=100000, help="Rows per transaction."),
                      db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Delete archived rows whose archive period (retention_policies.archive_days of the tenant)
    has ended, in batches, as the maintenance role; one RETENTION audit summary per tenant and
    batch. Safe to kill and re-run.

    Example: tenantdb retention purge-archive --dry-run --json
    """
    from ..ops.archive_purge import purge

    be = backend_of(ctx)
    with maintenance_connection(be, db) as conn:
        result = purge(conn, batch_size=batch_size, dry=dry_run)
    if as_json:
        print_json(result)
        return
    verb = "would purge" if dry_run else "purged"
    console.print(f"{verb} {result['rows']} archived rows ({len(result['per_tenant'])} tenants, "
                  f"{result['batches']} batches) in {result['seconds']} s")

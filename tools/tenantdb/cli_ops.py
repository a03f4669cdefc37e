"""Operations commands: backup, restore (and, in cli_tenant_ops, per-tenant export/import/erase).

Registered in cli.py with one ``app.add_typer(cli_ops.app)``; the commands appear at the top
level (``tenantdb backup``, ``tenantdb restore``). Each command parses, calls a function of
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

from .backend import Backend, get_backend
from .settings import Settings, project_root

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
    def __enter__(self) -> "_Silent":
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    def update(self, _: str) -> None:
        return None


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
    from .ops.backup import backup

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
    from .ops.restore import restore

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

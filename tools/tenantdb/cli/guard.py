"""`tenantdb guard`: the watchdog of client sessions (tools/tenantdb/guard.py), as a command.

Registered in cli/__init__.py (SUB_APPS) as "guard".
"""

from __future__ import annotations

import json
import sys
import time
from typing import Optional

import typer
from rich.console import Console

from ..backend import get_backend
from ..database import Database
from ..guard import GuardAction, GuardLimits, run_once
from ..settings import MAINTENANCE_ROLE, Settings

CONTEXT = {"help_option_names": ["-h", "--help"]}
console = Console(highlight=False, soft_wrap=True)

app = typer.Typer(context_settings=CONTEXT, invoke_without_command=True)


def _line(a: GuardAction) -> str:
    verb = {"terminate": "terminated", "cancel": "cancelled"}[a.action] if a.done else f"could not {a.action}"
    return f"{verb} pid {a.pid} ({a.login}): {a.reason}, {a.detail}"


@app.callback()
def guard(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="One pass, then exit (for cron or a test); default: run until stopped."),
    interval: float = typer.Option(1.0, "--interval", min=0.1, max=60, help="Seconds between passes."),
    idle_limit: float = typer.Option(30.0, "--idle-limit", min=0,
                                     help="Seconds a client may stay idle in a transaction (or idle holding an advisory lock)."),
    statement_limit: float = typer.Option(60.0, "--statement-limit", min=0.1,
                                          help="Seconds one client statement may run before it is cancelled."),
    lock_grace: float = typer.Option(0.0, "--lock-grace", min=0, help="Seconds a client transaction may hold a lock stronger "
                                     "than ROW EXCLUSIVE on a product table."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only report what would be ended."),
    db: Optional[str] = typer.Option(None, "--db", help="Database to guard (default: TENANTDB_DATABASE or 'tenantdb')."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per pass (with --once: one object)."),
) -> None:
    """Watch client sessions and end those that block other tenants: locks stronger than ROW
    EXCLUSIVE on product tables, idle in transaction past --idle-limit, statements past
    --statement-limit. Runs as the maintenance login; run it as a service (docs/security.md).

    Example: tenantdb guard --once --json
    Example: tenantdb guard --interval 1 --idle-limit 30 --statement-limit 60
    """
    root = ctx.find_root()
    settings = root.obj if isinstance(root.obj, Settings) else Settings.from_env()
    be = get_backend(settings)
    limits = GuardLimits(idle_in_transaction_s=idle_limit, statement_s=statement_limit, strong_lock_s=lock_grace)
    with Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        conn.execute("SET application_name = 'tenantdb guard'")
        while True:
            started = time.perf_counter()
            actions = run_once(conn, limits, dry_run=dry_run)
            if as_json:
                sys.stdout.write(json.dumps({"dry_run": dry_run, "pass_ms": round((time.perf_counter() - started) * 1000, 1),
                                             "actions": [a.as_dict() for a in actions]}) + "\n")
                sys.stdout.flush()
            else:
                for a in actions:
                    console.print(("would end " if dry_run else "") + _line(a))
                if once and not actions:
                    console.print("no client session past a limit")
            if once:
                return
            time.sleep(interval)

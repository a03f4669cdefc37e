"""`tenantdb partitions ...`: the monthly partitions of the history tables (maintenance role).

Registered in cli/__init__.py (SUB_APPS) as "partitions".
"""

from __future__ import annotations

from typing import Optional

import typer

from .. import partitions
from ..settings import MAINTENANCE_ROLE
from . import options
from .options import CONTEXT, DB_OPTION, JSON_OPTION
from .output import console, exit_with, print_json, table

app = options.sub_app("Monthly partitions of app.messages, app.interactions and app.audit_log: list them, create them ahead.\n\n"
                      "Example: tenantdb partitions create --ahead 3")


@app.command("create", context_settings=CONTEXT)
def create(ctx: typer.Context,
           ahead: int = typer.Option(3, "--ahead", min=0, max=60, help="Months ahead of the current one to create."),
           db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Create the monthly partitions up to --ahead months from now (and each table's DEFAULT
    partition), as the maintenance role, through app_private.create_history_partitions(): each
    gets its parent's forced RLS, policies and grants. Idempotent; run it monthly (cron).

    Example: tenantdb partitions create --ahead 3 --json
    """
    with options.database(ctx, db).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        created = partitions.create_ahead(conn, ahead)
    if as_json:
        print_json({"created": created})
    else:
        console.print(f"created {len(created)} partitions" + (": " + ", ".join(created) if created else " (all present)"))


@app.command("list", context_settings=CONTEXT)
def list_(ctx: typer.Context, db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """List every partition with its range, whether RLS is forced, and its policies against its
    parent's. Exit 1 when a partition lacks its parent's guards (`tenantdb lint` says which).

    Example: tenantdb partitions list --json
    """
    with options.database(ctx, db).connect(MAINTENANCE_ROLE) as conn:
        rows = partitions.list_partitions(conn)
    unguarded = [r for r in rows if not r["rls_forced"] or r["policies"] < r["parent_policies"]]
    if as_json:
        print_json({"partitions": rows, "unguarded": [r["partition"] for r in unguarded]})
    else:
        table(("table", "partition", "bounds", "rls forced", "policies"),
              ((r["table"], r["partition"], r["bounds"], "yes" if r["rls_forced"] else "NO",
                f"{r['policies']}/{r['parent_policies']}") for r in rows), title="history partitions")
    exit_with(bool(unguarded))


@app.command("fill-demo", context_settings=CONTEXT)
def fill_demo(ctx: typer.Context,
              rows: int = typer.Option(100000, "--rows", min=1, max=5_000_000, help="Expired messages per seeded tenant."),
              months_ago: int = typer.Option(14, "--months-ago", min=13, max=60, help="Month to put them in (past every policy)."),
              db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Add expired messages in their own monthly partition (benchmark volume for `tenantdb retention run`,
    by partition or --row-by-row).

    Example: tenantdb partitions fill-demo --rows 100000 && tenantdb retention run
    """
    result = partitions.fill_expired_messages(options.database(ctx, db).conninfo(), rows, months_ago)
    if as_json:
        print_json(result)
    else:
        console.print(f"added {result['messages_added']} expired messages of {result['month'][:7]} in {result['partition']}")

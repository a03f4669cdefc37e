"""`tenantdb retention ...` and `tenantdb credentials ...`: jobs run as the maintenance role."""

from __future__ import annotations

import os
from typing import Optional

import typer

from .. import retention
from ..credentials import rotate
from ..keys import load_keyring
from ..settings import MAINTENANCE_ROLE
from . import options
from .options import CONTEXT, DB_OPTION, JSON_OPTION
from .output import console, exit_with, print_json, spinner, table

retention_app = options.sub_app("Apply the retention policies: archive expired rows, then delete them.\n\n"
                                "Example: tenantdb retention run --dry-run")
credentials_app = options.sub_app("Integration credentials (AES-256-GCM, keys in TENANTDB_CREDENTIAL_KEYS).\n\n"
                                  "Example: tenantdb credentials rotate --to k2026b")


@retention_app.command("run", context_settings=CONTEXT)
def retention_run(ctx: typer.Context,
                  dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be archived; change nothing."),
                  batch_size: int = typer.Option(1000, "--batch-size", min=1, max=100000, help="Rows per transaction."),
                  row_by_row: bool = typer.Option(False, "--row-by-row",
                                                  help="Do not drop wholly expired monthly partitions; archive every row one by one."),
                  db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Move expired rows of every tenant to archive.archived_rows and delete them, in batches,
    as the maintenance role. Safe to kill and re-run: each batch is one transaction. Monthly
    partitions (app.messages, app.interactions) that every tenant's policy has expired entirely
    are archived and dropped whole first.

    Example: tenantdb retention run --dry-run --json
    """
    database = options.database(ctx, db)
    # Test hook of tests/test_retention.py: kill the process in batch N to prove a run resumes.
    crash_at = int(os.environ.get(retention.CRASH_ENV, "0") or 0)
    with spinner("retention", enabled=not as_json) as status:
        result = retention.run(database.conninfo(MAINTENANCE_ROLE), dry=dry_run, batch_size=batch_size,
                               progress=status.update, crash_at=crash_at, by_partition=not row_by_row)
    if as_json:
        print_json(result)
        return
    title = "retention dry run (nothing changed)" if dry_run else f"retention run {result['run_id']}"
    table(("table", "rule", "tenant", "rows " + ("to archive" if dry_run else "archived")),
          ((t["table"], t["rule"], tenant, n)
           for t in result["targets"] for tenant, n in (sorted(t["per_tenant"].items()) or [("-", 0)])),
          title=title)
    rate = f", {result['rows_per_second']:,} rows/s" if result["rows_per_second"] else ""
    console.print(f"{result['rows']} rows in {result['seconds']} s{rate}")


@retention_app.command("fill-demo", context_settings=CONTEXT)
def retention_fill_demo(ctx: typer.Context,
                        rows: int = typer.Option(10000, "--rows", min=1, max=5_000_000, help="Expired sync logs per tenant."),
                        db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Add expired sync logs to every seeded tenant (benchmark volume for `retention run`).

    Example: tenantdb retention fill-demo --rows 50000 && tenantdb retention run
    """
    added = retention.fill_sync_logs(options.database(ctx, db).conninfo(), rows)
    if as_json:
        print_json({"sync_logs_added": added})
    else:
        console.print(f"added {added} expired sync logs")


@credentials_app.command("rotate", context_settings=CONTEXT)
def credentials_rotate(ctx: typer.Context,
                       to: str = typer.Option(..., "--to",
                                              help="Key id (in TENANTDB_CREDENTIAL_KEYS) to re-encrypt every credential with."),
                       batch_size: int = typer.Option(100, "--batch-size", min=1, max=10000, help="Rows per transaction."),
                       db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Re-encrypt every credential of every tenant with key --to, in small transactions, as the
    maintenance role. No downtime: readers use the key id stored with each row; keep the old
    key in TENANTDB_CREDENTIAL_KEYS until this reports remaining = 0. Exit 1 if rows remain.

    Example: TENANTDB_CREDENTIAL_KEYS="k1:<b64>,k2:<b64>" tenantdb credentials rotate --to k2 --json
    """
    database = options.database(ctx, db)
    keyring = load_keyring(os.environ, database.backend.name)  # env or file provider; the public dev key only on embedded
    with database.connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        result = rotate(conn, keyring, to, batch_size=batch_size)
    if as_json:
        print_json(result)
    else:
        console.print(f"re-encrypted {result['rotated']} credentials with key {to!r}; "
                      f"{result['remaining']} remain on other keys")
    exit_with(result["remaining"] != 0)

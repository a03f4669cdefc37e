"""`tenantdb seed`, `tenantdb demo` and `tenantdb rag recall`: the demo data and what it shows."""

from __future__ import annotations

import time
from typing import Optional

import typer

from .. import rag, safety
from ..demo import demonstrate, timed
from ..seed import run_seed, table_checksums
from ..settings import APP_ROLE, CLIENT_ROLES, MAINTENANCE_ROLE
from ..sqitch import run_sqitch
from . import options
from .options import CONTEXT, DB_OPTION, JSON_OPTION
from .output import console, err_console, print_json, quiet_or, spinner, table

rag_app = options.sub_app("Retrieval (RAG) helpers: measure vector-search quality.\n\n"
                          "Example: tenantdb rag recall --json")

CONTRACT = (
    "   Contract: in every transaction, first (ids as bound parameters: literals show in pg_stat_activity)\n"
    "     SELECT app.set_context($1, $2);  -- $1 tenant uuid, $2 the acting person (tenantdb_app)\n"
    "   No context (or one left from another transaction): every query fails (42501). A malformed id fails (22P02).\n"
    f"   Roles: {', '.join(CLIENT_ROLES)} (clients), {MAINTENANCE_ROLE} (jobs only)."
)


def seed(ctx: typer.Context, db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """Load the demo data (idempotent: a second run changes nothing) and print row counts.

    Example: tenantdb seed --json
    """
    be = options.backend(ctx, running=True)
    safety.require_database(be, safety.target_database(be, db))
    start = time.perf_counter()
    with spinner("seeding", enabled=not as_json) as status:
        run_seed(be, db, progress=lambda msg: status.update(f"seeding {msg}"))
    sums = table_checksums(be, db)
    elapsed = time.perf_counter() - start
    if as_json:
        print_json({"seconds": round(elapsed, 3), "tables": {t: {"rows": n, "md5": m} for t, (n, m) in sums.items()}})
        return
    table(("table", "rows", "md5"), ((t, n, m[:12]) for t, (n, m) in sums.items()), title=f"seeded in {elapsed:.2f} s")


@rag_app.command("recall", context_settings=CONTEXT)
def rag_recall(
    ctx: typer.Context,
    db: Optional[str] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    k: int = typer.Option(10, "--k", min=1, max=1000, help="How many nearest chunks to compare."),
    queries: int = typer.Option(20, "--queries", min=1, max=10000, help="Query vectors per tenant."),
) -> None:
    """Recall@k of app.search_chunks() against exact search, for every tenant with chunks.

    Runs as the service role of each tenant; queries are the tenant's own chunk embeddings plus
    noise (deterministic). Also prints how many results each search returned (k when the tenant
    has k chunks).

    Example: tenantdb rag recall --k 10 --queries 50 --json
    """
    be = options.backend(ctx, running=True)
    with spinner("measuring recall", enabled=not as_json):
        rows = rag.measure(be, db, k=k, queries=queries)
    if as_json:
        print_json({"k": k, "tenants": rag.as_dicts(rows)})
        return
    table(("tenant", "chunks", "queries", f"recall@{k}", "results min", "results max"),
          ((r.tenant, r.chunks, r.queries, f"{r.recall:.3f}", r.min_results, r.max_results) for r in rows))


def demo(ctx: typer.Context, db: Optional[str] = DB_OPTION, as_json: bool = JSON_OPTION) -> None:
    """The main job: start the database, deploy, seed, and show tenant isolation as the app role.

    Example: tenantdb demo
    """
    be = options.backend(ctx)
    timings: dict[str, float] = {}
    say = quiet_or(as_json)
    say("[bold]1. database[/bold]")
    status, timings["db_up_s"] = timed(be.up)
    say(f"   {status.backend}: {status.detail}")
    be.ensure_running()
    say("[bold]2. deploy (sqitch)[/bold]")
    result, timings["deploy_s"] = timed(lambda: run_sqitch(be, "deploy", [], dbname=db, capture=True, check=True))
    for line in result.stdout.splitlines():
        say(f"   {line}")
    say("[bold]3. seed[/bold]")
    _, timings["seed_s"] = timed(lambda: run_seed(be, db))
    say("   demo tenants and their users are in place")
    say("[bold]4. isolation, as the user-facing role[/bold]")
    report, timings["demonstrate_s"] = timed(lambda: demonstrate(be, db))
    if as_json:
        print_json({"ok": report.ok, "timings": timings, "url_app": be.url(db, APP_ROLE),
                    "checks": [c.__dict__ for c in report.checks]})
        raise typer.Exit(0 if report.ok else 1)
    for c in report.checks:
        mark = "[green]ok  [/green]" if c.ok else "[red]FAIL[/red]"
        console.print(f"   {mark} {c.what}\n        {c.observed}", soft_wrap=True)
    console.print("[bold]5. connect yourself[/bold]")
    console.print(f"   psql \"{be.url(db, APP_ROLE)}\"", soft_wrap=True)
    console.print(CONTRACT)
    console.print("   " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
    if not report.ok:
        err_console.print("[red]isolation demonstration FAILED[/red]")
        raise typer.Exit(1)

"""`tenantdb bench target`: the RLS-versus-floor workloads on a loaded database as it stands
(tenantdb.bench.target), e.g. a Citus coordinator (docs/scale-out.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import options
from .output import exit_with, print_json, quiet_or, say, table


def bench_target(ctx: typer.Context,
                 db: Optional[str] = options.DB_OPTION,
                 iterations: int = typer.Option(200, "--iterations", help="Timed runs per variant and workload."),
                 warmup: int = typer.Option(50, "--warmup", help="Untimed runs first, per variant and workload (at "
                                            "least 6 per connection: PostgreSQL plans a prepared statement afresh 5 times)."),
                 connections: Optional[int] = typer.Option(None, "--connections",
                                                           help="Connections per side, taken in turn (default 8; one per "
                                                           "side measures the backend as much as the policies)."),
                 workload: Optional[list[str]] = typer.Option(None, "--workload",
                                                              help="Only this workload (repeatable; default: all)."),
                 workloads_file: Optional[Path] = typer.Option(None, "--workloads", dir_okay=False,
                                                               help="Workloads file (default: sql/bench/workloads.toml; "
                                                               "on Citus also sql/bench/citus_routed_workloads.toml)."),
                 as_json: bool = options.JSON_OPTION) -> None:
    """Measure the bench's workloads (RLS versus floor, interleaved) on the database DATABASE_URL
    or --db names, loaded beforehand (tenantdb bench load; on Citus before `tenantdb citus
    distribute`): no deploy, no load, nothing dropped. Each workload runs on its own: one the
    database refuses is reported with its error and the rest are still measured. The plan of each
    variant is read for Citus's task count (1 = one shard group). Writes commit: use a dedicated
    bench database, never a production one.

    Exit codes: 0 every workload measured; 1 one or more refused; 2 bad usage.

    Example: tenantdb bench target --iterations 200 --json   (DATABASE_URL=postgresql://postgres@localhost:55432/tenantdb_bench)
    """
    from ..bench.data import CONNECTIONS_PER_SIDE, MAX_CONNECTIONS_PER_SIDE
    from ..bench.target import measure_target

    options.in_range("--iterations", iterations, 1, 100_000)
    options.in_range("--warmup", warmup, 0, 10_000)
    connections = CONNECTIONS_PER_SIDE if connections is None else connections
    options.in_range("--connections", connections, 1, MAX_CONNECTIONS_PER_SIDE)
    database = options.database(ctx, db)
    result = measure_target(database.backend, database.name, iterations=iterations, warmup=warmup, connections=connections,
                            only=workload or None, workloads_file=workloads_file, progress=quiet_or(as_json, to_stderr=True))
    if as_json:
        print_json({"database": database.name, "iterations": iterations, **result})
        exit_with(bool(result["refused"]))
    table(("workload", "RLS p50 ms", "floor p50 ms", "ratio", "RLS p95 ms", "floor p95 ms", "tasks RLS/floor"),
          [(name, v["rls"]["p50_ms"], v["floor"]["p50_ms"], v["ratio_p50"], v["rls"]["p95_ms"], v["floor"]["p95_ms"],
            f"{v['tasks']['rls']}/{v['tasks']['floor']}") for name, v in result["latency"].items()],
          title=f"tenantdb bench target ({database.name}, {iterations} iterations)")
    for name, r in result["refused"].items():
        say(f"[red]refused[/red] {name} ({r['role']}): {r['sqlstate']} {r['error']}", markup=True)
    for name, why in result["skipped"].items():
        say(f"[yellow]skipped[/yellow] {name}: {why}")
    exit_with(bool(result["refused"]))


def register(bench_app: typer.Typer) -> None:
    """Add `target` to the `tenantdb bench` group (one line in cli/__init__.py)."""
    bench_app.command("target", context_settings=options.CONTEXT)(bench_target)

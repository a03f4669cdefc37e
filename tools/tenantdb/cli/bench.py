"""`tenantdb bench` and `tenantdb bench load`: parse, call tenantdb.bench, print."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from ..tokens import TokenKeyring
from . import options
from .options import CONTEXT, JSON_OPTION
from .output import console, print_json, quiet_or, rows_progress, table

app = typer.Typer(context_settings=CONTEXT, invoke_without_command=True, add_completion=False)


@app.callback()
def bench(ctx: typer.Context,
          quick: bool = typer.Option(False, "--quick", help="The CI smoke size (tens of thousands of rows, about a minute)."),
          size_name: Optional[str] = typer.Option(None, "--size", help="quick (= --quick) or full (the goals' size: "
                                                  "10M rows in 1,000 Zipf-skewed tenants; needs a quiet machine)."),
          out: Optional[Path] = typer.Option(None, "--out", help="Write the JSON results here (default: "
                                             "bench-results/<size>-<time>.json).", dir_okay=False),
          markdown: Optional[Path] = typer.Option(None, "--markdown", help="Write the Markdown report here "
                                                  "(default: docs/benchmarks.md for the full size, none for --quick).",
                                                  dir_okay=False),
          base: Optional[Path] = typer.Option(None, "--compare", help="Compare with an earlier JSON result; exit 1 on an "
                                              "RLS-side regression over 15 % and 1 ms (or a 15 % throughput drop, where both "
                                              "runs measured throughput the same way); "
                                              "the floor's moves are printed as environment shifts.",
                                              exists=False, dir_okay=False),
          reload: bool = typer.Option(False, "--reload", help="Load the data again even if the bench databases "
                                      "already hold it."),
          db_prefix: str = typer.Option("tenantdb_bench", "--db-prefix", help="Prefix of the dedicated bench databases."),
          template: Optional[str] = typer.Option(None, "--template", help="Clone the bench databases from this database "
                                                 "(the plan deployed, no tenants: the test suite's template) instead of "
                                                 "deploying the plan into each; the full deploy is still measured once."),
          tenants: Optional[int] = typer.Option(None, "--tenants", help="Tenants of the main database (full: 1000)."),
          rows_per_tenant: Optional[int] = typer.Option(None, "--rows-per-tenant",
                                                        help="Average rows per tenant of the main database (full: 10000, "
                                                        "the 10M-row size of the goals)."),
          iterations: Optional[int] = typer.Option(None, "--iterations", help="Timed runs per variant and workload (full: 1500)."),
          clients: Optional[int] = typer.Option(None, "--clients", help="pgbench clients (full: 4)."),
          seconds: Optional[int] = typer.Option(None, "--seconds", help="pgbench seconds per run (full: 1, in 12 rounds per side)."),
          transactions: Optional[int] = typer.Option(None, "--transactions",
                                                     help="pgbench runs this many transactions per client instead of "
                                                     "--seconds: a smoke run through every stage (the tps are not figures)."),
          connections: Optional[int] = typer.Option(None, "--connections",
                                                    help="Connections per side of the client-side comparisons, taken "
                                                    "in turn (full: 8; one per side measures the backend as much "
                                                    "as the policies)."),
          as_json: bool = JSON_OPTION) -> None:
    """Measure what row-level security costs. Without a subcommand: the whole benchmark (deploy
    timing, scale data, plan checks, RLS-versus-floor latency and pgbench throughput, tenant
    scaling), written as JSON and Markdown; `load` only fills a database.

    The bench databases (tenantdb_bench, tenantdb_bench_t10, tenantdb_bench_t1000; with --quick
    tenantdb_bench_quick*) are separate from the demo database and are reused while their data
    and the schema are unchanged.

    Exit codes: 0 done; 1 a failure, or an RLS-side regression with --compare (a move of the floor
    alone is printed as an environment shift); 2 bad usage.

    Example: tenantdb bench --size quick --json   |   tenantdb bench --size full --compare docs/benchmarks.json
    """
    if ctx.invoked_subcommand:
        return
    from .. import bench as bench_mod  # here: every CLI start would import the bench package

    base_data = bench_mod.read_result(base) if base is not None else None
    size = bench_mod.size_for(size_name or quick, tenants=tenants, rows_per_tenant=rows_per_tenant, iterations=iterations,
                              clients=clients, seconds=seconds, transactions=transactions, connections=connections)
    be = options.backend(ctx, running=True)
    keyring: TokenKeyring | None = TokenKeyring.from_env(os.environ)
    if keyring is not None and keyring.is_development and be.name != "embedded":
        keyring = None  # the public development key is for the embedded server only: no client variant
    with rows_progress() as progress:
        results = bench_mod.run_benchmark(be, size, db_prefix=db_prefix, reload=reload,
                                          say=quiet_or(as_json, to_stderr=True), progress=progress, keyring=keyring,
                                          template=template)
    command = " ".join(["tenantdb", *sys.argv[sys.argv.index("bench"):]]) if "bench" in sys.argv else "tenantdb bench"
    out, md = bench_mod.write_outputs(results, size, command, out=out, markdown=markdown)
    regressions = bench_mod.compare(base_data, results) if base_data is not None else []
    changes = bench_mod.changes(base_data, results) if base_data is not None else []
    shifts = bench_mod.environment_shifts(base_data, results) if base_data is not None else []
    other_method = bench_mod.throughput_not_comparable(base_data, results) if base_data is not None else []
    if as_json:
        print_json({"results": str(out), "markdown": str(md) if md else None, "goals": results["goals"],
                    "regressions": regressions, "environment_shifts": shifts, "changes": changes,
                    "throughput_not_comparable": other_method, "compared_with": str(base) if base else None})
    else:
        _print_summary(results, size.name, out, md, regressions)
        for s in shifts:  # the floor runs no policy: a move of it alone is the machine, not the schema
            console.print(f"[yellow]environment shift[/yellow] (floor, not a regression of the schema) {s['workload']} "
                          f"{s['figure']}: {s['base']} -> {s['new']} ({s['change']})")
        if other_method:  # one line: every workload's pgbench ran the same way within a run
            m = other_method[0]
            console.print(f"[yellow]throughput not compared[/yellow] ({len(other_method)} workload(s)): measured as "
                          f"{m['base']} in {base}, as {m['new']} now; the tps of two methods are not one quantity")
        if changes:
            table(("workload", "RLS p50 ms before", "after", "change", "ratio before", "after", "server ratio before",
                   "after", "RLS tps before", "after", "verdict"),
                  [(c["workload"], *c["rls_p50_ms"], c["p50_change"], *c["ratio_p50"],
                    *("n/a" if x is None else x for x in c["server_ratio_p50"]), *c["rls_tps"], c["verdict"])
                   for c in changes], title=f"compared with {base}")
    if regressions:
        raise typer.Exit(1)


def _print_summary(results: dict[str, Any], size: str, out: Path, md: Path | None,
                   regressions: list[dict[str, Any]]) -> None:
    rows = []
    for name, v in results["latency"].items():
        t = results["throughput"].get(name, {})
        sc = results["scaling"]["workloads"].get(name, {})
        server = v.get("server", {})
        rows.append((name, v["rls"]["p50_ms"], v["floor"]["p50_ms"], v["ratio_p50"], server.get("ratio_p50"),
                     server.get("overhead_us"), t.get("rls_tps"), t.get("floor_tps"), t.get("ratio"), sc.get("ratio_p50"),
                     sc.get("server", {}).get("ratio_p50")))
    table(("workload", "RLS p50 ms", "floor p50 ms", "ratio", "server ratio", "server adds µs", "RLS tps", "floor tps",
           "tps ratio", "scaling ratio", "server scaling ratio"),
          rows, title=f"tenantdb bench ({size})")
    marks = {True: "[green]met[/green]", False: "[red]missed[/red]", None: "[yellow]not measured[/yellow]"}
    for g in results["goals"]:
        mark = "[blue]shown[/blue]" if g.get("shown") else marks[g["met"]]
        console.print(f"{mark}  {g['goal']} {g['target']}: {g['value']} {g['detail']}", soft_wrap=True)
    for name, problems in results["plans"].items():
        if problems:
            console.print(f"[red]plan[/red] {name}: {'; '.join(problems)}")
    console.print(f"results: {out}" + (f"\nreport: {md}" if md else ""))
    for reg in regressions:
        floor = f"; the floor moved too: {reg['floor_change']}" if reg.get("floor_change") else ""
        console.print(f"[red]regression[/red] {reg['workload']} {reg['figure']}: {reg['base']} -> {reg['new']} "
                      f"({reg['change']}{floor})")


@app.command("load")
def bench_load(ctx: typer.Context,
               tenants: int = typer.Option(100, "--tenants", help="Number of tenants (1..65535)."),
               rows_per_tenant: int = typer.Option(10_000, "--rows-per-tenant", help="Average rows per tenant "
                                                   "(100 per student: user, profile, conversations, messages, sessions)."),
               skew: str = typer.Option("zipf", "--skew", help="zipf (a few big tenants, many small) or uniform."),
               db: str = typer.Option("tenantdb_bench", "--db", help="The dedicated bench database (never the demo one)."),
               fresh: bool = typer.Option(True, "--fresh/--no-fresh", help="Drop and redeploy the database first "
                                          "(--no-fresh: load into an already deployed, empty one)."),
               jobs: Optional[int] = typer.Option(None, "--jobs", help="Parallel COPY connections (default: up to 2)."),
               as_json: bool = JSON_OPTION) -> None:
    """Fill a dedicated database with deterministic scale data through COPY, with a progress bar
    and rows/s.

    Exit codes: 0 loaded; 1 a failure; 2 bad usage (a bad size, or a database that already has data).

    Example: tenantdb bench load --tenants 1000 --rows-per-tenant 5000 --json
    """
    from .. import bench as bench_mod
    spec = bench_mod.DataSpec(tenants, rows_per_tenant, skew)
    options.in_range("--jobs", jobs, 1, 16)
    be = options.backend(ctx, running=True)
    deploy_s = bench_mod.fresh_database(be, db) if fresh else None
    with rows_progress(enabled=not as_json) as progress:
        result = bench_mod.load(be, db, spec, jobs=jobs, progress=progress)
    result.deploy_seconds = round(deploy_s, 2) if deploy_s is not None else None
    if as_json:
        print_json(result.as_dict())
        return
    console.print(f"{db}: {result.rows:,} rows in {result.seconds} s; COPY {result.copy_seconds} s = "
                  f"{result.rows_per_second:,.0f} rows/s ({result.jobs} connections), indexes {result.index_seconds} s, "
                  f"VACUUM ANALYZE {result.vacuum_seconds} s")
    for name, n in result.tables.items():
        console.print(f"  {name:<24} {n:>12,}")

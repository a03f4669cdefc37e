"""`tenantdb bench`: what row-level security costs, measured against the physical floor.

Pieces, each usable on its own (the CLI strings them together):

* `load()` fills a dedicated database with deterministic scale data through COPY: tenants of
  Zipf-skewed size (a few big ones, many small ones) or uniform size, their students, staff,
  learner profiles, conversations, messages and learning sessions, plus `bench.actors`, a
  sample of students the workloads act as.
* `load_workloads()` reads `sql/bench/workloads.toml`: every query twice, the RLS variant (the
  client role with the tenant context) and the floor variant (tenantdb_maintenance, BYPASSRLS,
  with the tenant and person written into the WHERE clause).
* `measure_latency()` runs both variants interleaved (RLS, floor, floor, RLS, ...) so the
  machine's noise falls on both alike, and reports p50/p95/p99 and the RLS/floor ratio.
* `measure_throughput()` runs pgbench (shipped with the embedded server) with scripts made
  from the same SQL, N clients, RLS and floor alternating.
* `compare()` flags regressions against an earlier JSON result.
"""

from __future__ import annotations

import json
import math
import os
import platform
import random
import re
import statistics
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from .backend import Backend, client_bin
from .context import SET_CONTEXT_SQL
from .database import admin_connect, drop_database
from .errors import BadInput, TenantDBError
from .settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE, project_root

WORKLOADS_FILE = Path("sql/bench/workloads.toml")

# Shape of one student's data: 1 user + 1 learner profile + 3 conversations of 26 messages
# + 5 learning sessions + 2 enrollments + 10 interactions = 100 rows; where the schema has the
# RAG tables (issue 4), each 20 students add 4 documents of 4 chunks (about 1 row per student).
# Every tenant also has an admin, two educators and 4 courses.
CONVERSATIONS_PER_STUDENT = 3
MESSAGES_PER_CONVERSATION = 26
SESSIONS_PER_STUDENT = 5
ENROLLMENTS_PER_STUDENT = 2
INTERACTIONS_PER_STUDENT = 10
COURSES_PER_TENANT = 4
STUDENTS_PER_DOCUMENT_SET = 20  # each 20 students: one document per course
CHUNKS_PER_DOCUMENT = 4
DIMENSIONS = 384
TOPICS = 8
ROWS_PER_STUDENT = (2 + CONVERSATIONS_PER_STUDENT * (1 + MESSAGES_PER_CONVERSATION) + SESSIONS_PER_STUDENT
                    + ENROLLMENTS_PER_STUDENT + INTERACTIONS_PER_STUDENT)
STAFF = (("admin", 1), ("educator", 2), ("educator", 3))
MAX_TENANTS = 0xFFFF
#: Bump when the generated data changes, so `tenantdb bench` reloads instead of reusing a database.
GENERATOR_VERSION = 2
MAX_ACTORS = 5_000
SERVICE_TYPES = ("rag_query", "chat", "summary", "quiz", "feedback", "embedding")

# Deterministic ids: the kind and the tenant number in the first group, a counter in the last.
KIND = {"tenant": 1, "user": 2, "learner": 3, "conversation": 4, "message": 5, "session": 6,
        "course": 7, "enrollment": 8, "document": 9, "chunk": 10, "interaction": 11}
BASE_TIME = "2026-01-05 08:00:00+00"


def bench_id(kind: str, tenant_no: int, n: int) -> str:
    """The uuid of the n-th `kind` row of tenant `tenant_no` (canonical 8-4-4-4-12 form)."""
    return f"{KIND[kind]:04x}{tenant_no:04x}-0000-4000-8000-{n:012x}"


def _minutes(offset: int) -> str:
    day, rest = divmod(offset, 24 * 60)
    hour, minute = divmod(rest, 60)
    return f"2026-01-{5 + day % 20:02d} {hour:02d}:{minute:02d}:00+00"


# ---------------------------------------------------------------------------------- sizes
@dataclass(frozen=True)
class DataSpec:
    """How much data: `tenants` tenants of `rows_per_tenant` rows on average, skewed or not."""

    tenants: int
    rows_per_tenant: int
    skew: str = "zipf"  # zipf: tenant k gets a share proportional to 1 / k**ZIPF_EXPONENT
    zipf_exponent: float = 0.9

    def __post_init__(self) -> None:
        if not 1 <= self.tenants <= MAX_TENANTS:
            raise BadInput(f"--tenants must be between 1 and {MAX_TENANTS}, not {self.tenants}")
        if self.rows_per_tenant < ROWS_PER_STUDENT:
            raise BadInput(f"--rows-per-tenant must be at least {ROWS_PER_STUDENT} (one student's data), "
                           f"not {self.rows_per_tenant}")
        if self.skew not in ("zipf", "uniform"):
            raise BadInput(f"--skew must be zipf or uniform, not {self.skew!r}")

    def students_per_tenant(self) -> list[int]:
        """Students of tenant 1..N: the total is tenants * rows_per_tenant / ROWS_PER_STUDENT."""
        total = self.tenants * self.rows_per_tenant / ROWS_PER_STUDENT
        if self.skew == "uniform":
            weights = [1.0] * self.tenants
        else:
            weights = [1.0 / (k ** self.zipf_exponent) for k in range(1, self.tenants + 1)]
        scale = total / sum(weights)
        return [max(1, round(w * scale)) for w in weights]

    def as_dict(self) -> dict[str, Any]:
        students = self.students_per_tenant()
        return {"tenants": self.tenants, "rows_per_tenant": self.rows_per_tenant, "skew": self.skew,
                "students": sum(students), "largest_tenant_students": max(students),
                "smallest_tenant_students": min(students),
                "rows": sum(_table_rows(t, self) for t in TABLES)}


@dataclass(frozen=True)
class RunSize:
    """Everything a run does, by name: quick (CI smoke test) or full (the published figures)."""

    name: str
    main: DataSpec
    scaling_small: DataSpec
    scaling_large: DataSpec
    iterations: int
    warmup: int
    clients: int
    seconds: int
    rounds: int


SIZES = {
    "quick": RunSize("quick", DataSpec(20, 5_000), DataSpec(10, 500, "uniform"), DataSpec(100, 500, "uniform"),
                     iterations=30, warmup=5, clients=2, seconds=1, rounds=1),
    "full": RunSize("full", DataSpec(1_000, 5_000), DataSpec(10, 2_000, "uniform"), DataSpec(1_000, 2_000, "uniform"),
                    iterations=1_500, warmup=100, clients=4, seconds=5, rounds=2),
}


# ---------------------------------------------------------------------------------- load
TABLES = {
    "app.tenants": "id, slug, name",
    "app.users": "tenant_id, id, email, display_name, role, lti_user_id",
    "app.learner_profiles": "tenant_id, id, user_id, lti_user_id, cognitive_profile",
    "app.conversations": "tenant_id, id, user_id, title, created_at, updated_at",
    "app.messages": "tenant_id, id, conversation_id, user_id, role, content, created_at",
    "app.learning_sessions": "tenant_id, id, learner_id, course_context, session_start, session_end, behavioral_signals",
    "app.courses": "tenant_id, id, code, name, semester",
    "app.enrollments": "tenant_id, id, user_id, course_id, enrolled_at",
    "app.documents": "tenant_id, id, course_id, title, file_path, content_type, created_at, updated_at",
    "app.document_chunks": "tenant_id, id, document_id, course_id, chunk_id, content, embedding, embedding_model, embedding_version",
    "app.interactions": "tenant_id, id, user_id, service_type, latency_ms, created_at",
}
#: Tables of issue 4: loaded when the schema has them.
RAG_TABLES = ("app.courses", "app.enrollments", "app.documents", "app.document_chunks", "app.interactions")


def documents_per_tenant(students: int) -> int:
    return COURSES_PER_TENANT * max(1, students // STUDENTS_PER_DOCUMENT_SET)


def _unit(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


_NOISE: list[list[float]] = []


def _noise(j: int) -> list[float]:
    """Noise of length about 0.5 (cosine about 0.9 to the centroid), distinct for j < 65,536:
    the sum of two vectors of a fixed pool of 256 (no two chunks of a tenant share an embedding,
    so exact search has no ties that would make recall look lower than it is)."""
    if not _NOISE:
        rng = random.Random("bench:noise")
        scale = 0.5 / math.sqrt(2 * DIMENSIONS)
        _NOISE.extend([[rng.gauss(0, 1) * scale for _ in range(DIMENSIONS)] for _ in range(512)])
    a, b = _NOISE[j % 256], _NOISE[256 + (j // 256) % 256]
    return [x + y for x, y in zip(a, b)]


def _centroids(t: int) -> list[list[float]]:
    rng = random.Random(f"bench:centroid:{t}")
    return [_unit([rng.gauss(0, 1) for _ in range(DIMENSIONS)]) for _ in range(TOPICS)]


def chunk_embedding(centroids: list[list[float]], d: int, k: int) -> str:
    """Embedding of chunk k of document d: its topic's centroid plus noise, unit length."""
    center, noise = centroids[d % TOPICS], _noise(d * CHUNKS_PER_DOCUMENT + k)
    return "[" + ",".join(f"{x:.5f}" for x in _unit([a + b for a, b in zip(center, noise)])) + "]"


_MESSAGE_TEXT = [
    ("user" if m % 2 == 0 else "assistant",
     (f"Question {m // 2 + 1}: how does retrieval practice help me remember this chapter?" if m % 2 == 0 else
      f"Answer {m // 2 + 1}: recalling from memory strengthens the trace more than rereading; try three questions."))
    for m in range(MESSAGES_PER_CONVERSATION)
]


def _rows(table: str, spec: DataSpec, part: int = 0, parts: int = 1) -> Iterator[str]:
    """COPY text lines of `table` for the tenants t with t % parts == part (deterministic)."""
    students = spec.students_per_tenant()
    msg_times = [_minutes(m) for m in range(CONVERSATIONS_PER_STUDENT * 100 + MESSAGES_PER_CONVERSATION)]
    for t, count in enumerate(students, start=1):
        if t % parts != part:
            continue
        tid = bench_id("tenant", t, 0)
        if table == "app.tenants":
            yield f"{tid}\tbench-{t}\tBench institution {t}\n"
            continue
        u_prefix = f"{KIND['user']:04x}{t:04x}-0000-4000-8000-"
        if table == "app.users":
            for role, n in STAFF:
                yield f"{tid}\t{u_prefix}{n:012x}\t{role}{n}@t{t}.bench.example\t{role.title()} {n}\t{role}\t\\N\n"
            for s in range(count):
                yield f"{tid}\t{u_prefix}{100 + s:012x}\ts{s}@t{t}.bench.example\tStudent {s}\tstudent\tlti-{t}-{s}\n"
        elif table == "app.learner_profiles":
            l_prefix = f"{KIND['learner']:04x}{t:04x}-0000-4000-8000-"
            for s in range(count):
                yield (f"{tid}\t{l_prefix}{s:012x}\t{u_prefix}{100 + s:012x}\tlti-{t}-{s}\t"
                       f"{{\"learning_velocity\": {s % 7}}}\n")
        elif table == "app.conversations":
            c_prefix = f"{KIND['conversation']:04x}{t:04x}-0000-4000-8000-"
            for s in range(count):
                for c in range(CONVERSATIONS_PER_STUDENT):
                    ts = msg_times[c * 100]
                    yield f"{tid}\t{c_prefix}{s * 8 + c:012x}\t{u_prefix}{100 + s:012x}\tChat {c + 1}\t{ts}\t{ts}\n"
        elif table == "app.messages":
            c_prefix = f"{KIND['conversation']:04x}{t:04x}-0000-4000-8000-"
            m_prefix = f"{KIND['message']:04x}{t:04x}-0000-4000-8000-"
            for s in range(count):
                uid = f"{u_prefix}{100 + s:012x}"
                for c in range(CONVERSATIONS_PER_STUDENT):
                    cid = f"{c_prefix}{s * 8 + c:012x}"
                    base = (s * 8 + c) * 64
                    for m, (role, text) in enumerate(_MESSAGE_TEXT):
                        yield f"{tid}\t{m_prefix}{base + m:012x}\t{cid}\t{uid}\t{role}\t{text}\t{msg_times[c * 100 + m]}\n"
        elif table == "app.courses":
            for c in range(COURSES_PER_TENANT):
                yield f"{tid}\t{bench_id('course', t, c)}\tC{c + 1}\tCourse {c + 1}\t2026-spring\n"
        elif table == "app.enrollments":
            for s in range(count):
                uid = f"{u_prefix}{100 + s:012x}"
                for j in range(ENROLLMENTS_PER_STUDENT):
                    course = bench_id("course", t, (s + j) % COURSES_PER_TENANT)
                    yield f"{tid}\t{bench_id('enrollment', t, s * 4 + j)}\t{uid}\t{course}\t{msg_times[j]}\n"
        elif table == "app.documents":
            for d in range(documents_per_tenant(count)):
                course = bench_id("course", t, d % COURSES_PER_TENANT)
                ts = msg_times[d % 300]
                yield (f"{tid}\t{bench_id('document', t, d)}\t{course}\tReading {d + 1}\t/courses/C{d % COURSES_PER_TENANT + 1}/"
                       f"reading-{d + 1}.pdf\tapplication/pdf\t{ts}\t{ts}\n")
        elif table == "app.document_chunks":
            centroids = _centroids(t)
            for d in range(documents_per_tenant(count)):
                doc, course = bench_id("document", t, d), bench_id("course", t, d % COURSES_PER_TENANT)
                for k in range(CHUNKS_PER_DOCUMENT):
                    yield (f"{tid}\t{bench_id('chunk', t, d * 8 + k)}\t{doc}\t{course}\t{k}\tPart {k + 1} of reading "
                           f"{d + 1}: worked examples and practice questions.\t{chunk_embedding(centroids, d, k)}\t"
                           "bench-clustered-384\t1\n")
        elif table == "app.interactions":
            i_prefix = f"{KIND['interaction']:04x}{t:04x}-0000-4000-8000-"
            for s in range(count):
                uid = f"{u_prefix}{100 + s:012x}"
                for i in range(INTERACTIONS_PER_STUDENT):
                    yield (f"{tid}\t{i_prefix}{s * 16 + i:012x}\t{uid}\t{SERVICE_TYPES[(s + i) % len(SERVICE_TYPES)]}\t"
                           f"{200 + (s * 37 + i * 11) % 1800}\t{msg_times[i * 30]}\n")
        elif table == "app.learning_sessions":
            l_prefix = f"{KIND['learner']:04x}{t:04x}-0000-4000-8000-"
            s_prefix = f"{KIND['session']:04x}{t:04x}-0000-4000-8000-"
            for s in range(count):
                lid = f"{l_prefix}{s:012x}"
                for k in range(SESSIONS_PER_STUDENT):
                    start = msg_times[k * 60]
                    end = msg_times[k * 60 + 25]
                    yield (f"{tid}\t{s_prefix}{s * 8 + k:012x}\t{lid}\tcourse-{k % 3 + 1}\t{start}\t{end}\t"
                           f"{{\"idle_seconds\": {(s + k) % 90}}}\n")


def _table_rows(table: str, spec: DataSpec) -> int:
    students = sum(spec.students_per_tenant())
    return {
        "app.tenants": spec.tenants,
        "app.users": spec.tenants * len(STAFF) + students,
        "app.learner_profiles": students,
        "app.conversations": students * CONVERSATIONS_PER_STUDENT,
        "app.messages": students * CONVERSATIONS_PER_STUDENT * MESSAGES_PER_CONVERSATION,
        "app.learning_sessions": students * SESSIONS_PER_STUDENT,
        "app.courses": spec.tenants * COURSES_PER_TENANT,
        "app.enrollments": students * ENROLLMENTS_PER_STUDENT,
        "app.documents": sum(documents_per_tenant(c) for c in spec.students_per_tenant()),
        "app.document_chunks": sum(documents_per_tenant(c) for c in spec.students_per_tenant()) * CHUNKS_PER_DOCUMENT,
        "app.interactions": students * INTERACTIONS_PER_STUDENT,
    }[table]


ACTORS_DDL = """
CREATE SCHEMA IF NOT EXISTS bench;
COMMENT ON SCHEMA bench IS 'Benchmark-only objects of tenantdb bench (never part of the Sqitch plan).';
DROP TABLE IF EXISTS bench.actors;
CREATE TABLE bench.actors (
    n integer PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    educator_id uuid NOT NULL,
    lti_user_id text NOT NULL,
    learner_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    email text NOT NULL,
    course_code text NOT NULL,
    document_id uuid NOT NULL,
    query_embedding text NOT NULL
);
COMMENT ON TABLE bench.actors IS 'A deterministic sample of students (with an educator of their tenant, their learner profile, one conversation, an enrolled course, a document of it and a query embedding near it) that the workloads act as; n runs from 1.';
GRANT USAGE ON SCHEMA bench TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT SELECT ON bench.actors TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
"""


def _actors(spec: DataSpec) -> list[tuple]:
    """Up to MAX_ACTORS students spread evenly over all students (so big tenants weigh more)."""
    everyone = [(t, s) for t, count in enumerate(spec.students_per_tenant(), start=1) for s in range(count)]
    step = max(1, len(everyone) // MAX_ACTORS)
    picked = everyone[::step][:MAX_ACTORS]
    students = spec.students_per_tenant()
    centroids: dict[int, list[list[float]]] = {}
    out = []
    for n, (t, s) in enumerate(picked, start=1):
        course = s % COURSES_PER_TENANT  # the student's first enrollment
        sets = documents_per_tenant(students[t - 1]) // COURSES_PER_TENANT
        d = COURSES_PER_TENANT * ((s // COURSES_PER_TENANT) % sets) + course  # a document of that course
        if t not in centroids:
            centroids = {t: _centroids(t)}  # actors come tenant by tenant
        out.append((n, bench_id("tenant", t, 0), bench_id("user", t, 100 + s), bench_id("user", t, 2 + s % 2),
                    f"lti-{t}-{s}", bench_id("learner", t, s),
                    bench_id("conversation", t, s * 8 + s % CONVERSATIONS_PER_STUDENT),
                    f"s{s}@t{t}.bench.example", f"C{course + 1}", bench_id("document", t, d),
                    chunk_embedding(centroids[t], d + COURSES_PER_TENANT, 1)))
    return out


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


Progress = Callable[[str, int, int], None]  # (table, rows done, rows total)


def _copy_part(backend: Backend, dbname: str, spec: DataSpec, tables: dict[str, str], part: int, parts: int,
               tick: Callable[[str, int], None], chunk_rows: int) -> dict[str, int]:
    """One worker: COPY every table's rows of its share of the tenants, in one transaction."""
    counts: dict[str, int] = {}
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        for table, columns in tables.items():
            n = 0
            with conn.cursor() as cur:
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    batch: list[str] = []
                    for line in _rows(table, spec, part, parts):
                        batch.append(line)
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
    row), `jobs` connections COPY a share of the tenants each, and VACUUM ANALYZE closes, so
    plans see real statistics and index-only scans a visibility map. A failure half-way leaves
    a database to redeploy (tenantdb bench load --fresh).
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    jobs = jobs or min(2, os.cpu_count() or 1)
    started = time.perf_counter()
    with psycopg.connect(backend.conninfo(dbname), autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('app.tenants')").fetchone()[0] is None:
            raise BadInput(f"database {dbname} has no tenantdb schema; deploy it first (tenantdb bench load --fresh)")
        tables = {t: c for t, c in TABLES.items() if conn.execute("SELECT to_regclass(%s)", (t,)).fetchone()[0]}
        total = sum(_table_rows(t, spec) for t in tables)
        existing = conn.execute("SELECT count(*) FROM app.tenants").fetchone()[0]
        if existing:
            raise BadInput(f"database {dbname} already has {existing} tenant(s); bench load needs a freshly "
                           "deployed database (tenantdb bench load --fresh drops and redeploys it)")
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
            parts = list(pool.map(lambda k: _copy_part(backend, dbname, spec, tables, k, jobs, tick, chunk_rows),
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
                conn.execute(definition)
                if comment is not None:
                    conn.execute(sql.SQL("COMMENT ON INDEX {} IS {}").format(sql.SQL(name), sql.Literal(comment)))
        index_seconds = time.perf_counter() - index_started
        with conn.transaction():
            conn.execute(ACTORS_DDL)
            actors = _actors(spec)
            with conn.cursor() as cur:
                with cur.copy("COPY bench.actors FROM STDIN") as copy:
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


def fresh_database(backend: Backend, dbname: str) -> float:
    """Drop `dbname`, deploy the whole plan into a new one; the deploy's seconds."""
    from .sqitch import run_sqitch

    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", dbname) or dbname in (backend.settings.database, "postgres"):
        raise BadInput(f"{dbname!r} cannot be a benchmark database: use a dedicated name such as tenantdb_bench")
    drop_database(backend, dbname)
    started = time.perf_counter()
    run_sqitch(backend, "deploy", [], dbname=dbname, capture=True, check=True)
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------- workloads
@dataclass(frozen=True)
class Workload:
    name: str
    what: str
    kind: str
    role: str
    actor: str
    tables: tuple[str, ...]
    table: str
    rls: str
    floor: str
    plan: bool = True

    @property
    def rls_role(self) -> str:
        return APP_ROLE if self.role == "app" else SERVICE_ROLE

    @property
    def writes(self) -> bool:
        return self.kind == "write"


def load_workloads(path: Path | None = None) -> list[Workload]:
    path = path or project_root() / WORKLOADS_FILE
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"cannot read the workloads in {path}: {exc}") from exc
    out = []
    for i, raw in enumerate(data.get("workload", []), start=1):
        missing = {"name", "what", "kind", "role", "actor", "tables", "table", "rls", "floor"} - raw.keys()
        if missing:
            raise BadInput(f"workload #{i} in {path} lacks {', '.join(sorted(missing))}")
        if raw["role"] not in ("app", "service") or raw["actor"] not in ("student", "educator"):
            raise BadInput(f"workload {raw['name']} in {path}: role must be app|service, actor student|educator")
        out.append(Workload(raw["name"], raw["what"], raw["kind"], raw["role"], raw["actor"], tuple(raw["tables"]),
                            raw["table"], raw["rls"].strip(), raw["floor"].strip(), bool(raw.get("plan", True))))
    return out


def available(conn: psycopg.Connection, workloads: list[Workload]) -> tuple[list[Workload], dict[str, str]]:
    """The workloads whose tables exist, and why the others were skipped."""
    ok, skipped = [], {}
    for w in workloads:
        missing = [t for t in w.tables if conn.execute("SELECT to_regclass(%s)", (t,)).fetchone()[0] is None]
        if missing:
            skipped[w.name] = f"needs {', '.join(missing)}, which this schema does not have yet"
        else:
            ok.append(w)
    return ok, skipped


CONTEXT_SQL = SET_CONTEXT_SQL
ACTOR_COLUMNS = ("n", "tenant_id", "user_id", "educator_id", "lti_user_id", "learner_id", "conversation_id",
                 "email", "course_code", "document_id", "query_embedding")


def read_actors(conn: psycopg.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM bench.actors ORDER BY n").fetchall()
    if not rows:
        raise TenantDBError("bench.actors is empty: load data first (tenantdb bench load)")
    return [{k: (str(v) if k != "n" else v) for k, v in zip(ACTOR_COLUMNS, row)} for row in rows]


def context_user(w: Workload, actor: dict[str, Any]) -> str:
    return actor["educator_id"] if w.actor == "educator" else actor["user_id"]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def summary(samples_us: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(samples_us, 50) / 1000, 4), "p95_ms": round(percentile(samples_us, 95) / 1000, 4),
            "p99_ms": round(percentile(samples_us, 99) / 1000, 4),
            "mean_ms": round(statistics.fmean(samples_us) / 1000, 4), "n": len(samples_us)}


def _run_once(conn: psycopg.Connection, query: str, w: Workload, actor: dict[str, Any], n: int) -> tuple[float, int]:
    """One transaction: context, the query (timed, with its rows fetched), commit."""
    with conn.cursor() as cur:
        cur.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)), prepare=True)
        params = {**actor, "n": n}
        start = time.perf_counter_ns()
        cur.execute(query, params, prepare=True)
        rows = len(cur.fetchall()) if cur.description else cur.rowcount
        elapsed = (time.perf_counter_ns() - start) / 1000
    conn.commit()
    return elapsed, rows


def measure_latency(backend: Backend, dbname: str, workloads: list[Workload], *, iterations: int, warmup: int,
                    progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Per workload: RLS and floor interleaved (the order flips every iteration)."""
    results: dict[str, Any] = {}
    conns: dict[str, psycopg.Connection] = {}
    try:
        for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
            conns[role] = psycopg.connect(backend.conninfo(dbname, role))
        actors = read_actors(conns[MAINTENANCE_ROLE])
        conns[MAINTENANCE_ROLE].commit()
        for w in workloads:
            if progress:
                progress(w.name)
            rls_conn, floor_conn = conns[w.rls_role], conns[MAINTENANCE_ROLE]
            samples: dict[str, list[float]] = {"rls": [], "floor": []}
            rows: dict[str, list[int]] = {"rls": [], "floor": []}
            for i in range(warmup + iterations):
                actor = actors[(i * 7919) % len(actors)]
                order = (("rls", rls_conn, w.rls), ("floor", floor_conn, w.floor))
                for side, conn, query in (order if i % 2 == 0 else order[::-1]):
                    us, count = _run_once(conn, query, w, actor, i)
                    if i >= warmup:
                        samples[side].append(us)
                        rows[side].append(count)
            if rows["rls"] != rows["floor"]:
                raise TenantDBError(f"workload {w.name}: the RLS and floor variants returned different row counts "
                                    f"({sum(rows['rls'])} vs {sum(rows['floor'])}); they are not the same query")
            rls, floor = summary(samples["rls"]), summary(samples["floor"])
            results[w.name] = {
                "what": w.what, "kind": w.kind, "role": w.rls_role, "rls": rls, "floor": floor,
                "rows_per_call": round(statistics.fmean(rows["rls"]), 2),
                "ratio_p50": round(rls["p50_ms"] / floor["p50_ms"], 3) if floor["p50_ms"] else None,
                "ratio_p95": round(rls["p95_ms"] / floor["p95_ms"], 3) if floor["p95_ms"] else None,
            }
    finally:
        for c in conns.values():
            c.close()
    return results


def measure_scaling(backend: Backend, small_db: str, large_db: str, workloads: list[Workload], *,
                    iterations: int, warmup: int, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Both variants on two databases of equal per-tenant size, interleaved: large/small p50.

    The floor's ratio is the cost of the larger database itself (caches, index depth); the RLS
    ratio next to it shows whether the policies add anything on top.
    """
    results: dict[str, Any] = {}
    conns: dict[tuple[str, str], psycopg.Connection] = {}
    try:
        for db in (small_db, large_db):
            for role in (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE):
                conns[db, role] = psycopg.connect(backend.conninfo(db, role))
        actors = {db: read_actors(conns[db, MAINTENANCE_ROLE]) for db in (small_db, large_db)}
        for c in conns.values():
            c.commit()
        for w in workloads:
            if progress:
                progress(w.name)
            samples: dict[tuple[str, str], list[float]] = {(db, side): [] for db in (small_db, large_db)
                                                            for side in ("rls", "floor")}
            for i in range(warmup + iterations):
                runs = [(db, side) for db in (small_db, large_db) for side in ("rls", "floor")]
                for db, side in (runs if i % 2 == 0 else runs[::-1]):
                    pool = actors[db]
                    conn = conns[db, w.rls_role if side == "rls" else MAINTENANCE_ROLE]
                    us, _ = _run_once(conn, w.rls if side == "rls" else w.floor, w, pool[(i * 7919) % len(pool)], i)
                    if i >= warmup:
                        samples[db, side].append(us)
            entry: dict[str, Any] = {}
            for side in ("rls", "floor"):
                small, large = summary(samples[small_db, side]), summary(samples[large_db, side])
                entry[side] = {"small": small, "large": large,
                               "ratio_p50": round(large["p50_ms"] / small["p50_ms"], 3) if small["p50_ms"] else None}
            entry["ratio_p50"] = entry["rls"]["ratio_p50"]
            results[w.name] = entry
    finally:
        for c in conns.values():
            c.close()
    return results


ACCESSORS = {
    "current_setting('app.tenant_id')::uuid (no function)": "SELECT pg_catalog.current_setting('app.tenant_id')::uuid",
    "app.current_tenant_id()": "SELECT app.current_tenant_id()",
    "app.current_user_id()": "SELECT app.current_user_id()",
    "app_private.current_person_role()": "SELECT app_private.current_person_role()",
    "app_private.current_learner_id()": "SELECT app_private.current_learner_id()",
}


def measure_accessors(backend: Backend, dbname: str, *, iterations: int) -> dict[str, Any]:
    """What each context lookup adds to the first statement of a transaction (where the
    policies' InitPlans run), over `SELECT 1`; p50 in microseconds, interleaved. Run as the
    superuser because clients cannot call app_private by name; the definer functions switch
    to the owner either way, so the cost is the one a policy pays."""
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        actor = read_actors(conn)[0]
        conn.commit()
        queries = {"SELECT 1": "SELECT 1", **ACCESSORS}
        samples: dict[str, list[float]] = {k: [] for k in queries}
        for i in range(iterations):
            for name, query in (list(queries.items()) if i % 2 == 0 else list(queries.items())[::-1]):
                with conn.cursor() as cur:
                    cur.execute(CONTEXT_SQL, (actor["tenant_id"], actor["user_id"]), prepare=True)
                    start = time.perf_counter_ns()
                    cur.execute(query, prepare=True)
                    cur.fetchall()
                    samples[name].append((time.perf_counter_ns() - start) / 1000)
                conn.commit()
    base = percentile(samples["SELECT 1"], 50)
    return {name: round(percentile(v, 50) - base, 1) for name, v in samples.items() if name != "SELECT 1"}


# ---------------------------------------------------------------------------------- pgbench
_PARAM = re.compile(r"%\((\w+)\)s")


def pgbench_script(w: Workload, variant: str, actors: int) -> str:
    """A pgbench script for one variant: pick an actor, set the context, run the query.

    The parameters become sub-selects on bench.actors, which both variants pay alike.
    """
    query = w.rls if variant == "rls" else w.floor

    def param(m: re.Match) -> str:
        name = m.group(1)
        if name == "n":
            return ":aid"
        return f"(SELECT a.{name} FROM bench.actors a WHERE a.n = :aid)"

    body = " ".join(_PARAM.sub(param, query).split())
    user_col = "educator_id" if w.actor == "educator" else "user_id"
    return (f"\\set aid random(1, {actors})\n"
            "BEGIN;\n"
            f"SELECT app.set_context(a.tenant_id, a.{user_col}) "
            "FROM bench.actors a WHERE a.n = :aid;\n"
            f"{body};\n"
            "COMMIT;\n")


_TPS = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)
_LAT = re.compile(r"^latency average = ([0-9.]+) ms", re.MULTILINE)


def _pgbench(backend: Backend, dbname: str, role: str, script: str, clients: int, seconds: int) -> dict[str, float]:
    params = conninfo_to_dict(backend.conninfo(dbname, role))
    env = {**os.environ, "PGHOST": str(params.get("host", "")), "PGPORT": str(params.get("port", "")),
           "PGUSER": str(params.get("user", "")), "PGDATABASE": str(params.get("dbname", ""))}
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    with tempfile.NamedTemporaryFile("w", suffix=".pgbench", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        proc = subprocess.run([client_bin("pgbench"), "-n", "-M", "prepared", "-c", str(clients),
                               "-j", str(min(clients, os.cpu_count() or 1)), "-T", str(seconds), "-f", path],
                              env=env, capture_output=True, text=True, timeout=seconds * 4 + 60)
    finally:
        os.unlink(path)
    tps, lat = _TPS.search(proc.stdout), _LAT.search(proc.stdout)
    if proc.returncode != 0 or not tps:
        raise TenantDBError(f"pgbench failed (exit {proc.returncode}) as {role} on {dbname}:\n{proc.stdout}{proc.stderr}")
    return {"tps": float(tps.group(1)), "latency_avg_ms": float(lat.group(1)) if lat else None}


def measure_throughput(backend: Backend, dbname: str, workloads: list[Workload], *, clients: int, seconds: int,
                       rounds: int, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """pgbench per workload, RLS and floor alternating for `rounds` rounds; mean tps of each side."""
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        actors = conn.execute("SELECT count(*) FROM bench.actors").fetchone()[0]
    results: dict[str, Any] = {}
    for w in workloads:
        if progress:
            progress(w.name)
        tps: dict[str, list[float]] = {"rls": [], "floor": []}
        for r in range(rounds):
            order = ("rls", "floor") if r % 2 == 0 else ("floor", "rls")
            for side in order:
                role = w.rls_role if side == "rls" else MAINTENANCE_ROLE
                out = _pgbench(backend, dbname, role, pgbench_script(w, side, actors), clients, seconds)
                tps[side].append(out["tps"])
        rls, floor = statistics.fmean(tps["rls"]), statistics.fmean(tps["floor"])
        results[w.name] = {"clients": clients, "seconds": seconds, "rounds": rounds,
                           "rls_tps": round(rls, 1), "floor_tps": round(floor, 1),
                           "ratio": round(rls / floor, 3) if floor else None}
    return results


# ---------------------------------------------------------------------------------- plans
def explain_rls(conn: psycopg.Connection, w: Workload, actor: dict[str, Any]) -> dict[str, Any]:
    """EXPLAIN (FORMAT JSON) of the RLS variant with the actor's context, rolled back."""
    with conn.transaction(force_rollback=True):
        conn.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
        row = conn.execute("EXPLAIN (FORMAT JSON, COSTS OFF) " + w.rls, {**actor, "n": 1}).fetchone()[0]
    plan = row if isinstance(row, list) else json.loads(row)
    return plan[0]["Plan"]


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


SMALL_TABLE_ROWS = 300


def small_relations(conn: psycopg.Connection) -> set[str]:
    """Tables of schema app with fewer than SMALL_TABLE_ROWS rows (by statistics), where a
    sequential scan is the right plan (a few courses per tenant, say)."""
    return {r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'app' AND c.relkind = 'r' AND c.reltuples < %s", (SMALL_TABLE_ROWS,))}


def plan_problems(plan: dict[str, Any], table: str, small: set[str] = frozenset()) -> list[str]:
    """What is wrong with a workload's plan under RLS (empty when it has the right shape).
    `small` names tables too small for a sequential scan to matter."""
    problems = []
    nodes = list(plan_nodes(plan))
    on_table = [n for n in nodes if n.get("Relation Name") == table]
    if not on_table and plan.get("Node Type") != "ModifyTable":
        problems.append(f"app.{table} is not read at all")
    for n in on_table:
        if n["Node Type"] not in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan", "ModifyTable"):
            problems.append(f"app.{table} is read by {n['Node Type']}, not through an index")
    seq = [n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") not in small]
    if seq:
        problems.append(f"sequential scan on {', '.join(sorted(set(seq)))}")
    if not [n for n in nodes if n.get("Parent Relationship") == "InitPlan"]:
        problems.append("no InitPlan: the context accessors would be evaluated per row")
    if [n for n in nodes if n.get("Parent Relationship") == "SubPlan"]:
        problems.append("a per-row SubPlan")
    return problems


# ---------------------------------------------------------------------------------- compare
REGRESSION_RATIO = 1.15
REGRESSION_MS = 1.0


def compare(base: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Regressions of `new` over `base`: a latency that grew by more than 15 % and more than 1 ms,
    or a throughput that fell by more than 15 %. Workloads missing from either side are ignored."""
    found = []
    for name, now in new.get("latency", {}).items():
        before = base.get("latency", {}).get(name)
        if not before:
            continue
        for side in ("rls", "floor"):
            for stat in ("p50_ms", "p95_ms", "p99_ms"):
                a, b = before[side][stat], now[side][stat]
                if b > a * REGRESSION_RATIO and b - a > REGRESSION_MS:
                    found.append({"workload": name, "figure": f"latency.{side}.{stat}", "base": a, "new": b,
                                  "change": f"+{(b / a - 1) * 100:.0f} % (+{b - a:.2f} ms)"})
    for name, now in new.get("throughput", {}).items():
        before = base.get("throughput", {}).get(name)
        if not before:
            continue
        for side in ("rls_tps", "floor_tps"):
            a, b = before[side], now[side]
            if a and b < a / REGRESSION_RATIO:
                found.append({"workload": name, "figure": f"throughput.{side}", "base": a, "new": b,
                              "change": f"{(b / a - 1) * 100:.0f} %"})
    return found


# ---------------------------------------------------------------------------------- environment
def environment(backend: Backend, dbname: str) -> dict[str, Any]:
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        version = conn.execute("SELECT version()").fetchone()[0]
        vector = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()
        settings = dict(conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('shared_buffers', 'work_mem', 'max_connections', 'jit', 'synchronous_commit', 'random_page_cost')").fetchall())
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    try:
        load1 = os.getloadavg()[0]
    except OSError:
        load1 = None
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    return {"postgres": version, "pgvector": vector[0] if vector else None, "settings": settings,
            "database_size": size, "cpus": os.cpu_count(), "cpu_model": cpu, "memory": mem,
            "load_average_1m_at_start": load1, "python": platform.python_version(), "psycopg": psycopg.__version__,
            "os": platform.platform()}


# ---------------------------------------------------------------------------------- a whole run
def _data_mark(spec: DataSpec) -> str:
    from .database import schema_fingerprint

    return (f"tenantdb bench data v{GENERATOR_VERSION} {json.dumps(spec.as_dict(), sort_keys=True)} "
            f"schema {schema_fingerprint()}")


def ensure_loaded(backend: Backend, dbname: str, spec: DataSpec, *, reload: bool = False,
                  progress: Progress | None = None, jobs: int | None = None) -> dict[str, Any]:
    """A database with exactly this data on the current schema: reused when its mark matches,
    else dropped, deployed and loaded. The mark is the database's comment."""
    mark = _data_mark(spec)
    with admin_connect(backend) as conn:
        row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                           (dbname,)).fetchone()
    if row and row[0] == mark and not reload:
        return {"database": dbname, "reused": True, "spec": spec.as_dict()}
    deploy_seconds = fresh_database(backend, dbname)
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


def check_plans(backend: Backend, dbname: str, workloads: list[Workload]) -> dict[str, list[str]]:
    """plan_problems() of every workload's RLS variant, for the first actor."""
    out = {}
    with psycopg.connect(backend.conninfo(dbname, MAINTENANCE_ROLE)) as conn:
        actor = read_actors(conn)[0]
        small = small_relations(conn)
    for w in workloads:
        if not w.plan:
            continue
        with psycopg.connect(backend.conninfo(dbname, w.rls_role)) as conn:
            out[w.name] = plan_problems(explain_rls(conn, w, actor), w.table, small)
    return out


def measure_vector(backend: Backend, dbname: str, *, queries: int) -> dict[str, Any]:
    """recall@10 of app.search_chunks() against exact search (issue 4's tenantdb.rag), for the
    largest, a middle and the smallest tenant, as the service role."""
    with psycopg.connect(backend.conninfo(dbname)) as conn:
        if conn.execute("SELECT to_regprocedure('app.search_chunks(public.vector, integer)')").fetchone()[0] is None:
            return {"status": "skipped",
                    "reason": "the schema has no app.search_chunks() yet (issue 4)"}
        tenants = conn.execute(
            "SELECT tenant_id::text, count(*) FROM app.document_chunks GROUP BY tenant_id ORDER BY 2 DESC, 1").fetchall()
    if not tenants:
        return {"status": "skipped", "reason": "no document chunks were loaded"}
    from .rag import tenant_recall

    picked = [tenants[0], tenants[len(tenants) // 2], tenants[-1]]
    rows = []
    with psycopg.connect(backend.conninfo(dbname, SERVICE_ROLE), autocommit=True) as conn:
        for tenant_id, chunks in dict.fromkeys(picked):
            r = tenant_recall(conn, tenant_id, tenant_id, k=10, queries=queries)
            rows.append({"tenant": tenant_id, "chunks": chunks, "queries": r.queries, "recall_at_10": r.recall,
                         "min_results": r.min_results, "max_results": r.max_results})
    return {"status": "measured", "k": 10, "tenants": rows,
            "recall_at_10": round(min(r["recall_at_10"] for r in rows), 4),
            "min_results": min(r["min_results"] for r in rows), "max_results": max(r["max_results"] for r in rows)}


GOALS = {
    "rls_floor_p50": 1.10,
    "point_p99_ms": 1.0,
    "throughput_ratio": 0.90,
    "tenant_scaling_ratio": 1.2,
    "recall_at_10": 0.95,
    "deploy_seconds": 10.0,
}


def judge(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each goal: met or not, with the figure and, when missed, by how much."""
    out = []

    def goal(name: str, target: str, value: Any, met: bool | None, detail: str = "") -> None:
        out.append({"goal": name, "target": target, "value": value, "met": met, "detail": detail})

    lat = results.get("latency", {})
    worst = max(lat.items(), key=lambda kv: kv[1]["ratio_p50"] or 0, default=None)
    if worst:
        misses = {k: v["ratio_p50"] for k, v in lat.items() if (v["ratio_p50"] or 0) > GOALS["rls_floor_p50"]}
        goal("RLS/floor p50 per query", f"<= {GOALS['rls_floor_p50']}", f"worst {worst[1]['ratio_p50']} ({worst[0]})",
             not misses, f"over: {misses}" if misses else "")
    points = {k: v["rls"]["p99_ms"] for k, v in lat.items() if v["kind"] == "point"}
    if points:
        worst_p = max(points.values())
        goal("point-query p99 (client round trip, an upper bound of server time)", f"< {GOALS['point_p99_ms']} ms",
             f"{worst_p} ms", worst_p < GOALS["point_p99_ms"], "" if worst_p < GOALS["point_p99_ms"] else f"{points}")
    thr = results.get("throughput", {})
    if thr:
        low = min(thr.items(), key=lambda kv: kv[1]["ratio"] or 0)
        misses = {k: v["ratio"] for k, v in thr.items() if (v["ratio"] or 0) < GOALS["throughput_ratio"]}
        goal("RLS/floor throughput", f">= {GOALS['throughput_ratio']}", f"lowest {low[1]['ratio']} ({low[0]})",
             not misses, f"under: {misses}" if misses else "")
    sc = results.get("scaling", {}).get("workloads", {})
    if sc:
        high = max(sc.items(), key=lambda kv: kv[1]["ratio_p50"] or 0)
        misses = {k: f"{v['ratio_p50']} (floor {v.get('floor', {}).get('ratio_p50')})" for k, v in sc.items()
                  if (v["ratio_p50"] or 0) > GOALS["tenant_scaling_ratio"]}
        goal(f"{results['scaling']['large_tenants']}/{results['scaling']['small_tenants']}-tenant p50 ratio",
             f"<= {GOALS['tenant_scaling_ratio']}", f"worst {high[1]['ratio_p50']} ({high[0]})", not misses,
             f"over: {misses}" if misses else "")
    vec = results.get("vector", {})
    if vec.get("status") == "measured":
        ok = vec["recall_at_10"] >= GOALS["recall_at_10"] and vec["min_results"] == vec["max_results"] == 10
        goal("vector recall@10 with exactly 10 results", f">= {GOALS['recall_at_10']}, 10 rows",
             f"lowest {vec['recall_at_10']}, {vec['min_results']}..{vec['max_results']} rows", ok)
    else:
        goal("vector recall@10 with exactly 10 results", f">= {GOALS['recall_at_10']}", None, None, vec.get("reason", ""))
    dep = results.get("deploy_seconds")
    goal("full deploy on an empty database", f"< {GOALS['deploy_seconds']} s", dep,
         None if dep is None else dep < GOALS["deploy_seconds"])
    return out


def run_benchmark(backend: Backend, size: RunSize, *, db_prefix: str = "tenantdb_bench", reload: bool = False,
                  say: Callable[[str], None] = lambda s: None, progress: Progress | None = None,
                  jobs: int | None = None) -> dict[str, Any]:
    """The whole benchmark of `size`; returns the JSON-able results."""
    started = time.time()
    base = db_prefix if size.name == "full" else f"{db_prefix}_{size.name}"
    main_db = base
    small_db = f"{base}_t{size.scaling_small.tenants}"
    large_db = f"{base}_t{size.scaling_large.tenants}"
    results: dict[str, Any] = {"size": size.name, "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started))}

    say("deploy: the whole plan into an empty database")
    results["deploy_seconds"] = measure_deploy(backend, f"{base}_deploy")
    say(f"load: {main_db}")
    results["load"] = {"main": ensure_loaded(backend, main_db, size.main, reload=reload, progress=progress, jobs=jobs)}
    say(f"load: {small_db}, {large_db} (tenant scaling)")
    results["load"]["scaling_small"] = ensure_loaded(backend, small_db, size.scaling_small, reload=reload,
                                                     progress=progress, jobs=jobs)
    results["load"]["scaling_large"] = ensure_loaded(backend, large_db, size.scaling_large, reload=reload,
                                                     progress=progress, jobs=jobs)
    results["environment"] = environment(backend, main_db)

    with psycopg.connect(backend.conninfo(main_db)) as conn:
        workloads, skipped = available(conn, load_workloads())
    results["skipped_workloads"] = skipped
    say("plans: EXPLAIN of every workload under RLS")
    results["plans"] = check_plans(backend, main_db, workloads)
    say(f"latency: RLS and floor interleaved, {size.iterations} iterations each")
    results["latency"] = measure_latency(backend, main_db, workloads, iterations=size.iterations, warmup=size.warmup,
                                         progress=lambda n: say(f"  latency {n}"))
    say(f"throughput: pgbench, {size.clients} clients, {size.seconds} s x {size.rounds} round(s) per side")
    results["throughput"] = measure_throughput(backend, main_db, workloads, clients=size.clients, seconds=size.seconds,
                                               rounds=size.rounds, progress=lambda n: say(f"  pgbench {n}"))
    say(f"tenant scaling: {size.scaling_small.tenants} vs {size.scaling_large.tenants} tenants")
    results["scaling"] = {
        "small_tenants": size.scaling_small.tenants, "large_tenants": size.scaling_large.tenants,
        "rows_per_tenant": size.scaling_small.rows_per_tenant,
        "workloads": measure_scaling(backend, small_db, large_db, workloads, iterations=max(10, size.iterations // 2),
                                     warmup=size.warmup, progress=lambda n: say(f"  scaling {n}")),
    }
    say("context lookups: cost per transaction")
    results["accessors_us"] = measure_accessors(backend, main_db, iterations=max(20, size.iterations // 3))
    say("vector: recall@10 against exact search")
    results["vector"] = measure_vector(backend, main_db, queries=max(5, size.iterations // 50))
    results["goals"] = judge(results)
    results["seconds"] = round(time.time() - started, 1)
    return results


# ---------------------------------------------------------------------------------- report
def _yes(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def render_markdown(r: dict[str, Any], command: str) -> str:
    env, main = r["environment"], r["load"]["main"]
    lines = [
        "# Benchmarks: what row-level security costs",
        "",
        f"Generated by `{command}` (size `{r['size']}`, started {r['started_at']}, {r['seconds']} s). "
        "Every figure below is in the JSON result too; `tenantdb bench --compare OLD.json` flags regressions. "
        "How the figures are made, why some goals are missed and what would close them: "
        "[benchmarks-analysis.md](benchmarks-analysis.md).",
        "",
        "## Machine and versions",
        "",
        f"- CPU: {env['cpu_model']} ({env['cpus']} cores, shared; 1-minute load average at start {env['load_average_1m_at_start']})",
        f"- Memory: {env['memory']}; OS: {env['os']}",
        f"- {env['postgres']}; pgvector {env['pgvector']}; Python {env['python']}, psycopg {env['psycopg']}",
        f"- Server settings: {', '.join(f'{k}={v}' for k, v in sorted(env['settings'].items()))}",
        "",
        "## Data",
        "",
        "| database | tenants | skew | rows | students (largest / smallest tenant) | size |",
        "| --- | ---: | --- | ---: | --- | --- |",
    ]
    for key in ("main", "scaling_small", "scaling_large"):
        d = r["load"][key]
        s = d["spec"]
        lines.append(f"| `{d['database']}` | {s['tenants']} | {s['skew']} | {s['rows']:,} | {s['students']:,} "
                     f"({s['largest_tenant_students']:,} / {s['smallest_tenant_students']:,}) | "
                     f"{env['database_size'] if key == 'main' else ''} |")
    lines += [""]
    if not main.get("reused"):
        lines += [f"Load of `{main['database']}`: {main['rows']:,} rows by COPY in {main['copy_seconds']} s "
                  f"= **{main['rows_per_second']:,.0f} rows/s** ({main['jobs']} connections), then secondary indexes "
                  f"{main['index_seconds']} s and VACUUM ANALYZE {main['vacuum_seconds']} s; {main['seconds']} s in all.", ""]
    else:
        lines += [f"`{main['database']}` was reused from an earlier load of the same data and schema "
                  "(`--reload` loads it again and measures the load).", ""]
    lines += [f"Full deploy of the plan (sqitch) into an empty database: **{r['deploy_seconds']} s**.", "",
              "## Goals", "", "| goal | target | measured | result | detail |", "| --- | --- | --- | --- | --- |"]
    for g in r["goals"]:
        lines.append(f"| {g['goal']} | {g['target']} | {g['value']} | {_yes(g['met'])} | {g['detail']} |")
    lines += ["", "## Latency: RLS versus the floor, interleaved",
              "",
              "Client-measured round trip of the statement alone (prepared, rows fetched), in ms; the context "
              "(`set_config`) and COMMIT are outside the timing and identical on both sides. RLS: the client role "
              "with the tenant context; floor: `tenantdb_maintenance` (BYPASSRLS) with `tenant_id = ...` and the "
              "same user filter written out.", "",
              "| workload | role | rows | RLS p50 | p95 | p99 | floor p50 | p95 | p99 | ratio p50 | ratio p95 |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, v in r["latency"].items():
        a, b = v["rls"], v["floor"]
        lines.append(f"| `{name}` | {v['role']} | {v['rows_per_call']} | {a['p50_ms']} | {a['p95_ms']} | {a['p99_ms']} | "
                     f"{b['p50_ms']} | {b['p95_ms']} | {b['p99_ms']} | **{v['ratio_p50']}** | {v['ratio_p95']} |")
    lines += ["", "## Throughput: pgbench, RLS versus the floor", "",
              "Each transaction: pick an actor, set the context, the workload's statement, COMMIT (the actor's ids "
              "are sub-selects on `bench.actors` on both sides).", "",
              "| workload | clients | RLS tps | floor tps | ratio |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, v in r["throughput"].items():
        lines.append(f"| `{name}` | {v['clients']} | {v['rls_tps']:,} | {v['floor_tps']:,} | **{v['ratio']}** |")
    sc = r["scaling"]
    lines += ["", f"## Tenant scaling: {sc['small_tenants']} versus {sc['large_tenants']} tenants of "
              f"{sc['rows_per_tenant']:,} rows each (both variants, interleaved)", "",
              "The floor's ratio is what the larger database costs by itself (caches, index depth); the RLS "
              "ratio next to it shows whether the policies add anything on top.", "",
              f"| workload | RLS p50 at {sc['small_tenants']} | RLS p50 at {sc['large_tenants']} | RLS ratio | "
              f"floor p50 at {sc['small_tenants']} | floor p50 at {sc['large_tenants']} | floor ratio |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, v in sc["workloads"].items():
        a, b = v["rls"], v["floor"]
        lines.append(f"| `{name}` | {a['small']['p50_ms']} | {a['large']['p50_ms']} | **{a['ratio_p50']}** | "
                     f"{b['small']['p50_ms']} | {b['large']['p50_ms']} | {b['ratio_p50']} |")
    if r.get("accessors_us"):
        lines += ["", "## Where the RLS cost comes from: the context lookups", "",
                  "Microseconds each lookup adds to the first statement of a transaction (p50 over `SELECT 1`, "
                  "interleaved). A policy's lookups run once per statement as InitPlans, so this is a fixed cost "
                  "per statement, independent of the rows scanned: it is most of the RLS/floor gap of sub-millisecond "
                  "queries and vanishes in larger ones.", "",
                  "| lookup | adds (µs) |", "| --- | ---: |"]
        for name, us in r["accessors_us"].items():
            lines.append(f"| `{name}` | {us} |")
    vec = r["vector"]
    lines += ["", "## Vector search: recall@10 against exact search", ""]
    if vec["status"] == "measured":
        lines += ["`app.search_chunks(query, 10)` (HNSW with iterative scans, exact fallback) as the service role, "
                  "queries near the tenant's own chunks; recall = |approximate ∩ exact top-10| / 10. Latency: "
                  "`vector_top10` in the latency table.", "",
                  "| tenant | chunks | queries | recall@10 | rows returned |", "| --- | ---: | ---: | ---: | --- |"]
        for t in vec["tenants"]:
            lines.append(f"| `{t['tenant']}` | {t['chunks']:,} | {t['queries']} | **{t['recall_at_10']}** | "
                         f"{t['min_results']}..{t['max_results']} |")
    else:
        lines.append(f"{vec['status']}: {vec.get('reason', '')}")
    lines += ["", "## Plan shapes under RLS", ""]
    for name, problems in r["plans"].items():
        lines.append(f"- `{name}`: " + ("index scan, context accessors as InitPlans, no sequential scan"
                                        if not problems else "; ".join(problems)))
    if r.get("skipped_workloads"):
        lines += ["", "Workloads not run: " + "; ".join(f"`{k}` ({v})" for k, v in r["skipped_workloads"].items())]
    return "\n".join(lines) + "\n"

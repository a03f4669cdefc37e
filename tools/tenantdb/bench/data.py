"""Deterministic scale data: sizes, ids, and the rows of every table, one generator per table."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BadInput
from ..settings import project_root
from .data_extra import EXTRA_GENERATORS, EXTRA_TABLES, SESSIONS_PER_USER, TOKENS_PER_USER, extra_table_rows, workspace_people
from .ids import COHORTS, TOPIC_WORDS, _minutes, _TenantRows, api_token, bench_id

WORKLOADS_FILE = Path("sql/bench/workloads.toml")

# Shape of one student's data: 1 user + 1 learner profile + 3 conversations of 26 messages
# + 5 learning sessions + 2 enrollments + 10 interactions + 2 login sessions + 1 API token = 103 rows;
# each 25 students share a workspace (data_extra: settings, agents, workflows, artifacts); where the schema has the
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
                    + ENROLLMENTS_PER_STUDENT + INTERACTIONS_PER_STUDENT + SESSIONS_PER_USER + TOKENS_PER_USER)
STAFF = (("admin", 1), ("educator", 2), ("educator", 3))
MAX_TENANTS = 0xFFFF
#: Bump when the generated data changes, so `tenantdb bench` reloads instead of reusing a database.
GENERATOR_VERSION = 6
MAX_ACTORS = 5_000
SERVICE_TYPES = ("rag_query", "chat", "summary", "quiz", "feedback", "embedding")

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


#: A client-side comparison draws each side's transactions from this many connections in turn
#: (session 10). With one connection per side, the side and its backend process were the same
#: thing, and two backends running the same statement differ at p50 by up to 40 µs, persistently,
#: on this 2-core machine (where the scheduler places each one against the client): the floor
#: compared with itself read 0.86-1.53 over five runs; with 8 connections per side 0.99-1.05
#: (scripts/bench_connection_bias.py). Server-side figures time the executor inside the backend and
#: do not show it (the same A/A: 1.00-1.06), so they keep the first connection of each side.
CONNECTIONS_PER_SIDE = 8
#: `tenantdb bench --connections` at most: a comparison opens this many per side, role and database.
MAX_CONNECTIONS_PER_SIDE = 16


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
    #: pgbench runs this many transactions per client instead of `seconds` (`-t` for `-T`): a
    #: smoke run that goes through every stage at a fraction of the CPU (its tps are not figures).
    transactions: int | None = None
    #: Connections per side of the client-side comparisons (bench.measure.Rotation; session 10):
    #: 8 where the figures count, 2 in the smoke run. `warmup` is at least 6 per connection, so
    #: every connection has run each statement past PostgreSQL's five custom plans of a prepared
    #: statement (plancache.c) before a sample is kept.
    connections: int = CONNECTIONS_PER_SIDE


SIZES = {
    "quick": RunSize("quick", DataSpec(20, 5_000), DataSpec(10, 500, "uniform"), DataSpec(100, 500, "uniform"),
                     iterations=30, warmup=12, clients=2, seconds=1, rounds=1, connections=2),
    # The goals' size: 10M rows in 1,000 Zipf-skewed tenants (about 97,000 students). pgbench:
    # 12 rounds of 1 s per side (12 s; until session 8, 2 of 5 s; until session 13, 4 of 3 s): the
    # sides alternate every second, so a drift of the shared machine lands on both (2 x 5 s moved cheap
    # workloads' ratios 0.1-0.3; 4 x 3 s left own_conversations at 0.88-1.03 over three tries, 12 x 1 s
    # at 0.97-1.00: docs/benchmarks-analysis.md, "Session 12").
    "full": RunSize("full", DataSpec(1_000, 10_000), DataSpec(10, 2_000, "uniform"), DataSpec(1_000, 2_000, "uniform"),
                    iterations=1_500, warmup=100, clients=4, seconds=1, rounds=12),
}


# ---------------------------------------------------------------------------------- load
TABLES = {
    "app.tenants": "id, slug, name",
    "app.users": "tenant_id, id, email, display_name, role, lti_user_id",
    "app.learner_profiles": "tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings",
    "app.conversations": "tenant_id, id, user_id, title, created_at, updated_at",
    "app.messages": "tenant_id, id, conversation_id, user_id, role, content, created_at",
    "app.learning_sessions": "tenant_id, id, learner_id, course_context, session_start, session_end, behavioral_signals, learner_data_key",
    "app.courses": "tenant_id, id, code, name, semester",
    "app.enrollments": "tenant_id, id, user_id, course_id, enrolled_at",
    "app.documents": "tenant_id, id, course_id, title, file_path, content_type, created_at, updated_at",
    "app.document_chunks": "tenant_id, id, document_id, course_id, chunk_id, content, embedding, embedding_model, embedding_version",
    "app.interactions": "tenant_id, id, user_id, service_type, latency_ms, created_at",
    **EXTRA_TABLES,
}
#: Last COPY columns a schema may lack (added by a later plan change, or left out on Citus): the
#: loader drops them, and the last field of each line, when the table has no such column.
OPTIONAL_LAST_COLUMNS = {"app.learning_sessions": "learner_data_key"}
#: perf/learner_data_key's key of a row whose learner shares their data (else the learner id).
SHARED_LEARNER_DATA_KEY = "00000000-0000-0000-0000-000000000000"
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
    return [x + y for x, y in zip(a, b, strict=True)]


def _centroids(t: int) -> list[list[float]]:
    rng = random.Random(f"bench:centroid:{t}")
    return [_unit([rng.gauss(0, 1) for _ in range(DIMENSIONS)]) for _ in range(TOPICS)]


def chunk_embedding(centroids: list[list[float]], d: int, k: int) -> str:
    """Embedding of chunk k of document d: its topic's centroid plus noise, unit length."""
    center, noise = centroids[d % TOPICS], _noise(d * CHUNKS_PER_DOCUMENT + k)
    return "[" + ",".join(f"{x:.5f}" for x in _unit([a + b for a, b in zip(center, noise, strict=True)])) + "]"


_MESSAGE_TEXT = [
    ("user" if m % 2 == 0 else "assistant",
     (f"Question {m // 2 + 1}: how does retrieval practice help me remember this chapter?" if m % 2 == 0 else
      f"Answer {m // 2 + 1}: recalling from memory strengthens the trace more than rereading; try three questions."))
    for m in range(MESSAGES_PER_CONVERSATION)
]


def _tenants(g: _TenantRows) -> Iterator[str]:
    yield f"{g.tid}\tbench-{g.t}\tBench institution {g.t}\n"


def _users(g: _TenantRows) -> Iterator[str]:
    u_prefix, t = g.prefix("user"), g.t
    for role, n in STAFF:
        yield f"{g.tid}\t{u_prefix}{n:012x}\t{role}{n}@t{t}.bench.example\t{role.title()} {n}\t{role}\t\\N\n"
    for s in range(g.students):
        yield f"{g.tid}\t{u_prefix}{100 + s:012x}\ts{s}@t{t}.bench.example\tStudent {s}\tstudent\tlti-{t}-{s}\n"


def _shares_data(student: int) -> bool:
    """Three learners in four share their data with the institution (consent: the educators'
    workloads see them, learning/consent)."""
    return student % 4 != 3


def _learner_profiles(g: _TenantRows) -> Iterator[str]:
    l_prefix = g.prefix("learner")
    for s in range(g.students):
        sharing = "institution" if _shares_data(s) else "none"
        yield (f"{g.tid}\t{l_prefix}{s:012x}\t{g.user(s)}\tlti-{g.t}-{s}\t"
               f"{{\"learning_velocity\": {s % 7}, \"cohort\": \"c{s % COHORTS}\"}}\t{{\"data_sharing\": \"{sharing}\"}}\n")


def _conversations(g: _TenantRows) -> Iterator[str]:
    c_prefix = g.prefix("conversation")
    for s in range(g.students):
        for c in range(CONVERSATIONS_PER_STUDENT):
            ts = g.msg_times[c * 100]
            yield f"{g.tid}\t{c_prefix}{s * 8 + c:012x}\t{g.user(s)}\tChat {c + 1}\t{ts}\t{ts}\n"


def _messages(g: _TenantRows) -> Iterator[str]:
    c_prefix, m_prefix = g.prefix("conversation"), g.prefix("message")
    for s in range(g.students):
        uid = g.user(s)
        for c in range(CONVERSATIONS_PER_STUDENT):
            cid = f"{c_prefix}{s * 8 + c:012x}"
            base = (s * 8 + c) * 64
            for m, (role, text) in enumerate(_MESSAGE_TEXT):
                yield f"{g.tid}\t{m_prefix}{base + m:012x}\t{cid}\t{uid}\t{role}\t{text}\t{g.msg_times[c * 100 + m]}\n"


def _courses(g: _TenantRows) -> Iterator[str]:
    for c in range(COURSES_PER_TENANT):
        yield f"{g.tid}\t{bench_id('course', g.t, c)}\tC{c + 1}\tCourse {c + 1}\t2026-spring\n"


def _enrollments(g: _TenantRows) -> Iterator[str]:
    for s in range(g.students):
        uid = g.user(s)
        for j in range(ENROLLMENTS_PER_STUDENT):
            course = bench_id("course", g.t, (s + j) % COURSES_PER_TENANT)
            yield f"{g.tid}\t{bench_id('enrollment', g.t, s * 4 + j)}\t{uid}\t{course}\t{g.msg_times[j]}\n"


def _documents(g: _TenantRows) -> Iterator[str]:
    for d in range(documents_per_tenant(g.students)):
        course = bench_id("course", g.t, d % COURSES_PER_TENANT)
        ts = g.msg_times[d % 300]
        title = f"Reading {d + 1}: {TOPIC_WORDS[d % TOPICS]}"
        yield (f"{g.tid}\t{bench_id('document', g.t, d)}\t{course}\t{title}\t/courses/C{d % COURSES_PER_TENANT + 1}/"
               f"reading-{d + 1}.pdf\tapplication/pdf\t{ts}\t{ts}\n")


def _document_chunks(g: _TenantRows) -> Iterator[str]:
    centroids = _centroids(g.t)
    for d in range(documents_per_tenant(g.students)):
        doc, course = bench_id("document", g.t, d), bench_id("course", g.t, d % COURSES_PER_TENANT)
        for k in range(CHUNKS_PER_DOCUMENT):
            yield (f"{g.tid}\t{bench_id('chunk', g.t, d * 8 + k)}\t{doc}\t{course}\t{k}\tPart {k + 1} of reading "
                   f"{d + 1} on {TOPIC_WORDS[d % TOPICS]}: worked examples and practice questions.\t{chunk_embedding(centroids, d, k)}\t"
                   "bench-clustered-384\t1\n")


def _interactions(g: _TenantRows) -> Iterator[str]:
    i_prefix = g.prefix("interaction")
    for s in range(g.students):
        uid = g.user(s)
        for i in range(INTERACTIONS_PER_STUDENT):
            yield (f"{g.tid}\t{i_prefix}{s * 16 + i:012x}\t{uid}\t{SERVICE_TYPES[(s + i) % len(SERVICE_TYPES)]}\t"
                   f"{200 + (s * 37 + i * 11) % 1800}\t{g.msg_times[i * 30]}\n")


def _learning_sessions(g: _TenantRows) -> Iterator[str]:
    l_prefix, s_prefix = g.prefix("learner"), g.prefix("session")
    for s in range(g.students):
        lid = f"{l_prefix}{s:012x}"
        # The consent key the triggers of perf/learner_data_key would write (COPY skips them).
        key = SHARED_LEARNER_DATA_KEY if _shares_data(s) else lid
        for k in range(SESSIONS_PER_STUDENT):
            start = g.msg_times[k * 60]
            end = g.msg_times[k * 60 + 25]
            yield (f"{g.tid}\t{s_prefix}{s * 8 + k:012x}\t{lid}\tcourse-{k % 3 + 1}\t{start}\t{end}\t"
                   f"{{\"idle_seconds\": {(s + k) % 90}}}\t{key}\n")


#: One generator per table: the COPY text lines of one tenant.
GENERATORS: dict[str, Callable[[_TenantRows], Iterator[str]]] = {
    "app.tenants": _tenants, "app.users": _users, "app.learner_profiles": _learner_profiles,
    "app.conversations": _conversations, "app.messages": _messages, "app.courses": _courses,
    "app.enrollments": _enrollments, "app.documents": _documents, "app.document_chunks": _document_chunks,
    "app.interactions": _interactions, "app.learning_sessions": _learning_sessions, **EXTRA_GENERATORS,
}


def _rows(table: str, spec: DataSpec, part: int = 0, parts: int = 1) -> Iterator[str]:
    """COPY text lines of `table` for the tenants t with t % parts == part (deterministic)."""
    generate = GENERATORS.get(table)
    if generate is None:
        return
    msg_times = [_minutes(m) for m in range(CONVERSATIONS_PER_STUDENT * 100 + MESSAGES_PER_CONVERSATION)]
    for t, count in enumerate(spec.students_per_tenant(), start=1):
        if t % parts == part:
            yield from generate(_TenantRows(t, count, msg_times))


def _table_rows(table: str, spec: DataSpec) -> int:
    students = sum(spec.students_per_tenant())
    if table in EXTRA_TABLES:
        return extra_table_rows(table, spec.students_per_tenant())
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


ACTORS_DDL_FILE = Path("sql/bench/actors.sql")


def actors_ddl() -> str:
    """The DDL of bench.actors (sql/bench/actors.sql)."""
    return (project_root() / ACTORS_DDL_FILE).read_text()


CANDIDATE_INDEXES_FILE = Path("sql/bench/candidate_indexes.sql")


def candidate_indexes_ddl() -> str:
    """The bench-only search indexes (sql/bench/candidate_indexes.sql), built after the load."""
    return (project_root() / CANDIDATE_INDEXES_FILE).read_text()


def _actors(spec: DataSpec) -> list[tuple[Any, ...]]:
    """Up to MAX_ACTORS students spread evenly over all students (so big tenants weigh more)."""
    everyone = [(t, s) for t, count in enumerate(spec.students_per_tenant(), start=1) for s in range(count)]
    step = max(1, len(everyone) // MAX_ACTORS)
    picked = everyone[::step][:MAX_ACTORS]
    students = spec.students_per_tenant()
    centroids: dict[int, list[list[float]]] = {}
    out = []
    # The cohort is the student's own, or (when they do not share their data) their neighbour's:
    # the educator's jsonb @> search then finds at least one consenting learner.
    for n, (t, s) in enumerate(picked, start=1):
        course = s % COURSES_PER_TENANT  # the student's first enrollment
        sets = documents_per_tenant(students[t - 1]) // COURSES_PER_TENANT
        d = COURSES_PER_TENANT * ((s // COURSES_PER_TENANT) % sets) + course  # a document of that course
        if t not in centroids:
            centroids = {t: _centroids(t)}  # actors come tenant by tenant
        word = TOPIC_WORDS[d % TOPICS]
        w, owner, member = workspace_people(students[t - 1], s)
        out.append((n, bench_id("tenant", t, 0), bench_id("user", t, 100 + s), bench_id("user", t, 2 + s % 2),
                    f"lti-{t}-{s}", bench_id("learner", t, s),
                    bench_id("conversation", t, s * 8 + s % CONVERSATIONS_PER_STUDENT),
                    bench_id("conversation", t, s * 8 + (s + 1) % CONVERSATIONS_PER_STUDENT),
                    f"s{s}@t{t}.bench.example", f"C{course + 1}", bench_id("document", t, d),
                    chunk_embedding(centroids[t], d + COURSES_PER_TENANT, 1),
                    bench_id("workspace", t, w), bench_id("user", t, 100 + owner), bench_id("user", t, 100 + member),
                    bench_id("user_session", t, s * SESSIONS_PER_USER), api_token(t, s), f"c{(s - 1 if s % 4 == 3 else s) % COHORTS}", word,
                    f"%{word[:5].upper()}%"))
    return out


Progress = Callable[[str, int, int], None]  # (table, rows done, rows total)



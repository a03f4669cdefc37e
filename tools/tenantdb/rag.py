"""Vector search quality: recall@k of app.search_chunks() against exact search, per tenant.

Recall is measured as the service role of each tenant (it sees the whole tenant), with query
vectors made deterministically from the tenant's own chunks: a random chunk's embedding plus
noise, so queries land where the data is, as real questions about course content do.
``recall@k`` = |approximate top-k ∩ exact top-k| / k, averaged over the queries.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass

import psycopg

from .backend import Backend
from .context import SET_CONTEXT_SQL
from .settings import SERVICE_ROLE

EXACT_SQL = (
    "SELECT c.id FROM app.document_chunks c WHERE c.tenant_id = app.current_tenant_id()"
    " ORDER BY (c.embedding OPERATOR(public.<=>) %s::public.vector) + 0 LIMIT %s"
)
SEARCH_SQL = "SELECT chunk_uuid FROM app.search_chunks(%s::public.vector, %s)"


@dataclass
class TenantRecall:
    tenant: str
    chunks: int
    queries: int
    k: int
    recall: float
    min_results: int
    max_results: int


def parse_vector(text: str) -> list[float]:
    return [float(x) for x in text.strip("[]").split(",")]


def noisy(vector: list[float], rng: random.Random, spread: float = 0.3) -> str:
    out = [x + rng.gauss(0, 1) * spread / math.sqrt(len(vector)) for x in vector]
    norm = math.sqrt(sum(x * x for x in out)) or 1.0
    return "[" + ",".join(f"{x / norm:.6f}" for x in out) + "]"


def tenant_recall(conn: psycopg.Connection, tenant_id: str, slug: str, *, k: int = 10, queries: int = 20,
                  seed: int = 7) -> TenantRecall:
    """Recall of one tenant; `conn` is a service-role connection in autocommit mode."""
    rng = random.Random(f"{seed}:{tenant_id}")
    hits, results = 0, []
    with conn.transaction():
        conn.execute(SET_CONTEXT_SQL, (tenant_id, None))
        chunks = conn.execute("SELECT count(*) FROM app.document_chunks").fetchone()[0]
        samples = [r[0] for r in conn.execute(
            "SELECT embedding::text FROM app.document_chunks ORDER BY id LIMIT 200")]
        if not samples:
            return TenantRecall(slug, 0, 0, k, 0.0, 0, 0)
        for _ in range(queries):
            q = noisy(parse_vector(rng.choice(samples)), rng)
            approx = [r[0] for r in conn.execute(SEARCH_SQL, (q, k))]
            exact = [r[0] for r in conn.execute(EXACT_SQL, (q, k))]
            results.append(len(approx))
            hits += len(set(approx) & set(exact))
    expected = min(k, chunks)
    return TenantRecall(slug, chunks, queries, k, round(hits / (expected * queries), 4), min(results), max(results))


def measure(backend: Backend, dbname: str | None = None, *, k: int = 10, queries: int = 20) -> list[TenantRecall]:
    """Recall for every tenant that has chunks."""
    with psycopg.connect(backend.conninfo(dbname), autocommit=True) as su:
        tenants = su.execute(
            "SELECT t.id::text, t.slug FROM app.tenants t"
            " WHERE EXISTS (SELECT FROM app.document_chunks c WHERE c.tenant_id = t.id) ORDER BY t.slug").fetchall()
    with psycopg.connect(backend.conninfo(dbname, SERVICE_ROLE), autocommit=True) as conn:
        return [tenant_recall(conn, tid, slug, k=k, queries=queries) for tid, slug in tenants]


def as_dicts(rows: list[TenantRecall]) -> list[dict]:
    return [asdict(r) for r in rows]

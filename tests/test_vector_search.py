"""app.search_chunks(): within the caller's tenant and visibility, k results whenever k chunks
are visible (also for a small tenant next to a big one, where a post-filtered approximate scan
comes back short), index-assisted, with good recall.

The clone gets three extra tenants: "big" (6,000 chunks clustered where the queries point),
"small" (15 chunks) and "tiny" (3 chunks), both far from the queries, so for them every
nearest neighbour the index meets first belongs to another tenant.
"""

from __future__ import annotations

import random

import psycopg
import pytest

from tenantdb import rag
from tenantdb.seeds.rag import embedding_near, unit, vector_literal

TENANTS = {"big": ("44444444-4444-4444-8444-444444444444", 1500, 4),
           "small": ("55555555-5555-4555-8555-555555555555", 15, 1),
           "tiny": ("66666666-6666-4666-8666-666666666666", 3, 1)}
DIMS = 384
TOPICS = 40  # the big tenant's chunks cluster around 40 topic centroids, like real embeddings
_rng = random.Random(42)
CENTROIDS = [unit([_rng.gauss(0, 1) for _ in range(DIMS)]) for _ in range(TOPICS)]
QUERY = vector_literal(CENTROIDS[0])  # a question about the big tenant's first topic

BULK = """
INSERT INTO app.tenants (id, slug, name)
VALUES (%(big)s, 'big', 'Big'), (%(small)s, 'small', 'Small'), (%(tiny)s, 'tiny', 'Tiny');
INSERT INTO app.courses (tenant_id, id, code, name)
SELECT id, id, 'ALL', 'Everything' FROM app.tenants WHERE slug IN ('big', 'small', 'tiny');
INSERT INTO app.documents (tenant_id, id, course_id, title, file_path, content_type)
SELECT t.id, gen_random_uuid(), t.id, 'Doc ' || i, 'docs/' || i || '.pdf', 'application/pdf'
FROM app.tenants t
JOIN (VALUES ('big', %(big_docs)s), ('small', %(small_docs)s), ('tiny', %(tiny_docs)s)) AS n(slug, docs) ON n.slug = t.slug
CROSS JOIN LATERAL generate_series(1, n.docs) AS i;
"""


@pytest.fixture(scope="module")
def bulk(tenantdb):
    with tenantdb.clone_seeded("vector_search") as db:
        params = {name: tid for name, (tid, _, _) in TENANTS.items()}
        params.update({f"{name}_docs": docs for name, (_, docs, _) in TENANTS.items()})
        params["big_chunks"] = TENANTS["big"][2]
        with tenantdb.connect(db, autocommit=True) as conn:
            with conn.transaction():
                conn.execute("SET LOCAL ROLE tenantdb_maintenance")
                for statement in filter(str.strip, BULK.split(";\n")):
                    conn.execute(statement, params if "%(" in statement else None)
                docs = conn.execute("SELECT tenant_id, id, course_id FROM app.documents"
                                    " WHERE tenant_id IN (%s, %s, %s) ORDER BY tenant_id, title",
                                    [TENANTS[t][0] for t in TENANTS]).fetchall()
                rng = random.Random(7)
                far = unit([-x for x in CENTROIDS[0]])  # small and tiny tenants: away from the queries
                with conn.cursor().copy("COPY app.document_chunks (tenant_id, document_id, course_id, chunk_id,"
                                        " content, embedding, embedding_model, embedding_version) FROM STDIN") as copy:
                    for n, (tenant, doc, course) in enumerate(docs):
                        big = str(tenant) == TENANTS["big"][0]
                        for k in range(TENANTS["big"][2] if big else 1):
                            center = CENTROIDS[(n + k) % TOPICS] if big else far
                            copy.write_row((tenant, doc, course, k, f"chunk {n}.{k}",
                                            vector_literal(embedding_near(center, rng)), "bulk", "1"))
            conn.execute("ANALYZE app.document_chunks")
        yield db


def search(tenantdb, db: str, tenant: str, k: int = 10, max_scan_tuples: int | None = None) -> list[tuple]:
    with tenantdb.connect(db, role="tenantdb_service") as conn:
        conn.execute("SELECT app.set_context(%s, NULL)", (TENANTS[tenant][0],))
        if max_scan_tuples:
            conn.execute(f"SET LOCAL hnsw.max_scan_tuples = {int(max_scan_tuples)}")
        return conn.execute("SELECT chunk_uuid, distance FROM app.search_chunks(%s::public.vector, %s)", (QUERY, k)).fetchall()


def owners(tenantdb, db: str, ids: list) -> set[str]:
    with tenantdb.connect(db) as su:
        return {str(r[0]) for r in su.execute("SELECT DISTINCT tenant_id FROM app.document_chunks WHERE id = ANY(%s)", (ids,))}


@pytest.mark.parametrize("tenant,expected", [("big", 10), ("small", 10), ("tiny", 3)])
def test_k_results_whenever_the_tenant_has_k_and_only_its_own(tenantdb, bulk, tenant, expected):
    rows = search(tenantdb, bulk, tenant)
    print(f"{tenant}: {len(rows)} results")
    assert len(rows) == expected, f"{tenant} got {len(rows)} of {expected} nearest chunks"
    assert owners(tenantdb, bulk, [r[0] for r in rows]) == {TENANTS[tenant][0]}
    assert [r[1] for r in rows] == sorted(r[1] for r in rows), "results are ordered by distance"


def test_the_exact_fallback_answers_when_the_index_gives_up_early(tenantdb, bulk):
    """With the iterative scan capped far below the big tenant's size, the index finds none of
    the small tenant's chunks; the function still returns its 10 nearest."""
    rows = search(tenantdb, bulk, "small", max_scan_tuples=200)
    assert len(rows) == 10
    assert owners(tenantdb, bulk, [r[0] for r in rows]) == {TENANTS["small"][0]}


def test_bad_k_is_a_clear_error(tenantdb, bulk):
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="k must be between 1 and 1000"):
        search(tenantdb, bulk, "big", k=0)


def test_a_person_searches_only_what_they_may_see(tenantdb, bulk):
    from tenantdb.seeds import DEMO_TENANTS
    from tenantdb.seeds.identity import user_id

    a = DEMO_TENANTS[0]
    with tenantdb.connect(bulk, role="tenantdb_app") as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (a.id, user_id(a, "student", 1)))
        rows = conn.execute("SELECT chunk_uuid FROM app.search_chunks(%s::public.vector, 50)", (QUERY,)).fetchall()
        enrolled = {r[0] for r in conn.execute("SELECT course_id FROM app.enrollments")}
    with tenantdb.connect(bulk) as su:
        courses = {r[0] for r in su.execute("SELECT course_id FROM app.document_chunks WHERE id = ANY(%s)", ([r[0] for r in rows],))}
    assert len(rows) == 50 and courses <= enrolled


def test_the_search_reads_the_hnsw_index_under_rls(tenantdb, bulk):
    """The function's approximate query as it is planned inside it, for the service role of the big
    tenant: an index scan on the HNSW index, the policies' tenant check a one-time filter (the
    function passes the tenant as a value, perf/search_chunks_tenant_once). The query is explained
    with the function's settings and the tenant as the constant a custom plan sees."""
    with tenantdb.connect(bulk, role="tenantdb_service") as conn:
        conn.execute("SELECT app.set_context(%s, NULL)", (TENANTS["big"][0],))
        conn.execute("SET LOCAL hnsw.iterative_scan = 'relaxed_order'")
        conn.execute("SET LOCAL hnsw.ef_search = 100")
        plan = "\n".join(r[0] for r in conn.execute(
            "EXPLAIN (COSTS OFF) SELECT c.id FROM app.document_chunks c WHERE c.tenant_id = %s::uuid"
            " ORDER BY c.embedding OPERATOR(public.<=>) %s::public.vector LIMIT 10", (TENANTS["big"][0], QUERY)))
    print(plan)
    assert "Index Scan using document_chunks_embedding_idx" in plan, plan
    assert "InitPlan" in plan and "Seq Scan" not in plan, plan


def nested_plans(tenantdb, db: str, tenant: str, calls: int = 7) -> list[str]:
    """The plans of the statements inside app.search_chunks() (auto_explain, nested statements),
    for the service role of `tenant`, over `calls` calls in one session (past PL/pgSQL's five
    custom plans, where a cached generic plan would take over)."""
    notices: list[str] = []
    with tenantdb.connect(db) as conn:  # superuser: LOAD; then the service role's rights and policies
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        conn.execute("LOAD 'auto_explain'")
        for setting in ("auto_explain.log_min_duration = 0", "auto_explain.log_nested_statements = on",
                        "client_min_messages = log"):
            conn.execute(f"SET {setting}")
        conn.execute("SET ROLE tenantdb_service")
        for _ in range(calls):
            conn.execute("SELECT app.set_context(%s, NULL)", (TENANTS[tenant][0],))
            conn.execute("SELECT chunk_uuid FROM app.search_chunks(%s::public.vector, 10)", (QUERY,)).fetchall()
            conn.commit()
    return [n for n in notices if "FROM app.document_chunks c" in n]


def test_the_function_reads_hnsw_for_a_big_tenant_and_not_all_its_chunks_on_every_call(tenantdb, bulk):
    """Issue 13 (vector_top10: RLS p50 3.4 x the floor): with `c.tenant_id = app.current_tenant_id()`
    in its queries the function's plan under RLS expected ~5 % of a big tenant's chunks, read
    them all through the btree and sorted them by distance, with the inlined accessor evaluated per
    row. Every call must now read the HNSW index for the big tenant, the sixth and seventh too
    (past PL/pgSQL's custom plans), and plan no exact fallback when the index finds k rows."""
    plans = nested_plans(tenantdb, bulk, "big")
    assert len(plans) == 7, "one statement per call (the exact fallback is not even planned): " + "\n".join(plans)
    for plan in plans:
        assert "array_agg(a.id)" in plan, plan
        assert "Index Scan using document_chunks_embedding_idx" in plan, plan
        assert "current_setting" not in plan, "the tenant accessor is evaluated per row: " + plan


def test_recall_at_10_against_exact_search(tenantdb, bulk):
    rows = {r.tenant: r for r in rag.measure(tenantdb.backend, bulk, k=10, queries=20)}
    for r in rows.values():
        print(f"{r.tenant}: chunks={r.chunks} recall@10={r.recall} results {r.min_results}-{r.max_results}")
    assert rows["big"].recall >= 0.9, rows["big"]
    assert all(r.min_results == min(10, r.chunks) for r in rows.values()), rows

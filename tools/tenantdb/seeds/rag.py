"""Courses, enrollments, documents with embedded chunks, and interactions, per demo tenant.

Embeddings are deterministic stand-ins for a real model's: for each of eight topics a
pseudo-random unit "centroid" in 384 dimensions (seeded by tenant and topic), and each chunk is
its document topic's centroid plus Gaussian noise of total length about 0.5, normalised to
unit length (cosine similarity about 0.9 to its centroid, about 0 to other topics'). Chunks of one topic therefore cluster the way real
embeddings of one subject do, which makes nearest-neighbour results and recall meaningful.
"""

from __future__ import annotations

import json
import math
import random
from typing import Any

from psycopg import Cursor

from . import DemoTenant, at, stable_id
from .identity import people, user_id

DIMENSIONS = 384
MODEL, MODEL_VERSION = "demo-clustered-384", "1"
TOPICS = ("fractions", "algebra", "geometry", "statistics", "calculus", "probability", "vectors", "logic")
COURSES = (("MATH-101", "Foundations of Mathematics"), ("MATH-201", "Applied Mathematics"))
DOCUMENTS_PER_TENANT = 50
CHUNKS_PER_DOCUMENT = 4
INTERACTIONS_PER_TENANT = 100
#: students enrolled per course (student n): student 1 is not in MATH-201, student 8 not in MATH-101
ENROLLED = {0: range(1, 7), 1: range(3, 9)}


def unit(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def centroid(tenant: DemoTenant, topic: str) -> list[float]:
    rng = random.Random(f"centroid:{tenant.slug}:{topic}")
    return unit([rng.gauss(0, 1) for _ in range(DIMENSIONS)])


def embedding_near(center: list[float], rng: random.Random, spread: float = 0.5) -> list[float]:
    """A unit vector near `center`: noise of total length about `spread` (cosine ~0.9 to it)."""
    return unit([c + rng.gauss(0, 1) * spread / math.sqrt(DIMENSIONS) for c in center])


def vector_literal(vector: list[float]) -> str:
    return "[" + ",".join(f"{x:.6f}" for x in vector) + "]"


def course_id(tenant: DemoTenant, n: int) -> str:
    return stable_id(tenant, "course", n)


def document_id(tenant: DemoTenant, n: int) -> str:
    return stable_id(tenant, "document", n)


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    rng = random.Random(f"rag:{tenant.slug}")
    cur.executemany(
        "INSERT INTO app.courses (tenant_id, id, code, name, description, semester, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        [(tenant.id, course_id(tenant, n), code, name, f"{name} at {tenant.name}.", "2026-fall", at(days=-55), at(days=-55))
         for n, (code, name) in enumerate(COURSES)],
    )
    enrollments = [(tenant.id, stable_id(tenant, f"enrollment:{c}", s), user_id(tenant, "student", s), course_id(tenant, c),
                    at(days=-40, minutes=s)) for c, students in ENROLLED.items() for s in students]
    cur.executemany(
        "INSERT INTO app.enrollments (tenant_id, id, user_id, course_id, enrolled_at) VALUES (%s, %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        enrollments,
    )
    documents, chunks = [], []
    centers = {topic: centroid(tenant, topic) for topic in TOPICS}
    for n in range(DOCUMENTS_PER_TENANT):
        topic = TOPICS[n % len(TOPICS)]
        course = n % len(COURSES)
        did = document_id(tenant, n)
        documents.append((tenant.id, did, course_id(tenant, course), f"{topic.title()} notes {n + 1}",
                          f"courses/{COURSES[course][0].lower()}/{topic}-{n + 1}.pdf", "application/pdf",
                          at(days=-45, hours=n), at(days=-45, hours=n)))
        for k in range(CHUNKS_PER_DOCUMENT):
            chunks.append((tenant.id, stable_id(tenant, f"chunk:{n}", k), did, course_id(tenant, course), k,
                           f"{topic.title()} notes {n + 1}, part {k + 1}: worked examples on {topic}.",
                           vector_literal(embedding_near(centers[topic], rng)), MODEL, MODEL_VERSION,
                           json.dumps({"topic": topic, "page": k + 1}), at(days=-45, hours=n, minutes=k)))
    cur.executemany(
        "INSERT INTO app.documents (tenant_id, id, course_id, title, file_path, content_type, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        documents,
    )
    cur.executemany(
        "INSERT INTO app.document_chunks (tenant_id, id, document_id, course_id, chunk_id, content, embedding,"
        " embedding_model, embedding_version, metadata, created_at)"
        # embedding: text in, the column types it (whatever schema the extension lives in)
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        chunks,
    )
    askers = [p for p in people(tenant) if p["role"] in ("student", "educator")]
    services = ("rag_query", "chat", "summary", "quiz", "feedback")
    cur.executemany(
        "INSERT INTO app.interactions (tenant_id, id, user_id, service_type, request_data, response_data, latency_ms, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [(tenant.id, stable_id(tenant, "interaction", i), askers[i % len(askers)]["id"], services[i % len(services)],
          json.dumps({"query": f"question {i + 1}"}), json.dumps({"answer": f"answer {i + 1}", "chunks": 3}),
          rng.randint(80, 2400), at(days=-30 + i * 0.25)) for i in range(INTERACTIONS_PER_TENANT)],
    )

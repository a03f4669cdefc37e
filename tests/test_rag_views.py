"""The RAG read models show exactly what the caller may see of their base tables, for every
role, with exactly the columns SPEC lists, and nothing of another tenant."""

from __future__ import annotations

import pytest

from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id

A, B = DEMO_TENANTS
ACTORS = {"student": user_id(A, "student", 1),
          "student-8": user_id(A, "student", 8), "educator": user_id(A, "educator", 1),
          "coach": user_id(A, "coach", 1), "admin": user_id(A, "admin", 1), "service": None}
VIEWS = {
    "v_rag_documents": ("document_id", "documents",
                        ["document_id", "title", "file_path", "course_code", "course_name", "created_at"]),
    "v_rag_chunks": ("metadata_id", "document_chunks",
                     ["metadata_id", "document_id", "chunk_id", "embedding_model", "metadata", "document_title"]),
    "v_user_interactions": ("interaction_id", "interactions",
                            ["interaction_id", "user_email", "user_role", "service_type", "latency_ms", "created_at"]),
}


def as_actor(tenantdb, db, actor):
    conn = tenantdb.connect(db, role="tenantdb_service" if actor == "service" else "tenantdb_app")
    conn.execute("SELECT app.set_context(%s, %s)", (A.id, ACTORS[actor] or None))
    return conn


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_view_has_exactly_the_columns_spec_lists_and_runs_as_the_caller(tenantdb, seeded_db, view):
    with tenantdb.connect(seeded_db) as conn:
        cols = [r[0] for r in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 ORDER BY attnum",
            (f"app.{view}",))]
        options = conn.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", (f"app.{view}",)).fetchone()[0]
    assert cols == VIEWS[view][2]
    assert "security_invoker=true" in (options or [])


@pytest.mark.parametrize("actor", sorted(ACTORS))
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_view_shows_exactly_what_the_caller_sees_of_the_base_table(tenantdb, seeded_db, view, actor):
    key, base, _ = VIEWS[view]
    with tenantdb.connect(seeded_db) as su:
        tenant_b_ids = {r[0] for r in su.execute(f"SELECT id FROM app.{base} WHERE tenant_id = %s", (B.id,))}
    with as_actor(tenantdb, seeded_db, actor) as conn:
        in_view = [r[0] for r in conn.execute(f"SELECT {key} FROM app.{view}")]
        in_base = {r[0] for r in conn.execute(f"SELECT id FROM app.{base}")}
    assert len(in_view) == len(set(in_view)), f"{view} repeats rows"
    assert set(in_view) == in_base, (
        f"{view} as {actor}: {len(set(in_view) - in_base)} rows the caller cannot see in app.{base}, "
        f"{len(in_base - set(in_view))} visible rows missing")
    assert not set(in_view) & tenant_b_ids, f"{view} as {actor} shows rows of tenant {B.slug}"
    assert in_base or actor.startswith("student"), f"{actor} should see rows of app.{base}"


def test_a_student_not_enrolled_in_a_course_sees_none_of_its_documents(tenantdb, seeded_db):
    with as_actor(tenantdb, seeded_db, "student") as conn:  # student 1: MATH-101 only
        codes = {r[0] for r in conn.execute("SELECT DISTINCT course_code FROM app.v_rag_documents")}
        hidden = conn.execute("SELECT count(*) FROM app.documents d WHERE d.course_id NOT IN "
                              "(SELECT course_id FROM app.enrollments)").fetchone()[0]
    assert codes == {"MATH-101"}
    assert hidden == 0
    with as_actor(tenantdb, seeded_db, "student-8") as conn:  # student 8: MATH-201 only
        codes = {r[0] for r in conn.execute("SELECT DISTINCT course_code FROM app.v_rag_documents")}
    assert codes == {"MATH-201"}

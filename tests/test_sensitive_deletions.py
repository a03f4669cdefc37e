"""Deletions of sensitive tables are audited — directly, by cascade, by people and services —
without the personal content; retention runs stay one summary per batch."""

from __future__ import annotations

from tenantdb.context import tenant_transaction
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

A = DEMO_TENANTS[0]


def audit_rows(tenantdb, db: str, table: str, key: str) -> list[tuple]:
    with tenantdb.connect(db) as su:
        return su.execute("SELECT operation, actor_db_role, old_values FROM app.audit_log"
                          " WHERE table_name = %s AND row_key ->> 'id' = %s", (table, key)).fetchall()


def test_a_person_deleting_a_conversation_audits_it_and_its_cascaded_messages(tenantdb, seeded_db):
    student = user_id(A, "student", 1)
    with tenantdb.connect(seeded_db, role=APP_ROLE, autocommit=True) as conn:
        with tenant_transaction(conn, A.id, student) as cur:
            conv, = cur.execute("SELECT id FROM app.conversations WHERE user_id = %s LIMIT 1", (student,)).fetchone()
            msgs = [r[0] for r in cur.execute("SELECT id FROM app.messages WHERE conversation_id = %s", (conv,))]
            cur.execute("DELETE FROM app.conversations WHERE id = %s", (conv,))
    [(op, role, old)] = audit_rows(tenantdb, seeded_db, "app.conversations", str(conv))
    assert op == "DELETE" and role == tenantdb.backend.login_for(APP_ROLE) and "title" not in old and old["user_id"] == student
    assert msgs, "the seeded conversation has messages"
    for m in msgs:
        [(op, _, old)] = audit_rows(tenantdb, seeded_db, "app.messages", str(m))
        assert op == "DELETE" and "content" not in old and old["conversation_id"] == str(conv)


def test_a_service_deleting_interactions_and_documents_is_audited_without_bodies(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role=SERVICE_ROLE, autocommit=True) as conn:
        with tenant_transaction(conn, A.id) as cur:
            inter, = cur.execute("SELECT id FROM app.interactions LIMIT 1").fetchone()
            cur.execute("DELETE FROM app.interactions WHERE id = %s", (inter,))
            doc, = cur.execute("SELECT id FROM app.documents d WHERE NOT EXISTS"
                               " (SELECT FROM app.document_chunks c WHERE c.document_id = d.id) LIMIT 1").fetchone() \
                or cur.execute("SELECT id FROM app.documents LIMIT 1").fetchone()
            cur.execute("DELETE FROM app.document_chunks WHERE document_id = %s", (doc,))
            cur.execute("DELETE FROM app.documents WHERE id = %s", (doc,))
    [(_, role, old)] = audit_rows(tenantdb, seeded_db, "app.interactions", str(inter))
    assert role == tenantdb.backend.login_for(SERVICE_ROLE) and "request_data" not in old and "response_data" not in old
    [(_, _, old)] = audit_rows(tenantdb, seeded_db, "app.documents", str(doc))
    assert "title" not in old and "file_path" not in old


def test_deleting_a_person_and_a_learner_profile_keeps_no_name_or_profile(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role=SERVICE_ROLE, autocommit=True) as conn:
        with tenant_transaction(conn, A.id) as cur:
            profile, = cur.execute("SELECT id FROM app.learner_profiles LIMIT 1").fetchone()
            cur.execute("DELETE FROM app.learner_profiles WHERE id = %s", (profile,))
    [(_, _, old)] = audit_rows(tenantdb, seeded_db, "app.learner_profiles", str(profile))
    assert "cognitive_profile" not in old and "privacy_settings" not in old
    with tenantdb.connect(seeded_db) as su:
        su.execute("SET LOCAL ROLE tenantdb_maintenance")
        victim, = su.execute("SELECT u.id FROM app.users u WHERE u.tenant_id = %s AND u.role = 'student' ORDER BY u.id DESC LIMIT 1",
                             (A.id,)).fetchone()
        su.execute("SELECT app.set_context(%s)", (A.id,))
        su.execute("DELETE FROM app.users WHERE id = %s", (victim,))
        su.commit()
    [(_, _, old)] = audit_rows(tenantdb, seeded_db, "app.users", str(victim))
    assert "email" not in old and "display_name" not in old and old["role"] == "student"

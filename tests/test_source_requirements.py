"""What the source documents ask for that no other test pins down: the seed's exact counts per
demo tenant, cascades (a conversation takes its messages, a user their sessions), JSONB
operations on message citations, and the role CHECKs refusing unknown roles.

Reads are counted as the maintenance role (BYPASSRLS, so per-tenant counts are the whole
truth); behaviour is exercised as the service role inside one tenant (RLS applies)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tenantdb.database import Database
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.settings import MAINTENANCE_ROLE, SERVICE_ROLE
from tenantdb.testing import TestDatabases

#: SPEC §seed: per demo tenant at least 10 users (8 students, 2 educators), 2 courses, 50
#: documents, 100 interactions, plus workspaces, conversations, agents, artifacts, learner data.
#: The seed makes exactly these (tools/tenantdb/seeds/*); a change to it must change this too.
EXPECTED_PER_TENANT = {
    "courses": 2, "documents": 50, "document_chunks": 200, "interactions": 100, "enrollments": 12,
    "users": 12, "user_profiles": 12, "user_sessions": 24, "learner_profiles": 8,
    "conversations": 18, "messages": 108, "workspaces": 4, "agents": 8, "artifacts": 8, "concepts": 8,
}
EXPECTED_ROLES = {"admin": 1, "educator": 2, "coach": 1, "student": 8}
TENANT = DEMO_TENANTS[0]


@pytest.fixture(scope="module")
def db(tenantdb: TestDatabases, seeded_db: str) -> Database:
    return tenantdb.database(seeded_db)


@pytest.fixture
def service(db: Database) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
    """One transaction as the service role in the first demo tenant, rolled back afterwards."""
    with db.connect(SERVICE_ROLE, autocommit=True) as conn:
        from tenantdb.context import tenant_transaction

        with conn.transaction(force_rollback=True), tenant_transaction(conn, TENANT.id) as cur:
            yield cur


# ----------------------------------------------------------------------------- seed counts
@pytest.mark.parametrize("table", sorted(EXPECTED_PER_TENANT))
def test_the_seed_makes_exactly_the_documented_rows_per_tenant(db: Database, table: str) -> None:
    with db.connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        counts = dict(conn.execute(
            f"SELECT t.slug, count(x.tenant_id) FROM app.tenants t LEFT JOIN app.{table} x ON x.tenant_id = t.id"
            " GROUP BY t.slug").fetchall())
    assert counts == {t.slug: EXPECTED_PER_TENANT[table] for t in DEMO_TENANTS}


def test_the_seed_makes_the_documented_people_per_tenant(db: Database) -> None:
    with db.connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        rows = conn.execute("SELECT t.slug, u.role, count(*) FROM app.users u JOIN app.tenants t ON t.id = u.tenant_id"
                            " GROUP BY 1, 2").fetchall()
    for tenant in DEMO_TENANTS:
        assert {role: n for slug, role, n in rows if slug == tenant.slug} == EXPECTED_ROLES
    assert EXPECTED_ROLES["student"] >= 8 and EXPECTED_ROLES["educator"] >= 2 and sum(EXPECTED_ROLES.values()) >= 10


# ----------------------------------------------------------------------------- cascades
def test_deleting_a_conversation_deletes_its_messages(service: psycopg.Cursor[tuple[object, ...]]) -> None:
    conversation, messages = service.execute(
        "SELECT c.id, count(m.id) FROM app.conversations c JOIN app.messages m ON m.tenant_id = c.tenant_id"
        " AND m.conversation_id = c.id GROUP BY c.id ORDER BY c.id LIMIT 1").fetchone() or (None, 0)
    assert conversation is not None and messages > 0
    others = service.execute("SELECT count(*) FROM app.messages WHERE conversation_id <> %s", (conversation,)).fetchone()
    assert service.execute("DELETE FROM app.conversations WHERE id = %s", (conversation,)).rowcount == 1
    assert service.execute("SELECT count(*) FROM app.messages WHERE conversation_id = %s", (conversation,)).fetchone() == (0,)
    assert service.execute("SELECT count(*) FROM app.messages").fetchone() == others, "other conversations lost messages"


def test_deleting_a_user_deletes_their_sessions_profile_and_tokens(service: psycopg.Cursor[tuple[object, ...]]) -> None:
    user = uuid.uuid4()
    service.execute("INSERT INTO app.users (tenant_id, id, email, display_name, role) VALUES (%s, %s, %s, 'Leaving', 'student')",
                    (TENANT.id, user, f"leaving-{user}@example.com"))
    for days in (1, 2):
        service.execute("INSERT INTO app.user_sessions (tenant_id, user_id, expires_at) VALUES (%s, %s, now() + make_interval(days => %s))",
                        (TENANT.id, user, days))
    assert service.execute("SELECT count(*) FROM app.user_sessions WHERE user_id = %s", (user,)).fetchone() == (2,)
    (sessions_before,) = service.execute("SELECT count(*) FROM app.user_sessions").fetchone() or (0,)
    assert service.execute("DELETE FROM app.users WHERE id = %s", (user,)).rowcount == 1
    assert service.execute("SELECT count(*) FROM app.user_sessions WHERE user_id = %s", (user,)).fetchone() == (0,)
    assert service.execute("SELECT count(*) FROM app.user_sessions").fetchone() == (sessions_before - 2,)


# ----------------------------------------------------------------------------- JSONB citations
def _new_message(cur: psycopg.Cursor[tuple[object, ...]], citations: object) -> object:
    conversation = cur.execute("SELECT id FROM app.conversations ORDER BY id LIMIT 1").fetchone()
    assert conversation is not None
    row = cur.execute("INSERT INTO app.messages (tenant_id, conversation_id, role, content, citations)"
                      " VALUES (%s, %s, 'assistant', 'An answer with sources.', %s) RETURNING id",
                      (TENANT.id, conversation[0], Jsonb(citations))).fetchone()
    assert row is not None
    return row[0]


def test_citations_can_be_searched_extended_and_read_as_json(service: psycopg.Cursor[tuple[object, ...]]) -> None:
    doc_a, doc_b = str(uuid.uuid4()), str(uuid.uuid4())
    message = _new_message(service, [{"document_id": doc_a, "chunk": 3, "score": 0.91}])
    # containment: find the messages that cite a document
    found = service.execute("SELECT id FROM app.messages WHERE citations @> %s", (Jsonb([{"document_id": doc_a}]),)).fetchall()
    assert found == [(message,)]
    # append a citation, then read the array back element by element
    service.execute("UPDATE app.messages SET citations = citations || %s WHERE id = %s",
                    (Jsonb([{"document_id": doc_b, "chunk": 1, "score": 0.42}]), message))
    rows = service.execute(
        "SELECT c->>'document_id', (c->>'chunk')::int, (c->>'score')::numeric FROM app.messages m,"
        " jsonb_array_elements(m.citations) WITH ORDINALITY AS e(c, n) WHERE m.id = %s ORDER BY e.n", (message,)).fetchall()
    assert [(d, k) for d, k, _ in rows] == [(doc_a, 3), (doc_b, 1)]
    # a JSON path query and the array length
    best = service.execute("SELECT jsonb_path_query_first(citations, '$[*] ? (@.score > 0.9).document_id') #>> '{}',"
                           " jsonb_array_length(citations) FROM app.messages WHERE id = %s", (message,)).fetchone()
    assert best == (doc_a, 2)
    # the default is an empty array, not NULL
    plain = _new_message(service, [])
    assert service.execute("SELECT citations FROM app.messages WHERE id = %s", (plain,)).fetchone() == ([],)


@pytest.mark.parametrize("citations", [{"document_id": "x"}, "a string", 42, None])
def test_citations_must_be_a_json_array(service: psycopg.Cursor[tuple[object, ...]], citations: object) -> None:
    with pytest.raises(psycopg.errors.CheckViolation, match="messages_citations_array"), service.connection.transaction():
        _new_message(service, citations)


# ----------------------------------------------------------------------------- role CHECKs
ROLE_CHECKS = [
    ("users_role_known", "INSERT INTO app.users (tenant_id, email, display_name, role)"
                         " VALUES (%(tenant)s, 'x@example.com', 'X', %(role)s)"),
    ("messages_role_known", "INSERT INTO app.messages (tenant_id, conversation_id, role, content)"
                            " SELECT tenant_id, id, %(role)s, 'hello' FROM app.conversations ORDER BY id LIMIT 1"),
    ("agents_role_known", "INSERT INTO app.agents (tenant_id, workspace_id, name, agent_role, model)"
                          " SELECT tenant_id, id, 'Agent X', %(role)s, 'demo-model-1' FROM app.workspaces ORDER BY id LIMIT 1"),
    ("workspace_members_role_known", "INSERT INTO app.workspace_members (tenant_id, workspace_id, user_id, member_role)"
                                     " SELECT w.tenant_id, w.id, u.id, %(role)s FROM app.workspaces w"
                                     " JOIN app.users u ON u.tenant_id = w.tenant_id AND u.role = 'student'"
                                     " WHERE NOT EXISTS (SELECT FROM app.workspace_members m WHERE m.workspace_id = w.id"
                                     " AND m.user_id = u.id) ORDER BY w.id, u.id LIMIT 1"),
]


@pytest.mark.parametrize(("constraint", "statement"), ROLE_CHECKS, ids=[c for c, _ in ROLE_CHECKS])
@pytest.mark.parametrize("role", ["superuser", "Student", "", "admin "])
def test_role_checks_refuse_unknown_roles(service: psycopg.Cursor[tuple[object, ...]], constraint: str, statement: str,
                                          role: str) -> None:
    with pytest.raises(psycopg.errors.CheckViolation) as caught, service.connection.transaction():
        service.execute(statement, {"tenant": TENANT.id, "role": role})
    assert caught.value.diag.constraint_name == constraint


def test_the_role_checks_accept_every_known_role(service: psycopg.Cursor[tuple[object, ...]]) -> None:
    """The negative tests above would pass on a table refusing everything; each known role goes in."""
    for role in EXPECTED_ROLES:
        with service.connection.transaction(force_rollback=True):
            service.execute(ROLE_CHECKS[0][1].replace("'x@example.com'", "%(email)s"),
                            {"tenant": TENANT.id, "role": role, "email": f"{role}-ok@example.com"})
    for role in ("user", "assistant", "system"):
        with service.connection.transaction(force_rollback=True):
            service.execute(ROLE_CHECKS[1][1], {"role": role})

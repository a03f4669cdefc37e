"""Property-based fuzzing of tenant isolation (Hypothesis): random interleavings of creates,
renames, deletes and reads of conversations by random tenants, people and roles, against a
Python model of who wrote what. Invariants, after every step:

* a read returns exactly the model's view for that actor (own rows for students, educators and
  coaches; the tenant's rows for admins and the service role) and never a row of another tenant;
* an UPDATE or DELETE touches exactly the rows the model says the actor may touch;
* writing a row into another tenant fails with 42501.

The default profile runs 150 examples of up to 200 steps (>= 10,000 operations), as two halves
that xdist runs on different workers; more with `--hypothesis-profile thorough`.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tenantdb.context import SET_CONTEXT_SQL
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id

PEOPLE = [(t, role, n) for t in DEMO_TENANTS for role, n in
          (("student", 1), ("student", 2), ("student", 3), ("educator", 1), ("coach", 1), ("admin", 1))]
ACTORS = PEOPLE + [(t, "service", 0) for t in DEMO_TENANTS]
OPERATIONS = {"count": 0}
#: Coverage paused while the fuzzing runs: it drives psycopg, not tools/tenantdb (its fixture, which
#: does, is still measured), and tracing Hypothesis's calls doubled the file's CPU (28 -> 15 CPU-s).
#: tests/conftest.py's marker, not pytest-cov's no_cover: that one crashes under --no-cov (pytest-cov 7.1).
pytestmark = pytest.mark.coverage_paused
STATE: dict = {}


@pytest.fixture(scope="module", autouse=True)
def fuzz_db(tenantdb):
    with tenantdb.clone_seeded("fuzz") as db:
        STATE["su"] = tenantdb.connect(db, autocommit=True)
        STATE["app"] = tenantdb.connect(db, role="tenantdb_app", autocommit=True)
        STATE["service"] = tenantdb.connect(db, role="tenantdb_service", autocommit=True)
        try:
            yield db
        finally:
            for key in ("su", "app", "service"):
                STATE.pop(key).close()


def person_of(actor) -> str | None:
    tenant, role, n = actor
    return None if role == "service" else user_id(tenant, role, n)


def may_see(actor, row) -> bool:
    tenant, role, _ = actor
    if row["tenant"] != tenant.id:
        return False
    return role in ("admin", "service") or row["owner"] == person_of(actor)


class ConversationIsolation(RuleBasedStateMachine):
    @initialize()
    def start(self):
        # Each example works on its own rows (titles start with a fresh tag), so examples replay
        # identically whatever earlier ones left behind; the seeded rows stay in the database and
        # every read also checks that no row at all of another tenant comes back.
        self.tag = uuid.uuid4().hex[:8]
        self.model: dict[str, dict] = {}
        self.order: list[str] = []

    def run(self, actor, statement, params=()):
        OPERATIONS["count"] += 1
        tenant, role, _ = actor
        conn = STATE["service" if role == "service" else "app"]
        with conn.transaction():
            conn.execute(SET_CONTEXT_SQL, (tenant.id, person_of(actor)))
            cur = conn.execute(statement, params)
            return cur.rowcount, (cur.fetchall() if cur.description else [])

    @rule(actor=st.sampled_from(ACTORS), owner=st.sampled_from(PEOPLE), title=st.text("abcxyz ", min_size=1, max_size=12))
    def create(self, actor, owner, title):
        tenant, role, _ = actor
        if owner[0] != tenant:
            owner = (tenant, owner[1], owner[2])
        owner_id = person_of(owner)
        allowed = role == "service" or owner_id == person_of(actor)
        new_id = str(uuid.uuid4())
        title = f"{self.tag}:{title}"
        try:
            self.run(actor, "INSERT INTO app.conversations (tenant_id, id, user_id, title) VALUES (%s, %s, %s, %s)",
                     (tenant.id, new_id, owner_id, title))
            assert allowed, f"{actor} created a conversation for {owner}"
            self.model[new_id] = {"tenant": tenant.id, "owner": owner_id, "title": title}
            self.order.append(new_id)
        except psycopg.errors.InsufficientPrivilege:
            assert not allowed, f"{actor} could not create their own conversation"

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def write_into_the_other_tenant(self, actor, data):
        other = next(t for t in DEMO_TENANTS if t != actor[0])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            self.run(actor, "INSERT INTO app.conversations (tenant_id, user_id, title) VALUES (%s, %s, 'x')",
                     (other.id, user_id(other, "student", 1)))

    @rule(actor=st.sampled_from(ACTORS), data=st.data(), title=st.text("klmn", min_size=1, max_size=8))
    def rename(self, actor, data, title):
        if not self.order:
            return
        target = self.order[data.draw(st.integers(0, len(self.order) - 1))]
        title = f"{self.tag}:{title}"
        n, _ = self.run(actor, "UPDATE app.conversations SET title = %s WHERE id = %s", (title, target))
        expected = 1 if may_see(actor, self.model[target]) else 0
        assert n == expected, f"{actor} renamed {n} rows of {self.model[target]} (expected {expected})"
        if n:
            self.model[target]["title"] = title

    @rule(actor=st.sampled_from(ACTORS), data=st.data())
    def delete(self, actor, data):
        if not self.order:
            return
        target = self.order[data.draw(st.integers(0, len(self.order) - 1))]
        n, _ = self.run(actor, "DELETE FROM app.conversations WHERE id = %s", (target,))
        expected = 1 if may_see(actor, self.model[target]) else 0
        assert n == expected, f"{actor} deleted {n} rows of {self.model[target]} (expected {expected})"
        if n:
            del self.model[target]
            self.order.remove(target)

    @rule(actor=st.sampled_from(ACTORS))
    def read(self, actor):
        _, rows = self.run(actor, "SELECT id::text, tenant_id::text, title FROM app.conversations")
        assert all(t == actor[0].id for _, t, _ in rows), f"{actor} read another tenant's conversation"
        mine = {i: title for i, _, title in rows if title.startswith(self.tag + ":")}
        expected = {k: v["title"] for k, v in self.model.items() if may_see(actor, v)}
        assert mine == expected, f"{actor}'s read differs from the model"

    @invariant()
    def database_matches_the_model(self):
        if OPERATIONS["count"] % 50:
            return
        rows = {str(r[0]): r[1] for r in STATE["su"].execute(
            "SELECT id, title FROM app.conversations WHERE title LIKE %s", (self.tag + ":%",))}
        assert rows == {k: v["title"] for k, v in self.model.items()}


#: The fuzzing runs as this many independent Hypothesis runs, each with its share of the profile's
#: examples: work units of their own (tests/conftest.py SPLIT_TESTS), so xdist runs them on
#: different workers; together they run the profile's examples and at least 10,000 operations.
HALVES = 2
#: Operations each half must run: together at least 10,000.
OPERATIONS_PER_HALF = 10_000 // HALVES


@pytest.mark.parametrize("half", range(HALVES))
def test_conversation_isolation_fuzz(half):
    """One half of the fuzzing: the profile's examples // HALVES (75 of the "ci" profile's 150), up to
    200 steps each; it checks its own share of the operations (>= 5,000), so the halves together
    ran >= 10,000 whichever workers ran them."""
    start = OPERATIONS["count"]
    share = settings(settings.default, max_examples=max(1, settings.default.max_examples // HALVES))
    run_state_machine_as_test(ConversationIsolation, settings=share)
    ran = OPERATIONS["count"] - start
    print(f"fuzzed operations (half {half + 1} of {HALVES}): {ran}")
    assert ran >= OPERATIONS_PER_HALF


def test_the_halves_run_the_whole_profile():
    assert HALVES * OPERATIONS_PER_HALF >= 10_000
    assert settings.default.max_examples % HALVES == 0, "a share of the profile's examples would not run"

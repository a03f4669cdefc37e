"""The learner-data consent key (issue 13, session 5, perf/learner_data_key): every learning
session, struggle event and intervention carries learner_data_key, the nil uuid when its learner
shares their data with the institution and the learner_id otherwise. The key is only useful to a
policy if it is always true: these tests show that the seed, the deploy's backfill and the bench
loader write it, that a writer cannot choose it, and that a consent change (also one in flight
while a row is written) rewrites it in the same statement."""

from __future__ import annotations

import threading

import psycopg
import pytest

from side_channel_plans import rows_removed_by_filter
from tenantdb import bench
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

A, _ = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
NIL = "00000000-0000-0000-0000-000000000000"
TABLES = ("learning_sessions", "struggle_events", "intervention_logs")
SHARES = "coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'"


def wrong_keys(conn: psycopg.Connection) -> dict[str, int]:
    """Per table, the rows whose key is not their learner's consent (read as the superuser)."""
    return {t: conn.execute(
        f"SELECT count(*) FROM app.{t} x JOIN app.learner_profiles lp ON lp.tenant_id = x.tenant_id AND lp.id = x.learner_id"
        f" WHERE x.learner_data_key IS DISTINCT FROM CASE WHEN {SHARES} THEN '{NIL}'::uuid ELSE x.learner_id END").fetchone()[0]
        for t in TABLES}


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded("learner_data_key") as name:
        yield name


def learner(su: psycopg.Connection, *, shares: bool) -> tuple[str, str, str]:
    """(learner id, their user id, one of their sessions) of tenant A who does (not) share."""
    row = su.execute(
        f"SELECT lp.id::text, lp.user_id::text, min(s.id::text) FROM app.learner_profiles lp"
        f" JOIN app.learning_sessions s ON s.tenant_id = lp.tenant_id AND s.learner_id = lp.id"
        f" WHERE lp.tenant_id = %s AND ({SHARES}) = %s GROUP BY 1, 2 ORDER BY 1 LIMIT 1", (A.id, shares)).fetchone()
    assert row is not None, "the seed must hold learners with sessions who share and who do not"
    return row[0], row[1], row[2]


def keys_of(su: psycopg.Connection, learner_id: str) -> set[str]:
    return {str(k) for t in TABLES for (k,) in su.execute(
        f"SELECT DISTINCT learner_data_key FROM app.{t} WHERE tenant_id = %s AND learner_id = %s", (A.id, learner_id))}


def test_every_seeded_row_carries_its_learners_consent_key(tenantdb, db):
    with tenantdb.connect(db) as su:
        assert su.execute("SELECT count(*) FROM app.learning_sessions").fetchone()[0] > 0
        assert wrong_keys(su) == dict.fromkeys(TABLES, 0)


def test_an_admin_cannot_choose_the_key_of_a_row(tenantdb, db):
    """Admins hold table-wide INSERT and UPDATE on these tables: the trigger overwrites the key."""
    with tenantdb.connect(db) as su:
        private, _, session = learner(su, shares=False)
    with tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))
        [(inserted,)] = conn.execute(
            "INSERT INTO app.learning_sessions (tenant_id, learner_id, course_context, learner_data_key)"
            " VALUES (%s, %s, 'course-x', %s) RETURNING learner_data_key::text", (A.id, private, NIL)).fetchall()
        [(updated,)] = conn.execute(
            "UPDATE app.learning_sessions SET learner_data_key = %s WHERE tenant_id = %s AND id = %s"
            " RETURNING learner_data_key::text", (NIL, A.id, session)).fetchall()
        conn.rollback()
    assert inserted == private and updated == private, "a non-sharing learner's row must keep their id as key"


def test_the_key_is_a_constraint_nil_or_the_learner(tenantdb, db):
    """With triggers off (as restores and the bench loader run), only the two true shapes pass."""
    with tenantdb.connect(db) as su:
        su.execute("SET LOCAL session_replication_role = replica")
        with pytest.raises(psycopg.errors.CheckViolation):
            su.execute("UPDATE app.learning_sessions SET learner_data_key = gen_random_uuid() WHERE tenant_id = %s", (A.id,))
        su.rollback()


def test_a_learner_who_stops_and_starts_sharing_rewrites_their_keys_in_the_same_statement(tenantdb, db):
    with tenantdb.connect(db) as su:
        shared, shared_user, _ = learner(su, shares=True)
    with tenantdb.connect(db, role=APP_ROLE) as conn, tenantdb.connect(db) as su:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, shared_user))
        update = "UPDATE app.learner_profiles SET privacy_settings = privacy_settings || %s::jsonb WHERE id = %s"
        conn.execute(update, ('{"data_sharing": "none"}', shared))
        revoked = {str(k) for t in TABLES for (k,) in conn.execute(
            f"SELECT DISTINCT learner_data_key FROM app.{t} WHERE learner_id = %s", (shared,))}
        conn.execute(update, ('{"data_sharing": "institution"}', shared))
        conn.commit()
        assert revoked == {shared}, "the student's own rows carry their id once they stop sharing"
        assert keys_of(su, shared) == {NIL}
        assert wrong_keys(su) == dict.fromkeys(TABLES, 0)


def test_a_session_written_while_its_learner_revokes_consent_gets_the_new_key(tenantdb, db):
    """The fill trigger reads the profile FOR SHARE: a session inserted while a revocation is not
    yet committed waits for it and takes the non-shared key (else it would keep the shared one)."""
    with tenantdb.connect(db) as su:
        shared, _, _ = learner(su, shares=True)
    result: dict[str, str] = {}
    revoker = tenantdb.connect(db)
    try:
        revoker.execute("UPDATE app.learner_profiles SET privacy_settings = privacy_settings || '{\"data_sharing\": \"none\"}'"
                        " WHERE tenant_id = %s AND id = %s", (A.id, shared))

        def write_session() -> None:
            with tenantdb.connect(db, role=SERVICE_ROLE) as svc:
                svc.execute("SELECT app.set_context(%s)", (A.id,))
                result["key"] = svc.execute(
                    "INSERT INTO app.learning_sessions (tenant_id, learner_id, course_context) VALUES (%s, %s, 'race')"
                    " RETURNING learner_data_key::text", (A.id, shared)).fetchone()[0]
                svc.rollback()

        writer = threading.Thread(target=write_session)
        writer.start()
        writer.join(timeout=1.0)
        assert writer.is_alive(), "the session insert must wait for the consent change in flight"
        revoker.commit()
        writer.join(timeout=10)
        assert result.get("key") == shared, "the session written meanwhile must carry the revoked key"
    finally:
        revoker.rollback()
        revoker.execute("UPDATE app.learner_profiles SET privacy_settings = privacy_settings || '{\"data_sharing\": \"institution\"}'"
                        " WHERE tenant_id = %s AND id = %s", (A.id, shared))
        revoker.commit()
        revoker.close()


def test_the_bench_loader_writes_the_keys_the_triggers_would(tenantdb):
    """COPY runs with triggers off (session_replication_role = replica): the generator writes the key."""
    with tenantdb.clone("learner_data_key_bench") as db:
        bench.load(tenantdb.backend, db, bench.DataSpec(3, 400))
        with tenantdb.connect(db) as su:
            counts = su.execute("SELECT count(*) FILTER (WHERE learner_data_key = %s), count(*) FROM app.learning_sessions",
                                (NIL,)).fetchone()
            assert wrong_keys(su) == dict.fromkeys(TABLES, 0)
    assert 0 < counts[0] < counts[1], f"some sessions shared, some not: {counts}"


def expected_visible(su: psycopg.Connection, table: str, person: str) -> int:
    """What learning/consent says the person may read of `table`, computed as the superuser from
    the profiles (not from the key): students their own, educators and coaches the rows of learners
    who share and their own, admins all."""
    return su.execute(
        f"SELECT count(*) FROM app.{table} x JOIN app.learner_profiles lp ON lp.tenant_id = x.tenant_id AND lp.id = x.learner_id"
        f" JOIN app.users u ON u.tenant_id = x.tenant_id AND u.id = %s"
        f" WHERE x.tenant_id = %s AND (lp.user_id = u.id OR u.role = 'admin' OR (u.role IN ('educator', 'coach') AND {SHARES}))",
        (person, A.id)).fetchone()[0]


@pytest.mark.parametrize("role,n", [("admin", 1), ("educator", 1), ("educator", 2), ("coach", 1), ("student", 1), ("student", 4)])
def test_every_role_reads_exactly_the_rows_consent_allows(tenantdb, db, role, n):
    person = user_id(A, role, n)
    with tenantdb.connect(db) as su, tenantdb.connect(db, role=APP_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, person))
        for table in TABLES:
            seen = conn.execute(f"SELECT count(*) FROM app.{table}").fetchone()[0]
            assert seen == expected_visible(su, table, person), f"{role} {n} on {table}"
        conn.rollback()


def test_an_educator_with_a_learner_profile_of_their_own_reads_their_own_rows_even_when_not_shared(tenantdb, db):
    """Staff who are also learners: their key range is nil..own id, and the array {nil, own} keeps
    the policy exact (docs/security.md: the rows of learners whose id sorts between are read and
    filtered for such a person, a residual side channel)."""
    educator = user_id(A, "educator", 2)
    with tenantdb.connect(db) as su:
        private, student, _ = learner(su, shares=False)
        owner = "UPDATE app.learner_profiles SET user_id = %s WHERE tenant_id = %s AND id = %s"
        su.execute(owner, (educator, A.id, private))
        su.commit()
        try:
            with tenantdb.connect(db, role=APP_ROLE) as conn:
                conn.execute("SELECT app.set_context(%s, %s)", (A.id, educator))
                for table in TABLES:
                    seen = conn.execute(f"SELECT count(*) FROM app.{table}").fetchone()[0]
                    own = conn.execute(f"SELECT count(*) FROM app.{table} WHERE learner_id = %s", (private,)).fetchone()[0]
                    assert seen == expected_visible(su, table, educator), table
                    assert own == su.execute(f"SELECT count(*) FROM app.{table} WHERE tenant_id = %s AND learner_id = %s",
                                             (A.id, private)).fetchone()[0], table
                conn.rollback()
        finally:
            su.rollback()
            su.execute(owner, (student, A.id, private))
            su.commit()


def test_residual_risk_staff_with_a_learner_profile_can_count_private_rows_sorting_below_their_id(tenantdb, db):
    """Listed in docs/security.md ("The learner-data key", what remains): for an educator who is
    also a learner, the key range runs from nil to their own learner id and the array {nil, own}
    filters it, so EXPLAIN ANALYZE shows the rows of non-sharing learners whose id sorts below
    theirs as removed. If this starts failing, the channel is closed: update the residual risks."""
    educator = user_id(A, "educator", 2)
    with tenantdb.connect(db) as su:
        [(highest, student)] = su.execute(
            f"SELECT lp.id::text, lp.user_id::text FROM app.learner_profiles lp WHERE lp.tenant_id = %s AND NOT ({SHARES})"
            " AND EXISTS (SELECT FROM app.learning_sessions s WHERE s.tenant_id = lp.tenant_id AND s.learner_id = lp.id)"
            " ORDER BY lp.id DESC LIMIT 1", (A.id,)).fetchall()
        below = su.execute(
            f"SELECT count(*) FROM app.learning_sessions s JOIN app.learner_profiles lp ON lp.tenant_id = s.tenant_id"
            f" AND lp.id = s.learner_id WHERE s.tenant_id = %s AND NOT ({SHARES}) AND lp.id < %s", (A.id, highest)).fetchone()[0]
        owner = "UPDATE app.learner_profiles SET user_id = %s WHERE tenant_id = %s AND id = %s"
        su.execute(owner, (educator, A.id, highest))
        su.commit()
        try:
            with tenantdb.connect(db, role=APP_ROLE) as conn:
                removed = rows_removed_by_filter(conn, A.id, educator, "SELECT count(*) FROM app.learning_sessions",
                                                 ("learning_sessions",))
        finally:
            su.execute(owner, (student, A.id, highest))
            su.commit()
    assert below > 0, "the seed must hold a non-sharing learner with sessions below the educator's profile"
    assert removed.get("learning_sessions", 0) > 0

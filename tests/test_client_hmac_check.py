"""perf/client_hmac_check: the per-statement HMAC check of tenantdb_client sessions
(app_private.context_signature_is_valid(), called by app.current_tenant_id()) cuts the stamp by
bytes instead of characters. Same check: a client login whose stamp, tenant or person was edited
by hand in any way has no context (42501), a context bound by app.set_token() works, and the
check's verdict is that of an HMAC-SHA256 computed outside the database, for long stamps too."""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue

A, B = DEMO_TENANTS
STUDENT_A = user_id(A, "student", 1)
EDUCATOR_A = user_id(A, "educator", 1)
KEYRING = TokenKeyring({"k-hmac-check": os.urandom(32)}, "k-hmac-check")
STAMP = "current_setting('app.context_stamp')"
#: The stamp's fields (1-based), as bind_context() writes them: the HMAC is the last one.
BINDING_PID, ROLE, LEARNER, COURSES, VIEWER_WS = 1, 3, 4, 5, 6


@pytest.fixture(scope="module")
def db(tenantdb):
    with tenantdb.clone_seeded_with_keys("client_hmac_check", KEYRING) as name:
        yield name


@pytest.fixture
def client(tenantdb, db):
    """A tenantdb_client login of tenant A, its context bound by a token for the first student."""
    with client_login(tenantdb.backend, db, A.id, "hmac") as login, \
            psycopg.connect(tenantdb.backend.conninfo(db, login)) as conn:
        conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT_A),))
        yield conn


def roster(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT count(*) FROM app.users").fetchone()[0]


def set_stamp(conn: psycopg.Connection, stamp: str) -> None:
    conn.execute("SELECT set_config('app.context_stamp', %s, true)", (stamp,))


def stamp_of(conn: psycopg.Connection) -> str:
    return conn.execute(f"SELECT {STAMP}").fetchone()[0]


def with_field(stamp: str, field: int, value: str) -> str:
    parts = stamp.split(":")
    parts[field - 1] = value
    return ":".join(parts)


def other_hex_digit(digit: str) -> str:
    return "0" if digit != "0" else "1"


def test_a_client_login_with_a_token_has_its_context(client):
    assert roster(client) == 1
    assert client.execute("SELECT app.current_tenant_id()::text").fetchone()[0] == A.id


FORGED_STAMPS = {
    "role_edited": lambda s: with_field(s, ROLE, "admin"),
    "learner_id_edited": lambda s: with_field(s, LEARNER, ""),
    "course_ids_edited": lambda s: with_field(s, COURSES, "{}"),
    "workspace_ids_edited": lambda s: with_field(s, VIEWER_WS, "{" + str(uuid.uuid4()) + "}"),
    "hmac_digit_changed": lambda s: s[:-1] + other_hex_digit(s[-1]),
    "hmac_first_digit_changed": lambda s: s[:-64] + other_hex_digit(s[-64]) + s[-63:],
    "hmac_truncated_by_one": lambda s: s[:-1],
    "hmac_truncated_to_half": lambda s: s[:-32],
    "hmac_in_upper_case": lambda s: s[:-64] + s[-64:].upper(),
    "hmac_empty": lambda s: s[:-64],
    "hmac_dropped_with_its_colon": lambda s: s[:-65],
    "hmac_with_a_digit_appended": lambda s: s + "0",
    "non_ascii_in_the_last_field": lambda s: s[:-65] + "é" + s[-65:],
    # A multi-byte character for the ':' before the HMAC: the character-cut check accepted its
    # HMAC (the accessors then failed on 22P02); cut by bytes, the HMAC no longer matches.
    "non_ascii_for_the_colon": lambda s: s[:-65] + "é" + s[-64:],
    "too_short_to_carry_an_hmac": lambda s: ":".join(s.split(":")[:2]) + ":x",
}


@pytest.mark.parametrize("forgery", FORGED_STAMPS)
def test_a_client_that_forges_its_stamp_has_no_context(client, forgery):
    stamp = stamp_of(client)
    forged = FORGED_STAMPS[forgery](stamp)
    assert forged != stamp, "an HMAC of 64 decimal digits has no letter to upper-case (1 in 10^13)"
    set_stamp(client, forged)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        roster(client)


@pytest.mark.parametrize("setting,value", [("app.tenant_id", B.id), ("app.user_id", EDUCATOR_A), ("app.user_id", "")],
                         ids=["tenant_of_another_tenant", "person_of_another_person", "person_removed"])
def test_a_client_that_edits_its_tenant_or_person_has_no_context(client, setting, value):
    client.execute("SELECT set_config(%s, %s, true)", (setting, value))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        roster(client)


def test_a_stamp_from_the_clients_previous_transaction_gives_no_context(client):
    old = stamp_of(client)
    client.commit()
    client.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT_A),))
    assert stamp_of(client) != old
    set_stamp(client, old)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        roster(client)


def reference_hmac(pads: tuple[bytes, bytes], tenant: str, person: str, unsigned: str | bytes) -> str:
    """HMAC-SHA256 as app_private.resolved_context_signature() signs a version-2 context."""
    inner, outer = pads
    signed = unsigned if isinstance(unsigned, bytes) else unsigned.encode()
    message = f"tenantdb-context-v2|{tenant}|{person}|".encode() + signed
    return hashlib.sha256(outer + hashlib.sha256(inner + message).digest()).hexdigest()


def test_the_check_agrees_with_an_hmac_computed_outside_the_database(tenantdb, db):
    """Superuser session: the verdict of context_signature_is_valid() on stamps signed in Python
    (a student's, and a long one with 60 course ids, 2.5 KB) and on their forgeries is exactly
    "the last 64 bytes are the lower-case hex HMAC of every byte before the last 65"."""
    with tenantdb.connect(db) as su:
        pads = su.execute("SELECT inner_pad, outer_pad FROM app_private.context_signing_key").fetchone()
        su.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT_A))
        bound = stamp_of(su)
        assert reference_hmac(pads, A.id, STUDENT_A, bound[:-65]) == bound[-64:], "Python signs as the database does"
        courses = "{" + ",".join(sorted(str(uuid.uuid4()) for _ in range(60))) + "}"
        unsigned_long = with_field(bound[:-65], COURSES, courses)
        long = unsigned_long + ":" + reference_hmac(pads, A.id, STUDENT_A, unsigned_long)
        assert len(long) > 2500
        cases = [bound, long] + [forge(s) for s in (bound, long) for forge in FORGED_STAMPS.values()]
        for stamp in cases:
            set_stamp(su, stamp)
            raw = stamp.encode()
            expected = len(raw) >= 65 and hmac.compare_digest(
                raw[-64:], reference_hmac(pads, A.id, STUDENT_A, raw[:-65]).encode())
            verdict = su.execute("SELECT app_private.context_signature_is_valid()").fetchone()[0]
            assert verdict is expected, stamp
        remembers = su.execute("SELECT count(*) FROM pg_extension WHERE extname = 'tenantdb_context'").fetchone()[0] == 1
        set_stamp(su, long)
        su.execute("SET LOCAL ROLE tenantdb_app")
        if remembers:  # perf/context_cache: only what bind_context() set is a context, signed or not
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                su.execute("SELECT app.current_tenant_id()::text").fetchone()
        else:
            assert su.execute("SELECT app.current_tenant_id()::text").fetchone()[0] == A.id, \
                "a long stamp signed with the key passes the client path of app.current_tenant_id()"
        su.rollback()

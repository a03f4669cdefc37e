"""Attacks on verified mode (tenantdb_client) and on the signed, transaction-bound context: one
named test per attack of issue 14. Every test connects as a real client login (a member of
tenantdb_client bound to tenant A, created by tenantdb.client_logins), never as a superuser:
the login holds the password but only tokens decide what it sees."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import statistics
import threading
import time

import psycopg
import pytest

from tenantdb.client_logins import client_login
from tenantdb.database import admin_connect
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import MAINTENANCE_ROLE
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys, new_jti, sign

A, B = DEMO_TENANTS
STUDENT_A = user_id(A, "student", 1)
ADMIN_A = user_id(A, "admin", 1)
STUDENT_B = user_id(B, "student", 1)
KEYRING = TokenKeyring({"k-current": os.urandom(32), "k-next": os.urandom(32), "k-retired": os.urandom(32)},
                       "k-current")


@pytest.fixture(scope="module")
def db(tenantdb, seeded_db):
    with admin_connect(tenantdb.backend, seeded_db) as admin:
        admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
        load_keys(admin, KEYRING)
        admin.execute("SELECT app_private.retire_token_key('k-retired')")
    return seeded_db


@pytest.fixture(scope="module")
def login_a(tenantdb, db):
    with client_login(tenantdb.backend, db, A.id, "a") as name:
        yield name


@pytest.fixture
def client(tenantdb, db, login_a):
    """A connection of tenant A's client login, autocommit: each `with conn.transaction()` is one transaction."""
    with psycopg.connect(tenantdb.backend.conninfo(db, login_a), autocommit=True) as conn:
        yield conn


def token(person: str = STUDENT_A, tenant: str = A.id, **kw) -> str:
    return issue(KEYRING, tenant, person, **kw)


def refused(conn: psycopg.Connection, tok: str, check: str) -> str:
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as info, conn.transaction():
        conn.execute(SET_TOKEN_SQL, (tok,))
    message = str(info.value)
    assert f"token refused ({check})" in message, message
    assert A.id not in message and B.id not in message, "a refusal never names a tenant"
    return message


def sees_nothing(conn: psycopg.Connection) -> None:
    """Without a verified context every read fails (42501) and so does every write."""
    for statement in ("SELECT count(*) FROM app.users", "SELECT count(*) FROM app.conversations"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
            conn.execute(statement)
    with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.transaction():
        conn.execute("UPDATE app.users SET display_name = display_name")


def b64(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def test_the_login_is_a_client_and_nothing_more(client, login_a):
    row = client.execute("SELECT rolsuper, rolbypassrls, pg_has_role(current_user, 'tenantdb_client', 'MEMBER')"
                         " FROM pg_roles WHERE rolname = current_user").fetchone()
    assert row == (False, False, True)


def test_no_token_sees_nothing_and_writes_nothing(client):
    sees_nothing(client)


def test_a_valid_token_sees_exactly_its_persons_rows(client):
    with client.transaction():
        client.execute(SET_TOKEN_SQL, (token(),))
        users = [str(r[0]) for r in client.execute("SELECT id FROM app.users")]
        tenants = {str(r[0]) for r in client.execute("SELECT DISTINCT tenant_id FROM app.conversations")}
        owners = {str(r[0]) for r in client.execute("SELECT DISTINCT user_id FROM app.conversations")}
    assert users == [STUDENT_A], "a student sees their own user row only"
    assert tenants <= {A.id} and owners <= {STUDENT_A}


def test_the_persons_role_comes_from_the_database_so_a_demotion_counts_at_once(tenantdb, db, client):
    with client.transaction():
        client.execute(SET_TOKEN_SQL, (token(ADMIN_A),))
        assert client.execute("SELECT count(*) FROM app.users").fetchone()[0] > 1, "an admin reads the roster"
    with tenantdb.connect(db, autocommit=True) as su:
        su.execute("UPDATE app.users SET role = 'student' WHERE id = %s", (ADMIN_A,))
        try:
            with client.transaction():
                client.execute(SET_TOKEN_SQL, (token(ADMIN_A),))
                assert client.execute("SELECT count(*) FROM app.users").fetchone()[0] == 1
        finally:
            su.execute("UPDATE app.users SET role = 'admin' WHERE id = %s", (ADMIN_A,))


def test_set_context_is_refused_to_a_client_login(client):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot choose its own context"), client.transaction():
        client.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))


def test_setting_the_verified_values_directly_is_no_context(client):
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not set by app.set_context"), client.transaction():
        binding = client.execute("SELECT pg_backend_pid() || ':' || (date_part('epoch', now()) * 1000000)::bigint").fetchone()[0]
        client.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                       " set_config('app.context_stamp', %s, true)", (A.id, ADMIN_A, f"{binding}:{'0' * 64}"))
        client.execute("SELECT count(*) FROM app.users")


def test_swapping_the_person_after_a_valid_token_is_no_context(client):
    with pytest.raises(psycopg.errors.InsufficientPrivilege), client.transaction():
        client.execute(SET_TOKEN_SQL, (token(),))
        client.execute("SELECT set_config('app.user_id', %s, true)", (ADMIN_A,))
        client.execute("SELECT count(*) FROM app.users")


def test_a_verified_context_replayed_in_the_next_transaction_is_no_context(client):
    with client.transaction():
        client.execute(SET_TOKEN_SQL, (token(),))
        bundle = client.execute("SELECT current_setting('app.tenant_id'), current_setting('app.user_id'),"
                                " current_setting('app.context_stamp')").fetchone()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="another transaction"), client.transaction():
        client.execute("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
                       " set_config('app.context_stamp', %s, true)", bundle)
        client.execute("SELECT count(*) FROM app.users")


def test_a_token_replayed_in_another_transaction_is_refused(client):
    tok = token()
    with client.transaction():
        client.execute(SET_TOKEN_SQL, (tok,))
        client.execute(SET_TOKEN_SQL, (tok,))  # again in the same transaction: fine
    refused(client, tok, "replayed")


def test_a_session_level_token_or_context_does_not_outlive_its_transaction(client):
    client.execute(SET_TOKEN_SQL, (token(),))  # autocommit: its own transaction
    client.execute("SELECT set_config(n, current_setting(n, true), false) FROM unnest(ARRAY"
                   "['app.tenant_id', 'app.user_id', 'app.context_stamp']) AS n")
    sees_nothing(client)


def test_a_token_forged_with_a_guessed_key_is_refused(client):
    claims = {"tid": A.id, "sub": ADMIN_A, "exp": int(time.time()) + 600, "jti": new_jti()}
    for guess in (b"secret", b"tenantdb", b"\x00" * 32, b"tenantdb-dev-token-key-not-secret"):
        refused(client, sign(guess, {"alg": "HS256", "kid": "k-current"}, claims), "signature")


def test_swapping_the_tenant_claim_breaks_the_signature(client):
    head, _, sig = token(tenant=A.id).split(".")
    claims = {"tid": B.id, "sub": STUDENT_B, "exp": int(time.time()) + 600, "jti": new_jti()}
    refused(client, f"{head}.{b64(claims)}.{sig}", "signature")


def test_a_valid_token_of_another_tenant_is_refused_on_this_login(client):
    refused(client, token(STUDENT_B, tenant=B.id), "login")


def test_a_key_id_that_is_retired_or_unknown_is_refused(client):
    refused(client, token(key_id="k-retired"), "key")
    claims = {"tid": A.id, "sub": STUDENT_A, "exp": int(time.time()) + 600, "jti": new_jti()}
    refused(client, sign(os.urandom(32), {"alg": "HS256", "kid": "k-unknown"}, claims), "key")


def test_overlapping_keys_both_work_during_a_rotation(client):
    for kid in ("k-current", "k-next"):
        with client.transaction():
            client.execute(SET_TOKEN_SQL, (token(key_id=kid),))


@pytest.mark.parametrize("alg", ["none", "HS512", "RS256", "ES256", "hs256", ["HS256"]])
def test_algorithm_confusion_is_refused(client, alg):
    claims = {"tid": A.id, "sub": ADMIN_A, "exp": int(time.time()) + 600, "jti": new_jti()}
    refused(client, sign(KEYRING.keys["k-current"], {"alg": alg, "kid": "k-current"}, claims), "algorithm")


def test_alg_none_without_a_signature_is_malformed(client):
    claims = {"tid": A.id, "sub": ADMIN_A, "exp": int(time.time()) + 600, "jti": new_jti()}
    refused(client, f"{b64({'alg': 'none'})}.{b64(claims)}.", "malformed")


def test_an_expired_token_is_refused(client):
    refused(client, token(now=time.time() - 3600, ttl_s=60), "expired")


def test_a_truncated_token_is_refused(client):
    tok = token()
    for cut in (1, 10, len(tok) // 2):
        refused(client, tok[:-cut], "malformed")


def test_a_huge_token_is_refused_before_any_work(client):
    refused(client, "a" * 100_000 + "." + "b" * 10 + "." + "c" * 43, "malformed")


def test_nul_bytes_never_reach_a_context(client):
    with pytest.raises((psycopg.DataError, ValueError)):
        client.execute(SET_TOKEN_SQL, (token() + "\x00",))
    claims = {"tid": A.id, "sub": STUDENT_A, "exp": int(time.time()) + 600, "jti": new_jti(), "x": "\u0000"}
    refused(client, sign(KEYRING.keys["k-current"], {"alg": "HS256", "kid": "k-current"}, claims), "malformed")
    sees_nothing(client)


def test_claims_missing_or_malformed_are_refused(client):
    key = KEYRING.keys["k-current"]
    head = {"alg": "HS256", "kid": "k-current"}
    exp = int(time.time()) + 600
    for claims in ({"tid": A.id, "sub": STUDENT_A, "exp": exp},
                   {"tid": A.id, "sub": STUDENT_A, "exp": exp, "jti": "short"},
                   {"tid": "not-a-uuid", "sub": STUDENT_A, "exp": exp, "jti": new_jti()},
                   {"tid": A.id, "sub": STUDENT_A, "exp": "soon", "jti": new_jti()}):
        refused(client, sign(key, head, claims), "claims")


def test_the_signature_comparison_takes_as_long_wherever_it_differs(client):
    """Figures, not a timed assertion: medians of refusals whose signature differs in the first
    or in the last byte (constant_time_equal compares all 32 bytes either way)."""
    good = token()
    head, claims, sig = good.split(".")
    raw = bytearray(base64.urlsafe_b64decode(sig + "="))
    variants = {}
    for where, index in (("first byte", 0), ("last byte", 31)):
        forged = bytearray(raw)
        forged[index] ^= 0xFF
        variants[where] = f"{head}.{claims}.{base64.urlsafe_b64encode(bytes(forged)).rstrip(b'=').decode()}"
    samples: dict[str, list[float]] = {k: [] for k in variants}
    for i in range(60):
        for where, tok in (variants.items() if i % 2 else reversed(list(variants.items()))):
            start = time.perf_counter_ns()
            with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
                client.execute(SET_TOKEN_SQL, (tok,))
            samples[where].append((time.perf_counter_ns() - start) / 1000)
    print({k: f"{statistics.median(v):.1f} us" for k, v in samples.items()})
    for tok in variants.values():
        refused(client, tok, "signature")


def test_the_keys_are_out_of_every_client_roles_reach(client):
    for statement in ("SELECT * FROM app_private.token_keys", "SELECT * FROM app_private.context_signing_key",
                      "SELECT * FROM app_private.client_logins",
                      "SELECT app_private.context_signature('a', 'b', 'c')"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), client.transaction():
            client.execute(statement)
    src = client.execute("SELECT string_agg(prosrc, ' ') FROM pg_proc WHERE proname IN ('set_token', 'set_context')").fetchone()[0]
    assert all(key.hex() not in (src or "") for key in KEYRING.keys.values())


def test_another_login_cannot_read_this_logins_query_text_or_change_its_defaults(tenantdb, db, login_a):
    with client_login(tenantdb.backend, db, A.id, "other") as other, \
            psycopg.connect(tenantdb.backend.conninfo(db, login_a), autocommit=True) as victim, \
            psycopg.connect(tenantdb.backend.conninfo(db, other), autocommit=True) as spy:
        secret = token()
        worker = threading.Thread(target=lambda: victim.execute(
            "SELECT pg_sleep(1.5), %s::text", (secret,)))
        worker.start()
        try:
            time.sleep(0.5)
            texts = [r[0] for r in spy.execute("SELECT query FROM pg_stat_activity WHERE usename = %s", (login_a,))]
        finally:
            worker.join()
        assert texts and all(secret not in (t or "") for t in texts), texts
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            spy.execute(f"ALTER ROLE {login_a} SET app.tenant_id = '{B.id}'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            spy.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (login_a,))


def test_the_superuser_shortcut_cannot_be_claimed(client):
    """The accessors trust raw settings only in superuser sessions (is_superuser = on); that
    setting is internal to PostgreSQL and cannot be set by anyone."""
    for statement in ("SET is_superuser = on", "SELECT set_config('is_superuser', 'on', true)"):
        with pytest.raises(psycopg.errors.CantChangeRuntimeParam), client.transaction():
            client.execute(statement)
    sees_nothing(client)

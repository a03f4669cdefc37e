"""tenantdb.tokens: key parsing (duplicate ids, short keys, the public development key refused
off the embedded server), TTLs, and the token layout app.set_token() expects."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from tenantdb.errors import BadInput, TenantDBError
from tenantdb.tokens import DEV_KEY_ID, KEYS_ENV, TokenKeyring, issue, parse_ttl

TENANT = "11111111-1111-4111-8111-111111111111"
USER = "22222222-2222-4222-8222-222222222222"
KEY = base64.b64encode(b"k" * 32).decode()


def _part(text: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def test_duplicate_key_ids_are_rejected():
    with pytest.raises(BadInput, match="listed twice"):
        TokenKeyring.from_env({KEYS_ENV: f"a:{KEY},a:{KEY}"})


@pytest.mark.parametrize("raw", ["a", "a:not-base64!", f"a:{base64.b64encode(b'short').decode()}", f"bad id:{KEY}"])
def test_malformed_keys_are_rejected(raw):
    with pytest.raises(BadInput):
        TokenKeyring.from_env({KEYS_ENV: raw})


def test_the_public_development_key_is_refused_off_the_embedded_server():
    dev = TokenKeyring.from_env({})
    assert DEV_KEY_ID in dev.keys
    dev.require_real_keys("embedded")
    for backend in ("external", "testcontainers"):
        with pytest.raises(TenantDBError, match="refused"):
            dev.require_real_keys(backend)
    TokenKeyring.from_env({KEYS_ENV: f"k1:{KEY}"}).require_real_keys("external")


@pytest.mark.parametrize("text, seconds", [("90", 90), ("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400)])
def test_ttls(text, seconds):
    assert parse_ttl(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5m", "15x", "2d", "1.5h"])
def test_bad_ttls_are_rejected(text):
    with pytest.raises(BadInput):
        parse_ttl(text)


def test_a_token_is_hs256_with_tenant_user_expiry_kid_and_jti():
    keyring = TokenKeyring.from_env({KEYS_ENV: f"k1:{KEY}"})
    tok = issue(keyring, TENANT, USER, ttl_s=60, now=1_000_000)
    head, claims, sig = tok.split(".")
    assert _part(head) == {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    body = _part(claims)
    assert (body["tid"], body["sub"], body["exp"] - body["iat"]) == (TENANT, USER, 60) and len(body["jti"]) >= 16
    expected = hmac.new(b"k" * 32, f"{head}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(sig + "=") == expected
    assert issue(keyring, TENANT, USER) != issue(keyring, TENANT, USER), "every token has its own jti"


def test_issue_rejects_non_canonical_ids():
    keyring = TokenKeyring.from_env({KEYS_ENV: f"k1:{KEY}"})
    with pytest.raises(BadInput):
        issue(keyring, "{" + TENANT + "}", USER)

"""Signed tokens for untrusted direct clients (group role ``tenantdb_client``).

A client login's transaction begins with ``SELECT app.set_token(%s)``; the database verifies the
token itself (HMAC-SHA256, ``deploy/security/client_tokens.sql``) with keys no client role can
read. This module is the issuing side, for the application server that authenticated the person:

    keyring = TokenKeyring.from_env(os.environ)       # TENANTDB_TOKEN_KEYS, parsed once
    token = issue(keyring, tenant_id, user_id)         # 15 minutes, one transaction

Keys: ``TENANTDB_TOKEN_KEYS`` holds comma-separated ``kid:base64(key of >= 32 bytes)`` pairs,
every key still accepted (rotation with overlap: add the new key first, retire the old one after
the tokens it signed have expired); ``TENANTDB_TOKEN_KEY_ID`` names the key new tokens are signed
with (default: the first). Without ``TENANTDB_TOKEN_KEYS`` the public development key
``dev-token-1`` is used; it is refused for any server but the embedded one.
The database learns the keys from the maintenance role: :func:`load_keys` (``tenantdb token rotate``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import psycopg

from .context import IdLike, parse_id
from .errors import BadInput, TenantDBError

KEYS_ENV = "TENANTDB_TOKEN_KEYS"
ACTIVE_ENV = "TENANTDB_TOKEN_KEY_ID"
#: Development default: public, fixed, refused on every server but the embedded one.
DEV_KEY_ID = "dev-token-1"
DEV_KEY = b"tenantdb-dev-token-key-not-secret"
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
DEFAULT_TTL_S = 15 * 60
MAX_TTL_S = 24 * 3600
_TTL_RE = re.compile(r"^([1-9][0-9]*)([smhd]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
SET_TOKEN_SQL = "SELECT app.set_token(%s)"


@dataclass(frozen=True)
class TokenKeyring:
    keys: dict[str, bytes]
    active: str

    @property
    def is_development(self) -> bool:
        return DEV_KEY_ID in self.keys

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> TokenKeyring:
        """Parse ``TENANTDB_TOKEN_KEYS`` / ``TENANTDB_TOKEN_KEY_ID`` from the mapping given."""
        raw = environ.get(KEYS_ENV, "").strip()
        keys = {DEV_KEY_ID: DEV_KEY} if not raw else _parse_keys(raw)
        active = environ.get(ACTIVE_ENV, "").strip() or next(iter(keys))
        if active not in keys:
            raise BadInput(f"{ACTIVE_ENV}={active!r} is not one of the keys in {KEYS_ENV} ({', '.join(keys)})",
                           hint=f"add the key to {KEYS_ENV} or pick one of those ids")
        return cls(keys, active)

    def require_real_keys(self, backend_name: str) -> None:
        """Refuse the public development key on any server but the embedded one."""
        if self.is_development and backend_name != "embedded":
            raise TenantDBError(f"the public development token key {DEV_KEY_ID!r} is refused on a {backend_name} server",
                                hint=f"set {KEYS_ENV}=k1:$(openssl rand -base64 32) (and keep it secret)")


def _parse_keys(raw: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for part in raw.split(","):
        key_id, sep, b64 = part.strip().partition(":")
        if not sep or not KEY_ID_RE.match(key_id):
            raise BadInput(f"{KEYS_ENV}: entry {part.strip()!r} is not kid:base64key",
                           hint=f"e.g. {KEYS_ENV}=k2026a:$(openssl rand -base64 32)")
        if key_id in keys:
            raise BadInput(f"{KEYS_ENV}: key id {key_id!r} is listed twice",
                           hint="a key id names one key forever: give the new key a new id")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error:
            raise BadInput(f"{KEYS_ENV}: key {key_id!r} is not valid base64",
                           hint="generate one with: openssl rand -base64 32") from None
        if len(key) < 32:
            raise BadInput(f"{KEYS_ENV}: key {key_id!r} has {len(key)} bytes; HMAC-SHA256 keys need at least 32",
                           hint="generate one with: openssl rand -base64 32")
        keys[key_id] = key
    return keys


def parse_ttl(text: str) -> int:
    """Seconds of a TTL such as ``90``, ``90s``, ``15m``, ``2h`` (at most one day)."""
    m = _TTL_RE.match(text.strip())
    if not m:
        raise BadInput(f"ttl {text!r} is not a duration", hint="write it as 90s, 15m or 2h")
    seconds = int(m.group(1)) * _UNITS[m.group(2)]
    if seconds > MAX_TTL_S:
        raise BadInput(f"ttl {text!r} is longer than a day", hint="tokens are short-lived: 15m is the default")
    return seconds


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(key: bytes, header: Mapping[str, object], claims: Mapping[str, object]) -> str:
    """A compact token ``b64url(header).b64url(claims).b64url(HMAC-SHA256)``; no checks (tests use it to forge)."""
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    mac = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(mac)


def issue(keyring: TokenKeyring, tenant_id: IdLike, user_id: IdLike, *, ttl_s: int = DEFAULT_TTL_S,
          key_id: str | None = None, now: float | None = None) -> str:
    """A token for one transaction of `user_id` in `tenant_id`, valid `ttl_s` seconds."""
    tenant, person = parse_id(tenant_id, "tenant id"), parse_id(user_id, "user id")
    if tenant is None or person is None:
        raise BadInput("a token needs a tenant id and a user id", hint="pass both as uuids")
    if not 0 < ttl_s <= MAX_TTL_S:
        raise BadInput(f"ttl of {ttl_s} s is out of range", hint="between 1 s and one day; 15m is the default")
    kid = key_id or keyring.active
    if kid not in keyring.keys:
        raise BadInput(f"key id {kid!r} is not in {KEYS_ENV}", hint=f"one of: {', '.join(keyring.keys)}")
    issued = int(now if now is not None else time.time())
    claims = {"tid": tenant, "sub": person, "iat": issued, "exp": issued + ttl_s, "jti": secrets.token_urlsafe(18)}
    return sign(keyring.keys[kid], {"alg": "HS256", "typ": "JWT", "kid": kid}, claims)


def load_keys(conn: psycopg.Connection, keyring: TokenKeyring) -> dict[str, str]:
    """Load every key of the keyring into the database (maintenance-role connection); kid -> outcome
    (loaded, unchanged, retired). A kid already loaded with another key fails with its name."""
    outcome: dict[str, str] = {}
    for kid, key in keyring.keys.items():
        try:
            with conn.transaction():
                row = conn.execute("SELECT app_private.load_token_key(%s, %s)", (kid, key)).fetchone()
                outcome[kid] = str(row[0]) if row else ""
        except psycopg.errors.UniqueViolation as exc:
            raise TenantDBError(str(exc).splitlines()[0], hint="a key id must never name two keys: give the new key a new id") from None
    return outcome


def retire_keys_not_in(conn: psycopg.Connection, keyring: TokenKeyring) -> list[str]:
    """Retire every loaded key whose id the keyring no longer lists; their tokens are refused from now on."""
    with conn.transaction():
        loaded = [r[0] for r in conn.execute("SELECT kid FROM app_private.token_key_ids() WHERE in_use")]
        gone = [kid for kid in loaded if kid not in keyring.keys]
        for kid in gone:
            conn.execute("SELECT app_private.retire_token_key(%s)", (kid,))
    return gone


def loaded_key_ids(conn: psycopg.Connection) -> dict[str, bool]:
    """kid -> still in use, of the keys in the database (maintenance-role connection)."""
    return {r[0]: r[1] for r in conn.execute("SELECT kid, in_use FROM app_private.token_key_ids()")}


def bind_login(conn: psycopg.Connection, login: str, tenant_id: IdLike) -> None:
    """Bind a tenantdb_client login to its one tenant (maintenance-role connection; idempotent)."""
    tenant = parse_id(tenant_id, "tenant id")
    if tenant is None:
        raise BadInput("a client login needs a tenant", hint="pass --tenant <uuid>")
    try:
        with conn.transaction():
            conn.execute("SELECT app_private.bind_client_login(%s, %s::uuid)", (login, tenant))
    except (psycopg.errors.UndefinedObject, psycopg.errors.InvalidParameterValue,
            psycopg.errors.UniqueViolation, psycopg.errors.ForeignKeyViolation) as exc:
        message = str(exc).splitlines()[0]
        if isinstance(exc, psycopg.errors.ForeignKeyViolation):
            message = f"tenant {tenant} does not exist"
        raise BadInput(message, hint=getattr(exc.diag, "message_hint", None) or "see tenantdb role add --help") from None


def new_jti() -> str:
    """A fresh token id (used by tests that build tokens by hand)."""
    return uuid.uuid4().hex

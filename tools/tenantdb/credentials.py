"""Encrypted integration credentials (app.external_connections).

The database stores only AES-256-GCM ciphertext and the id of the key that made it; the keys are
in the application's environment:

* ``TENANTDB_CREDENTIAL_KEYS``: comma-separated ``key_id:base64(32 bytes)`` pairs, every key that
  may still be in use (old ones stay listed until a rotation has moved all rows off them);
* ``TENANTDB_CREDENTIAL_KEY_ID``: the id new ciphertexts are written with (default: the first).

Without ``TENANTDB_CREDENTIAL_KEYS`` the fixed development key ``dev-demo-1`` is used, so the demo
works out of the box; it is public (it is in this file) and never protects anything real.

Ciphertext layout: 12-byte random nonce || AES-GCM ciphertext || 16-byte tag. The associated
data is ``"<tenant_id>:<connection_id>"``: a ciphertext copied to another row or tenant does not
decrypt. See docs/credentials.md.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from typing import Any

import psycopg
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .database import scalar
from .errors import BadInput, TenantDBError

KEYS_ENV = "TENANTDB_CREDENTIAL_KEYS"
ACTIVE_ENV = "TENANTDB_CREDENTIAL_KEY_ID"
#: Development default: a public, fixed demo key (32 bytes). Never a real secret.
DEV_KEY_ID = "dev-demo-1"
DEV_KEY = b"tenantdb-demo-key-not-a-secret!!"
NONCE_BYTES = 12
KEY_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Keyring:
        env = os.environ if environ is None else environ
        raw = env.get(KEYS_ENV, "").strip()
        if not raw:
            keys = {DEV_KEY_ID: DEV_KEY}
        else:
            keys = {}
            for part in raw.split(","):
                key_id, sep, b64 = part.strip().partition(":")
                if not sep or not KEY_ID_RE.match(key_id):
                    raise BadInput(f"{KEYS_ENV}: entry {part.strip()!r} is not key_id:base64key",
                                   hint="e.g. TENANTDB_CREDENTIAL_KEYS=k2026a:$(openssl rand -base64 32)")
                try:
                    key = base64.b64decode(b64, validate=True)
                except binascii.Error:
                    raise BadInput(f"{KEYS_ENV}: key {key_id!r} is not valid base64",
                                   hint="generate one with: openssl rand -base64 32") from None
                if len(key) != 32:
                    raise BadInput(f"{KEYS_ENV}: key {key_id!r} has {len(key)} bytes, AES-256 needs 32",
                                   hint="generate one with: openssl rand -base64 32")
                keys[key_id] = key
        active = env.get(ACTIVE_ENV, "").strip() or next(iter(keys))
        if active not in keys:
            raise BadInput(f"{ACTIVE_ENV}={active!r} is not one of the keys in {KEYS_ENV} ({', '.join(keys)})",
                           hint=f"add the key to {KEYS_ENV} or pick one of those ids")
        return cls(keys, active)

    def key(self, key_id: str) -> bytes:
        try:
            return self.keys[key_id]
        except KeyError:
            raise TenantDBError(f"credential key {key_id!r} is not in {KEYS_ENV}",
                                hint="keep every key that rows still use listed until a rotation has moved them") from None


def associated_data(tenant_id: str, connection_id: str) -> bytes:
    return f"{tenant_id}:{connection_id}".encode()


def encrypt(keyring: Keyring, tenant_id: str, connection_id: str, plaintext: str,
            key_id: str | None = None) -> tuple[str, bytes]:
    """(key id, nonce || ciphertext || tag) of a credential for one connection row."""
    kid = key_id or keyring.active
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.key(kid)).encrypt(nonce, plaintext.encode(), associated_data(tenant_id, connection_id))
    return kid, nonce + sealed


def decrypt(keyring: Keyring, tenant_id: str, connection_id: str, key_id: str, blob: bytes) -> str:
    try:
        return AESGCM(keyring.key(key_id)).decrypt(
            bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), associated_data(tenant_id, connection_id)).decode()
    except InvalidTag:
        raise TenantDBError(f"credential of connection {connection_id} does not decrypt with key {key_id!r}",
                            hint="the key material differs from the one that encrypted it, or the row was tampered with") from None


def rotate(conn: psycopg.Connection[Any], keyring: Keyring, to_key_id: str, batch_size: int = 100) -> dict[str, Any]:
    """Re-encrypt every credential not yet under `to_key_id`, in small committed batches.

    `conn` is a maintenance-role connection (BYPASSRLS, all tenants). No downtime: readers
    decrypt with whichever key id a row names, and both keys stay in the environment until this
    returns. Each row is updated only if its key id is still the one read (a concurrent change
    wins and the row is picked up by the next batch). Returns counts.
    """
    if to_key_id not in keyring.keys:
        raise BadInput(f"key {to_key_id!r} is not in {KEYS_ENV} ({', '.join(keyring.keys)})",
                       hint=f"add it to {KEYS_ENV} first, then rotate")
    rotated = 0
    per_tenant: dict[str, int] = {}
    while True:
        with conn.transaction():
            rows = conn.execute(
                "SELECT tenant_id, id, credential_key_id, credential_ciphertext FROM app.external_connections"
                " WHERE credential_key_id <> %s ORDER BY credential_key_id, tenant_id, id LIMIT %s FOR UPDATE SKIP LOCKED",
                (to_key_id, batch_size)).fetchall()
            if not rows:
                break
            for tenant_id, cid, old_kid, blob in rows:
                plain = decrypt(keyring, str(tenant_id), str(cid), old_kid, blob)
                _, new_blob = encrypt(keyring, str(tenant_id), str(cid), plain, key_id=to_key_id)
                conn.execute("UPDATE app.external_connections SET credential_key_id = %s, credential_ciphertext = %s"
                             " WHERE tenant_id = %s AND id = %s AND credential_key_id = %s",
                             (to_key_id, new_blob, tenant_id, cid, old_kid))
                per_tenant[str(tenant_id)] = per_tenant.get(str(tenant_id), 0) + 1
            rotated += len(rows)
    remaining = scalar(conn, "SELECT count(*) FROM app.external_connections WHERE credential_key_id <> %s",
                             (to_key_id,))
    return {"to_key_id": to_key_id, "rotated": rotated, "remaining": remaining, "per_tenant": per_tenant}

"""Integration credentials: only AES-GCM ciphertext and a key id reach the database (not even a
pg_dump shows the plaintext), ciphertexts are bound to their row, and key rotation re-encrypts
every row without changing what it decrypts to."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest

from cli_help import run_main
from tenantdb.backend import client_bin
from tenantdb.credentials import DEV_KEY_ID, Keyring, decrypt, encrypt
from tenantdb.errors import BadInput, TenantDBError
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.workspaces import connection_id, demo_github_token
from tenantdb.settings import MAINTENANCE_ROLE

NEW_KEY = base64.b64encode(bytes(range(32))).decode()


@pytest.fixture
def seeded(tenantdb):
    with tenantdb.clone_seeded("credentials") as db:
        yield db


def test_plaintext_is_nowhere_in_the_database_or_a_dump(tenantdb, seeded):
    dump = subprocess.run([client_bin("pg_dump"), "-d", tenantdb.backend.conninfo(seeded)],
                          capture_output=True, text=True, timeout=120, check=True).stdout
    assert "COPY app.external_connections" in dump, "the dump contains the connections"
    with tenantdb.connect(seeded) as conn:
        everything = conn.execute(
            "SELECT string_agg(t::text, E'\\n') FROM (SELECT * FROM app.external_connections) t").fetchone()[0]
        everything += conn.execute("SELECT string_agg(a::text, E'\\n') FROM app.audit_log a").fetchone()[0]
    for tenant in DEMO_TENANTS:
        secret = demo_github_token(tenant)
        assert secret not in dump
        assert secret.encode().hex() not in dump, "not even as hex bytea"
        assert secret not in everything


def test_ciphertext_decrypts_only_for_its_own_row(tenantdb, seeded):
    keyring = Keyring.from_env()  # the keys the seed used: the dev key, or TENANTDB_CREDENTIAL_KEYS (external servers)
    tenant = DEMO_TENANTS[0]
    with tenantdb.connect(seeded) as conn:
        key_id, blob = conn.execute(
            "SELECT credential_key_id, credential_ciphertext FROM app.external_connections WHERE tenant_id = %s AND id = %s",
            (tenant.id, connection_id(tenant))).fetchone()
    assert key_id == keyring.active
    assert decrypt(keyring, tenant.id, connection_id(tenant), key_id, blob) == demo_github_token(tenant)
    other = DEMO_TENANTS[1]
    with pytest.raises(TenantDBError, match="does not decrypt"):
        decrypt(keyring, other.id, connection_id(tenant), key_id, blob)


def test_same_plaintext_encrypts_differently_each_time():
    keyring = Keyring.from_env({})
    assert encrypt(keyring, "t", "c", "x")[1] != encrypt(keyring, "t", "c", "x")[1]


@pytest.mark.parametrize("env,message", [
    ({"TENANTDB_CREDENTIAL_KEYS": "nocolon"}, "is not key_id:base64key"),
    ({"TENANTDB_CREDENTIAL_KEYS": "k1:not*base64"}, "not valid base64"),
    ({"TENANTDB_CREDENTIAL_KEYS": "k1:" + base64.b64encode(b"short").decode()}, "AES-256 needs 32"),
    ({"TENANTDB_CREDENTIAL_KEYS": "k1:" + NEW_KEY, "TENANTDB_CREDENTIAL_KEY_ID": "k9"}, "is not one of the keys"),
])
def test_bad_key_configuration_says_what_is_wrong(env, message):
    with pytest.raises(BadInput, match=message):
        Keyring.from_env(env)


def test_rotation_re_encrypts_every_row_and_is_audited(tenantdb, seeded):
    # The seed's keys (the dev key on the embedded server; on any other server the dev key is refused,
    # so TENANTDB_CREDENTIAL_KEYS holds real ones) plus the key to rotate to.
    seeded_with = os.environ.get("TENANTDB_CREDENTIAL_KEYS") or \
        f"{DEV_KEY_ID}:{base64.b64encode(b'tenantdb-demo-key-not-a-secret!!').decode()}"
    keys = f"{seeded_with},k2026b:{NEW_KEY}"
    env = {**os.environ, "TENANTDB_DATABASE": seeded, "TENANTDB_PORT": str(tenantdb.backend.settings.port),
           "TENANTDB_CREDENTIAL_KEYS": keys}
    with tenantdb.connect(seeded) as conn:
        before = dict(conn.execute("SELECT id, credential_ciphertext FROM app.external_connections").fetchall())
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "credentials", "rotate", "--to", "k2026b", "--json"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert '"remaining": 0' in proc.stdout
    keyring = Keyring.from_env({"TENANTDB_CREDENTIAL_KEYS": keys})
    with tenantdb.connect(seeded) as conn:
        rows = conn.execute("SELECT tenant_id::text, id, credential_key_id, credential_ciphertext"
                            " FROM app.external_connections").fetchall()
        audits = conn.execute("SELECT old_values, new_values, actor_db_role FROM app.audit_log"
                              " WHERE table_name = 'app.external_connections' AND operation = 'UPDATE'").fetchall()
    assert {r[2] for r in rows} == {"k2026b"}
    for tenant_id, cid, kid, blob in rows:
        assert bytes(blob) != bytes(before[cid])
        tenant = next(t for t in DEMO_TENANTS if t.id == tenant_id)
        assert decrypt(keyring, tenant_id, str(cid), kid, blob) == demo_github_token(tenant)
    assert len(audits) == len(rows)
    for old, new, role in audits:
        assert (old["credential_key_id"], new["credential_key_id"]) == (Keyring.from_env().active, "k2026b")
        assert "credential_ciphertext" not in old and "credential_ciphertext" not in new
        assert role == tenantdb.backend.login_for(MAINTENANCE_ROLE)  # the login that acted
    again = subprocess.run([sys.executable, "-m", "tenantdb.cli", "credentials", "rotate", "--to", "k2026b", "--json"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and '"rotated": 0' in again.stdout


def test_rotation_to_an_unknown_key_is_refused(tenantdb, seeded):
    proc = run_main("credentials", "rotate", "--to", "nope",
                    env={"TENANTDB_DATABASE": seeded, "TENANTDB_PORT": str(tenantdb.backend.settings.port)})
    assert proc.returncode == 2
    assert "is not in TENANTDB_CREDENTIAL_KEYS" in proc.stderr

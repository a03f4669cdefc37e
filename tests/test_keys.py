"""Key providers (environment, file) and the refusal of the public development key on any
server but the embedded one."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tenantdb.credentials import DEV_KEY_ID, KEYS_ENV
from tenantdb.errors import BadInput, TenantDBError
from tenantdb.keys import PROVIDER_ENV, EnvKeyProvider, FileKeyProvider, load_keyring, provider_from

K1 = base64.b64encode(b"1" * 32).decode()
K2 = base64.b64encode(b"2" * 32).decode()


def test_env_provider_reads_the_key_set():
    ring = EnvKeyProvider({KEYS_ENV: f"k1:{K1},k2:{K2}", "TENANTDB_CREDENTIAL_KEY_ID": "k2"}).load()
    assert set(ring.keys) == {"k1", "k2"} and ring.active == "k2"


def test_file_provider_reads_keys_comments_and_active(tmp_path: Path):
    f = tmp_path / "keys"
    f.write_text(f"# credential keys\nk1:{K1}\nk2:{K2}  # new\nactive: k2\n")
    f.chmod(0o600)
    ring = provider_from({PROVIDER_ENV: f"file:{f}"}).load()
    assert set(ring.keys) == {"k1", "k2"} and ring.active == "k2"


def test_file_provider_refuses_a_file_others_can_read(tmp_path: Path):
    f = tmp_path / "keys"
    f.write_text(f"k1:{K1}\n")
    f.chmod(0o644)
    with pytest.raises(BadInput, match="readable by others") as err:
        FileKeyProvider(f).load()
    assert "chmod 600" in str(err.value)


def test_unknown_provider_is_bad_input():
    with pytest.raises(BadInput, match="not a key provider"):
        provider_from({PROVIDER_ENV: "vault"})


def test_public_dev_key_is_refused_on_a_non_embedded_server():
    with pytest.raises(TenantDBError, match="public development key"):
        load_keyring({}, "external")
    with pytest.raises(TenantDBError, match="public development key"):
        load_keyring({}, "testcontainers")


def test_public_dev_key_is_allowed_on_the_embedded_server_and_real_keys_everywhere():
    assert DEV_KEY_ID in load_keyring({}, "embedded").keys
    assert set(load_keyring({KEYS_ENV: f"k1:{K1}"}, "external").keys) == {"k1"}


def test_cli_rotate_refuses_the_dev_key_against_an_external_server(tenantdb):
    env = {k: v for k, v in os.environ.items() if k not in (KEYS_ENV, PROVIDER_ENV)}
    env["DATABASE_URL"] = tenantdb.backend.conninfo("postgres")
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", "credentials", "rotate", "--to", DEV_KEY_ID],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 1 and "public development key" in proc.stderr

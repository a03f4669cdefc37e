"""`tenantdb token issue|rotate` end to end in a clone: keys loaded by the maintenance role, a
token issued by the CLI verifies in the database on a bound client login; bad input exits 2;
a key id reused for another key and the public key off the embedded server are refused."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import psycopg

from cli_help import help_text
from tenantdb.client_logins import client_login
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.tokens import SET_TOKEN_SQL

A = DEMO_TENANTS[0]


def cli(db: str, *args: str, keys: str | None = None, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "TENANTDB_DATABASE": db, **(extra_env or {})}
    env.pop("TENANTDB_TOKEN_KEYS", None)
    env.pop("TENANTDB_TOKEN_KEY_ID", None)
    if keys is not None:
        env["TENANTDB_TOKEN_KEYS"] = keys
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", "token", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def test_issue_rotate_and_verify_in_the_database(tenantdb, seeded_db):
    keys = f"k1:{key()},k2:{key()}"
    rotated = cli(seeded_db, "rotate", "--json", keys=keys)
    assert rotated.returncode == 0, rotated.stderr
    assert json.loads(rotated.stdout)["keys"] == {"k1": "loaded", "k2": "loaded"}
    issued = cli(seeded_db, "issue", "--tenant", A.id, "--user", user_id(A, "student", 1), "--ttl", "5m",
                 "--kid", "k2", "--json", keys=keys)
    assert issued.returncode == 0, issued.stderr
    token = json.loads(issued.stdout)["token"]
    with client_login(tenantdb.backend, seeded_db, A.id, "cli") as login, \
            psycopg.connect(tenantdb.backend.conninfo(seeded_db, login), autocommit=True) as conn, conn.transaction():
        conn.execute(SET_TOKEN_SQL, (token,))
        assert conn.execute("SELECT count(*) FROM app.users").fetchone()[0] == 1
    retired = cli(seeded_db, "rotate", "--retire-missing", "--yes", "--json", keys=keys.split(",")[1])
    assert retired.returncode == 0 and json.loads(retired.stdout)["retired"] == ["k1"], retired.stdout + retired.stderr


def test_a_key_id_loaded_with_another_key_is_refused(seeded_db):
    assert cli(seeded_db, "rotate", keys=f"same:{key()}").returncode == 0
    clash = cli(seeded_db, "rotate", keys=f"same:{key()}")
    assert clash.returncode == 1 and "already loaded with another key" in clash.stderr


def test_bad_input_exits_2_with_a_hint(seeded_db):
    for args, keys in ((("issue", "--tenant", "nope", "--user", A.id, "--offline"), None),
                       (("issue", "--tenant", A.id, "--user", A.id, "--ttl", "3y", "--offline"), None),
                       (("rotate",), f"dup:{key()},dup:{key()}")):
        proc = cli(seeded_db, *args, keys=keys)
        assert proc.returncode == 2 and "hint:" in proc.stderr, (args, proc.stderr)


def test_the_public_development_key_is_refused_off_the_embedded_server(tenantdb, seeded_db):
    url = tenantdb.backend.url(seeded_db)
    proc = cli(seeded_db, "issue", "--tenant", A.id, "--user", A.id, "--offline", extra_env={"DATABASE_URL": url})
    assert proc.returncode == 1 and "development token key" in proc.stderr, proc.stderr


def test_every_token_command_has_help_with_an_example():
    for command in ("issue", "rotate"):
        assert "Example:" in help_text("token", command)

"""The contract from four languages, each with its driver's own idiom: psql (\\bind), Node
(node-postgres, parameterized $1), Java (pgjdbc, PreparedStatement ?) and Python (psycopg, %s).
Each client in examples/ connects as a client role (conninfo from `backend.conninfo(db, ROLE)`,
passed as the libpq PG* environment) and reports: rows per tenant and none of the other's,
cross-tenant write 42501, no context (no rows, write 42501), malformed context 22P02, a prepared
statement after a context switch, and (Node, Java, Python) a concurrent load with errors and
rollbacks: 0 cross-tenant rows, 0 context bleed. Every client runs directly and through
PgBouncer in transaction mode with a pool smaller than the number of concurrent clients."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from tenantdb.backend import client_bin
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, SERVICE_ROLE

from .conftest import POOL_SIZE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
JDBC_JAR = Path("/usr/share/java/postgresql.jar")
LOAD_WORKERS, LOAD_TRANSACTIONS = 8, 25  # 200 transactions on 8 clients over POOL_SIZE server connections
A, B = DEMO_TENANTS[0], DEMO_TENANTS[1]
LANGUAGES = ["psql", "node", "java", "python"]


def need(tool: str, hint: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is missing: {hint}"  # a missing tool fails, never skips
    return found


@pytest.fixture(scope="module")
def java_classes(tmp_path_factory) -> Path:
    javac = need("javac", "bash scripts/setup.sh (needs a JDK: default-jdk-headless)")
    assert JDBC_JAR.is_file(), "the PostgreSQL JDBC driver is missing: bash scripts/setup.sh (libpostgresql-jdbc-java)"
    out = tmp_path_factory.mktemp("java")
    proc = subprocess.run([javac, "-d", str(out), str(EXAMPLES / "java" / "ContractClient.java")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def client_argv(language: str, pooled: bool, java_classes: Path | None, people: dict[str, str]) -> list[str]:
    if language == "psql":
        argv = [client_bin("psql"), "-X", "-q", "-t", "-A", "-f", str(EXAMPLES / "psql" / "contract.sql")]
        for key in ("tenant_a", "user_a", "tenant_b", "user_b"):
            argv += ["-v", f"{key}={people[key.upper()]}"]
        return argv + ["-v", f"pooled={int(pooled)}"]
    if language == "node":
        assert (EXAMPLES / "node" / "node_modules" / "pg").is_dir(), \
            "node-postgres is missing: bash scripts/setup.sh (npm ci in examples/node)"
        return [need("node", "bash scripts/setup.sh (nodejs)"), str(EXAMPLES / "node" / "contract_client.js")]
    if language == "java":
        assert java_classes is not None
        return [need("java", "bash scripts/setup.sh"), "-cp", f"{java_classes}:{JDBC_JAR}", "ContractClient"]
    import sys

    return [sys.executable, str(EXAMPLES / "python" / "contract_client.py")]


def run_client(language: str, conninfo: str, role: str, pooled: bool, java_classes: Path | None) -> dict[str, str]:
    p = conninfo_to_dict(conninfo)
    people = {"TENANT_A": A.id, "TENANT_B": B.id,
              "USER_A": user_id(A, "admin", 1) if role == APP_ROLE else "",
              "USER_B": user_id(B, "admin", 1) if role == APP_ROLE else ""}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(people, PGHOST=p["host"], PGPORT=str(p["port"]), PGUSER=p["user"], PGDATABASE=p["dbname"],
               PGAPPNAME="tenantdb-client-test", POOLED="1" if pooled else "0",
               LOAD_WORKERS=str(LOAD_WORKERS), LOAD_TRANSACTIONS=str(LOAD_TRANSACTIONS))
    if p.get("password"):
        env["PGPASSWORD"] = p["password"]
    proc = subprocess.run(client_argv(language, pooled, java_classes, people), env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{language} client failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    results = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "result":
            results[parts[1]] = parts[2]
    print(f"{language} as {role} {'via PgBouncer' if pooled else 'direct'}: {results}")
    return results


@pytest.fixture(scope="module")
def users_per_tenant(tenantdb, seeded_db) -> dict[str, int]:
    with tenantdb.connect(seeded_db, autocommit=True) as conn:
        return {str(t): n for t, n in conn.execute("SELECT tenant_id, count(*) FROM app.users GROUP BY 1")}


@pytest.mark.parametrize("role", [APP_ROLE, SERVICE_ROLE])
@pytest.mark.parametrize("via", ["direct", "pgbouncer"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_client_follows_the_contract(tenantdb, seeded_db, bouncer, users_per_tenant, request, language, via, role):
    java_classes = request.getfixturevalue("java_classes") if language == "java" else None
    conninfo = tenantdb.backend.conninfo(seeded_db, role)
    if via == "pgbouncer":
        conninfo = bouncer.rewrite(conninfo)
    r = run_client(language, conninfo, role, via == "pgbouncer", java_classes)

    assert (r["rows_a"], r["rows_b"]) == (str(users_per_tenant[A.id]), str(users_per_tenant[B.id])), r
    assert (r["foreign_a"], r["foreign_b"]) == ("0", "0"), "a tenant saw another tenant's rows"
    assert r["cross_write"] == "42501", "writing another tenant's row must fail with 42501"
    assert (r["no_context_read"], r["no_context_write"]) == ("42501", "42501"), "no context: reads and writes fail loudly"
    assert r["malformed"] == "22P02", "a malformed context must fail with 22P02"
    assert (r["prepared_a"], r["prepared_b"], r["prepared_foreign"]) == (r["rows_a"], r["rows_b"], "0"), \
        "a prepared statement must follow the context it runs under"
    if language != "psql":
        assert LOAD_WORKERS > POOL_SIZE
        assert int(r["load_transactions"]) > 0 and int(r["load_errors"]) > 0, r
        assert (r["load_cross_tenant"], r["load_bleed"], r["load_unexpected"]) == ("0", "0", "0"), r


def test_pgbouncer_really_pools_in_transaction_mode(tenantdb, seeded_db, bouncer):
    """The PgBouncer the suites use shares server connections: more clients than server backends."""
    import psycopg

    via = bouncer.rewrite(tenantdb.backend.conninfo(seeded_db, SERVICE_ROLE))
    conns = [psycopg.connect(via, autocommit=False, prepare_threshold=None) for _ in range(POOL_SIZE * 2)]
    try:
        for c in conns[:POOL_SIZE]:  # hold POOL_SIZE server connections in open transactions
            c.execute("SELECT 1")
        pids = {c.execute("SELECT pg_backend_pid()").fetchone()[0] for c in conns[:POOL_SIZE]}
        assert len(pids) == POOL_SIZE
    finally:
        for c in conns:
            c.close()
    assert "pool_mode = transaction" in (bouncer.directory / "pgbouncer.ini").read_text()


def inherited_after_a_session_level_set(via: str) -> tuple[str, str]:
    """Client 1 sets a session-level setting (against the contract); client 2 sets no context:
    the setting it sees, and what its read of app.users gives (a row count, or the SQLSTATE)."""
    import psycopg

    with psycopg.connect(via, autocommit=True, prepare_threshold=None) as first:
        first.execute(f"SET app.tenant_id = '{A.id}'")  # the hazard under test, not the contract
    with psycopg.connect(via, autocommit=True, prepare_threshold=None) as second:
        setting = second.execute("SELECT coalesce(current_setting('app.tenant_id', true), '')").fetchone()[0]
        try:
            return setting, str(second.execute("SELECT count(*) FROM app.users").fetchone()[0])
        except psycopg.Error as exc:
            return setting, exc.sqlstate or "?"


def test_a_session_level_set_reaches_the_next_pgbouncer_client_but_is_no_context(tenantdb, seeded_db):
    """In transaction mode PgBouncer hands the server connection, session settings included, to
    the next client: a forgotten LOCAL puts tenant A's id into the next client's session. The
    context is bound to the transaction that set it (app.set_context), so that inherited value
    is no context: the next client's read fails with 42501, without any server reset query.
    `server_reset_query_always = 1` (DISCARD ALL after every transaction) also clears the value."""
    from tenantdb import pgbouncer

    conninfo = tenantdb.backend.conninfo(seeded_db, SERVICE_ROLE)
    with pgbouncer.running([conninfo], pool_size=1) as plain:
        leaked, leaked_rows = inherited_after_a_session_level_set(plain.rewrite(conninfo))
    with pgbouncer.running([conninfo], pool_size=1, server_reset_query_always=True) as reset:
        after_reset, rows_after_reset = inherited_after_a_session_level_set(reset.rewrite(conninfo))
    print(f"another client without a context inherited {leaked!r}, its read gave {leaked_rows} (plain); "
          f"{after_reset!r} and {rows_after_reset} (server_reset_query_always)")
    assert leaked == A.id, "PgBouncer hands session settings to the next client (the hazard stays at the GUC level)"
    assert leaked_rows == "42501", "an inherited session-level value is no context: the read must fail, not see A"
    assert (after_reset, rows_after_reset) == ("", "42501")

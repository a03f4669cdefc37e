"""A minimal Python (psycopg 3) client of tenantdb, following the tenant-context contract.

Connection: the libpq environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD), e.g.
    eval "$(.venv/bin/tenantdb db url --role app --json | ...)"   or set them by hand.
Tenants and acting persons: TENANT_A, USER_A, TENANT_B, USER_B (USER_* empty for the service role).
POOLED=1 when connecting through PgBouncer in transaction mode (no server-side prepares then).
LOAD_WORKERS / LOAD_TRANSACTIONS > 0 add a concurrent load with errors and rollbacks.

Prints one `result <name> <value>` line per check; tests/clients/test_clients.py reads them.
"""

from __future__ import annotations

import os
import random
import threading

import psycopg

#: The contract, in one place: the first statement of every transaction (transaction-local).
SET_CONTEXT = "SELECT app.set_context(%s::uuid, NULLIF(%s::text, '')::uuid)"  # '' user: no person (service role)

USERS_SQL = "SELECT tenant_id::text FROM app.users"
POOLED = os.environ.get("POOLED") == "1"


def connect() -> psycopg.Connection:
    # prepare_threshold=None: never prepare server-side (required behind PgBouncer < 1.21 in
    # transaction mode); the direct run prepares explicitly below to test plans across contexts.
    return psycopg.connect(autocommit=False, prepare_threshold=None if POOLED else 5)


def result(name: str, value: object) -> None:
    print(f"result {name} {value}", flush=True)


def sqlstate_of(conn: psycopg.Connection, sql: str, params: tuple = (), context: tuple | None = None) -> str:
    """Run `sql` in its own transaction (after the context, if any); the SQLSTATE it fails with."""
    try:
        with conn.transaction():
            if context is not None:
                conn.execute(SET_CONTEXT, context)
            conn.execute(sql, params)
        return "ok"
    except psycopg.Error as exc:
        return exc.sqlstate or "?"


def visible_tenants(conn: psycopg.Connection, tenant: str, user: str, *, prepare: bool | None = None) -> list[str]:
    with conn.transaction():
        conn.execute(SET_CONTEXT, (tenant, user))
        return [r[0] for r in conn.execute(USERS_SQL, prepare=prepare).fetchall()]


def checks(conn: psycopg.Connection, a: tuple[str, str], b: tuple[str, str]) -> None:
    for label, (tenant, user) in (("a", a), ("b", b)):
        rows = visible_tenants(conn, tenant, user)
        result(f"rows_{label}", len(rows))
        result(f"foreign_{label}", sum(t != tenant for t in rows))
    insert = "INSERT INTO app.users (tenant_id, email, display_name) VALUES (%s, %s, %s)"
    result("cross_write", sqlstate_of(conn, insert, (b[0], "intruder@example.invalid", "Intruder"), context=a))
    # No context: a read fails loudly (42501), never an empty result.
    result("no_context_read", sqlstate_of(conn, "SELECT count(*) FROM app.users"))
    result("no_context_write", sqlstate_of(conn, insert, (a[0], "nobody@example.invalid", "Nobody")))
    result("malformed", sqlstate_of(conn, "SELECT count(*) FROM app.users", context=("not-a-uuid", a[1])))
    # The same statement, prepared on the server (direct only), after a context switch.
    prepare = None if POOLED else True
    rows_a = visible_tenants(conn, *a, prepare=prepare)
    rows_b = visible_tenants(conn, *b, prepare=prepare)
    result("prepared_a", len(rows_a))
    result("prepared_b", len(rows_b))
    result("prepared_foreign", sum(t != a[0] for t in rows_a) + sum(t != b[0] for t in rows_b))


def load(people: list[tuple[str, str]], workers: int, transactions: int) -> None:
    stats = {"transactions": 0, "cross_tenant": 0, "bleed": 0, "errors": 0, "unexpected": 0}
    lock = threading.Lock()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        with connect() as conn:
            for _ in range(transactions):
                tenant, user = rng.choice(people)
                fate = rng.random()
                try:
                    with conn.transaction():
                        if fate < 0.1:  # no context: no setting, and a read must fail with 42501
                            setting = conn.execute("SELECT current_setting('app.tenant_id', true)").fetchone()[0]
                            try:
                                with conn.transaction():  # a savepoint: the refusal is expected
                                    conn.execute("SELECT count(*) FROM app.users")
                                read = True  # a result without a context would be bleed
                            except psycopg.errors.InsufficientPrivilege:
                                read = False
                            with lock:
                                stats["bleed"] += setting not in (None, "") or read
                            continue
                        conn.execute(SET_CONTEXT, (tenant, user))
                        seen = [r[0] for r in conn.execute(USERS_SQL)]
                        with lock:
                            stats["transactions"] += 1
                            stats["cross_tenant"] += any(t != tenant for t in seen)
                        if fate < 0.2:
                            conn.execute("SELECT 1 / 0")
                        if fate < 0.3:
                            raise psycopg.Rollback()
                except psycopg.errors.DivisionByZero:
                    with lock:
                        stats["errors"] += 1
                except psycopg.Error:
                    with lock:
                        stats["unexpected"] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for key, value in stats.items():
        result(f"load_{key}", value)


def main() -> None:
    a = (os.environ["TENANT_A"], os.environ.get("USER_A", ""))
    b = (os.environ["TENANT_B"], os.environ.get("USER_B", ""))
    with connect() as conn:
        checks(conn, a, b)
    workers, transactions = int(os.environ.get("LOAD_WORKERS", "0")), int(os.environ.get("LOAD_TRANSACTIONS", "0"))
    if workers and transactions:
        load([a, b], workers, transactions)


if __name__ == "__main__":
    main()

"""The isolation proof for untrusted clients (group tenantdb_client), run by tenantdb.prove.

A throw-away client login bound to demo tenant A, and a throw-away signing key, are created for
the run and removed (the key retired) afterwards. For every table and view a client can reach:

* no token: reading fails with 42501 (or shows nothing), every INSERT/UPDATE/DELETE fails with 42501;
* the verified values written by hand (ids and a stamp with a guessed signature): the same;
* a valid token of A's student: exactly the rows tenantdb_app sees for that person, none of B's.

Every function a client may execute is called without a token and must return nothing of
anyone (or fail with 42501).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql

from .backend import Backend
from .client_logins import client_login
from .context import SET_CONTEXT_SQL
from .database import Database, admin_connect
from .proof import LEAKED, OTHER, REFUSED, Recorder, refusal_outcome
from .seeds import DEMO_TENANTS
from .seeds.identity import user_id
from .settings import APP_ROLE, MAINTENANCE_ROLE
from .tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys

TENANT_A, TENANT_B = DEMO_TENANTS
CLIENT_GROUP = "tenantdb_client"
FORGE_SQL = ("SELECT set_config('app.tenant_id', %s, true), set_config('app.user_id', %s, true),"
             " set_config('app.context_stamp', pg_backend_pid() || ':' || (date_part('epoch', now()) * 1000000)::bigint"
             " || ':' || repeat('0', 64), true)")


def client_relations(su: psycopg.Connection) -> list[tuple[str, str, str, str]]:
    """(schema, name, relkind, first column) of the product relations tenantdb_client may read or write."""
    return [(r[0], r[1], r[2], r[3]) for r in su.execute("""
        SELECT n.nspname, c.relname, c.relkind::text,
               (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum LIMIT 1)::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND c.relkind IN ('r', 'p', 'v', 'm')
          AND has_schema_privilege(%s, n.oid, 'USAGE')
          AND (has_table_privilege(%s, c.oid, 'SELECT') OR has_table_privilege(%s, c.oid, 'INSERT')
               OR has_table_privilege(%s, c.oid, 'UPDATE') OR has_table_privilege(%s, c.oid, 'DELETE'))
        ORDER BY 1, 2""", (CLIENT_GROUP,) * 5)]


def client_functions(su: psycopg.Connection) -> list[str]:
    return [r[0] for r in su.execute("""
        SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND p.prokind = 'f' AND p.prorettype <> 'trigger'::regtype
          AND has_schema_privilege(%s, n.oid, 'USAGE') AND has_function_privilege(%s, p.oid, 'EXECUTE')
        ORDER BY 1""", (CLIENT_GROUP, CLIENT_GROUP))]


def _outcome(conn: psycopg.Connection, statement: sql.SQL | sql.Composed | str, params: tuple[Any, ...] = (),
             before: Callable[[psycopg.Connection], object] | None = None) -> tuple[str | None, list[Any]]:
    """(SQLSTATE or None, first column of the rows) of one statement in its own rolled-back transaction."""
    try:
        with conn.transaction(force_rollback=True):
            if before is not None:
                before(conn)
            cur = conn.execute(statement, params)
            return None, [r[0] for r in cur.fetchall()] if cur.description else [cur.rowcount]
    except psycopg.Error as exc:
        return exc.sqlstate, []


def _count(ident: sql.Composable, where: str = "") -> sql.Composed:
    return sql.SQL("SELECT count(*) FROM {}" + where).format(ident)


def prove_client(backend: Backend, db: str, su: psycopg.Connection, check: Recorder, *,
                 tenants: tuple[str, str] = (TENANT_A.id, TENANT_B.id), student: str | None = None,
                 admin: str | None = None) -> None:
    """Run the tenantdb_client proof; `check` (Proof.check) records each result. `tenants`
    (A, B), `student` and `admin` (people of A; default: the demo tenants' first ones) name whom
    the login is bound to, whose token it gets, and whom a hand-set context claims to be (a
    target's existing tenants: tenantdb.target)."""
    tenant_a, tenant_b = tenants
    student = student or user_id(TENANT_A, "student", 1)
    admin = admin or user_id(TENANT_A, "admin", 1)
    kid = f"prove-{secrets.token_hex(4)}"
    keyring = TokenKeyring({kid: os.urandom(32)}, kid)
    with admin_connect(backend, db) as maint:
        maint.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(MAINTENANCE_ROLE)))
        load_keys(maint, keyring)
    try:
        with client_login(backend, db, tenant_a, "prove") as login, \
                Database(backend, db).connect(login, autocommit=True) as client, \
                Database(backend, db).connect(APP_ROLE, autocommit=True) as app:
            def with_token(conn: psycopg.Connection) -> object:
                return conn.execute(SET_TOKEN_SQL, (issue(keyring, tenant_a, student),))

            def forged(conn: psycopg.Connection) -> object:
                return conn.execute(FORGE_SQL, (tenant_a, admin))

            def as_app(conn: psycopg.Connection) -> object:
                return conn.execute(SET_CONTEXT_SQL, (tenant_a, student))

            for schema, name, kind, column in client_relations(su):
                _prove_relation(client, app, schema, name, kind, column, with_token, forged, as_app, check, tenant_b)
            for signature in client_functions(su):
                _prove_function(client, signature, check)
    finally:
        with admin_connect(backend, db) as maint:
            maint.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(MAINTENANCE_ROLE)))
            maint.execute("SELECT app_private.retire_token_key(%s)", (kid,))


def _prove_relation(client: psycopg.Connection, app: psycopg.Connection, schema: str, name: str, kind: str,
                    column: str, with_token: Callable[[psycopg.Connection], object], forged: Callable[[psycopg.Connection], object],
                    as_app: Callable[[psycopg.Connection], object], check: Recorder,
                    tenant_b: str = TENANT_B.id) -> None:
    ident = sql.Identifier(schema, name)
    qualified = f"{schema}.{name}"
    for label, before in (("no token", None), ("hand-set context", forged)):
        state, rows = _outcome(client, _count(ident), before=before)
        check(f"client {label} select", state == "42501" or rows == [0],
              f"{qualified}: tenantdb_client with {label} got {state or rows}, not 42501 or nothing",
              subject=qualified, role=CLIENT_GROUP, outcome=refusal_outcome(state, rows[0] if rows else None))
        if kind in ("r", "p"):
            for verb, stmt in (("update", sql.SQL("UPDATE {} SET {} = {}").format(ident, sql.Identifier(column), sql.Identifier(column))),
                               ("delete", sql.SQL("DELETE FROM {}").format(ident))):
                state, rows = _outcome(client, stmt, before=before)
                check(f"client {label} {verb}", state == "42501",
                      f"{qualified}: tenantdb_client with {label}: {verb} got {state or f'success ({rows[0]} rows)'}, not 42501",
                      subject=qualified, role=CLIENT_GROUP, outcome=refusal_outcome(state, rows[0] if rows else None))
    state, rows = _outcome(client, _count(ident), before=with_token)
    _, expected = _outcome(app, _count(ident), before=as_app)
    check("client token select", state in (None, "42501") and rows == (expected if state is None else []),
          f"{qualified}: tenantdb_client with a valid token saw {state or rows}, tenantdb_app as that person {expected}",
          subject=qualified, role=CLIENT_GROUP, outcome=_token_outcome(state, rows, expected))
    if kind in ("r", "p", "v") and name != "tenants":
        state, rows = _outcome(client, sql.SQL("SELECT count(*) FROM {} WHERE tenant_id = %s").format(ident),
                               (tenant_b,), before=with_token)
        check("client token cross-tenant", state == "42501" or rows in ([0], []),
              f"{qualified}: tenantdb_client with tenant A's token sees {rows} rows of tenant B",
              subject=qualified, role=CLIENT_GROUP, outcome=LEAKED)


def _prove_function(client: psycopg.Connection, signature: str, check: Recorder) -> None:
    fn, _, args = signature.partition("(")
    arity = len([a for a in args.rstrip(")").split(",") if a.strip()])
    call = sql.SQL("SELECT {}({})::text").format(sql.SQL(fn), sql.SQL(", ").join([sql.SQL("NULL")] * arity))
    if fn.endswith("set_token"):
        state, rows = _outcome(client, "SELECT app.set_token(%s)", ("not-a-token",))
        check("client function", state == "42501", f"{signature}: a bad token got {state or rows}, not 42501",
              subject=signature, role=CLIENT_GROUP, outcome=OTHER if state is None else REFUSED)
        return
    state, rows = _outcome(client, call)
    check("client function", state is not None or all(r in (None, "", "0") for r in rows),
          f"{signature}: tenantdb_client without a token got {rows[:3]}", subject=signature, role=CLIENT_GROUP, outcome=LEAKED)


def _token_outcome(state: str | None, rows: list[Any], expected: list[Any]) -> str:
    """A token's reads differ from tenantdb_app's as the same person: more rows than the person may see
    is a leak; an error other than 42501 failed closed; fewer rows broke the promise without reaching any."""
    if state is not None:
        return REFUSED if state != "42501" else OTHER
    return LEAKED if rows and expected and rows[0] > expected[0] else OTHER

"""Who the isolation proof plays against whom: two tenants and the person each actor acts as
(tenantdb.prove; the demo tenants on a seeded clone, an operator's tenants via tenantdb.target)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from .access_matrix import DATABASE_ROLE
from .backend import Backend
from .context import SET_CONTEXT_SQL
from .database import Database
from .seeds import DEMO_TENANTS, DemoTenant
from .seeds.identity import user_id

TENANT_A, TENANT_B = DEMO_TENANTS


@dataclass(frozen=True)
class Subjects:
    """The two tenants the proof plays against each other and the person each actor acts as.

    The demo tenants on a seeded clone (:data:`DEMO`); two existing tenants of an operator's
    database on a target (tenantdb.target), where a table without rows of both tenants is
    reported as uncovered instead of failing, and `read_only` skips every write probe."""

    a: str
    b: str
    b_slug: str
    #: (tenant id, actor) -> user id the actor acts as (None: no person, e.g. the service)
    people: Mapping[tuple[str, str], str | None]
    demo: bool = True
    read_only: bool = False
    #: on a target: prove tenantdb_client too, with a throw-away client login and signing key
    #: created for the run and removed (retired) afterwards (tenantdb prove --client-login)
    client_login: bool = False

    def person(self, actor: str, tenant: str | None = None) -> str | None:
        return None if actor == "service" else self.people.get((tenant or self.a, actor))


def person(actor: str, tenant: DemoTenant = TENANT_A) -> str | None:
    return None if actor == "service" else user_id(tenant, actor, 1)


DEMO = Subjects(TENANT_A.id, TENANT_B.id, TENANT_B.slug,
                {(t.id, actor): person(actor, t) for t in DEMO_TENANTS for actor in DATABASE_ROLE})


#: While :func:`reused_sessions` is active: the open session per (conninfo, read-only) of an actor.
_SESSIONS: ContextVar[dict[tuple[str, bool], psycopg.Connection[Any]] | None] = ContextVar("prove_sessions", default=None)


@contextmanager
def reused_sessions() -> Iterator[None]:
    """Within the block, :func:`connect` keeps one session per actor and hands it out again after
    resetting it (ROLLBACK, then DISCARD ALL: no setting, prepared statement, temporary table,
    lock or role of the last use survives; settings return to the session's start values, e.g.
    default_transaction_read_only from the connection options). A proof opened ~470 connections,
    which cost half its server CPU; each probe still starts from a session as a new one is."""
    pool: dict[tuple[str, bool], psycopg.Connection[Any]] = {}
    token = _SESSIONS.set(pool)
    try:
        yield
    finally:
        _SESSIONS.reset(token)
        for conn in pool.values():
            conn.close()


def _reset(conn: psycopg.Connection[Any]) -> None:
    conn.rollback()
    conn.autocommit = True
    try:
        conn.execute("DISCARD ALL")
    finally:
        conn.autocommit = False


@contextmanager
def connect(backend: Backend, db: str, actor: str, tenant: str | None, s: Subjects = DEMO) -> Iterator[psycopg.Connection[Any]]:
    """A connection AS the actor's client role (its login), with tenant A's context when `tenant`
    is given; its transaction is rolled back at the end, never committed. With `s.read_only` the
    server refuses every write of the session (default_transaction_read_only). Inside
    :func:`reused_sessions`, the actor's session is reused, reset to a new session's state."""
    database, options = Database(backend, db), dict[str, Any]()
    if s.read_only:  # added to the options DATABASE_URL may carry (e.g. -c citus.propagate_set_commands=local)
        given = conninfo_to_dict(database.conninfo(DATABASE_ROLE[actor])).get("options") or ""
        options = {"options": f"{given} -c default_transaction_read_only=on".strip()}
    pool = _SESSIONS.get()
    if pool is None:
        with database.connect(DATABASE_ROLE[actor], **options) as conn:
            try:
                if tenant:
                    conn.execute(SET_CONTEXT_SQL, (tenant, s.person(actor, tenant)))
                yield conn
            finally:
                conn.rollback()
        return
    key = (database.conninfo(DATABASE_ROLE[actor]), s.read_only)
    session = pool.get(key)
    if session is None or session.closed:
        session = pool[key] = database.connect(DATABASE_ROLE[actor], **options)
    try:
        if tenant:
            session.execute(SET_CONTEXT_SQL, (tenant, s.person(actor, tenant)))
        yield session
    finally:
        try:
            _reset(session)
        except psycopg.Error:  # a broken session is not handed out again
            pool.pop(key).close()

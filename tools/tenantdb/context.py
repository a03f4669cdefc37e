"""The tenant context, the way application code should set it.

    from tenantdb.context import tenant_session

    with tenant_session(pool, tenant_id, user_id) as cur:
        cur.execute("SELECT id, display_name FROM app.users")

Each block is one transaction whose first statement is ``SELECT app.set_context(tenant, user)``:
it sets ``app.tenant_id`` and ``app.user_id`` transaction-locally with a signed stamp that binds
them to this transaction. When the block ends, by commit or by an exception and rollback,
PostgreSQL drops the settings; and even a value left session-wide (a ``SET`` without ``LOCAL``)
reads as no context in any later transaction, so the next borrower of the connection (from this
pool or from PgBouncer in transaction mode) never inherits it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Union

import psycopg
from psycopg_pool import ConnectionPool

from .errors import BadInput

IdLike = Union[str, uuid.UUID]

SET_CONTEXT_SQL = "SELECT app.set_context(%s::uuid, %s::uuid)"


def parse_id(value: IdLike | None, what: str) -> str | None:
    """The canonical text of a uuid, or BadInput naming what was wrong. None stays None."""
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        parsed = uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise BadInput(f"{what} {value!r} is not a uuid",
                       hint="pass the tenant's id as a uuid, e.g. 11111111-1111-4111-8111-111111111111") from None
    if str(parsed) != str(value).lower():
        # uuid.UUID accepts braces, urn: prefixes and missing hyphens; the database accepts only
        # the canonical form, so reject here rather than silently normalising.
        raise BadInput(f"{what} {value!r} is not in canonical uuid form",
                       hint=f"write it as {parsed}")
    return str(parsed)


@contextmanager
def tenant_transaction(conn: psycopg.Connection, tenant_id: IdLike, user_id: IdLike | None = None) -> Iterator[psycopg.Cursor]:
    """One transaction on `conn` with the tenant (and user) context set; commits on success."""
    tenant = parse_id(tenant_id, "tenant id")
    if tenant is None:
        raise BadInput("a tenant id is required", hint="pass the tenant's uuid")
    user = parse_id(user_id, "user id")
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(SET_CONTEXT_SQL, (tenant, user))  # also applies the tenant's limits (ops/tenant_limits)
        yield cur


@contextmanager
def tenant_session(pool: ConnectionPool | psycopg.Connection, tenant_id: IdLike,
                   user_id: IdLike | None = None) -> Iterator[psycopg.Cursor]:
    """Borrow a connection (or use the one given) and run one tenant-scoped transaction."""
    if isinstance(pool, psycopg.Connection):
        with tenant_transaction(pool, tenant_id, user_id) as cur:
            yield cur
        return
    with pool.connection() as conn, tenant_transaction(conn, tenant_id, user_id) as cur:
        yield cur


def open_pool(conninfo: str, *, min_size: int = 1, max_size: int = 20, name: str = "tenantdb") -> ConnectionPool:
    """A pool whose connections are in autocommit between blocks, so every block is exactly one
    BEGIN ... COMMIT and nothing is left open for the next borrower. 20 per service by default.

    Server-side prepared statements are off (``prepare_threshold=None``): behind PgBouncer in
    transaction mode (before 1.21's ``max_prepared_statements``) a statement prepared on one
    server connection is missing on the next (42P05 / 26000). Queries still send parameters
    separately (extended protocol), so nothing is interpolated."""
    return ConnectionPool(conninfo, min_size=min_size, max_size=max_size, name=name,
                          kwargs={"autocommit": True, "prepare_threshold": None}, open=True)


def set_context_select(tenant_expr: str, user_expr: str) -> str:
    """The context-setting SELECT list for SQL that computes the ids itself (pgbench scripts:
    ``SELECT <this> FROM bench.actors a WHERE ...``). `tenant_expr` and `user_expr` are SQL
    expressions of type uuid or text; the contract stays in this module."""
    return f"app.set_context(({tenant_expr})::uuid, ({user_expr})::uuid)"

"""Logins of untrusted direct clients: one login role per client, a member of the NOLOGIN group
``tenantdb_client``, bound to one tenant (``app_private.client_logins``).

    with client_login(backend, db, tenant_id) as login:      # tests: created and dropped again
        psycopg.connect(backend.conninfo(db, login))

:func:`create_client_login` is the one place that creates such a role; ``tenantdb role add NAME
--as client --tenant T`` (issue 15's CLI) calls it. Roles are cluster-wide; the binding lives in
the database given.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from psycopg import sql

from .backend import Backend
from .context import IdLike
from .database import admin_connect
from .errors import BadInput
from .settings import MAINTENANCE_ROLE
from .tokens import bind_login

CLIENT_GROUP = "tenantdb_client"
LOGIN_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def create_client_login(backend: Backend, dbname: str, name: str, tenant_id: IdLike,
                        password: str | None = None) -> str:
    """Create login role `name` in group tenantdb_client (if missing) and bind it to `tenant_id`
    in database `dbname`. Needs a superuser (or CREATEROLE) connection, as deploying does."""
    if not LOGIN_NAME_RE.match(name):
        raise BadInput(f"login name {name!r} is not a plain lower-case identifier",
                       hint="use letters, digits and _ (at most 63), e.g. partner_portal")
    with admin_connect(backend, dbname) as admin:
        exists = admin.execute("SELECT true FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN INHERIT").format(sql.Identifier(name)))
            # Inherit the group's rights, never act as it (PostgreSQL 16+; 15 has no SET option).
            modern = int(admin.execute("SHOW server_version_num").fetchone()[0]) >= 160000  # type: ignore[index]
            grant = "GRANT {} TO {} WITH INHERIT TRUE, SET FALSE, ADMIN FALSE" if modern else "GRANT {} TO {}"
            admin.execute(sql.SQL(grant).format(sql.Identifier(CLIENT_GROUP), sql.Identifier(name)))
        if password is not None:
            admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(name), sql.Literal(password)))
        admin.commit()
    with admin_connect(backend, dbname) as admin:
        admin.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(MAINTENANCE_ROLE)))
        bind_login(admin, name, tenant_id)
        admin.commit()
    return name


def drop_client_login(backend: Backend, dbname: str, name: str) -> None:
    """Remove a client login's binding in `dbname` and drop the role (it owns nothing)."""
    with admin_connect(backend, dbname) as admin:
        admin.execute("DELETE FROM app_private.client_logins WHERE login = %s", (name,))
        admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
        admin.commit()


@contextmanager
def client_login(backend: Backend, dbname: str, tenant_id: IdLike, label: str = "client") -> Iterator[str]:
    """A throw-away client login bound to `tenant_id` (tests); dropped afterwards."""
    name = f"tdbc_{label}_{secrets.token_hex(4)}"
    create_client_login(backend, dbname, name, tenant_id)
    try:
        yield name
    finally:
        drop_client_login(backend, dbname, name)

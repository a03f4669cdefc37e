"""The database layer: the one place that opens connections, and databases inside a server
(create, clone from a template, drop, install pgTAP's files and the tenantdb_context extension).

    db = Database(backend, "tenantdb")
    with db.admin() as conn: ...                        # the deploying superuser, autocommit
    with db.connect(APP_ROLE) as conn: ...              # a client role (RLS applies)
    with db.tenant(SERVICE_ROLE, tenant_id) as cur: ... # one transaction with the tenant context

Every client connection is made from ``backend.conninfo(name, role)``, the single point that
maps a role name to what logs in. Feature modules take a :class:`Database` or a connection;
they never call ``psycopg.connect`` themselves.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from . import tools
from .backend import Backend, EmbeddedBackend
from .errors import TenantDBError, ToolMissing
from .settings import project_root

#: Debian's postgresql-15-pgtap puts pgTAP here; it is pure SQL, so it runs on 18 too.
PGTAP_SOURCE = Path("/usr/share/postgresql/15/extension")
PGTAP_HINT = "install it with: sudo apt-get install postgresql-15-pgtap   (or run: bash scripts/setup.sh)"


def open_connection(conninfo: str, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[TupleRow]:
    """The one ``psycopg.connect`` of the package."""
    return psycopg.connect(conninfo, autocommit=autocommit, **kwargs)


@dataclass(frozen=True)
class Database:
    """One database of one server: how every module connects to it."""

    backend: Backend
    name: str

    @classmethod
    def of(cls, backend: Backend, name: str | None = None) -> Database:
        """`name`, or the backend's default database (TENANTDB_DATABASE, else the external
        server's DATABASE_URL database, else 'tenantdb')."""
        return cls(backend, name or backend.default_database)

    def conninfo(self, role: str | None = None) -> str:
        """libpq conninfo for `role` (default: the deploying superuser)."""
        return self.backend.conninfo(self.name, role)

    def url(self, role: str | None = None) -> str:
        return self.backend.url(self.name, role)

    def connect(self, role: str | None = None, *, autocommit: bool = False, **kwargs: Any) -> psycopg.Connection[TupleRow]:
        """A connection as `role` (a client role name from tenantdb.settings; None: the superuser)."""
        return open_connection(self.conninfo(role), autocommit=autocommit, **kwargs)

    def admin(self) -> psycopg.Connection[TupleRow]:
        """The deploying superuser, in autocommit (DDL, provisioning, checks that must see everything)."""
        return self.connect(None, autocommit=True)

    @contextmanager
    def tenant(self, role: str, tenant: str | uuid.UUID,
               user: str | uuid.UUID | None = None) -> Iterator[psycopg.Cursor[TupleRow]]:
        """One transaction as `role` with the tenant (and user) context set by tenantdb.context."""
        from .context import tenant_transaction  # the context layer sits above this one

        with self.connect(role, autocommit=True) as conn, tenant_transaction(conn, tenant, user) as cur:
            yield cur

    def exists(self) -> bool:
        return database_exists(self.backend, self.name)


def admin_connect(backend: Backend, dbname: str = "postgres") -> psycopg.Connection[TupleRow]:
    """The superuser on `dbname` of `backend`, autocommit (kept for callers of the first round)."""
    return Database(backend, dbname).admin()


def database_exists(backend: Backend, name: str) -> bool:
    with admin_connect(backend) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def ensure_database(backend: Backend, name: str) -> bool:
    """Create database `name` when missing; True when it was created."""
    with admin_connect(backend) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def drop_database(backend: Backend, name: str) -> None:
    with admin_connect(backend) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


#: CREATE DATABASE strategies (PostgreSQL 15+). FILE_COPY copies the files after a checkpoint (a
#: large database); WAL_LOG copies block by block through the WAL with no checkpoint: several times
#: faster for a small template cloned often while other sessions write (the test templates).
CLONE_STRATEGIES = ("FILE_COPY", "WAL_LOG")


def clone_database(backend: Backend, template: str, name: str, *, strategy: str = "FILE_COPY") -> None:
    """CREATE DATABASE name TEMPLATE template (the template must have no open connections)."""
    if strategy not in CLONE_STRATEGIES:
        raise ValueError(f"strategy must be one of {CLONE_STRATEGIES}, not {strategy!r}")
    with admin_connect(backend) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY {}").format(
                sql.Identifier(name), sql.Identifier(template), sql.SQL(strategy)
            )
        )


def schema_fingerprint(extra: list[Path] | None = None) -> str:
    """Hash of everything that shapes a deployed database (plan, deploy scripts, test helpers)."""
    root = project_root()
    files = [root / "sqitch.plan", *sorted((root / "deploy").rglob("*.sql"))]
    files += extra or []
    digest = hashlib.sha256()
    for f in files:
        digest.update(str(f.relative_to(root)).encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def install_pgtap(backend: Backend) -> str:
    """Copy pgTAP's control and SQL files into the embedded server's extension directory."""
    if not isinstance(backend, EmbeddedBackend):
        return "external server: pgTAP must be installed there (CREATE EXTENSION pgtap)"
    control = PGTAP_SOURCE / "pgtap.control"
    if not control.exists():
        raise ToolMissing("pgTAP is not installed on this machine", hint=PGTAP_HINT)
    target = backend.extension_dir()
    copied = 0
    for f in PGTAP_SOURCE.glob("pgtap*"):
        dest = target / f.name
        if not dest.exists() or dest.stat().st_size != f.stat().st_size:
            shutil.copyfile(f, dest)
            copied += 1
    return f"pgTAP: {copied} file(s) copied to {target}" if copied else f"pgTAP: already in {target}"


#: The tenantdb_context extension's sources (C; docs/security.md, "The remembered context").
CONTEXT_EXTENSION_SOURCE = project_root() / "ext" / "tenantdb_context"


def install_context_extension(backend: Backend, *, rebuild: bool = True) -> str:
    """Build tenantdb_context with PGXS and install it into the embedded server (make is
    incremental). With rebuild=False (test start-up), only when it is missing there or older than
    its sources, under a lock file: parallel workers build it once, never over each other."""
    if not isinstance(backend, EmbeddedBackend):
        return ("external server: tenantdb_context is optional there "
                "(make -C ext/tenantdb_context PG_CONFIG=<its pg_config> install; docs/operations.md)")
    install = tools.embedded_install_dir()
    library = install / "lib" / "tenantdb_context.so"
    with open(install / ".tenantdb_context.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        newest_source = max(p.stat().st_mtime for p in CONTEXT_EXTENSION_SOURCE.iterdir() if p.is_file())
        if not rebuild and library.exists() and library.stat().st_mtime >= newest_source:
            return "tenantdb_context: already installed"
        result = tools.make(["-C", str(CONTEXT_EXTENSION_SOURCE), f"PG_CONFIG={install / 'bin' / 'pg_config'}", "install"])
    if result.returncode != 0:
        raise TenantDBError("building the tenantdb_context extension failed:\n" + result.output()[-3000:],
                            hint="it needs gcc, make and libc6-dev: bash scripts/setup.sh installs them")
    return f"tenantdb_context: built and installed into {backend.extension_dir()}"


def scalar(conn: psycopg.Connection[Any] | psycopg.Cursor[Any], query: Any, params: Any = None) -> Any:
    """The first column of the first row of `query` (a query that returns no row is a bug)."""
    row = conn.execute(query, params).fetchone()
    if row is None:
        raise TenantDBError(f"the query returned no row: {query!r}")
    return row[0]

"""Test databases: one deployed template per schema version, cheap clones per test or file.

The template ``tenantdb_tpl_<fingerprint>`` is the plan deployed by Sqitch plus pgTAP and the
test helpers (sql/test_helpers.sql). The fingerprint hashes the plan, the deploy scripts and
the helpers, so an edited change builds a new template and an unchanged schema reuses the old
one across pytest runs. Clones are ``CREATE DATABASE ... TEMPLATE``: a fresh database in a
fraction of a second, never a fresh deploy.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from . import tools
from .backend import Backend, get_backend
from .database import Database, admin_connect, clone_database, drop_database, install_context_extension, install_pgtap, schema_fingerprint
from .errors import TenantDBError
from .settings import MAINTENANCE_ROLE, project_root
from .sqitch import run_sqitch
from .tokens import TokenKeyring, load_keys

TEMPLATE_PREFIX = "tenantdb_tpl_"
READY_MARK = "tenantdb test template: ready"
#: Advisory lock key (in the `postgres` database) serialising template builds.
TEMPLATE_LOCK = 0x7E4A_47DB
#: The templates are small (tens of MB) and cloned hundreds of times while other tests write:
#: WAL_LOG needs no checkpoint per clone (FILE_COPY took 1-2.5 s a clone on the shared CI machine,
#: WAL_LOG 0.3 s).
CLONE_STRATEGY = "WAL_LOG"


def seed_fingerprint() -> str:
    """Hash of what makes the demo seed: seed.py, seeds/*.py, and the credential keys the seed
    encrypts with (TENANTDB_CREDENTIAL_KEYS; only its hash ends up in a database name)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(os.environ.get("TENANTDB_CREDENTIAL_KEYS", "").encode())
    for f in [package / "seed.py", *sorted((package / "seeds").glob("*.py"))]:
        digest.update(f.name.encode())
        digest.update(f.read_bytes())
    return digest.hexdigest()[:8]


def helpers_path() -> Path:
    return project_root() / "sql" / "test_helpers.sql"


def run_psql_file(backend: Backend, dbname: str, path: Path | str, *, timeout: float = 600) -> tools.ToolResult:
    """Run an SQL file with psql the way pg_prove does (tuples only, unaligned, stop on error)."""
    return tools.psql_file(backend.conninfo(dbname), path, timeout=timeout)


@dataclass
class TestDatabases:
    """Builds the template once per schema version and hands out clones."""

    __test__ = False  # not a pytest test class, despite the name

    backend: Backend
    template: str = ""
    _seeded_template: str = ""
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @classmethod
    def start(cls, backend: Backend | None = None) -> TestDatabases:
        """Start `backend` (the CLI passes the one its --backend/--port chose; tests and scripts
        get the environment's) and build or reuse the template on that same server."""
        backend = backend or get_backend()
        backend.ensure_running()
        install_pgtap(backend)
        install_context_extension(backend, rebuild=False)
        dbs = cls(backend)
        dbs.template = dbs.ensure_template()
        return dbs

    def ensure_template(self) -> str:
        """The ready template of this schema version, built when missing. Several processes
        (pytest-xdist workers, a CLI run beside the tests) may ask at once: the first builds it
        under a server-wide advisory lock, the others wait for it and then reuse it."""
        with admin_connect(self.backend) as lock:
            lock.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
            try:
                return self._ensure_template()
            finally:
                lock.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))

    def _ensure_template(self) -> str:
        name = TEMPLATE_PREFIX + schema_fingerprint(extra=[helpers_path()])
        with admin_connect(self.backend) as conn:
            rows = conn.execute(
                "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s",
                (TEMPLATE_PREFIX + "%",)).fetchall()
        if any(datname == name and comment == READY_MARK for datname, comment in rows):
            return name
        for datname, _ in rows:  # older schema versions, or a build that died half-way
            drop_database(self.backend, datname)
        build = name
        drop_database(self.backend, build)
        run_sqitch(self.backend, "deploy", [], dbname=build, capture=True, check=True)
        proc = run_psql_file(self.backend, build, helpers_path())
        if proc.returncode != 0:
            raise TenantDBError(f"installing the test helpers into {build} failed:\n{proc.stderr}")
        with admin_connect(self.backend) as conn:
            conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(build), sql.Literal(READY_MARK)))
        return name

    def seeded_template(self) -> str:
        """A second template: the test template with the demo seed loaded, built once per schema
        and seed version (the name hashes tools/tenantdb/seed*.py), under the same lock."""
        if self._seeded_template:
            return self._seeded_template
        name = f"{self.template}_s{seed_fingerprint()}"
        with admin_connect(self.backend) as lock:
            lock.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
            try:
                rows = lock.execute(
                    "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s",
                    (self.template + "\\_s%",)).fetchall()
                if not any(datname == name and comment == READY_MARK for datname, comment in rows):
                    # Only a build of this version that died half-way: another seed version may be
                    # in use right now by another test run on this server (e.g. one started with
                    # other TENANTDB_CREDENTIAL_KEYS by tests/test_database_url_sentinel.py).
                    if any(datname == name for datname, _ in rows):
                        drop_database(self.backend, name)
                    from .seed import run_seed  # a feature module: imported only when asked for

                    clone_database(self.backend, self.template, name, strategy=CLONE_STRATEGY)
                    run_seed(self.backend, name)
                    lock.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                        sql.Identifier(name), sql.Literal(READY_MARK)))
            finally:
                lock.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))
        self._seeded_template = name
        return name

    @contextmanager
    def clone_seeded(self, label: str = "seeded", keep: bool = False) -> Iterator[str]:
        """A fresh database with the demo seed loaded (both demo tenants), cloned from the seeded
        template: the same rows run_seed() makes, in a fraction of the time."""
        name = self.new_name(label)
        clone_database(self.backend, self.seeded_template(), name, strategy=CLONE_STRATEGY)
        try:
            yield name
        finally:
            if not keep:
                drop_database(self.backend, name)

    @contextmanager
    def clone_seeded_with_keys(self, label: str, keyring: TokenKeyring) -> Iterator[str]:
        """clone_seeded() with every key of `keyring` loaded (as the maintenance role), so tokens
        it signs bind client sessions there."""
        with self.clone_seeded(label) as name:
            with admin_connect(self.backend, name) as admin:
                admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
                load_keys(admin, keyring)
            yield name

    def new_name(self, label: str) -> str:
        safe = "".join(ch if ch.isalnum() else "_" for ch in label.lower())[:30]
        return f"tenantdb_t{os.getpid()}_{next(self._counter)}_{safe}"

    @contextmanager
    def clone(self, label: str = "test", keep: bool = False) -> Iterator[str]:
        """A fresh database cloned from the template, dropped afterwards."""
        name = self.new_name(label)
        clone_database(self.backend, self.template, name, strategy=CLONE_STRATEGY)
        try:
            yield name
        finally:
            if not keep:
                drop_database(self.backend, name)

    def database(self, dbname: str) -> Database:
        return Database(self.backend, dbname)

    def connect(self, dbname: str, role: str | None = None, **kwargs: Any) -> psycopg.Connection[TupleRow]:
        """A connection to `dbname` as `role` (a client role from tenantdb.settings; None: superuser)."""
        return Database(self.backend, dbname).connect(role, **kwargs)

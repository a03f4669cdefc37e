"""Databases inside a server: create, clone from a template, drop, and install pgTAP's files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import psycopg
from psycopg import sql

from .backend import Backend, EmbeddedBackend
from .errors import ToolMissing
from .settings import project_root

#: Debian's postgresql-15-pgtap puts pgTAP here; it is pure SQL, so it runs on 18 too.
PGTAP_SOURCE = Path("/usr/share/postgresql/15/extension")
PGTAP_HINT = "install it with: sudo apt-get install postgresql-15-pgtap   (or run: bash scripts/setup.sh)"


def admin_connect(backend: Backend, dbname: str = "postgres") -> psycopg.Connection:
    return psycopg.connect(backend.conninfo(dbname), autocommit=True)


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


def clone_database(backend: Backend, template: str, name: str) -> None:
    """CREATE DATABASE name TEMPLATE template (the template must have no open connections)."""
    with admin_connect(backend) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
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

"""Fixtures shared by the Citus tests (marker `citus`; run with TENANTDB_CITUS_URL, docs/scale-out.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest

from tenantdb import citus
from tenantdb.database import open_connection
from tenantdb.roles import ensure_harness_logins


@pytest.fixture(scope="module")
def url() -> str:
    """The coordinator's database URL; its absence fails the test (never a skip)."""
    value = os.environ.get("TENANTDB_CITUS_URL")
    if not value:
        pytest.fail("TENANTDB_CITUS_URL is not set: give the coordinator's database URL (docs/scale-out.md)")
    return value


@pytest.fixture(scope="module")
def admin(url: str) -> Iterator[psycopg.Connection]:
    """A superuser connection to the coordinator, the harness logins present."""
    with open_connection(url, autocommit=True) as conn:
        assert citus.citus_version(conn), "the database has no citus extension"
        ensure_harness_logins(conn)
        yield conn

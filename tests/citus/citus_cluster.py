"""Connections to the coordinator as another login, for the Citus tests."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tenantdb.database import open_connection


def as_login(url: str, login: str) -> psycopg.Connection:
    """The coordinator's database as `login` (the URL's password dropped: harness logins use trust)."""
    params = conninfo_to_dict(url)
    params.update(user=login)
    params.pop("password", None)
    return open_connection(make_conninfo("", **params))

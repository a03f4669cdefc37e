"""Normalized `pg_dump --schema-only`: the form in which two schemas are compared (migration
cycle tests) and in which the schema is committed (docs/schema.sql)."""

from __future__ import annotations

import re

from psycopg.conninfo import conninfo_to_dict

from . import tools
from .backend import Backend
from .compat import drop_volatile_attoptions
from .errors import TenantDBError

#: Lines that differ between two dumps of the same schema, or say nothing about it.
_NOISE = re.compile(
    r"^(--.*|SET .*|SELECT pg_catalog\.set_config\(.*|\\(un)?restrict .*|)$"
)


#: The monthly partitions of the history tables (app.messages_p202611, ...): named by the month
#: of the deploy, so a committed dump leaves them out (their parent and DEFAULT partition show
#: what every partition gets; docs/partitions.md).
MONTHLY_PARTITIONS = "app.*_p[0-9][0-9][0-9][0-9][0-9][0-9]"


def schema_dump(backend: Backend, dbname: str, *, exclude_schemas: tuple[str, ...] = ("sqitch", "tests"),
                exclude_extensions: tuple[str, ...] = (), exclude_tables: tuple[str, ...] = ()) -> str:
    """The schema of `dbname` without the Sqitch registry and the test helpers, normalized.
    `exclude_extensions` leaves out extensions that are not the product's (pgtap in test clones);
    `exclude_tables` tables by pg_dump pattern (MONTHLY_PARTITIONS for the committed dump)."""
    params = conninfo_to_dict(backend.conninfo(dbname))
    argv = schema_dump_args(exclude_schemas=exclude_schemas, exclude_extensions=exclude_extensions,
                            exclude_tables=exclude_tables)
    proc = tools.pg_dump(backend.conninfo(dbname), argv, timeout=300)
    if proc.returncode != 0:
        raise TenantDBError(f"pg_dump of {params.get('dbname')} failed: {proc.stderr.strip()}")
    return normalize_dump(proc.stdout)


def schema_dump_args(*, exclude_schemas: tuple[str, ...] = ("sqitch", "tests"), exclude_extensions: tuple[str, ...] = (),
                     exclude_tables: tuple[str, ...] = ()) -> list[str]:
    """The pg_dump arguments of :func:`schema_dump` (the connection aside): one definition for
    every dump that is compared with another (tests/sqitch_snapshots.py dumps with them too)."""
    argv = ["--schema-only"]
    for pattern in exclude_tables:
        argv += ["--exclude-table", pattern]
    for schema in exclude_schemas:
        argv += ["--exclude-schema", schema]
    for extension in exclude_extensions:
        argv += ["--exclude-extension", extension]
    return argv


def normalize_dump(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    kept = drop_volatile_attoptions([line for line in lines if not _NOISE.match(line)])
    return "\n".join(kept).strip() + "\n"

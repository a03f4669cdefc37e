"""Where PostgreSQL major versions differ in what the harness reads back, in one place.

The review material in docs/ is generated on the embedded server (PostgreSQL 18, what CI runs).
On another major version the same schema reads back differently, and only there:

- the ``MAINTAIN`` privilege exists from PostgreSQL 17 (an owner holds it implicitly), so 15 and
  16 list one privilege fewer for the owner;
- server-side deparsing of SQL-standard function bodies differs (``UPDATE t`` / ``UPDATE AS t``),
  so the normalized ``pg_dump`` (docs/schema.sql) is compared only on the reference major
  version;
- some builds record a per-column ``pg_attver`` attribute option that changes on every
  deploy (seen on Debian's 15.20); it says nothing about the schema and is dropped from dumps.
"""

from __future__ import annotations

import re

import psycopg

#: The major version docs/ is generated on (the embedded server).
REFERENCE_MAJOR = 18
#: First major version with the MAINTAIN table privilege.
MAINTAIN_SINCE = 17
#: Documents compared on every version (after the adjustments below); the rest only on REFERENCE_MAJOR.
VERSION_INDEPENDENT = ("policies.md", "access-matrix.md", "erd.md", "erd.svg")

_ATTVER_ONLY = re.compile(r"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);$")
_ATTVER_ITEM = re.compile(r"(, )?pg_attver=\d+(, )?")


def server_major(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT current_setting('server_version_num')::int / 10000").fetchone()
    return int(row[0]) if row else REFERENCE_MAJOR


def drop_volatile_attoptions(lines: list[str]) -> list[str]:
    """Dump lines without the `pg_attver` attribute option (a line that sets only it goes)."""
    out = []
    for line in lines:
        if "pg_attver=" not in line:
            out.append(line)
        elif not _ATTVER_ONLY.match(line):
            out.append(_ATTVER_ITEM.sub(lambda m: ", " if m.group(1) and m.group(2) else "", line))
    return out


def without_maintain(text: str) -> str:
    """Privilege lists as a server before 17 writes them."""
    return text.replace(", MAINTAIN", "").replace("MAINTAIN, ", "")


def comparable(name: str, text: str, major: int) -> str | None:
    """`text` of document `name` in the form that can be compared on server `major`; None when
    the document cannot be compared on that version (it is generated on REFERENCE_MAJOR)."""
    if major == REFERENCE_MAJOR:
        return text
    if name not in VERSION_INDEPENDENT:
        return None
    return without_maintain(text) if major < MAINTAIN_SINCE else text

"""Version-aware comparisons (tenantdb.compat): what differs between PostgreSQL majors is
adjusted or left out, and nothing else. The PostgreSQL 15 cases are the differences issue 17
found on Debian 12's 15 (MAINTAIN, pg_attver, deparsed function bodies)."""

from __future__ import annotations

from tenantdb.compat import REFERENCE_MAJOR, comparable, drop_volatile_attoptions, server_major
from tenantdb.schema_dump import normalize_dump

OWNER_18 = "| `tenantdb_owner` | SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, MAINTAIN |"
OWNER_15 = "| `tenantdb_owner` | SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER |"


def test_the_reference_version_compares_everything_byte_for_byte():
    for name in ("policies.md", "schema.sql", "erd.svg"):
        assert comparable(name, OWNER_18, REFERENCE_MAJOR) == OWNER_18


def test_before_17_the_owner_lacks_maintain_and_nothing_else_differs():
    assert comparable("policies.md", OWNER_18, 15) == comparable("policies.md", OWNER_15, 15)
    assert comparable("policies.md", OWNER_18, 17) != comparable("policies.md", OWNER_15, 17)
    other = OWNER_15.replace("TRIGGER", "TRIGGER, TRUNCATE")
    assert comparable("policies.md", other, 15) != comparable("policies.md", OWNER_18, 15)


def test_the_dump_is_compared_only_on_the_reference_version():
    assert comparable("schema.sql", "UPDATE app.auth_tokens AS t", 15) is None
    assert comparable("schema.sql", "x", REFERENCE_MAJOR) == "x"


def test_pg_attver_attribute_options_are_not_schema():
    lines = ["ALTER TABLE ONLY app.users ALTER COLUMN id SET (pg_attver=38747672);",
             "ALTER TABLE ONLY app.users ALTER COLUMN email SET (n_distinct=100, pg_attver=1);",
             "ALTER TABLE ONLY app.users ALTER COLUMN email SET (pg_attver=1, n_distinct=100);",
             "ALTER TABLE ONLY app.users ALTER COLUMN id SET STATISTICS 500;"]
    assert drop_volatile_attoptions(lines) == [
        "ALTER TABLE ONLY app.users ALTER COLUMN email SET (n_distinct=100);",
        "ALTER TABLE ONLY app.users ALTER COLUMN email SET (n_distinct=100);",
        "ALTER TABLE ONLY app.users ALTER COLUMN id SET STATISTICS 500;"]
    assert "pg_attver" not in normalize_dump(lines[0] + "\nCREATE TABLE x ();\n")


def test_the_server_major_version_is_read_from_the_server(tenantdb):
    with tenantdb.connect("postgres") as conn:
        assert server_major(conn) >= 15

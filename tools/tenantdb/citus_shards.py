"""Privileges the shards need that Citus does not give them (docs/scale-out.md, Session 4).

    granted, error = grant_column_writes_on_shards(conn)   # part of `tenantdb citus distribute`

Citus creates each shard with the distributed table's *table-level* grants only; column-level
grants (``GRANT INSERT (title, ...) ON app.conversations TO tenantdb_app``, the project's write
design: security/column_write_grants) never reach the shards. And the coordinator sends every
INSERT to the shard with the full column list, defaults filled in (measured:
``INSERT INTO app.conversations_102892 (tenant_id, id, user_id, title, status, share_enabled,
created_at, updated_at) ...``), so even a grant of the written columns would not do. Every write
by ``tenantdb_app`` to a table with column grants (a student sending a message, starting a
conversation) failed 42501 "permission denied for table <shard>" on the worker.

The column privileges are checked where the client's statement is planned: on the coordinator,
against the distributed table, whose column grants Citus keeps (a student's INSERT naming
``share_enabled`` is refused there, before any shard is reached). So each shard of a table with
column grants gets the table-level privilege for every (privilege, grantee) that has a column
grant, which is what the coordinator's already-checked statements need. This holds only because
clients never connect to a worker (pg_hba.conf on the workers accepts the cluster's nodes only;
docs/scale-out.md "A coordinator and two workers"). Idempotent; run it again (re-run
`tenantdb citus distribute`) after `isolate_tenant_to_new_shard` or a split, whose new shards get
table-level grants only.
"""

from __future__ import annotations

from typing import Any

import psycopg

_COLUMN_GRANTS = """
SELECT a.attrelid::regclass::text,
       string_agg(DISTINCT format('GRANT %s ON %%1$s TO %I', x.privilege_type, x.grantee::regrole::text), '; ')
FROM pg_attribute a
JOIN pg_dist_partition p ON p.logicalrelid = a.attrelid AND p.partmethod = 'h'
CROSS JOIN LATERAL aclexplode(a.attacl) x
WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND a.attnum > 0
GROUP BY 1 ORDER BY 1"""


def shard_grant_commands(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """(distributed table, run_command_on_shards template) for every hash-distributed table with
    column grants: one GRANT <privilege> ON <shard> TO <grantee> per (privilege, grantee)."""
    return [(str(r[0]), str(r[1])) for r in conn.execute(_COLUMN_GRANTS).fetchall()]


def grant_column_writes_on_shards(conn: psycopg.Connection[Any]) -> tuple[bool, str | None]:
    """(done, error): give every shard the table-level form of its table's column grants."""
    failed: list[str] = []
    try:
        for table, template in shard_grant_commands(conn):
            rows = conn.execute("SELECT shardid, result FROM run_command_on_shards(%s, %s) WHERE NOT success",
                                (table, template)).fetchall()
            failed += [f"{table} shard {r[0]}: {r[1]}" for r in rows]
    except psycopg.Error as exc:
        failed.append(str(exc).splitlines()[0])
    return (not failed, "; ".join(failed) or None)

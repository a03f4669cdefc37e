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

from .proof import REFUSED, Recorder

KIND = "citus shard privileges"
#: Per hash-distributed table with column grants: the run_command_on_shards template that grants
#: their table-level form, the (privilege grantee) pairs it covers, and a template that answers,
#: per shard, 't' or 'f' for each pair in that order (has_table_privilege).
_COLUMN_GRANTS = """
WITH pairs AS (
  SELECT DISTINCT a.attrelid::regclass::text AS tbl, x.privilege_type AS priv, x.grantee::regrole::text AS grantee
  FROM pg_attribute a
  JOIN pg_dist_partition p ON p.logicalrelid = a.attrelid AND p.partmethod = 'h'
  CROSS JOIN LATERAL aclexplode(a.attacl) x
  WHERE a.attacl IS NOT NULL AND NOT a.attisdropped AND a.attnum > 0)
SELECT tbl,
       string_agg(format('GRANT %s ON %%1$s TO %I', priv, grantee), '; ' ORDER BY priv, grantee),
       array_agg(priv || ' ' || grantee ORDER BY priv, grantee),
       'SELECT concat_ws('','', ' || string_agg(format(
           'CASE WHEN has_table_privilege(%L, %L, %L) THEN ''t'' ELSE ''f'' END', grantee, '%1$s', priv),
           ', ' ORDER BY priv, grantee) || ')'
FROM pairs GROUP BY tbl ORDER BY tbl"""

#: The hint of every failure of prove_shard_privileges.
HINT = "run `tenantdb citus distribute --yes` (it gives the shards the table-level form of the column grants)"


def _column_grants(conn: psycopg.Connection[Any]) -> list[tuple[str, str, list[str], str]]:
    return [(str(r[0]), str(r[1]), list(r[2]), str(r[3])) for r in conn.execute(_COLUMN_GRANTS).fetchall()]


def shard_grant_commands(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """(distributed table, run_command_on_shards template) for every hash-distributed table with
    column grants: one GRANT <privilege> ON <shard> TO <grantee> per (privilege, grantee)."""
    return [(table, template) for table, template, _pairs, _check in _column_grants(conn)]


def prove_shard_privileges(conn: psycopg.Connection[Any], check: Recorder) -> None:
    """Part of `tenantdb prove` on a Citus coordinator (nothing on plain PostgreSQL): one check per
    shard placement, privilege and grantee that grant_column_writes_on_shards gives; a shard made
    by isolate_tenant_to_new_shard, a split or a move before the re-grant fails (writes to it are
    refused 42501). `check` is Proof.check; a missing grant fails closed (REFUSED)."""
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'citus'").fetchone() is None:
        return
    for table, _template, pairs, probe in _column_grants(conn):
        for shard, success, result in conn.execute(
                "SELECT shardid, success, result FROM run_command_on_shards(%s, %s)", (table, probe)).fetchall():
            if not success:
                check(KIND, False, f"{table} shard {shard}: its privileges could not be read ({result}); {HINT}",
                      subject=table)
                continue
            for pair, held in zip(pairs, str(result).split(","), strict=True):
                privilege, grantee = pair.split(" ", 1)
                check(KIND, held == "t", f"{table} shard {shard}: {grantee} lacks {privilege} on the shard; {HINT}",
                      subject=table, role=grantee, outcome=REFUSED)


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

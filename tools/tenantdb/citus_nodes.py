"""Per-node state a Citus cluster needs that Citus itself does not replicate (docs/scale-out.md).

    result = copy_signing_key_to_workers(conn)   # part of `tenantdb citus distribute`

The context HMAC is checked inside shard queries on the workers, where reading a reference table
is a distributed query Citus refuses. The plan change citus/node_local_key makes the key readers
use app_private.context_signing_key_on_node, a plain local table; this module creates and fills
each worker's copy from the coordinator's, over Citus's node-to-node connections
(run_command_on_workers: those connections must use TLS outside a test cluster). Idempotent: run
again after adding a worker.
"""

from __future__ import annotations

from typing import Any

import psycopg

#: Tables that stay local to every node: never distributed, never reference tables.
NODE_LOCAL_TABLES = ("app_private.context_signing_key_on_node",)
_KEY_TABLE = NODE_LOCAL_TABLES[0]


def copy_signing_key_to_workers(conn: psycopg.Connection[Any]) -> tuple[bool, str | None]:
    """(done, error): create and fill each worker's copy of the coordinator's node-local key. Done
    with nothing to do when the plan has no node-local key (citus/node_local_key not deployed)."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (_KEY_TABLE,)).fetchone()
    if not row or not row[0]:
        return True, None
    key = conn.execute(f"SELECT encode(inner_pad, 'hex'), encode(outer_pad, 'hex') FROM {_KEY_TABLE}").fetchone()
    if key is None:
        return False, f"{_KEY_TABLE} is empty on the coordinator"
    inner, outer = str(key[0]), str(key[1])
    commands = [
        f"CREATE TABLE IF NOT EXISTS {_KEY_TABLE} (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), "
        "inner_pad bytea NOT NULL, outer_pad bytea NOT NULL)",
        f"ALTER TABLE {_KEY_TABLE} OWNER TO tenantdb_owner",
        f"REVOKE ALL ON {_KEY_TABLE} FROM PUBLIC",
        f"COMMENT ON TABLE {_KEY_TABLE} IS 'Citus only (citus/node_local_key): this node''s own copy of "
        "app_private.context_signing_key, filled by tenantdb citus distribute. Owner only.'",
        f"INSERT INTO {_KEY_TABLE} (inner_pad, outer_pad) VALUES (decode('{inner}', 'hex'), decode('{outer}', 'hex')) "
        "ON CONFLICT (singleton) DO UPDATE SET inner_pad = EXCLUDED.inner_pad, outer_pad = EXCLUDED.outer_pad",
    ]
    for command in commands:
        failed = conn.execute("SELECT nodename || ':' || nodeport || ': ' || result FROM run_command_on_workers(%s) "
                              "WHERE NOT success", (command,)).fetchall()
        if failed:
            return False, "; ".join(str(r[0]) for r in failed)
    return True, None

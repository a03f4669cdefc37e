"""Some demo conversations belong to a workspace: the second conversation of each student who
is a member of a workspace goes into the first workspace listing them (so their messages follow
that workspace's chat_history_days). Runs after `workspaces`; an UPDATE only where the value
differs, so a second run (or a database seeded before conversations had workspaces) converges
to the same rows. A database of an older release (no conversations.workspace_id) gets nothing."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor

from . import DemoTenant
from .conversations import conversation_id
from .identity import user_id
from .workspaces import WORKSPACES, workspace_id


def attached(tenant: DemoTenant) -> list[tuple[str, str]]:
    """(conversation id, workspace id) of the tenant's demo conversations in a workspace."""
    first: dict[int, int] = {}
    for w, (_, members) in enumerate(WORKSPACES):
        for role, n, _member_role in members:
            if role == "student":
                first.setdefault(n, w)
    return [(conversation_id(tenant, user_id(tenant, "student", n), 1), workspace_id(tenant, w))
            for n, w in sorted(first.items())]


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    cur.execute("SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = 'app.conversations'::regclass"
                " AND attname = 'workspace_id' AND NOT attisdropped)")
    row = cur.fetchone()
    if not (row and row[0]):
        return  # a database of a release before conversations/workspace (seeded, then upgraded)
    cur.executemany(
        "UPDATE app.conversations SET workspace_id = %s"
        " WHERE tenant_id = %s AND id = %s AND workspace_id IS DISTINCT FROM %s",
        [(ws, tenant.id, cid, ws) for cid, ws in attached(tenant)])

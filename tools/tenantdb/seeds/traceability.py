"""Links between conversations and artifacts: the first student's and the first educator's
first conversations, each linked to an artifact of the "Capstone projects" workspace, where
both are members (student 1 editor, educator 1 owner)."""

from __future__ import annotations

from typing import Any

from psycopg import Cursor

from . import DemoTenant, at, stable_id
from .conversations import conversation_id
from .identity import user_id
from .workspaces import artifact_id, workspace_id


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    links = []
    for n, (role, relation) in enumerate((("student", "created_from"), ("educator", "references"))):
        owner = user_id(tenant, role, 1)
        conversation = conversation_id(tenant, owner, 0)
        links.append((tenant.id, stable_id(tenant, "conversation_artifact", n), conversation, owner,
                      stable_id(tenant, f"message:{conversation}", 1), artifact_id(tenant, 0, n), workspace_id(tenant, 0),
                      relation, at(days=-5, minutes=n)))
    cur.executemany(
        "INSERT INTO app.conversation_artifacts (tenant_id, id, conversation_id, user_id, message_id, artifact_id,"
        " workspace_id, relation, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        links,
    )

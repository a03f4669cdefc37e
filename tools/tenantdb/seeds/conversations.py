"""AI coach conversations: two per student and one per educator, six messages each; the first
student's first conversation is shared with a demo token (only its hash is stored)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from psycopg import Cursor

from . import DemoTenant, at, stable_id
from .identity import people

TOPICS = ("Fractions homework", "Exam preparation", "Linear equations", "Study plan")


def demo_share_token(tenant: DemoTenant) -> str:
    """The share token of the tenant's one shared demo conversation (demo data, not a secret)."""
    return f"demo-share-{tenant.slug}"


def conversation_id(tenant: DemoTenant, owner: str, n: int) -> str:
    return stable_id(tenant, f"conversation:{owner}", n)


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    owners = [p for p in people(tenant) if p["role"] in ("student", "educator")]
    conversations, messages = [], []
    for i, person in enumerate(owners):
        count = 2 if person["role"] == "student" else 1
        for n in range(count):
            cid = conversation_id(tenant, person["id"], n)
            shared = i == 0 and n == 0
            token_hash = hashlib.sha256(demo_share_token(tenant).encode()).digest() if shared else None
            started = at(days=-10 + n, hours=i)
            conversations.append((tenant.id, cid, person["id"], TOPICS[(i + n) % len(TOPICS)], "active",
                                  token_hash, shared, started, started))
            for k in range(6):
                role = "user" if k % 2 == 0 else "assistant"
                messages.append((
                    tenant.id, stable_id(tenant, f"message:{cid}", k), cid, person["id"], role,
                    f"{'Question' if role == 'user' else 'Answer'} {k // 2 + 1} about {TOPICS[(i + n) % len(TOPICS)].lower()}.",
                    json.dumps([{"document": "demo-handbook", "page": k + 1}] if role == "assistant" else []),
                    ["mathematics"] if role == "assistant" else [],
                    1 if role == "assistant" and k == 1 else None,
                    40 + k, 120 if role == "assistant" else 0, "0.000420" if role == "assistant" else "0",
                    at(days=-10 + n, hours=i, minutes=k),
                ))
    cur.executemany(
        "INSERT INTO app.conversations (tenant_id, id, user_id, title, status, share_token_sha256, share_enabled,"
        " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        conversations,
    )
    cur.executemany(
        "INSERT INTO app.messages (tenant_id, id, conversation_id, user_id, role, content, citations, domains,"
        " feedback_score, input_tokens, output_tokens, cost_usd, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        messages,
    )

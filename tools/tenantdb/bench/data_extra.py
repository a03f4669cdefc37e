"""Rows of the tables the user-facing paths of issue 13 read: workspaces (with members, settings,
agents, workflows and artifacts), login sessions and API tokens. Deterministic like data.py.

Each WORKSPACE_MEMBERS students of a tenant share one workspace (student s is a member of
workspace s % W; student w < W its owner, every fifth other one an editor), which has SETTINGS settings, AGENTS agents,
WORKFLOWS workflows and ARTIFACTS artifacts. Every student has SESSIONS_PER_USER login sessions
and TOKENS_PER_USER API token (purpose api, not single-use, so consuming it is repeatable; its
plaintext is :func:`tenantdb.bench.ids.api_token`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from .ids import _TenantRows, api_token, bench_id

WORKSPACE_MEMBERS = 25
SETTINGS = (("ui.theme", '"dark"'), ("ai.model", '"bench-model"'), ("notify.email", "true"), ("locale", '"en"'))
AGENTS = (("Analyst", "analyst"), ("Architect", "architect"), ("Tester", "tester"))
WORKFLOWS = ("Discovery", "Delivery")
ARTIFACTS = 12
ARTIFACT_TYPES = ("prd", "user_story", "design", "test_plan")
SESSIONS_PER_USER = 2
TOKENS_PER_USER = 1
FAR_FUTURE = "2099-01-01 00:00:00+00"

EXTRA_TABLES = {
    "app.workspaces": "tenant_id, id, name, created_by, created_at, updated_at",
    "app.workspace_members": "tenant_id, id, workspace_id, user_id, member_role",
    "app.workspace_settings": "tenant_id, id, workspace_id, setting_key, setting_value",
    "app.agents": "tenant_id, id, workspace_id, name, agent_role, model",
    "app.workflows": "tenant_id, id, workspace_id, name, status",
    "app.artifacts": "tenant_id, id, workspace_id, created_by, name, artifact_type, metadata, created_at, updated_at",
    "app.user_sessions": "tenant_id, id, user_id, created_at, last_accessed_at, expires_at, user_agent, client_ip",
    "app.auth_tokens": "tenant_id, id, user_id, purpose, token_sha256, single_use, created_at, expires_at",
}


def workspaces_per_tenant(students: int) -> int:
    return max(1, students // WORKSPACE_MEMBERS)


def _workspaces(g: _TenantRows) -> Iterator[str]:
    for w in range(workspaces_per_tenant(g.students)):
        ts = g.msg_times[w % 300]
        yield f"{g.tid}\t{bench_id('workspace', g.t, w)}\tWorkspace {w + 1}\t{g.user(w)}\t{ts}\t{ts}\n"


def _workspace_members(g: _TenantRows) -> Iterator[str]:
    count = workspaces_per_tenant(g.students)
    for s in range(g.students):
        role = "owner" if s < count else "editor" if s % 5 == 0 else "viewer"
        yield f"{g.tid}\t{bench_id('member', g.t, s)}\t{bench_id('workspace', g.t, s % count)}\t{g.user(s)}\t{role}\n"


def _workspace_settings(g: _TenantRows) -> Iterator[str]:
    for w in range(workspaces_per_tenant(g.students)):
        for k, (key, value) in enumerate(SETTINGS):
            yield f"{g.tid}\t{bench_id('setting', g.t, w * 8 + k)}\t{bench_id('workspace', g.t, w)}\t{key}\t{value}\n"


def _agents(g: _TenantRows) -> Iterator[str]:
    for w in range(workspaces_per_tenant(g.students)):
        for k, (name, role) in enumerate(AGENTS):
            yield (f"{g.tid}\t{bench_id('agent', g.t, w * 4 + k)}\t{bench_id('workspace', g.t, w)}\t{name}\t{role}\t"
                   "bench-model\n")


def _workflows(g: _TenantRows) -> Iterator[str]:
    for w in range(workspaces_per_tenant(g.students)):
        for k, name in enumerate(WORKFLOWS):
            yield f"{g.tid}\t{bench_id('workflow', g.t, w * 4 + k)}\t{bench_id('workspace', g.t, w)}\t{name}\tactive\n"


def _artifacts(g: _TenantRows) -> Iterator[str]:
    for w in range(workspaces_per_tenant(g.students)):
        for a in range(ARTIFACTS):
            ts = g.msg_times[(w + a * 10) % 300]
            yield (f"{g.tid}\t{bench_id('artifact', g.t, w * 16 + a)}\t{bench_id('workspace', g.t, w)}\t{g.user(w)}\t"
                   f"Artifact {a + 1}\t{ARTIFACT_TYPES[a % len(ARTIFACT_TYPES)]}\t{{\"tag\": \"sprint-{a % 6}\"}}\t{ts}\t{ts}\n")


def _user_sessions(g: _TenantRows) -> Iterator[str]:
    for s in range(g.students):
        for k in range(SESSIONS_PER_USER):
            yield (f"{g.tid}\t{bench_id('user_session', g.t, s * SESSIONS_PER_USER + k)}\t{g.user(s)}\t"
                   f"{g.msg_times[k * 50]}\t{g.msg_times[k * 50 + 10]}\t{FAR_FUTURE}\tbench-browser/1.0\t10.0.0.1\n")


def _auth_tokens(g: _TenantRows) -> Iterator[str]:
    for s in range(g.students):
        digest = hashlib.sha256(api_token(g.t, s).encode()).hexdigest()
        yield (f"{g.tid}\t{bench_id('auth_token', g.t, s)}\t{g.user(s)}\tapi\t\\\\x{digest}\tf\t{g.msg_times[0]}\t"
               f"{FAR_FUTURE}\n")


EXTRA_GENERATORS: dict[str, Callable[[_TenantRows], Iterator[str]]] = {
    "app.workspaces": _workspaces, "app.workspace_members": _workspace_members,
    "app.workspace_settings": _workspace_settings, "app.agents": _agents, "app.workflows": _workflows,
    "app.artifacts": _artifacts, "app.user_sessions": _user_sessions, "app.auth_tokens": _auth_tokens,
}


def extra_table_rows(table: str, students_per_tenant: list[int]) -> int:
    """Rows of one of EXTRA_TABLES for these tenants."""
    students = sum(students_per_tenant)
    workspaces = sum(workspaces_per_tenant(c) for c in students_per_tenant)
    return {
        "app.workspaces": workspaces, "app.workspace_members": students,
        "app.workspace_settings": workspaces * len(SETTINGS), "app.agents": workspaces * len(AGENTS),
        "app.workflows": workspaces * len(WORKFLOWS), "app.artifacts": workspaces * ARTIFACTS,
        "app.user_sessions": students * SESSIONS_PER_USER, "app.auth_tokens": students * TOKENS_PER_USER,
    }[table]


def workspace_people(students: int, s: int) -> tuple[int, int, int]:
    """Student s's workspace w, its owner (student w) and a member the owner manages (student
    w + W, never the owner; the owner again in a tenant of one student)."""
    count = workspaces_per_tenant(students)
    w = s % count
    return w, w, w + count if w + count < students else w

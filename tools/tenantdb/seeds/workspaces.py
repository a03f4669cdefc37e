"""Workspaces and their content, integrations and retention settings, per tenant:

* three workspaces: "Capstone projects" (educator 1 owner, student 1 editor, coach 1 viewer),
  "Study group" (student 1 owner, coach 1 editor, educator 1 viewer, student 2 viewer) and
  "Staff room" (admin and educator 2 only) and "Coaching circle" (coach 1 owner, student 3
  editor), so every person role is owner somewhere, and there are workspaces each is not in;
* per workspace a setting, an AI configuration block, two agents and one workflow of three ordered phases (two run by agents);
* two artifacts per workspace with three versions each;
* the tenant's GitHub integration settings, and one GitHub connection (linked to Capstone
  projects in workspace_integrations, with its sync_status) whose demo token (``demo_github_token``) is stored encrypted with the
  key from TENANTDB_CREDENTIAL_KEYS (the public dev key by default);
* twelve sync logs of Capstone projects, a week apart from the seed epoch (some older than the policy);
* the tenant's retention policy (keep 2 artifact versions, sync logs 60 days) and one workspace
  override (Study group keeps 1 version).

Membership inserts are audited by the triggers, so app.audit_log gets rows here too.
"""

from __future__ import annotations

from typing import Any

from psycopg import Cursor
from psycopg.types.json import Jsonb

from ..credentials import Keyring, encrypt
from . import DemoTenant, at, stable_id
from .identity import user_id

WORKSPACES = (
    ("Capstone projects", (("educator", 1, "owner"), ("student", 1, "editor"), ("coach", 1, "viewer"))),
    ("Study group", (("student", 1, "owner"), ("coach", 1, "editor"), ("educator", 1, "viewer"),
                     ("student", 2, "viewer"))),
    ("Staff room", (("admin", 1, "owner"), ("educator", 2, "editor"))),
    ("Coaching circle", (("coach", 1, "owner"), ("student", 3, "editor"))),
)
AGENTS = (("Analyst", "analyst"), ("Architect", "architect"))
#: (name, index into AGENTS or None for a human step, status)
PHASES = (("Requirements", 0, "done"), ("Architecture", 1, "running"), ("Review", None, "pending"))
ARTIFACT_TYPES = ("prd", "architecture", "user_story", "test_plan", "design", "code")


def workspace_id(tenant: DemoTenant, n: int) -> str:
    return stable_id(tenant, "workspace", n)


def artifact_id(tenant: DemoTenant, ws: int, n: int) -> str:
    return stable_id(tenant, f"artifact:{ws}", n)


def connection_id(tenant: DemoTenant) -> str:
    return stable_id(tenant, "connection:github", 1)


def demo_github_token(tenant: DemoTenant) -> str:
    """Plaintext of the tenant's demo credential (demo data, not a secret): tests prove it is
    nowhere in the database or a dump."""
    return f"ghp_demo_{tenant.slug}_0123456789abcdef"


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
    for w, (name, members) in enumerate(WORKSPACES):
        wid = workspace_id(tenant, w)
        cur.execute(
            "INSERT INTO app.workspaces (tenant_id, id, name, description, created_by, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
            (tenant.id, wid, name, f"{name} of {tenant.name}", user_id(tenant, members[0][0], members[0][1]),
             at(days=-20 + w), at(days=-20 + w)))
        cur.executemany(
            "INSERT INTO app.workspace_members (tenant_id, id, workspace_id, user_id, member_role, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
            [(tenant.id, stable_id(tenant, f"member:{w}", k), wid, user_id(tenant, role, n), member_role,
              at(days=-20 + w, minutes=k), at(days=-20 + w, minutes=k))
             for k, (role, n, member_role) in enumerate(members)])
        cur.execute(
            "INSERT INTO app.workspace_settings (tenant_id, id, workspace_id, setting_key, setting_value, created_at, updated_at)"
            " VALUES (%s, %s, %s, 'ui.default_view', %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
            (tenant.id, stable_id(tenant, "workspace_setting", w), wid, Jsonb("board" if w % 2 else "list"),
             at(days=-20 + w), at(days=-20 + w)))
        cur.execute(
            "INSERT INTO app.workspace_configs (tenant_id, id, workspace_id, config_type, config, created_at, updated_at)"
            " VALUES (%s, %s, %s, 'ai', %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
            (tenant.id, stable_id(tenant, "workspace_config", w), wid, Jsonb({"model": "demo-model-1", "temperature": 0.2}),
             at(days=-20 + w), at(days=-20 + w)))
        for g, (agent_name, agent_role) in enumerate(AGENTS):
            cur.execute(
                "INSERT INTO app.agents (tenant_id, id, workspace_id, name, agent_role, model, instructions, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s, 'demo-model-1', %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
                (tenant.id, stable_id(tenant, f"agent:{w}", g), wid, agent_name, agent_role,
                 f"You are the {agent_name.lower()} of {name}.", at(days=-20 + w, hours=1), at(days=-20 + w, hours=1)))
        flow = stable_id(tenant, "workflow", w)
        cur.execute(
            "INSERT INTO app.workflows (tenant_id, id, workspace_id, name, description, status, created_at, updated_at)"
            " VALUES (%s, %s, %s, 'Idea to release', 'From requirements to a reviewed deliverable.', 'active', %s, %s)"
            " ON CONFLICT (tenant_id, id) DO NOTHING", (tenant.id, flow, wid, at(days=-20 + w, hours=2), at(days=-20 + w, hours=2)))
        cur.executemany(
            "INSERT INTO app.phases (tenant_id, id, workflow_id, workspace_id, position, name, agent_id, status, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
            [(tenant.id, stable_id(tenant, f"phase:{flow}", p), flow, wid, p, phase_name,
              stable_id(tenant, f"agent:{w}", agent) if agent is not None else None, status,
              at(days=-20 + w, hours=2, minutes=p), at(days=-20 + w, hours=2, minutes=p))
             for p, (phase_name, agent, status) in enumerate(PHASES, start=1)])
        author = user_id(tenant, members[0][0], members[0][1])
        for a in range(2):
            aid = artifact_id(tenant, w, a)
            cur.execute(
                "INSERT INTO app.artifacts (tenant_id, id, workspace_id, created_by, name, artifact_type, file_path, status,"
                " github_sync_status, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (tenant_id, id) DO NOTHING",
                (tenant.id, aid, wid, author, f"{name}: item {a + 1}", ARTIFACT_TYPES[(w * 2 + a) % 6],
                 f"docs/{ARTIFACT_TYPES[(w * 2 + a) % 6]}-{w}-{a}.md",
                 "draft" if a == 0 else "published", "pending" if a == 0 else "synced",
                 at(days=-19 + w, hours=a), at(days=-19 + w, hours=a)))
            cur.executemany(
                "INSERT INTO app.artifact_versions (tenant_id, id, artifact_id, workspace_id, version_number, content,"
                " change_note, created_by, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (tenant_id, id) DO NOTHING",
                [(tenant.id, stable_id(tenant, f"artifact_version:{aid}", v), aid, wid, v,
                  f"# {name}: item {a + 1}\n\nDraft {v}.", f"version {v}", author, at(days=-19 + w + v, hours=a))
                 for v in range(1, 4)])
    cid = connection_id(tenant)
    exists = cur.execute("SELECT 1 FROM app.external_connections WHERE tenant_id = %s AND id = %s",
                         (tenant.id, cid)).fetchone()
    if not exists:  # encrypt only for a new row: ciphertexts are randomised (fresh nonce)
        key_id, blob = encrypt(Keyring.from_env(), tenant.id, cid, demo_github_token(tenant))
        cur.execute(
            "INSERT INTO app.external_connections (tenant_id, id, workspace_id, service_type, display_name,"
            " service_config, credential_key_id, credential_ciphertext, created_by, created_at, updated_at)"
            " VALUES (%s, %s, %s, 'github', 'Capstone repository', %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (tenant_id, id) DO NOTHING",
            (tenant.id, cid, workspace_id(tenant, 0), Jsonb({"repository": f"https://github.com/{tenant.slug}-demo/capstone",
                                                            "branch": "main"}),
             key_id, blob, user_id(tenant, "admin", 1),
             at(days=-25), at(days=-25)))
    cur.execute(
        "INSERT INTO app.integration_configs (tenant_id, id, service_type, config, created_at, updated_at)"
        " VALUES (%s, %s, 'github', %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        (tenant.id, stable_id(tenant, "integration_config", "github"), Jsonb({"app_slug": f"{tenant.slug}-tenantdb-demo"}),
         at(days=-26), at(days=-26)))
    cur.execute(
        "INSERT INTO app.workspace_integrations (tenant_id, id, workspace_id, connection_id, integration_status,"
        " last_sync_at, sync_metadata, created_at, updated_at) VALUES (%s, %s, %s, %s, 'active', %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        (tenant.id, stable_id(tenant, "workspace_integration", 0), workspace_id(tenant, 0), cid, at(days=77),
         Jsonb({"last_commit": "0123abc"}), at(days=-25), at(days=-25)))
    cur.execute(
        "INSERT INTO app.sync_status (tenant_id, id, workspace_id, service_type, sync_state, last_synced_at,"
        " created_at, updated_at) VALUES (%s, %s, %s, 'github', 'idle', %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        (tenant.id, stable_id(tenant, "sync_status", 0), workspace_id(tenant, 0), at(days=77), at(days=-25), at(days=-25)))
    cur.executemany(
        "INSERT INTO app.sync_logs (tenant_id, id, workspace_id, artifact_id, connection_id, operation_type, service_type,"
        " status, operation_details, error_message, created_at) VALUES (%s, %s, %s, %s, %s, %s, 'github', %s, %s, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        [(tenant.id, stable_id(tenant, "sync_log", k), workspace_id(tenant, 0), artifact_id(tenant, 0, k % 2), cid,
          ("save", "publish", "sync_from_git")[k % 3], "failed" if k % 5 == 4 else "success",
          Jsonb({"files": 1 + k % 3}), "GitHub rate limit, will retry" if k % 5 == 4 else None, at(days=7 * k))
         for k in range(12)])
    cur.execute(
        "INSERT INTO app.retention_policies (tenant_id, id, workspace_id, chat_history_days, artifact_versions_to_keep,"
        " interactions_days, sync_logs_days, created_at, updated_at) VALUES (%s, %s, NULL, 365, 2, 365, 60, %s, %s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        (tenant.id, stable_id(tenant, "retention_policy", 0), at(days=-30), at(days=-30)))
    cur.execute(
        "INSERT INTO app.retention_policies (tenant_id, id, workspace_id, artifact_versions_to_keep, created_at, updated_at)"
        " VALUES (%s, %s, %s, 1, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        (tenant.id, stable_id(tenant, "retention_policy", 1), workspace_id(tenant, 1), at(days=-30), at(days=-30)))

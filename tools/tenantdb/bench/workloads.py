"""The workloads of sql/bench/workloads.toml (RLS and floor variants) and the actors they act as."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from ..context import SET_CONTEXT_SQL
from ..database import scalar
from ..errors import BadInput, TenantDBError
from ..settings import APP_ROLE, SERVICE_ROLE, project_root
from .data import WORKLOADS_FILE


@dataclass(frozen=True)
class Workload:
    name: str
    what: str
    kind: str
    role: str
    actor: str
    tables: tuple[str, ...]
    table: str
    rls: str
    floor: str
    plan: bool = True
    #: Columns the RLS plan must use as index conditions on `table` next to tenant_id.
    index_on: tuple[str, ...] = ()
    #: Why today's plan cannot meet the plan check (the test expects the failure).
    known_plan_exception: str | None = None
    tenant_size: bool = False  # measured for a student of the largest versus of small tenants
    client: bool = False       # measured as a token-verified tenantdb_client login too
    concurrency: bool = False  # pgbench at 1, 5 and 10 clients
    #: Why a tenant_size workload's plan cannot yet read an index led by its filter for a student of
    #: the largest tenant (the leading-index test expects the failure).
    known_leading_index_exception: str | None = None

    @property
    def rls_role(self) -> str:
        return APP_ROLE if self.role == "app" else SERVICE_ROLE

    @property
    def writes(self) -> bool:
        return self.kind == "write"


def load_workloads(path: Path | None = None) -> list[Workload]:
    path = path or project_root() / WORKLOADS_FILE
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(f"cannot read the workloads in {path}: {exc}") from exc
    out = []
    for i, raw in enumerate(data.get("workload", []), start=1):
        missing = {"name", "what", "kind", "role", "actor", "tables", "table", "rls", "floor"} - raw.keys()
        if missing:
            raise BadInput(f"workload #{i} in {path} lacks {', '.join(sorted(missing))}")
        if raw["role"] not in ("app", "service") or raw["actor"] not in ACTOR_USER:
            raise BadInput(f"workload {raw['name']} in {path}: role must be app|service, actor {'|'.join(ACTOR_USER)}")
        out.append(Workload(raw["name"], raw["what"], raw["kind"], raw["role"], raw["actor"], tuple(raw["tables"]),
                            raw["table"], raw["rls"].strip(), raw["floor"].strip(), bool(raw.get("plan", True)),
                            tuple(raw.get("index_on", ())), raw.get("known_plan_exception"),
                            bool(raw.get("tenant_size", False)), bool(raw.get("client", False)),
                            bool(raw.get("concurrency", False)), raw.get("known_leading_index_exception")))
    return out


def available(conn: psycopg.Connection, workloads: list[Workload]) -> tuple[list[Workload], dict[str, str]]:
    """The workloads whose tables exist, and why the others were skipped."""
    ok, skipped = [], {}
    for w in workloads:
        missing = [t for t in w.tables if scalar(conn, "SELECT to_regclass(%s)", (t,)) is None]
        if missing:
            skipped[w.name] = f"needs {', '.join(missing)}, which this schema does not have yet"
        else:
            ok.append(w)
    return ok, skipped


CONTEXT_SQL = SET_CONTEXT_SQL
ACTOR_COLUMNS = ("n", "tenant_id", "user_id", "educator_id", "lti_user_id", "learner_id", "conversation_id",
                 "write_conversation_id",
                 "email", "course_code", "document_id", "query_embedding", "workspace_id", "workspace_owner_id",
                 "workspace_member_id", "session_id", "api_token",
                 "cohort", "search_word", "title_pattern")


def read_actors(conn: psycopg.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT {', '.join(ACTOR_COLUMNS)} FROM bench.actors ORDER BY n").fetchall()
    if not rows:
        raise TenantDBError("bench.actors is empty: load data first (tenantdb bench load)")
    return [{k: (str(v) if k != "n" else v) for k, v in zip(ACTOR_COLUMNS, row, strict=True)} for row in rows]


#: Whose id goes into the context, per workload actor: the student, an educator of their tenant,
#: or the owner of their workspace.
ACTOR_USER = {"student": "user_id", "educator": "educator_id", "owner": "workspace_owner_id"}


def context_user(w: Workload, actor: dict[str, Any]) -> str:
    return str(actor[ACTOR_USER[w.actor]])



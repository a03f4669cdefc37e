"""The per-change migration cycle, cut into segments of the plan that can run on different
xdist workers (tests/test_migrations.py).

A segment is a run of consecutive changes. Each starts from a database deployed by Sqitch, from
an empty database, exactly up to the change before the segment: one template per segment,
built once per schema version by deploying the plan step by step and cloning at every segment
start (``tenantdb_seg_<fingerprint>_<nn>``, kept across runs like the test template).

Changes that alter cluster-wide role state when deployed or reverted (CREATE/ALTER/DROP ROLE,
role membership, COMMENT ON ROLE: found by reading their scripts, so a new one is picked up)
get segments of their own: only those hold the cluster-roles lock exclusively, and only for
the few seconds their cycle takes. Every other segment holds it shared, beside the other tests
that only read role state."""

from __future__ import annotations

import re
from dataclasses import dataclass

from psycopg import sql

from tenantdb.backend import Backend
from tenantdb.database import admin_connect, clone_database, drop_database, ensure_database, schema_fingerprint
from tenantdb.settings import project_root
from tenantdb.sqitch import plan_changes, run_sqitch
from tenantdb.testing import CLONE_STRATEGY

#: At most this many changes in a segment without role changes. Smaller segments balance the
#: workers better; each costs a clone, a redeploy and a verify more.
SEGMENT_SIZE = 16

#: Statements that change cluster-wide role state (roles are shared by every database).
#: `ALTER ROLE ... IN DATABASE` is per database and does not count.
_ROLE_STATEMENT = re.compile(
    r"\b(CREATE|DROP)\s+ROLE\s|\bALTER\s+ROLE\s+(?![^;]*\bIN\s+DATABASE\b)|\bCOMMENT\s+ON\s+ROLE\s"
    r"|\bGRANT\s+tenantdb_\w+\s+TO\s|\bREVOKE\s+tenantdb_\w+\s+FROM\s",
    re.IGNORECASE)

SEGMENT_PREFIX = "tenantdb_seg_"
READY_MARK = "tenantdb migration segment start: ready"


def _code(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))


def changes_cluster_roles(change: str) -> bool:
    """Does deploying or reverting `change` alter cluster-wide role state?"""
    root = project_root()
    return any(_ROLE_STATEMENT.search(_code((root / kind / f"{change}.sql").read_text()))
               for kind in ("deploy", "revert"))


@dataclass(frozen=True)
class Segment:
    index: int
    start: int  # index in plan_changes() of the segment's first change
    changes: tuple[str, ...]
    changes_roles: bool

    @property
    def id(self) -> str:
        kind = "roles" if self.changes_roles else "plain"
        return f"{self.index:02d}-{kind}-{self.changes[0].replace('/', '.')}"


def plan_segments(changes: list[str] | None = None, size: int = SEGMENT_SIZE) -> list[Segment]:
    """Consecutive runs of role-changing changes, and runs of the others cut into pieces of at
    most `size` of nearly equal length. Together: every change of the plan once, in order."""
    changes = plan_changes() if changes is None else changes
    runs: list[tuple[bool, list[str]]] = []
    for change in changes:
        roles = changes_cluster_roles(change)
        if runs and runs[-1][0] == roles:
            runs[-1][1].append(change)
        else:
            runs.append((roles, [change]))
    segments: list[Segment] = []
    start = 0
    for roles, run in runs:
        pieces = 1 if roles else -(-len(run) // size)
        bounds = [round(i * len(run) / pieces) for i in range(pieces + 1)]
        for lo, hi in zip(bounds, bounds[1:], strict=False):
            segments.append(Segment(len(segments), start + lo, tuple(run[lo:hi]), roles))
        start += len(run)
    return segments


#: The segments of the current plan.
SEGMENTS = plan_segments()


def segment_template_names(segments: list[Segment]) -> list[str]:
    fingerprint = schema_fingerprint()[:12]
    return [f"{SEGMENT_PREFIX}{fingerprint}_{s.index:02d}" for s in segments]


def ensure_segment_templates(backend: Backend, segments: list[Segment]) -> list[str]:
    """The start database of every segment, built when missing. The caller holds the
    cluster-roles lock exclusively (the build deploys core/roles and the group changes), which
    also makes a second xdist worker wait for the first one's build and then reuse it."""
    names = segment_template_names(segments)
    with admin_connect(backend) as conn:
        rows = dict(conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s",
            (SEGMENT_PREFIX + "%",)).fetchall())
    if all(rows.get(name) == READY_MARK for name in names):
        return names
    for stale in rows:  # older schema versions, or a build that died half-way
        drop_database(backend, stale)
    build = names[0][:-2] + "build"
    drop_database(backend, build)
    ensure_database(backend, build)
    changes = plan_changes()
    try:
        for segment, name in zip(segments, names, strict=True):
            if segment.start > 0:
                result = run_sqitch(backend, "deploy", ["--to", changes[segment.start - 1]], dbname=build, capture=True)
                assert result.returncode == 0, f"deploying up to segment {segment.id} failed:\n{result.stdout}{result.stderr}"
            clone_database(backend, build, name, strategy=CLONE_STRATEGY)
        with admin_connect(backend) as conn:
            for name in names:
                conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(READY_MARK)))
    finally:
        drop_database(backend, build)
    return names

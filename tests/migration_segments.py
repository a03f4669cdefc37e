"""The per-change migration cycle, cut into segments of the plan that can run on different
xdist workers (tests/test_migrations.py).

Only the segments up to the release tag are cycled here, on empty databases; the changes after
it are cycled on the seeded database of the release (tests/test_upgrade.py), so each change is
cycled once. No segment crosses the tag. A segment is a run of consecutive changes. Each starts from a database deployed by Sqitch, from
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from psycopg import sql

from tenantdb.backend import Backend
from tenantdb.database import admin_connect, clone_database, drop_database, ensure_database, schema_fingerprint
from tenantdb.settings import project_root
from tenantdb.sqitch import change_target, plan_changes, plan_entries, run_sqitch
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

#: The attributes of a role that the plan's scripts set (ALTER ROLE ... [NO]LOGIN, ...).
_ROLE_FLAGS = {"rolcanlogin": "LOGIN", "rolinherit": "INHERIT", "rolbypassrls": "BYPASSRLS", "rolcreatedb": "CREATEDB",
               "rolcreaterole": "CREATEROLE", "rolreplication": "REPLICATION", "rolsuper": "SUPERUSER"}

SEGMENT_PREFIX = "tenantdb_seg_"
READY_MARK = "tenantdb migration segment start: ready"


def _code(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))


def changes_cluster_roles(change: str) -> bool:
    """Does deploying or reverting `change` alter cluster-wide role state?"""
    root = project_root()
    return any(_ROLE_STATEMENT.search(_code((root / kind / f"{change}.sql").read_text()))
               for kind in ("deploy", "revert"))


def plan_roles() -> list[str]:
    """The roles the plan creates (CREATE ROLE in a deploy script)."""
    found = {m.group(1) for f in (project_root() / "deploy").rglob("*.sql")
             for m in re.finditer(r"\bCREATE\s+ROLE\s+(\w+)", _code(f.read_text()), re.IGNORECASE)}
    return sorted(found)


RoleState = dict[str, tuple[dict[str, bool], str | None, list[str]]]


def role_state(backend: Backend) -> RoleState:
    """Per plan role: its attributes, its comment, the roles it is a member of."""
    flags = ", ".join(_ROLE_FLAGS)
    with admin_connect(backend) as conn:
        rows = conn.execute(
            f"SELECT r.rolname, {flags}, shobj_description(r.oid, 'pg_authid'),"
            " ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            "       WHERE m.member = r.oid ORDER BY 1)"
            " FROM pg_roles r WHERE r.rolname = ANY(%s) ORDER BY 1", (plan_roles(),)).fetchall()
    n = len(_ROLE_FLAGS)
    return {r[0]: (dict(zip(_ROLE_FLAGS, r[1:1 + n], strict=True)), r[1 + n], list(r[2 + n])) for r in rows}


@contextmanager
def cluster_roles_kept(backend: Backend) -> Iterator[None]:
    """Roles are shared by the whole cluster. A segment's cycle ends with its role change
    deployed, but a later change of the plan may set the same role otherwise (core/roles makes
    the groups LOGIN, security/group_roles NOLOGIN again): after the block, give the plan's roles
    back the attributes and comments they had before it, and check nothing else of them changed."""
    before = role_state(backend)
    try:
        yield
    finally:
        with admin_connect(backend) as conn:
            for role, (flags, comment, _) in before.items():
                options = " ".join(word if flags[column] else "NO" + word for column, word in _ROLE_FLAGS.items())
                conn.execute(sql.SQL("ALTER ROLE {} " + options).format(sql.Identifier(role)))
                conn.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(sql.Identifier(role), sql.Literal(comment)))
    assert role_state(backend) == before, "the cycle changed the plan's roles beyond their attributes and comments"


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


#: The first release: the changes up to it are cycled on empty databases (the segments below), the
#: changes after it on the seeded database of that release (tests/test_upgrade.py, `upgraded_v010`).
RELEASE_TAG = "@v0.1.0"


def _plan_lines() -> list[str]:
    """The plan's changes (as plan_changes() names each instance) and tags, in order."""
    return plan_entries()


def changes_up_to_tag(tag: str = RELEASE_TAG) -> list[str]:
    """The plan's changes up to and including the last one before `tag`."""
    lines = _plan_lines()
    assert tag in lines, f"tag {tag} is not in sqitch.plan"
    return [c for c in lines[:lines.index(tag)] if not c.startswith("@")]


def changes_after_tag(tag: str = RELEASE_TAG) -> list[str]:
    """The plan's changes after `tag`."""
    lines = _plan_lines()
    assert tag in lines, f"tag {tag} is not in sqitch.plan"
    return [c for c in lines[lines.index(tag) + 1:] if not c.startswith("@")]


def plan_segments(changes: list[str] | None = None, size: int = SEGMENT_SIZE,
                  boundary: int | None = None) -> list[Segment]:
    """Consecutive runs of role-changing changes, and runs of the others cut into pieces of at
    most `size` of nearly equal length; no run crosses `boundary` (a position in `changes`: by
    default the release tag's). Together: every change of the plan once, in order."""
    changes = plan_changes() if changes is None else changes
    boundary = len(changes_up_to_tag()) if boundary is None else boundary
    runs: list[tuple[bool, list[str]]] = []
    for i, change in enumerate(changes):
        roles = changes_cluster_roles(change)
        if runs and runs[-1][0] == roles and i != boundary:
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
#: The segments cycled on empty databases: the changes up to the release tag. The changes after it
#: are cycled once, on the seeded database of the release (tests/test_upgrade.py), which checks
#: the same (revert restores the exact schema, redeploy gives the same, sqitch verify) with data.
EMPTY_CYCLE_SEGMENTS = [s for s in SEGMENTS if s.start + len(s.changes) <= len(changes_up_to_tag())]


def segment_template_names(segments: list[Segment]) -> list[str]:
    fingerprint = schema_fingerprint()[:12]
    return [f"{SEGMENT_PREFIX}{fingerprint}_{s.index:02d}" for s in segments]


def ensure_segment_templates(backend: Backend, segments: list[Segment]) -> dict[int, str]:
    """The start database of every segment given (by segment index), built when missing. The caller holds the
    cluster-roles lock exclusively (the build deploys core/roles and the group changes), which
    also makes a second xdist worker wait for the first one's build and then reuse it."""
    names = segment_template_names(segments)
    with admin_connect(backend) as conn:
        rows = dict(conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s",
            (SEGMENT_PREFIX + "%",)).fetchall())
    if all(rows.get(name) == READY_MARK for name in names):
        return {s.index: name for s, name in zip(segments, names, strict=True)}
    for stale in rows:  # older schema versions, or a build that died half-way
        drop_database(backend, stale)
    build = names[0][:-2] + "build"
    drop_database(backend, build)
    ensure_database(backend, build)
    changes = plan_changes()
    try:
        for segment, name in zip(segments, names, strict=True):
            if segment.start > 0:
                result = run_sqitch(backend, "deploy", ["--to", change_target(changes[segment.start - 1])], dbname=build,
                                    capture=True)
                assert result.returncode == 0, f"deploying up to segment {segment.id} failed:\n{result.stdout}{result.stderr}"
            clone_database(backend, build, name, strategy=CLONE_STRATEGY)
        with admin_connect(backend) as conn:
            for name in names:
                conn.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(READY_MARK)))
    finally:
        drop_database(backend, build)
    return {s.index: name for s, name in zip(segments, names, strict=True)}

"""Forward deploy and rollback: deploy -> verify -> revert -> deploy leaves an identical schema,
and every single change of the plan reverts cleanly and redeploys. New changes are picked
up from sqitch.plan without edits here.

The per-change cycle runs as one test per segment of the plan up to @v0.1.0
(tests/migration_segments.py), so xdist spreads it over the workers (tests/conftest.py gives each
segment its own work unit); the changes after the tag are cycled on the seeded v0.1.0 database of
tests/test_upgrade.py instead (each change once; a test below checks that the two together are
the plan). Only
the segments of role changes and the test that deploys the whole plan from empty (core/roles
re-asserts LOGIN on the groups until security/group_roles) hold the cluster-roles lock
exclusively; the others hold it shared."""

from __future__ import annotations

from contextlib import nullcontext

import pytest

from migration_segments import (
    EMPTY_CYCLE_SEGMENTS,
    RELEASE_TAG,
    SEGMENTS,
    Segment,
    changes_after_tag,
    changes_up_to_tag,
    cluster_roles_kept,
    ensure_segment_templates,
)
from sqitch_snapshots import Snapshot, sqitch_with_snapshots
from tenantdb import settings
from tenantdb.database import clone_database, drop_database, ensure_database
from tenantdb.schema_dump import schema_dump
from tenantdb.sqitch import change_name, change_target, plan_changes, run_sqitch
from tenantdb.testing import CLONE_STRATEGY


@pytest.fixture
def empty_db(tenantdb, request):
    name = tenantdb.new_name(request.node.name)
    drop_database(tenantdb.backend, name)
    ensure_database(tenantdb.backend, name)
    yield name
    drop_database(tenantdb.backend, name)


@pytest.fixture(scope="session")
def segment_starts(tenantdb, cluster_roles) -> dict[int, str]:
    """Per segment cycled here (and the plan's last one, for the failed deploy), a template
    deployed by Sqitch from empty up to the change before it (built once per schema version,
    under the exclusive lock: the build deploys the role changes)."""
    with cluster_roles():
        return ensure_segment_templates(tenantdb.backend, [*EMPTY_CYCLE_SEGMENTS, SEGMENTS[-1]])


def clone_of_segment_start(tenantdb, segment_starts, segment: Segment, label: str):
    name = tenantdb.new_name(label)
    clone_database(tenantdb.backend, segment_starts[segment.index], name, strategy=CLONE_STRATEGY)
    return name


def snapshots(tenantdb, dbname, command, *args) -> list[Snapshot]:
    """One real `sqitch deploy`/`revert`, and the schema after each change's script (tests/sqitch_snapshots.py)."""
    result, taken = sqitch_with_snapshots(tenantdb.backend, dbname, command, *args)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return taken


def sqitch(tenantdb, dbname, command, *args):
    result = run_sqitch(tenantdb.backend, command, list(args), dbname=dbname, capture=True)
    assert result.returncode == 0, f"sqitch {command} {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
    return result


@pytest.mark.usefixtures("cluster_roles_lock")  # deploys core/roles, reverts the group changes
def test_full_cycle_leaves_an_identical_schema(tenantdb, empty_db):
    empty = schema_dump(tenantdb.backend, empty_db)
    sqitch(tenantdb, empty_db, "deploy")
    sqitch(tenantdb, empty_db, "verify")
    deployed = schema_dump(tenantdb.backend, empty_db)
    assert "CREATE TABLE app.users" in deployed

    sqitch(tenantdb, empty_db, "revert", "-y")
    assert schema_dump(tenantdb.backend, empty_db) == empty, "revert left objects behind"

    sqitch(tenantdb, empty_db, "deploy")
    redeployed = schema_dump(tenantdb.backend, empty_db)
    assert redeployed == deployed


def test_the_plan_lists_every_change_once_with_all_three_scripts():
    """The cycle below walks plan_changes(): it must be every change, each with its scripts."""
    root = settings.project_root()
    changes = plan_changes()
    assert len(changes) == len(set(changes)), "a change is listed twice"
    deployed = {p.relative_to(root / "deploy").with_suffix("").as_posix() for p in (root / "deploy").rglob("*.sql")}
    assert set(changes) == deployed, f"plan and deploy/ disagree: {set(changes) ^ deployed}"
    for change in changes:
        for kind in ("revert", "verify"):
            assert (root / kind / f"{change}.sql").is_file(), f"{kind}/{change}.sql is missing"


def test_a_reworked_change_is_named_per_instance_as_its_scripts_and_sqitch_name_it():
    """`sqitch rework` (after a tag) puts a name in the plan again. plan_changes() names each earlier
    instance `name@tag` (the first tag after it: its scripts are deploy/name@tag.sql, and Sqitch
    accepts the name in --to) and the newest `name`, which change_target() gives Sqitch as
    `name@HEAD`: the bare name is ambiguous to it ("Change Lookup Failed")."""
    changes = plan_changes()
    first = changes.index("perf/learner_data_bounds_in_stamp@v0.2.0")
    assert first < changes.index("perf/leakproof_lookup_operators") < changes.index("perf/learner_data_bounds_in_stamp")
    assert change_target("perf/learner_data_bounds_in_stamp") == "perf/learner_data_bounds_in_stamp@HEAD"
    assert change_target("perf/learner_data_bounds_in_stamp@v0.2.0") == "perf/learner_data_bounds_in_stamp@v0.2.0"
    assert change_target("core/tenants") == "core/tenants"
    # Three instances since the rework after @v0.3.0: each earlier one named by the first tag after it.
    assert [c for c in changes if change_name(c) == "perf/learner_data_bounds_in_stamp"] == [
        "perf/learner_data_bounds_in_stamp@v0.2.0", "perf/learner_data_bounds_in_stamp@v0.3.0",
        "perf/learner_data_bounds_in_stamp"]
    assert change_target("perf/learner_data_bounds_in_stamp@v0.3.0") == "perf/learner_data_bounds_in_stamp@v0.3.0"
    assert len(changes_up_to_tag("@v0.1.0")) == RELEASED_CHANGES


#: Changes of release v0.1.0 (they can never change; new ones are appended after the tag).
RELEASED_CHANGES = 50


def test_the_segments_cover_every_change_once_in_plan_order():
    assert [c for s in SEGMENTS for c in s.changes] == plan_changes()
    assert [s.start for s in SEGMENTS] == [sum(len(p.changes) for p in SEGMENTS[:i]) for i in range(len(SEGMENTS))]
    roles = {c for s in SEGMENTS if s.changes_roles for c in s.changes}
    # the changes known to alter cluster-wide roles are recognised (a new one is found the same way)
    assert {"core/roles", "security/group_roles", "security/client_role", "security/client_tokens",
            "audit/eraser_role"} <= roles


def test_every_change_is_cycled_exactly_once_on_an_empty_or_the_seeded_release_database():
    """The per-change cycle: the changes up to the release tag on empty databases (the segments
    below), the changes after it on the seeded database of the release (tests/test_upgrade.py,
    whose test_ops_changes_deploy_onto_seeded_v010_and_keep_every_row checks that it cycled
    exactly changes_after_tag()). Together: every change of the plan once, in plan order."""
    assert RELEASE_TAG == "@v0.1.0"
    empty = [c for s in EMPTY_CYCLE_SEGMENTS for c in s.changes]
    assert empty == changes_up_to_tag() and len(empty) == RELEASED_CHANGES
    assert empty + changes_after_tag() == plan_changes()
    assert SEGMENTS[:len(EMPTY_CYCLE_SEGMENTS)] == EMPTY_CYCLE_SEGMENTS


@pytest.mark.slow
@pytest.mark.parametrize("segment", EMPTY_CYCLE_SEGMENTS, ids=lambda s: s.id)
def test_every_change_reverts_cleanly_and_redeploys(tenantdb, segment_starts, segment, cluster_roles):
    """Every change of the segment, one at a time, from the segment's start (the plan deployed
    from empty up to the change before it): one `sqitch deploy` of the segment records the schema
    D[i] after each change's deploy script (tests/sqitch_snapshots.py; Sqitch verifies each change
    as it deploys it: deploy.verify in sqitch.conf); one `sqitch revert` of the segment must
    restore D[i-1] exactly after each change's revert script; one `sqitch deploy` again must give
    every D[i] again; verify of the segment's changes passes. Together the segments walk every
    change up to the release tag; the changes after it are cycled on the seeded release database
    (test_every_change_is_cycled_exactly_once_on_an_empty_or_the_seeded_release_database)."""
    changes = plan_changes()
    before = changes[segment.start - 1] if segment.start else None
    db = clone_of_segment_start(tenantdb, segment_starts, segment, f"seg{segment.index:02d}")
    try:
        with cluster_roles(shared=not segment.changes_roles), \
                (cluster_roles_kept(tenantdb.backend) if segment.changes_roles else nullcontext()):
            start = schema_dump(tenantdb.backend, db)
            deployed = snapshots(tenantdb, db, "deploy", "--to", change_target(segment.changes[-1]))
            assert [(s.kind, s.change) for s in deployed] == [("deploy", c) for c in segment.changes]
            dumps = [start, *(s.schema for s in deployed)]
            reverted = snapshots(tenantdb, db, "revert", "-y", *(["--to", change_target(before)] if before else []))
            assert [(s.kind, s.change) for s in reverted] == [("revert", c) for c in reversed(segment.changes)]
            for i, snapshot in zip(range(len(segment.changes), 0, -1), reverted, strict=True):
                assert snapshot.schema == dumps[i - 1], f"reverting {snapshot.change} did not restore the schema"
            assert schema_dump(tenantdb.backend, db) == start, "the revert of the segment left objects behind"
            redeployed = snapshots(tenantdb, db, "deploy", "--to", change_target(segment.changes[-1]))
            assert [(s.kind, s.change) for s in redeployed] == [("deploy", c) for c in segment.changes]
            for i, snapshot in enumerate(redeployed, start=1):
                assert snapshot.schema == dumps[i], f"redeploying {snapshot.change} gave another schema"
            # the segment's changes (the ones before it: their own segments; the whole plan: the full cycle)
            sqitch(tenantdb, db, "verify", "--from", change_target(segment.changes[0]),
                   "--to", change_target(segment.changes[-1]))
            assert schema_dump(tenantdb.backend, db) == dumps[-1], "redeploying the segment gave another schema"
    finally:
        drop_database(tenantdb.backend, db)


def test_failed_deploy_leaves_the_database_as_it_was(tenantdb, segment_starts, cluster_roles, tmp_path, monkeypatch):
    """A broken change at the end of a run of several: sqitch's transaction rolls it back, and
    mode=all reverts the whole run, back to exactly the schema before it. The run is the last
    segment of the plan plus the broken change (deployed onto the segment's start)."""
    import shutil

    last = SEGMENTS[-1]
    project = tmp_path / "project"
    shutil.copytree(settings.project_root(), project,
                    ignore=shutil.ignore_patterns(".venv", ".tenantdb", ".git", "__pycache__"))
    (project / "deploy" / "zz_broken.sql").write_text(
        "BEGIN;\nCREATE TABLE app.half_done (id int);\nSELECT no_such_function();\nCOMMIT;\n")
    (project / "revert" / "zz_broken.sql").write_text("BEGIN;\nDROP TABLE app.half_done;\nCOMMIT;\n")
    (project / "verify" / "zz_broken.sql").write_text("SELECT 1;\n")
    with (project / "sqitch.plan").open("a") as fh:
        fh.write("zz_broken 2026-11-23T07:00:00Z tenantdb harness <tenantdb@localhost> # broken on purpose\n")
    db = clone_of_segment_start(tenantdb, segment_starts, last, "failed_deploy")
    try:
        with cluster_roles(shared=not last.changes_roles):
            before = schema_dump(tenantdb.backend, db)
            monkeypatch.setenv("TENANTDB_PROJECT", str(project))
            settings.project_root.cache_clear()
            try:
                result = run_sqitch(tenantdb.backend, "deploy", [], dbname=db, capture=True)
            finally:
                monkeypatch.delenv("TENANTDB_PROJECT")
                settings.project_root.cache_clear()
            assert result.returncode != 0
            output = result.stdout + result.stderr
            assert "zz_broken" in output and "no_such_function" in output, output
            # Sqitch prints every instance of a reworked change under its bare name.
            assert all(f"+ {change_name(change)} " in output for change in last.changes), \
                f"the run did not deploy {last.changes}:\n{output}"
            # mode=all: every change of the failed run was reverted, so the schema is the one before it.
            assert "CREATE TABLE app.half_done" not in schema_dump(tenantdb.backend, db)
            assert schema_dump(tenantdb.backend, db) == before, "the failed run left objects behind"
    finally:
        drop_database(tenantdb.backend, db)


@pytest.fixture
def leaky_project(tmp_path, monkeypatch):
    """A project of its own (TENANTDB_PROJECT) with two changes on an empty database: app_probe,
    whose revert is right, and leaky, whose revert leaves one object of each kind the cycle must
    see behind (a table, a column default, an index, a policy, a function, a grant, a comment)."""
    project = tmp_path / "project"
    for kind in ("deploy", "revert", "verify"):
        (project / kind).mkdir(parents=True)
    (project / "sqitch.conf").write_text((settings.project_root() / "sqitch.conf").read_text())
    (project / "sqitch.plan").write_text(
        "%syntax-version=1.0.0\n%project=tenantdb_snapshot_probe\n\n"
        "app_probe 2026-11-29T00:00:00Z tenantdb harness <tenantdb@localhost> # a schema and a table\n"
        "leaky [app_probe] 2026-11-29T00:01:00Z tenantdb harness <tenantdb@localhost> # its revert leaves things behind\n")
    scripts = {
        "app_probe": ("BEGIN;\nCREATE SCHEMA probe;\nCREATE TABLE probe.t (id int PRIMARY KEY, v text);\nCOMMIT;\n",
                      "BEGIN;\nDROP SCHEMA probe CASCADE;\nCOMMIT;\n"),
        "leaky": ("BEGIN;\nCREATE TABLE probe.left_behind (id int);\nALTER TABLE probe.t ALTER v SET DEFAULT 'x';\n"
                  "CREATE INDEX t_v ON probe.t (v);\nALTER TABLE probe.t ENABLE ROW LEVEL SECURITY;\n"
                  "CREATE POLICY p ON probe.t USING (id > 0);\n"
                  "CREATE FUNCTION probe.f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                  "GRANT SELECT ON probe.t TO PUBLIC;\nCOMMENT ON TABLE probe.t IS 'probe';\nCOMMIT;\n",
                  "BEGIN;\nSELECT 1;\nCOMMIT;\n"),
    }
    for change, (deploy, revert) in scripts.items():
        (project / "deploy" / f"{change}.sql").write_text(deploy)
        (project / "revert" / f"{change}.sql").write_text(revert)
        (project / "verify" / f"{change}.sql").write_text("SELECT 1;\n")
    monkeypatch.setenv("TENANTDB_PROJECT", str(project))
    settings.project_root.cache_clear()
    yield project
    monkeypatch.delenv("TENANTDB_PROJECT")
    settings.project_root.cache_clear()


def test_the_snapshot_cycle_sees_a_revert_that_leaves_objects_behind(tenantdb, empty_db, leaky_project):
    """The per-change cycle's snapshots (tests/sqitch_snapshots.py) can fail: a revert script that
    leaves a table, a default, an index, RLS and a policy, a function, a grant and a comment
    behind gives a schema other than the one before its change; and each snapshot is the schema
    `schema_dump` sees at that point."""
    empty = schema_dump(tenantdb.backend, empty_db)
    deployed = snapshots(tenantdb, empty_db, "deploy")
    assert [(s.kind, s.change) for s in deployed] == [("deploy", "app_probe"), ("deploy", "leaky")]
    assert deployed[-1].schema == schema_dump(tenantdb.backend, empty_db)
    reverted = snapshots(tenantdb, empty_db, "revert", "-y", "--to", "app_probe")
    assert [(s.kind, s.change) for s in reverted] == [("revert", "leaky")]
    assert reverted[0].schema == schema_dump(tenantdb.backend, empty_db)
    assert reverted[0].schema != deployed[0].schema, "the snapshot missed what the revert left behind"
    left = set(reverted[0].schema.splitlines()) - set(deployed[0].schema.splitlines())
    for leftover in ("CREATE TABLE probe.left_behind (", "CREATE INDEX t_v ON probe.t USING btree (v);",
                     "ALTER TABLE probe.t ENABLE ROW LEVEL SECURITY;", "CREATE POLICY p ON probe.t USING ((id > 0));",
                     "CREATE FUNCTION probe.f() RETURNS integer", "GRANT SELECT ON TABLE probe.t TO PUBLIC;",
                     "COMMENT ON TABLE probe.t IS 'probe';", "    v text DEFAULT 'x'::text"):
        assert leftover in left, f"{leftover!r} not seen: {sorted(left)}"
    # the whole revert, by the same snapshots: back to exactly the empty schema
    back = snapshots(tenantdb, empty_db, "revert", "-y")
    assert [(s.kind, s.change) for s in back] == [("revert", "app_probe")]
    assert back[0].schema == empty


def test_a_failing_script_stops_the_snapshot_run_with_sqitchs_error(tenantdb, empty_db, leaky_project):
    (leaky_project / "deploy" / "leaky.sql").write_text("BEGIN;\nSELECT no_such_function();\nCOMMIT;\n")
    result, taken = sqitch_with_snapshots(tenantdb.backend, empty_db, "deploy")
    assert result.returncode != 0 and "no_such_function" in result.stdout + result.stderr
    # mode=all: app_probe deployed, then reverted when leaky failed; no dump after the failed script
    assert [(s.kind, s.change) for s in taken] == [("deploy", "app_probe"), ("revert", "app_probe")]
    assert taken[-1].schema == schema_dump(tenantdb.backend, empty_db)

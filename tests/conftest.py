"""Suite-wide rules. In CI (CI=true) a skipped test is a failure: a missing database, extension
or tool must never turn into a quiet skip."""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import partial

import pytest

#: The whole suite must cover at least this much of tools/tenantdb (CI only: a single test file
#: covers little, and that is fine while iterating). The CLI subprocesses are measured too
#: (coverage's patch = ["subprocess"]); a nested pytest run must pass --no-cov, or its pytest-cov
#: erases their data files (tests/test_database_url_sentinel.py says how).
COVERAGE_FLOOR = 80


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    whole_suite = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    if _in_ci() and whole_suite and config.pluginmanager.hasplugin("_cov") and hasattr(config.option, "cov_fail_under"):
        config.option.cov_fail_under = COVERAGE_FLOOR


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _in_ci() and exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        # "no tests ran" must never pass for a green CI run (exit 5 is not a success either,
        # but say why and make it a plain failure).
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    if not _in_ci():
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI=true: {skipped} test(s) were skipped; in CI a skip is a failure", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Hypothesis: the isolation fuzzing runs >= 10,000 operations per CI run ("ci", the default: 150 examples of
# up to 200 steps; Hypothesis draws each example's length, and 100 examples ran 9,948 operations once, failing
# test_at_least_ten_thousand_operations_ran by chance); `pytest --hypothesis-profile thorough
# tests/isolation/test_fuzz.py` runs about ten times as many.
try:
    from hypothesis import HealthCheck, settings

    _common = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
                   derandomize=False, print_blob=True)
    settings.register_profile("ci", max_examples=150, stateful_step_count=200, **_common)
    settings.register_profile("thorough", max_examples=1000, stateful_step_count=200, **_common)
    settings.load_profile("ci")
except ImportError:  # the test extra is not installed: tests that need hypothesis fail on import
    pass


#: First: the files that hold the cluster-roles lock (below) exclusively for a part of their run, with
#: a long file that needs no lock between them (the other worker runs it while the first one holds the
#: lock), so that their exclusive parts are over before the long holders of the shared lock start.
#: test_migrations.py's per-change cycle is one work unit per segment of the plan (SPLIT_TESTS): the
#: workers share it.
LOCK_FIRST = ("test_upgrade.py", "test_fuzz.py", "test_migrations.py", "test_safe_commands.py")
#: Then the files that take the longest (each runs whole on one xdist worker: --dist loadfile).
#: Handing them out first keeps the workers busy to the end instead of one finishing a long
#: file alone after the other has run out of work.
LONGEST_FIRST = ("test_bench.py", "test_report.py", "test_pgtap_runner.py", "test_vector_search.py",
                 "test_pool_load.py", "test_lint.py", "test_database_url_sentinel.py")
#: Last: files that hold the lock shared (sqitch verify); they would wait while an exclusive holder runs.
LAST = ("test_backup_restore.py", "test_cli_operations.py", "test_health.py")
#: Parametrized tests whose cases are work units of their own (each case sets up its own database).
SPLIT_TESTS = ("test_migrations.py::test_every_change_reverts_cleanly_and_redeploys[",
               "test_fuzz.py::test_conversation_isolation_fuzz[")


def _is_split(nodeid: str) -> bool:
    return any(part in nodeid for part in SPLIT_TESTS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):  # type: ignore[no-untyped-def]
    """The coverage_paused marker: coverage stops while the test body runs, its fixtures are still
    measured. Under --no-cov there is nothing to pause (pytest-cov's own no_cover marker crashes
    there: its controller is None, pytest-cov 7.1)."""
    plugin = item.config.pluginmanager.get_plugin("_cov")
    controller = getattr(plugin, "cov_controller", None)
    if controller is None or item.get_closest_marker("coverage_paused") is None:
        yield
        return
    controller.pause()
    try:
        yield
    finally:
        controller.resume()


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    first = (*LOCK_FIRST, *LONGEST_FIRST)
    rank = {name: i for i, name in enumerate(first)} | {name: len(first) + 1 + i for i, name in enumerate(LAST)}
    # sorted() is stable: files keep their order among themselves, and tests within a file too
    # (a file's split cases first: they are the units to hand out early).
    items[:] = sorted(items, key=lambda item: (rank.get(item.path.name, len(first)), not _is_split(item.nodeid)))


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """--dist loadfile in the order above (xdist would otherwise reorder files by their number of
    tests), the SPLIT_TESTS cases as units of their own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class SplitFileScheduling(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid if _is_split(nodeid) else super()._split_scope(nodeid)

    config.option.loadscopereorder = False
    return SplitFileScheduling(config, log)


#: Advisory-lock key (on the server's postgres database) of the tests that change cluster-wide role
#: state: deploying @v0.1.0 re-asserts LOGIN on the groups (its core/roles), and the per-change
#: cycles revert and redeploy security/group_roles and friends. Roles are shared by every database
#: of the cluster, so two such tests at once (xdist workers) see each other's half-done state.
#: Exclusive while changing role state, shared while needing it to stay put (sqitch verify, a
#: deployed plan's client roles); hold it no longer than needed: a waiting exclusive request
#: also makes every later shared one wait.
CLUSTER_ROLES_LOCK = 7_331_002


@contextmanager
def holding_cluster_roles_lock(backend, shared: bool = False):  # type: ignore[no-untyped-def]
    """The cluster-roles advisory lock, exclusive or shared, for the duration of the block."""
    from tenantdb.database import admin_connect

    kind = "_shared" if shared else ""
    with admin_connect(backend) as conn:
        conn.autocommit = True
        conn.execute(f"SELECT pg_advisory_lock{kind}(%s)", (CLUSTER_ROLES_LOCK,))
        try:
            yield
        finally:
            conn.execute(f"SELECT pg_advisory_unlock{kind}(%s)", (CLUSTER_ROLES_LOCK,))


@pytest.fixture(scope="session")
def cluster_roles(tenantdb):  # type: ignore[no-untyped-def]
    """The lock as a context manager bound to the session's server, for tests that hold it only
    around the steps that need it: `with cluster_roles():` (exclusive) or `cluster_roles(shared=True)`.
    Never nest two of them (each takes its own session: a shared holder asking for the exclusive
    lock would wait for itself)."""
    return partial(holding_cluster_roles_lock, tenantdb.backend)


@pytest.fixture
def cluster_roles_lock(tenantdb):  # type: ignore[no-untyped-def]
    """Hold the cluster-roles lock for the test: such tests run one at a time."""
    with holding_cluster_roles_lock(tenantdb.backend):
        yield


@pytest.fixture
def cluster_roles_stable(tenantdb):  # type: ignore[no-untyped-def]
    """Hold the cluster-roles lock shared: for tests that run `sqitch verify` (restore, health),
    whose role checks must not see a half-done change of cluster-wide role state."""
    with holding_cluster_roles_lock(tenantdb.backend, shared=True):
        yield

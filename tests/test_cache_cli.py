"""`tenantdb cache ...` from the command line: help with examples, JSON output, the worker's
single drain, a flush that asks first, and a small benchmark run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cache_support import PROFILE_1, TENANT_A, build_world, psql
from cli_help import help_text, run_main


def tenantdb_cli(*args: str, redis_dir: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    return subprocess.run([sys.executable, "-m", "tenantdb.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env, input=stdin)


@pytest.mark.parametrize("command", [["cache"], ["cache", "worker"], ["cache", "stats"], ["cache", "bench"],
                                     ["cache", "flush"], ["cache", "down"]], ids=" ".join)
def test_every_cache_command_has_help_with_an_example(command: list[str]) -> None:
    assert "Example" in help_text(*command)


def test_bad_usage_exits_2() -> None:
    assert run_main("cache", "bench", "--reads", "5").returncode == 2


def test_worker_once_drains_and_stats_report_it(tenantdb, fresh_db: str) -> None:  # type: ignore[no-untyped-def]
    build_world(tenantdb, fresh_db)
    psql(tenantdb, fresh_db, "UPDATE app.learner_profiles SET cognitive_profile = '{}'"
                             f" WHERE tenant_id = '{TENANT_A}' AND id = '{PROFILE_1}'", tenant=TENANT_A)
    done = tenantdb_cli("cache", "worker", "--once", "--db", fresh_db, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["invalidations"] == 1
    stats = tenantdb_cli("cache", "stats", "--db", fresh_db, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["invalidations"] == 1
    refused = tenantdb_cli("cache", "flush", "--db", fresh_db, stdin="\n")   # default answer: no
    assert refused.returncode == 1
    flushed = tenantdb_cli("cache", "flush", "--db", fresh_db, "--yes", "--json")
    assert flushed.returncode == 0 and json.loads(flushed.stdout)["keys_deleted"] >= 1


def test_small_benchmark_prints_its_figures(tenantdb) -> None:  # type: ignore[no-untyped-def]
    name = tenantdb.new_name("cachebench")
    # --template: a clone of the test template instead of a full sqitch deploy (the deploy is tested elsewhere)
    proc = tenantdb_cli("cache", "bench", "--db", name, "--reads", "400", "--write-every", "50", "--json",
                        "--template", tenantdb.template)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    print(f"\ncache bench (400 reads): {result}")
    assert result["reads"] == 400 and 0 <= result["hit_ratio"] <= 1 and result["writes"] == 7
    assert result["cached_us"]["p50"] > 0 and result["uncached_us"]["p50"] > 0

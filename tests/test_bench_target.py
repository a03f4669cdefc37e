"""`tenantdb bench target`: the RLS-versus-floor workloads on a loaded database as it stands (the
operator's Citus coordinator, docs/scale-out.md "Session 4"), and `tenantdb citus deploy`'s
refusal on plain PostgreSQL. On plain PostgreSQL here; the Citus figures are in the docs."""

from __future__ import annotations

import json
import tomllib

import pytest
from typer.testing import CliRunner

from tenantdb import bench
from tenantdb.bench.target import measure_target, task_count
from tenantdb.bench.workloads import load_workloads
from tenantdb.cli import app
from tenantdb.errors import BadInput
from tenantdb.settings import project_root

SPEC = bench.DataSpec(3, 1_000)  # a few students per tenant: every workload has an actor
ROUTED = project_root() / "sql" / "bench" / "citus_routed_workloads.toml"
SAMPLE = ["learner_profile_by_lti", "own_conversations", "learner_profile_update", "educator_learner_roster"]


@pytest.fixture(scope="module")
def loaded(tenantdb):
    with tenantdb.clone("bench_target") as db:
        bench.load(tenantdb.backend, db, SPEC)
        yield db


def test_task_count_reads_citus_plans_and_is_none_without_a_distributed_scan():
    citus_plan = ["Custom Scan (Citus Adaptive)  (cost=0.00..0.00 rows=100000 width=48)", "  Task Count: 32",
                  "  Tasks Shown: One of 32", "  ->  Task", "        ->  Index Scan using users_pkey on users_102009 users"]
    assert task_count(citus_plan) == 32
    assert task_count(["Custom Scan (Citus Adaptive)", "  Task Count: 1", "Custom Scan (Citus Adaptive)",
                       "  Task Count: 1"]) == 2
    assert task_count(["Index Scan using users_pkey on users  (cost=0.29..8.30 rows=1 width=16)"]) is None


def test_each_workload_is_measured_on_the_database_as_loaded(tenantdb, loaded):
    result = measure_target(tenantdb.backend, loaded, iterations=3, warmup=1, only=SAMPLE)
    assert result["refused"] == {} and sorted(result["latency"]) == sorted(SAMPLE)
    for name, entry in result["latency"].items():
        assert entry["rls"]["n"] == 3 and entry["floor"]["n"] == 3, name
        assert entry["tasks"] == {"rls": None, "floor": None}, name  # plain PostgreSQL: no distributed scan


def test_a_refused_workload_is_recorded_and_the_others_still_measured(tenantdb, loaded, tmp_path):
    """A workload the database refuses (here: the app role may not read app_private) must not stop
    the run: it is reported with its SQLSTATE, as Citus's refusals are in docs/scale-out.md."""
    base = tomllib.loads((project_root() / "sql" / "bench" / "workloads.toml").read_text())
    fine = next(w for w in base["workload"] if w["name"] == "own_conversations")
    refused = {**fine, "name": "refused_private_read", "rls": "SELECT count(*) FROM app_private.context_signing_key"}
    path = tmp_path / "w.toml"
    path.write_text("\n".join(_toml_workload(w) for w in (fine, refused)))
    result = measure_target(tenantdb.backend, loaded, iterations=2, warmup=0, workloads_file=path)
    assert list(result["latency"]) == ["own_conversations"]
    assert result["refused"]["refused_private_read"]["sqlstate"] == "42501"


def test_routed_workloads_name_the_tenant_and_return_what_the_floor_returns(tenantdb, loaded):
    """Each routed workload is a workload of workloads.toml with `tenant_id = %(tenant_id)s` in its
    RLS variant (routing on Citus) and the same rows as its floor (a difference is refused)."""
    base = {w.name: w for w in load_workloads()}
    routed = load_workloads(ROUTED)
    assert routed
    for w in routed:
        original = base[w.name.removesuffix("_routed")]
        assert "tenant_id = %(tenant_id)s" in w.rls and w.floor == original.floor, w.name
        assert (w.role, w.actor, w.tables) == (original.role, original.actor, original.tables), w.name
    result = measure_target(tenantdb.backend, loaded, iterations=2, warmup=0, workloads_file=ROUTED)
    assert result["refused"] == {} and len(result["latency"]) == len(routed)


def test_an_unknown_workload_is_bad_usage(tenantdb, loaded):
    with pytest.raises(BadInput):
        measure_target(tenantdb.backend, loaded, iterations=1, warmup=0, only=["no_such_workload"])


def test_the_cli_prints_json_and_exits_0_when_every_workload_ran(tenantdb, loaded):
    result = CliRunner().invoke(app, ["bench", "target", "--db", loaded, "--iterations", "2", "--warmup", "0",
                                      "--workload", "own_conversations", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["database"] == loaded and list(data["latency"]) == ["own_conversations"]


def test_the_cli_rejects_zero_iterations_with_exit_2():
    result = CliRunner().invoke(app, ["bench", "target", "--iterations", "0"])
    assert result.exit_code == 2 or isinstance(result.exception, BadInput), result.output


@pytest.mark.parametrize("command", [["bench"], ["bench", "target"]])
def test_the_cli_rejects_zero_or_too_many_connections_per_side_with_exit_2(command):
    """--connections (session 10) is 1 to 16: each side of a comparison opens that many."""
    for value in ("0", "17"):
        result = CliRunner().invoke(app, [*command, "--connections", value])
        assert result.exit_code == 2 or isinstance(result.exception, BadInput), result.output
        assert "--connections must be between 1 and 16" in (result.output + str(result.exception or "")), result.output


def test_citus_deploy_refuses_plain_postgresql_naming_the_missing_extension(tenantdb, loaded):
    result = CliRunner().invoke(app, ["citus", "deploy", "--db", loaded])
    assert isinstance(result.exception, BadInput) and "no citus extension" in str(result.exception)


def _toml_workload(w: dict[str, object]) -> str:
    lines = ["[[workload]]"]
    for key, value in w.items():
        if isinstance(value, str):
            lines.append(f"{key} = {json.dumps(value)}")
        elif isinstance(value, bool):
            lines.append(f"{key} = {str(value).lower()}")
        elif isinstance(value, list):
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def test_a_target_that_refuses_the_server_side_explain_keeps_its_client_figures(monkeypatch):
    """Server-side timing (EXPLAIN ANALYZE EXECUTE, session 6) is an addition: where the target
    (a Citus coordinator, say) refuses it for a workload, `bench target` still measures the
    client figures, as before, and names the refusal; an error of the client part is raised."""
    import psycopg

    from tenantdb.bench import target

    calls = []

    def fake(backend, dbname, workloads, *, iterations, warmup, server_side=True, connections=8):
        calls.append(server_side)
        if server_side:
            raise psycopg.errors.FeatureNotSupported("EXPLAIN ANALYZE is not supported for this statement")
        return {workloads[0].name: {"ratio_p50": 1.0}}

    monkeypatch.setattr(target, "measure_latency", fake)
    w = load_workloads()[0]
    entry = target._latency(None, "db", w, iterations=1, warmup=0)
    assert calls == [True, False] and "server" not in entry
    assert entry["server_refused"].startswith("0A000: EXPLAIN ANALYZE is not supported")

    def broken(backend, dbname, workloads, *, iterations, warmup, server_side=True, connections=8):
        raise psycopg.errors.InsufficientPrivilege("permission denied")

    monkeypatch.setattr(target, "measure_latency", broken)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        target._latency(None, "db", w, iterations=1, warmup=0)

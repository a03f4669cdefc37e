"""`tenantdb bench`: what row-level security costs, measured against the physical floor.

One module per concern (the CLI, ``tenantdb.cli.bench``, strings them together):

* ``data``      sizes (:class:`DataSpec`, :data:`SIZES`) and the deterministic rows of every
                table: tenants of Zipf-skewed or uniform size, their students, staff, learner
                profiles, conversations, messages, sessions and RAG data;
* ``load``      :func:`load` fills a dedicated database through COPY (indexes after, VACUUM
                ANALYZE), plus ``bench.actors`` (DDL in ``sql/bench/actors.sql``), a sample of
                students the workloads act as; :func:`ensure_loaded` reuses a loaded database;
* ``workloads`` ``sql/bench/workloads.toml``: every query twice, the RLS variant (client role,
                tenant context) and the floor variant (tenantdb_maintenance, BYPASSRLS, the
                tenant and person written into the WHERE clause);
* ``data_extra`` rows of workspaces (settings, agents, workflows, artifacts), login sessions, API tokens;
* ``ids``       deterministic ids and per-tenant facts;
* ``paths``     a student in the largest versus small tenants, the tenantdb_client variant, pgbench
                at 1, 5 and 10 clients (p95 per client count);
* ``charts``    the SVG charts of docs/benchmarks/, from the JSON;
* ``measure``   latency with both variants interleaved (p50/p95/p99, RLS/floor ratio), tenant
                scaling, the cost of each context lookup, vector recall, the machine;
* ``server_side`` the server's execution time of the same statements (EXPLAIN ANALYZE EXECUTE
                of a prepared statement, rolled back), next to the client figures;
* ``pgbench``   throughput with pgbench scripts made from the same SQL;
* ``plans``     the plan shape of every workload under RLS;
* ``goals``     the goals a run is judged against, and :func:`compare` for regressions;
* ``run``       a whole run (:func:`run_benchmark`) and its outputs;
* ``report``    docs/benchmarks.md, rendered from ``sql/bench/report.md.j2``.
"""

from __future__ import annotations

from .data import (
    MAX_TENANTS,
    ROWS_PER_STUDENT,
    SIZES,
    TABLES,
    DataSpec,
    Progress,
    RunSize,
    _rows,
    _table_rows,
)
from .goals import (
    GOALS,
    REGRESSION_MS,
    REGRESSION_RATIO,
    changes,
    compare,
    environment_shifts,
    judge,
    throughput_not_comparable,
)
from .ids import KIND, bench_id
from .load import LoadResult, ensure_loaded, fresh_database, load, measure_deploy
from .measure import (
    ACCESSORS,
    environment,
    measure_accessors,
    measure_latency,
    measure_lookups,
    measure_scaling,
    measure_vector,
)
from .paths import measure_client, measure_concurrency, measure_tenant_size, tenant_pools
from .pgbench import measure_throughput, pgbench_script
from .plans import check_plans, explain_analyze, explain_rls, index_key_columns, plan_nodes, plan_problems, shared_buffers, small_relations
from .report import render_markdown
from .run import read_result, run_benchmark, size_for, write_outputs
from .workloads import CONTEXT_SQL, Workload, available, context_user, load_workloads, read_actors

__all__ = [
    "ACCESSORS", "CONTEXT_SQL", "GOALS", "KIND", "MAX_TENANTS", "REGRESSION_MS", "REGRESSION_RATIO",
    "ROWS_PER_STUDENT", "SIZES", "TABLES", "DataSpec", "LoadResult", "Progress", "RunSize", "Workload",
    "_rows", "_table_rows", "available", "bench_id", "changes", "check_plans", "compare", "context_user", "ensure_loaded",
    "environment", "environment_shifts", "explain_analyze", "explain_rls", "fresh_database", "index_key_columns", "judge", "load",
    "load_workloads", "measure_accessors", "measure_client", "measure_lookups", "measure_concurrency", "measure_deploy", "measure_latency",
    "measure_scaling", "measure_tenant_size", "measure_throughput", "measure_vector", "pgbench_script", "plan_nodes",
    "plan_problems", "read_actors", "read_result", "render_markdown", "run_benchmark", "shared_buffers", "size_for",
    "small_relations", "tenant_pools", "throughput_not_comparable", "write_outputs",
]

"""The learner-data key side by side (issue 13, session 5): the quick bench data under main's
schema (the plan up to security/explain_row_by_id) against the same data with
perf/learner_data_key and perf/learner_data_key_policies deployed, both priced as one of 1,000
tenants (n_distinct(tenant_id) = 1000 on the learner tables, as tests/test_side_channels_at_scale.py).
Interleaved per round: EXPLAIN (ANALYZE, BUFFERS) of the RLS and floor variants of
own_learning_sessions and educator_student_sessions, as an actor of the largest and of the
smallest tenant (execution ms, buffers, slowest InitPlan and all InitPlans), the client-side time of the same
statement, and the planning time of the RLS statement. Databases s5_key_before / s5_key_after
are made from the bench load and dropped afterwards. Prints medians; asserts nothing.
A second argument names another deploy script of perf/learner_data_key_policies (an earlier
version, e.g. from git show) measured as a third schema, "alt", in the same rounds.

    TENANTDB_PORT=54451 .venv/bin/python scripts/bench_learner_data_key.py 300
    git show f18c35e:deploy/perf/learner_data_key_policies.sql > /tmp/policies_f18c35e.sql
    TENANTDB_PORT=54451 .venv/bin/python scripts/bench_learner_data_key.py 300 /tmp/policies_f18c35e.sql
"""
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.database import Database, clone_database, drop_database
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE
from tenantdb.sqitch import run_sqitch

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 300
BEFORE, AFTER, ALT = "s5_key_before", "s5_key_after", "s5_key_alt"
ALT_SCRIPT = Path(sys.argv[2]) if len(sys.argv) > 2 else None
DBS = (BEFORE, AFTER, ALT) if ALT_SCRIPT else (BEFORE, AFTER)
LABELS = {BEFORE: "main", AFTER: "key", ALT: "alt"}
LAST_OF_MAIN = "security/explain_row_by_id"
TABLES = ("learner_profiles", "learning_sessions", "struggle_events", "intervention_logs")
NAMES = ("own_learning_sessions", "educator_student_sessions")

backend = get_backend()
bench.fresh_database(backend, BEFORE)
bench.load(backend, BEFORE, bench.SIZES["quick"].main)
drop_database(backend, AFTER)
clone_database(backend, BEFORE, AFTER)
if ALT_SCRIPT:
    drop_database(backend, ALT)
    clone_database(backend, AFTER, ALT)
    run_sqitch(backend, "revert", ["-y", "--to", "perf/learner_data_key"], dbname=ALT, capture=True, check=True)
    with Database(backend, ALT).connect(autocommit=True) as su:
        su.execute(ALT_SCRIPT.read_text())
run_sqitch(backend, "revert", ["-y", "--to", LAST_OF_MAIN], dbname=BEFORE, capture=True, check=True)
for db in DBS:
    with Database(backend, db).connect(autocommit=True) as su:
        for t in TABLES:
            su.execute(f"ALTER TABLE app.{t} ALTER COLUMN tenant_id SET (n_distinct = 1000)")
        su.execute("VACUUM ANALYZE")

W = {w.name: w for w in bench.load_workloads()}
with Database(backend, AFTER).connect(MAINTENANCE_ROLE) as conn:
    actors = bench.read_actors(conn)
    sizes: dict[str, int] = dict(conn.execute("SELECT tenant_id::text, count(*) FROM app.learning_sessions GROUP BY 1").fetchall())
smallest = min(sizes, key=lambda t: sizes[t])
who = {"largest": actors[0], "small": next(a for a in actors if a["tenant_id"] == smallest)}
print(f"sessions: largest tenant {sizes[actors[0]['tenant_id']]}, small tenant {sizes[smallest]}")


def sample(conn: Any, w: Any, actor: dict[str, Any], variant: str) -> tuple[float, ...]:
    query = w.rls if variant == "rls" else w.floor
    plan = bench.explain_analyze(conn, w, actor, floor=variant != "rls")
    with conn.transaction(force_rollback=True):
        conn.execute(bench.CONTEXT_SQL, (actor["tenant_id"], bench.context_user(w, actor)))
        started = time.perf_counter()
        conn.execute(query, {**actor, "n": 1}).fetchall()
        client_us = (time.perf_counter() - started) * 1e6
    top = plan["Plan"]
    initplans = [n.get("Actual Total Time", 0.0) for n in bench.plan_nodes(top) if n.get("Parent Relationship") == "InitPlan"]
    return (plan["Planning Time"], plan["Execution Time"], bench.shared_buffers(top),
            1000 * max(initplans or [0.0]), 1000 * sum(initplans), client_us)


conns = {(db, v): Database(backend, db).connect(APP_ROLE if v == "rls" else MAINTENANCE_ROLE)
         for db in DBS for v in ("rls", "floor")}
results: dict[tuple[str, str, str, str], list[tuple[float, ...]]] = {}
try:
    for r in range(ROUNDS):
        order = DBS if r % 2 == 0 else DBS[::-1]
        for name in NAMES:
            for label, actor in who.items():
                for db in order:
                    for variant in ("rls", "floor"):
                        results.setdefault((name, label, db, variant), []).append(sample(conns[(db, variant)], W[name], actor, variant))
finally:
    for c in conns.values():
        c.close()
print("workload | tenant | schema | variant | planning ms | execution ms | buffers | slowest InitPlan us | all InitPlans us | client us")
for key, rows in sorted(results.items()):
    med = [statistics.median(col) for col in zip(*rows, strict=True)]
    print(f"{key[0]} | {key[1]} | {LABELS[key[2]]} | {key[3]} | {med[0]:.3f} | {med[1]:.3f} | "
          f"{med[2]:.0f} | {med[3]:.1f} | {med[4]:.1f} | {med[5]:.0f}")
for db in DBS:
    drop_database(backend, db)

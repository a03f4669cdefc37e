"""Texts of one policy side by side on a loaded bench database (issue 13, session 8), server-side:
for each variant the policy's USING expression is replaced (ALTER POLICY), then one workload of
sql/bench/workloads.toml runs N transactions per side (its RLS variant as its role, its floor as
the maintenance role, interleaved, prepared, the actors of bench.actors in turn). Two figures per
statement:
- "run": pg_stat_statements' mean execution time, which times the executor's run and finish only;
- "start+run" (session 9): EXPLAIN (ANALYZE, TIMING OFF) EXECUTE's "Execution Time" of the same
  prepared statement in a rolled-back transaction after the context, interquartile mean, which
  also times the executor's start: the set-up of every InitPlan and every function call of the
  policies, branches never taken included (each function's EXECUTE privilege is checked there).
  A policy's text changes mostly this figure, so read it first.
Variants run in rounds with the order reversed every round, so a drift of the shared machine lands
on all of them. The policy's text is restored at the end, whatever happens. Asserts nothing: it
prints figures.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_policy_variants.py tenantdb_bench \\
        learner_profiles_select_app learner_profile_by_lti 2000 2 \\
        "own arm only=user_id = (SELECT app.current_user_id())"

Arguments: database, policy name (its table is read from pg_policy; `NAME ON TABLE` for a name
several tables share, such as `tenant_isolation ON app.learner_profiles`), workload, transactions per
variant and round, rounds, then NAME=EXPRESSION per variant; the deployed text is always the
variant "deployed". Writes commit (the workload's own writes, the policy texts): a dedicated bench
database only, never a production one.
"""
import statistics
import sys

import psycopg

from tenantdb.backend import get_backend
from tenantdb.bench.server_side import explain_sides, interquartile_mean
from tenantdb.bench.workloads import CONTEXT_SQL, load_workloads, read_actors
from tenantdb.database import Database
from tenantdb.settings import MAINTENANCE_ROLE

DB, POLICY, WORKLOAD = sys.argv[1], sys.argv[2], sys.argv[3]
TRANSACTIONS, ROUNDS = int(sys.argv[4]), int(sys.argv[5])
db = Database(get_backend(), DB)
w = next(w for w in load_workloads() if w.name == WORKLOAD)
MARK = {"rls": "/* policy variants: rls */", "floor": "/* policy variants: floor */"}

POLICY, _, TABLE = POLICY.partition(" ON ")
with db.admin() as su:
    found = su.execute("SELECT polrelid::regclass::text, pg_get_expr(polqual, polrelid) FROM pg_policy"
                       " WHERE polname = %s AND (%s = '' OR polrelid = to_regclass(%s))", (POLICY, TABLE, TABLE)).fetchall()
    if len(found) != 1:
        sys.exit(f"{len(found)} policies named {POLICY!r}{' on ' + TABLE if TABLE else ''}: name one (`NAME ON TABLE`)")
    table, deployed = found[0]
    su.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
variants = {"deployed": deployed, **dict(arg.split("=", 1) for arg in sys.argv[6:])}
with db.connect(MAINTENANCE_ROLE) as m:
    actors = read_actors(m)
    m.commit()


def one_round(expression: str) -> dict[str, float]:
    """Per side, over TRANSACTIONS transactions with `expression` as the policy: the mean "run" µs
    (pg_stat_statements) and the interquartile mean "start+run" µs (EXPLAIN ANALYZE EXECUTE)."""
    with db.admin() as su:
        su.execute(f"ALTER POLICY {POLICY} ON {table} USING ({expression})")
        su.execute("SELECT pg_stat_statements_reset()")
    def plain(side: str, conn: psycopg.Connection, actor: dict, context: tuple[str, str]) -> None:
        """The statement itself, committed (rolled back if it writes), for pg_stat_statements."""
        conn.execute(CONTEXT_SQL, context, prepare=True)
        conn.execute(f"{getattr(w, side)} {MARK[side]}", actor, prepare=True)
        if w.writes:
            conn.rollback()
        else:
            conn.commit()

    explained = explain_sides(db, w, actors, TRANSACTIONS, "policy_variants", plain)
    with db.admin() as su:
        rows = su.execute("SELECT query, mean_exec_time * 1000 FROM pg_stat_statements"
                          " WHERE query LIKE '%policy variants: %' OR query LIKE 'PREPARE \"policy_variants_%'").fetchall()
    # The statement and its server-side PREPARE share one entry (comments are not part of the
    # query id); its text is whichever ran first.
    figures = {side: next(us for q, us in rows if MARK[side] in q or f"\"policy_variants_{side}\"" in q) for side in MARK}
    return {**figures, **{f"{side} start": interquartile_mean(explained[side]) for side in MARK}}


FIGURES = ("rls", "floor", "rls start", "floor start")
means: dict[str, dict[str, list[float]]] = {name: {f: [] for f in FIGURES} for name in variants}
try:
    for r in range(ROUNDS):
        for name in (list(variants) if r % 2 == 0 else list(variants)[::-1]):
            for figure, us in one_round(variants[name]).items():
                means[name][figure].append(us)
            print(f"round {r + 1}: {name}", flush=True)
finally:
    with db.admin() as su:
        su.execute(f"ALTER POLICY {POLICY} ON {table} USING ({deployed})")
        restored = su.execute("SELECT pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polname = %s"
                              " AND polrelid = %s::regclass", (POLICY, table)).fetchone()[0]
    print("policy restored" if restored == deployed else f"RESTORE FAILED: {restored}")

print(f"\n{WORKLOAD}, {POLICY}: {ROUNDS} rounds x {TRANSACTIONS} transactions per side, server-side µs per statement")
print(f"{'':32} {'start+run (EXPLAIN ANALYZE)':>38}   {'run (pg_stat_statements)':>38}")
print(f"{'variant':32}" + f" {'RLS':>8} {'floor':>8} {'RLS-floor':>10} {'ratio':>7}  " * 2)
for name, figures in means.items():
    line = f"{name:32}"
    for rls_key, floor_key in (("rls start", "floor start"), ("rls", "floor")):
        rls, floor = statistics.fmean(figures[rls_key]), statistics.fmean(figures[floor_key])
        line += f" {rls:8.2f} {floor:8.2f} {rls - floor:10.2f} {rls / floor:7.3f}  "
    print(line)

"""Sets of policy texts side by side on a loaded bench database, server-side, with nothing committed
(issue 13, session 11). scripts/bench_policy_variants.py replaces one policy's USING and commits it
(its connections run as the client roles); a statement often meets several policies (every table
of a join, the restrictive tenant_isolation beside the permissive one), and asking what a whole
design would cost means changing them together. Here each variant is a list of statements (ALTER
POLICY ..., or anything else a superuser may run) applied inside one transaction that is rolled
back at the end of the variant's round: nothing is ever committed, so there is nothing to restore,
and an interrupted run leaves the database as it was.

In that transaction, for each of N iterations and each side (interleaved, the order reversed every
other iteration; the actors of bench.actors in turn): SET LOCAL ROLE to the side's role (the
workload's client role for "rls", tenantdb_maintenance for "floor"), app.set_context(...) as the
actor, then EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) EXECUTE of the workload's statement, PREPAREd
in the same transaction: "Execution Time" is the executor from start to end, so the set-up of every
InitPlan and function of the policies is in it ("start+run" of bench_policy_variants.py). The first
20 iterations of each round are not counted (custom plans, cold caches). Variants run in rounds, in
reverse order every other round. Prints the interquartile mean per side, their difference and
ratio, and the median of the paired differences (both sides of one iteration share an actor);
asserts nothing.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_policy_sets.py tenantdb_bench \\
        user_interactions_view 400 2 variants.toml

variants.toml (the deployed policies are always the variant "deployed"):

    [[variant]]
    name = "interactions role arm as a boolean InitPlan"
    statements = ["ALTER POLICY interactions_select_app ON app.interactions USING (...)"]

ALTER POLICY holds an ACCESS EXCLUSIVE lock on its table until the round's rollback: run this on a
dedicated bench database, never a production one. A write workload's rows are rolled back too.
"""
import statistics
import sys
import tomllib
from pathlib import Path

from psycopg import sql

from tenantdb.backend import get_backend
from tenantdb.bench.server_side import EXPLAIN_OPTIONS, execution_us, interquartile_mean, numbered
from tenantdb.bench.workloads import CONTEXT_SQL, context_user, load_workloads, read_actors
from tenantdb.database import admin_connect
from tenantdb.settings import MAINTENANCE_ROLE

if len(sys.argv) != 6:
    sys.exit(__doc__)
DB, WORKLOAD, N, ROUNDS, VARIANTS = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), Path(sys.argv[5])
WARMUP = 20
found = [w for w in load_workloads() if w.name == WORKLOAD]
if not found:
    sys.exit(f"no workload {WORKLOAD!r} in sql/bench/workloads.toml")
w = found[0]
variants: dict[str, list[str]] = {"deployed": []}
for entry in tomllib.loads(VARIANTS.read_text()).get("variant", []):
    variants[entry["name"]] = list(entry["statements"])
ROLES = {"rls": w.rls_role, "floor": MAINTENANCE_ROLE}
#: Every policy's text, to show at the end that nothing a variant ran was committed.
POLICIES = ("SELECT p.polrelid::regclass::text, p.polname, pg_get_expr(p.polqual, p.polrelid),"
            " pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p ORDER BY 1, 2")
statements = {side: numbered(getattr(w, side)) for side in ROLES}
times: dict[str, dict[str, list[float]]] = {name: {side: [] for side in ROLES} for name in variants}
with admin_connect(get_backend(), DB) as su:
    su.autocommit = False  # admin_connect() is autocommit: each variant must stay inside its transaction
    before = su.execute(POLICIES).fetchall()
    actors = read_actors(su)
    su.rollback()
    for r in range(ROUNDS):
        for name in (list(variants) if r % 2 == 0 else list(variants)[::-1]):
            for statement in variants[name]:
                su.execute(statement)
            for side, numbered_query in statements.items():
                su.execute(sql.SQL("PREPARE {} AS ").format(sql.Identifier(f"sets_{side}")) + sql.SQL(numbered_query[0]))
            for i in range(N + WARMUP):
                actor = {**actors[i % len(actors)], "n": i}
                for side in (list(ROLES) if i % 2 == 0 else list(ROLES)[::-1]):
                    keys = statements[side][1]
                    su.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(ROLES[side])))
                    su.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
                    args = sql.SQL(", ").join(sql.Literal(actor[k]) for k in keys)
                    explain = sql.SQL(f"EXPLAIN ({EXPLAIN_OPTIONS}) EXECUTE {{}}").format(sql.Identifier(f"sets_{side}"))
                    row = su.execute(explain + (sql.SQL("({})").format(args) if keys else sql.SQL(""))).fetchone()
                    assert row is not None
                    document = row[0][0]
                    su.execute("RESET ROLE")
                    if i >= WARMUP:
                        times[name][side].append(execution_us(document))
            su.rollback()  # the variant's statements and the prepared statements' transaction: nothing stays
            su.execute("DEALLOCATE ALL")
            su.rollback()
            print(f"round {r + 1}: {name}", flush=True)
    after = su.execute(POLICIES).fetchall()
    su.rollback()
if after != before:
    sys.exit("THE POLICIES CHANGED: a variant's statement was committed; compare pg_policy with a fresh deploy")

print(f"\n{WORKLOAD}: {ROUNDS} rounds x {N} transactions per side, server-side start+run µs (interquartile mean)")
print(f"{'variant':48} {'RLS':>8} {'floor':>8} {'RLS-floor':>10} {'ratio':>7} {'paired':>8}")
for name, sides in times.items():
    rls, floor = interquartile_mean(sides["rls"]), interquartile_mean(sides["floor"])
    spread = statistics.pstdev(sides["rls"]) if len(sides["rls"]) > 1 else 0.0
    # Each iteration times both sides for the same actor: the median of those differences does not
    # move with the mixture of large and small tenants the way a difference of two means does.
    paired = statistics.median(r - f for r, f in zip(sides["rls"], sides["floor"], strict=True))
    print(f"{name:48} {rls:8.2f} {floor:8.2f} {rls - floor:10.2f} {rls / floor:7.3f} {paired:8.2f}   (RLS sd {spread:.1f})")

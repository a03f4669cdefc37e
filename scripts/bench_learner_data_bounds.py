"""The learner-data bounds side by side, server-side (issue 13, session 6,
perf/learner_data_bounds_in_stamp). The quick bench data twice: "before" (the plan up to
perf/binding_check_fewer_calls, main 70a8a89: the policies call the PL/pgSQL
visible_learner_ids_bound()) and "after" (the whole plan: the bounds in the signed stamp, read by
the inlined resolved_visible_learner_ids_bound()). pgbench -M prepared, 1 client, interleaved
rounds (the order reversed every other round); each transaction is BEGIN, app.set_context(), one
statement, COMMIT. Figures are pg_stat_statements' mean execution time per statement (server side,
no round trip), read in the postgres database and filtered by dbid, so neither bench database's
schema is changed:
  * the lookups (as the superuser, as the lead's method and the bench's lookup table do): one bound
    alone and the four of one statement as `SELECT num_nonnulls((SELECT <bound>), ...)`, minus the
    same statement over `(SELECT 1)`; the old function and the new lookup on the "after" database
    (both exist there), the old one also on "before";
  * the HMAC check of tenantdb_client sessions (current_tenant_id() after SET LOCAL ROLE, as the
    lookup table's client row), not minus base: the stamp it hashes is longer now;
  * app.set_context() on each database (bind_context() now computes and signs four fields more);
  * the three policies' statements as the app login (RLS applies): an educator's `SELECT count(*)`
    and a student's `SELECT count(learner_id)` (another statement for pg_stat_statements) of
    learning_sessions (struggle_events and intervention_logs, same policy shape, are empty in the
    bench data).
And the planning time of an unprepared `SELECT count(*) FROM app.learning_sessions` (EXPLAIN
ANALYZE, p50 of 200 interleaved rounds): the inlined lookup is planned, the PL/pgSQL call was not.
Databases s6_bounds_before / s6_bounds_after are made from the bench load and dropped afterwards.
Prints a table in microseconds; asserts nothing.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_learner_data_bounds.py 3 2000
"""
import re
import statistics
import sys
import tempfile
from pathlib import Path

from tenantdb import bench, tools
from tenantdb.backend import get_backend
from tenantdb.database import Database, clone_database, drop_database
from tenantdb.settings import APP_ROLE
from tenantdb.sqitch import run_sqitch

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
BEFORE, AFTER = "s6_bounds_before", "s6_bounds_after"
LAST_OF_MAIN = "perf/binding_check_fewer_calls"
BOUNDS = ("learner_lo", "learner_hi", "key_hi", "staff_own_key")
OLD, NEW = "app_private.visible_learner_ids_bound", "app_private.resolved_visible_learner_ids_bound"
#: struggle_events and intervention_logs have the same policy but no rows in the bench data.
TABLES = ("learning_sessions",)


def first(fn: str) -> str:
    return f"SELECT (SELECT {fn}('learner_lo')) IS NOT NULL"


def four(fn: str) -> str:
    return "SELECT pg_catalog.num_nonnulls(" + ", ".join(f"(SELECT {fn}('{b}'))" for b in BOUNDS) + ")"


BASE = "SELECT (SELECT 1) IS NOT NULL"
#: After SET LOCAL ROLE in a superuser session: the tenantdb_client path of current_tenant_id(), which
#: checks the stamp's HMAC (now over four fields more), as the lookup table's client row.
CLIENT_CHECK = "SELECT (SELECT app.current_tenant_id()) IS NOT NULL"
#: (label, database, as the app login?, who sets the context, statement)
SCRIPTS = [("base", AFTER, False, "p", BASE), ("base", BEFORE, False, "p", BASE),
           ("old bound, first call", AFTER, False, "p", first(OLD)), ("old bounds, all four", AFTER, False, "p", four(OLD)),
           ("new bound, first call", AFTER, False, "p", first(NEW)), ("new bounds, all four", AFTER, False, "p", four(NEW)),
           ("old bound, first call", BEFORE, False, "p", first(OLD)), ("old bounds, all four", BEFORE, False, "p", four(OLD)),
           ("set_context only", BEFORE, True, "p", ""), ("set_context only", AFTER, True, "p", ""),
           ("client HMAC check", BEFORE, False, "p", f"SET LOCAL ROLE {APP_ROLE};\n{CLIENT_CHECK}"),
           ("client HMAC check", AFTER, False, "p", f"SET LOCAL ROLE {APP_ROLE};\n{CLIENT_CHECK}")]
for table in TABLES:
    for db in (BEFORE, AFTER):
        SCRIPTS.append((f"educator: count(*) {table}", db, True, "e", f"SELECT count(*) FROM app.{table}"))
        SCRIPTS.append((f"student: count(learner_id) {table}", db, True, "s", f"SELECT count(learner_id) FROM app.{table}"))

PLANNED = "EXPLAIN (ANALYZE, SUMMARY ON, TIMING OFF) SELECT count(*) FROM app.learning_sessions"


def planning_ms(rounds: int = 200) -> dict[tuple[str, str], float]:
    """Median planning time of an unprepared learner-data statement, as the app login (RLS)."""
    times: dict[tuple[str, str], list[float]] = {(db, k): [] for db in (BEFORE, AFTER) for k in ("e", "s")}
    conns = {db: Database(backend, db).connect(APP_ROLE) for db in (BEFORE, AFTER)}
    try:
        for i in range(rounds):
            for db in ((BEFORE, AFTER) if i % 2 == 0 else (AFTER, BEFORE)):
                for k in ("e", "s"):
                    conns[db].execute("SELECT app.set_context(%s, %s)", (actor["tenant_id"], who[k]))
                    plan = "\n".join(r[0] for r in conns[db].execute(PLANNED))
                    conns[db].rollback()
                    times[db, k].append(float(re.search(r"Planning Time: ([\d.]+)", plan).group(1)))  # type: ignore[union-attr]
    finally:
        for c in conns.values():
            c.close()
    return {key: statistics.median(v) for key, v in times.items()}


backend = get_backend()
bench.fresh_database(backend, AFTER)
bench.load(backend, AFTER, bench.SIZES["quick"].main)
drop_database(backend, BEFORE)
clone_database(backend, AFTER, BEFORE)
run_sqitch(backend, "revert", ["-y", "--to", LAST_OF_MAIN], dbname=BEFORE, capture=True, check=True)
with Database(backend, AFTER).connect() as conn:
    actor = bench.read_actors(conn)[0]
who = {"p": actor["user_id"], "e": actor["educator_id"], "s": actor["user_id"]}
try:
    with Database(backend, "postgres").connect(autocommit=True) as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        dbids = {db: pg.execute("SELECT oid FROM pg_database WHERE datname = %s", (db,)).fetchone()[0] for db in (BEFORE, AFTER)}
        pg.execute("SELECT pg_stat_statements_reset()")
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for i, (_, db, app, actor_key, statement) in enumerate(SCRIPTS):
                path = Path(tmp) / f"s{i}.sql"
                path.write_text("BEGIN;\nSELECT app.set_context(:t, :p);\n" + (f"{statement};\n" if statement else "") + "COMMIT;\n")
                conninfo = backend.conninfo(db, APP_ROLE) if app else backend.conninfo(db)
                files.append((conninfo, path, who[actor_key]))
            for r in range(ROUNDS):
                for conninfo, path, person in (files if r % 2 == 0 else files[::-1]):
                    result = tools.pgbench(conninfo, ["-n", "-M", "prepared", "-c", "1", "-t", str(TRANSACTIONS),
                                                      "-D", f"t={actor['tenant_id']}", "-D", f"p={person}", "-f", str(path)])
                    if result.returncode != 0:
                        raise SystemExit(result.stderr)
        planning = planning_ms()
        stats = pg.execute("SELECT dbid, userid::regrole::text, query, calls, mean_exec_time * 1000, min_exec_time * 1000"
                           " FROM pg_stat_statements"
                           " WHERE dbid = ANY(%s)", (list(dbids.values()),)).fetchall()
finally:
    drop_database(backend, BEFORE)
    drop_database(backend, AFTER)

names = {v: k for k, v in dbids.items()}


def shape(query: str) -> str:
    """A statement as pg_stat_statements shows it, constants and parameters as `$`."""
    return re.sub(r"'[^']*'|\b\d+\b", "$", re.sub(r"\$\d+", "$", query.strip()))


def mean_us(db: str, app: bool, needle: str, column: int = 4) -> float:
    rows = [(row[3], row[column]) for row in stats for dbid, user, query in [row[:3]]
            if names[dbid] == db and (user != "postgres") == app and shape(query) == shape(needle)]
    assert rows, (db, needle)
    return sum(c * u for c, u in rows) / sum(c for c, _ in rows)


print(f"quick bench data, actor 0 (tenant {actor['tenant_id']}), {ROUNDS} rounds x {TRANSACTIONS} transactions per script")
print(f"{'statement (mean server-side us)':58} {'before':>9} {'after':>9}")
base = {db: mean_us(db, False, BASE) for db in (BEFORE, AFTER)}
for label, fn_before, fn_after in (("bound, first call: old function", first(OLD), first(OLD)),
                                   ("bounds, all four: old function", four(OLD), four(OLD)),
                                   ("bound, first call: in the stamp (after)", None, first(NEW)),
                                   ("bounds, all four: in the stamp (after)", None, four(NEW))):
    before = f"{mean_us(BEFORE, False, fn_before) - base[BEFORE]:9.2f}" if fn_before else f"{'':9}"
    print(f"{label + ' (minus base)':58} {before} {mean_us(AFTER, False, fn_after) - base[AFTER]:9.2f}")
print(f"{'client HMAC check: ' + CLIENT_CHECK:58} {mean_us(BEFORE, True, CLIENT_CHECK):9.2f}"
      f" {mean_us(AFTER, True, CLIENT_CHECK):9.2f}")
set_context = "SELECT app.set_context($1, $2)"
print(f"{'app.set_context() (app login)':58} {mean_us(BEFORE, True, set_context):9.2f} {mean_us(AFTER, True, set_context):9.2f}")
print(f"{'app.set_context() (app login), fastest call':58} {mean_us(BEFORE, True, set_context, 5):9.2f}"
      f" {mean_us(AFTER, True, set_context, 5):9.2f}")
for table in TABLES:
    for who_label, statement in (("educator", f"SELECT count(*) FROM app.{table}"),
                                 ("student", f"SELECT count(learner_id) FROM app.{table}")):
        print(f"{who_label + ': ' + statement:58} {mean_us(BEFORE, True, statement):9.2f} {mean_us(AFTER, True, statement):9.2f}")
for k, label in (("e", "educator"), ("s", "student")):
    print(f"{'planning ms (unprepared, p50 of 200): ' + label:58} {planning[BEFORE, k]:9.3f} {planning[AFTER, k]:9.3f}")

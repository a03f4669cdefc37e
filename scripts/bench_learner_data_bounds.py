"""The learner-data bounds side by side, server-side (issue 13, session 6,
perf/learner_data_bounds_in_stamp), in every form tried. The quick bench data, one database per form:
  * main: the plan up to perf/binding_check_fewer_calls (main 70a8a89): the policies call the
    PL/pgSQL visible_learner_ids_bound(), which computes each bound from the role and learner id;
  * written out: this change: the bounds in the signed stamp (fields 9-12), each read by an
    expression written out in the policy (binding check, split_part(), else the unbound path);
  * the same stamp, read through a function the policies call, app_private.bound_from_stamp(bound)
    (created in that database only): "inlined" (LANGUAGE sql, inlinable: s6a's first form), "strict
    sql" (the same body declared STRICT, which the planner refuses to inline: CASE is not strict) and
    "plpgsql" (SECURITY DEFINER with a fixed search_path, as the lint requires of PL/pgSQL).
pgbench -M prepared, 1 client, interleaved rounds (the order reversed every other round); each
transaction is BEGIN, app.set_context(), one statement, COMMIT. Figures are pg_stat_statements'
mean execution time per statement (server side, no round trip), read in the postgres database and
filtered by dbid, so no bench database's schema is changed by it:
  * one bound and the four of one statement as the superuser (as the lead's method and the bench's
    lookup table), `SELECT num_nonnulls((SELECT <bound>), ...)`, minus the same over `(SELECT 1)`;
  * the HMAC check of tenantdb_client sessions (current_tenant_id() after SET LOCAL ROLE), not
    minus base: bind_context() signs a longer stamp in every form but main;
  * app.set_context() as the app login;
  * the policies' statements as the app login (RLS applies): an educator's `SELECT count(*)` and a
    student's `SELECT count(learner_id)` of learning_sessions (struggle_events and
    intervention_logs, same policy shape, are empty in the bench data).
And the planning time of an unprepared `SELECT count(*) FROM app.learning_sessions` as the app
login (EXPLAIN ANALYZE, p50, interleaved): what a client that never prepares pays per statement.
The databases s6_bounds_<form> are made from one bench load and dropped afterwards. Prints a table
in microseconds (planning in ms); asserts nothing.

    TENANTDB_PORT=54501 .venv/bin/python scripts/bench_learner_data_bounds.py 3 2000 200
    (rounds, transactions per script and round, planning rounds; optionally a comma list of forms)
"""
import re
import statistics
import sys
import tempfile
from pathlib import Path

from tenantdb import bench, tools
from tenantdb.backend import get_backend
from tenantdb.bench.measure import LEARNER_DATA_BOUND_FIELDS, learner_data_bound_sql
from tenantdb.database import Database, clone_database, drop_database
from tenantdb.settings import APP_ROLE
from tenantdb.sqitch import run_sqitch

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
PLANNING_ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 200
LAST_OF_MAIN = "perf/binding_check_fewer_calls"
BOUNDS = tuple(LEARNER_DATA_BOUND_FIELDS)
OLD, VIA = "app_private.visible_learner_ids_bound", "app_private.bound_from_stamp"
#: The stamp read of the tried function forms: binding check, the field, else the unbound path.
READ = ("CASE WHEN app_private.context_is_current()"
        " THEN NULLIF(pg_catalog.split_part(pg_catalog.current_setting('app.context_stamp', true), ':',"
        " 8 + pg_catalog.array_position(ARRAY['learner_lo', 'learner_hi', 'key_hi', 'staff_own_key'], bound)), '')::uuid"
        " ELSE app_private.unbound_visible_learner_ids_bound(bound) END")


def policies_calling(fn: str) -> str:
    return ";\n".join(
        f"ALTER POLICY {t}_select_app ON app.{t} USING (learner_id >= (SELECT {fn}('learner_lo'))"
        f" AND learner_id <= (SELECT {fn}('learner_hi')) AND learner_data_key <= (SELECT {fn}('key_hi'))"
        f" AND (learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid, (SELECT {fn}('staff_own_key'))]))"
        " IS NOT FALSE)" for t in ("learning_sessions", "struggle_events", "intervention_logs"))


def via_function(header: str, body: str) -> str:
    return (f"CREATE FUNCTION {VIA}(bound text) RETURNS uuid {header} {body};\n"
            f"GRANT EXECUTE ON FUNCTION {VIA}(text) TO tenantdb_app, tenantdb_client;\n" + policies_calling(VIA))


#: form -> (SQL run on a copy of the whole plan, or None for main; how a statement reads a bound)
FORMS: dict[str, tuple[str | None, str]] = {
    "main": (None, f"(SELECT {OLD}('{{}}'))"),
    "written out": ("", ""),
    "inlined": (via_function("LANGUAGE sql STABLE PARALLEL RESTRICTED", f"RETURN {READ}"), f"(SELECT {VIA}('{{}}'))"),
    "strict sql": (via_function("LANGUAGE sql STABLE STRICT PARALLEL RESTRICTED", f"RETURN {READ}"), f"(SELECT {VIA}('{{}}'))"),
    "plpgsql": (via_function("LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER SET search_path = pg_catalog, pg_temp",
                             f"AS $f$ BEGIN RETURN {READ}; END $f$"), f"(SELECT {VIA}('{{}}'))"),
}
if len(sys.argv) > 4:
    FORMS = {k: v for k, v in FORMS.items() if k in sys.argv[4].split(",")}
DBS = {form: "s6_bounds_" + form.replace(" ", "_") for form in FORMS}


def bound(form: str, name: str) -> str:
    return learner_data_bound_sql(name) if form == "written out" else FORMS[form][1].format(name)


def first(form: str) -> str:
    return f"SELECT {bound(form, 'learner_lo')} IS NOT NULL"


def four(form: str) -> str:
    return "SELECT pg_catalog.num_nonnulls(" + ", ".join(bound(form, b) for b in BOUNDS) + ")"


BASE = "SELECT (SELECT 1) IS NOT NULL"
CLIENT_CHECK = "SELECT (SELECT app.current_tenant_id()) IS NOT NULL"
SET_CONTEXT = "SELECT app.set_context($1, $2)"
EDUCATOR, STUDENT = "SELECT count(*) FROM app.learning_sessions", "SELECT count(learner_id) FROM app.learning_sessions"
#: (database, as the app login?, who sets the context, statement)
SCRIPTS = [s for form, db in DBS.items() for s in (
    (db, False, "p", BASE), (db, False, "p", first(form)), (db, False, "p", four(form)), (db, True, "p", ""),
    (db, False, "p", f"SET LOCAL ROLE {APP_ROLE};\n{CLIENT_CHECK}"), (db, True, "e", EDUCATOR), (db, True, "s", STUDENT))]
PLANNED = f"EXPLAIN (ANALYZE, SUMMARY ON, TIMING OFF) {EDUCATOR}"


def planning_ms(rounds: int) -> dict[tuple[str, str], float]:
    """Median planning time of an unprepared learner-data statement, as the app login (RLS)."""
    times: dict[tuple[str, str], list[float]] = {(db, k): [] for db in DBS.values() for k in ("e", "s")}
    conns = {db: Database(backend, db).connect(APP_ROLE) for db in DBS.values()}
    order = list(DBS.values())
    try:
        for i in range(rounds):
            for db in (order if i % 2 == 0 else order[::-1]):
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
SOURCE = "s6_bounds_source"
bench.fresh_database(backend, SOURCE)
bench.load(backend, SOURCE, bench.SIZES["quick"].main)
try:
    for form, db in DBS.items():
        drop_database(backend, db)
        clone_database(backend, SOURCE, db)
        setup = FORMS[form][0]
        if setup is None:
            run_sqitch(backend, "revert", ["-y", "--to", LAST_OF_MAIN], dbname=db, capture=True, check=True)
        elif setup:
            with Database(backend, db).connect(autocommit=True) as conn:
                conn.execute(setup)  # type: ignore[arg-type]
    with Database(backend, SOURCE).connect() as conn:
        actor = bench.read_actors(conn)[0]
    who = {"p": actor["user_id"], "e": actor["educator_id"], "s": actor["user_id"]}
    with Database(backend, "postgres").connect(autocommit=True) as pg:
        pg.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        names = {pg.execute("SELECT oid FROM pg_database WHERE datname = %s", (db,)).fetchone()[0]: db for db in DBS.values()}
        pg.execute("SELECT pg_stat_statements_reset()")
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for i, (db, app, actor_key, statement) in enumerate(SCRIPTS):
                path = Path(tmp) / f"s{i}.sql"
                path.write_text("BEGIN;\nSELECT app.set_context(:t, :p);\n" + (f"{statement};\n" if statement else "") + "COMMIT;\n")
                files.append((backend.conninfo(db, APP_ROLE) if app else backend.conninfo(db), path, who[actor_key]))
            for r in range(ROUNDS):
                for conninfo, path, person in (files if r % 2 == 0 else files[::-1]):
                    result = tools.pgbench(conninfo, ["-n", "-M", "prepared", "-c", "1", "-t", str(TRANSACTIONS),
                                                      "-D", f"t={actor['tenant_id']}", "-D", f"p={person}", "-f", str(path)])
                    if result.returncode != 0:
                        raise SystemExit(result.stderr)
        planning = planning_ms(PLANNING_ROUNDS)
        stats = pg.execute("SELECT dbid, userid::regrole::text, query, calls, mean_exec_time * 1000 FROM pg_stat_statements"
                           " WHERE dbid = ANY(%s)", (list(names),)).fetchall()
finally:
    for db in (*DBS.values(), SOURCE):
        drop_database(backend, db)


def shape(query: str) -> str:
    """A statement as pg_stat_statements shows it, constants and parameters as `$`."""
    return re.sub(r"'[^']*'|\b\d+\b|\btrue\b|\bfalse\b", "$", re.sub(r"\$\d+", "$", query.strip()))


def mean_us(db: str, app: bool, needle: str) -> float:
    rows = [(calls, us) for dbid, user, query, calls, us in stats
            if names[dbid] == db and (user != "postgres") == app and shape(query) == shape(needle)]
    assert rows, (db, needle)
    return sum(c * u for c, u in rows) / sum(c for c, _ in rows)


print(f"quick bench data, actor 0 (tenant {actor['tenant_id']}), {ROUNDS} rounds x {TRANSACTIONS} transactions per script,"
      f" planning p50 of {PLANNING_ROUNDS}; mean server-side us per statement (bounds minus base)")
print(f"{'form':12} {'1 bound':>8} {'4 bounds':>8} {'HMAC chk':>8} {'set_ctx':>8} {'educator':>8} {'student':>8}"
      f" {'plan ms e':>9} {'plan ms s':>9}")
for form, db in DBS.items():
    base = mean_us(db, False, BASE)
    print(f"{form:12} {mean_us(db, False, first(form)) - base:8.2f} {mean_us(db, False, four(form)) - base:8.2f}"
          f" {mean_us(db, True, CLIENT_CHECK):8.2f} {mean_us(db, True, SET_CONTEXT):8.2f}"
          f" {mean_us(db, True, EDUCATOR):8.2f} {mean_us(db, True, STUDENT):8.2f}"
          f" {planning[db, 'e']:9.3f} {planning[db, 's']:9.3f}")

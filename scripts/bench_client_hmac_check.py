"""The client HMAC check side by side, server-side (issue 13, session 6): the demo database with
perf/client_hmac_check (s6_hmac_after) against a clone with it reverted (s6_hmac_before, the
landed check of perf/resolved_context), both cloned from the demo database and dropped afterwards.

Method (the lead's, COMMON.md session 6): pgbench -M prepared, one client, the superuser with a
context bound by app.set_context() for the first demo student; each statement is
`SELECT num_nonnulls((SELECT <lookup>), ... N times)`, and pg_stat_statements (created in the
`postgres` database, read by dbid: the measured schemas are not changed) gives its mean execution
time. A lookup's cost is (mean - mean of the same statement over `(SELECT true)`) / N. N = 20
spreads the first-use costs of a statement; N = 1 is a policy's single InitPlan. Rows:
- check: app_private.context_signature_is_valid() alone (student's stamp, about 400 bytes);
- tenant, client path: app.current_tenant_id() after SET LOCAL ROLE tenantdb_app (a superuser
  session under a non-superuser role takes the tenantdb_client branch: binding, role test, HMAC),
  what the bench's lookup table calls "the client HMAC check";
- check, long stamp: the check on a stamp with 40 course ids (1.6 KB), signed with the key by
  app_private.resolved_context_signature(), as bind_context() signs a staff member's stamp.
Rounds interleave the schemas (order reversed every other round). Prints means; asserts nothing.

    TENANTDB_PORT=54502 .venv/bin/python scripts/bench_client_hmac_check.py 6 400
"""
import sys
from pathlib import Path

from tenantdb import tools
from tenantdb.backend import get_backend
from tenantdb.database import Database, clone_database, drop_database
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 400
BEFORE, AFTER = "s6_hmac_before", "s6_hmac_after"
REVERT = Path(__file__).resolve().parents[1] / "revert" / "perf" / "client_hmac_check.sql"
A = DEMO_TENANTS[0]
STUDENT = user_id(A, "student", 1)
# pgbench reads ':name' as a variable: the stamp's separator is written chr(58).
LONG_STAMP = ("SELECT pg_catalog.set_config('app.context_stamp', x.u || chr(58) || app_private.resolved_context_signature("
              "pg_catalog.current_setting('app.tenant_id'), pg_catalog.current_setting('app.user_id'), x.u), true) FROM "
              "(SELECT pg_catalog.concat_ws(chr(58), app_private.transaction_binding(), 'educator', '', "
              "(SELECT pg_catalog.array_agg(gen_random_uuid()) FROM generate_series(1, 40))::text, '{}', '{}', '{}') AS u) x")
ROWS = {  # name: (lookup, statements run after set_context)
    "check": ("app_private.context_signature_is_valid()", []),
    "tenant, client path": ("app.current_tenant_id()", ["SET LOCAL ROLE tenantdb_app"]),
    "check, long stamp": ("app_private.context_signature_is_valid()", [LONG_STAMP]),
}

backend = get_backend()
drop_database(backend, BEFORE)
drop_database(backend, AFTER)
clone_database(backend, "tenantdb", AFTER)
clone_database(backend, "tenantdb", BEFORE)
with Database(backend, BEFORE).connect(autocommit=True) as su:
    su.execute(REVERT.read_text())
with Database(backend, "postgres").connect(autocommit=True) as su:
    su.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    dbids = {db: su.execute("SELECT oid FROM pg_database WHERE datname = %s", (db,)).fetchone()[0] for db in (BEFORE, AFTER)}


def script(path: Path, lookup: str, setup: list[str], n: int) -> None:
    lines = ["BEGIN;", f"SELECT app.set_context('{A.id}', '{STUDENT}');", *(f"{s};" for s in setup),
             "SELECT pg_catalog.num_nonnulls(" + ", ".join([f"(SELECT {lookup})"] * n) + ");", "COMMIT;"]
    path.write_text("\n".join(lines) + "\n")


def mean_us(db: str, path: Path) -> float:
    with Database(backend, "postgres").connect(autocommit=True) as su:
        su.execute("SELECT pg_stat_statements_reset()")
        tools.pgbench(Database(backend, db).conninfo(), ["-n", "-M", "prepared", "-c", "1", "-t", str(TRANSACTIONS), "-f", str(path)])
        row = su.execute("SELECT mean_exec_time * 1000 FROM pg_stat_statements WHERE dbid = %s"
                         " AND query LIKE 'SELECT pg_catalog.num_nonnulls(%%'", (dbids[db],)).fetchone()
    return float(row[0])


work = Path("/tmp/bench_client_hmac_check")
work.mkdir(exist_ok=True)
try:
    for n in (20, 1):
        variants = [(name, db) for name in ("base", *ROWS) for db in (BEFORE, AFTER)]
        samples: dict[tuple[str, str], list[float]] = {v: [] for v in variants}
        for name, (lookup, setup) in {"base": ("true", []), **ROWS}.items():
            script(work / f"{name.replace(' ', '_').replace(',', '')}_{n}.sql", lookup, setup, n)
        for r in range(ROUNDS):
            for name, db in (variants if r % 2 == 0 else variants[::-1]):
                path = work / f"{name.replace(' ', '_').replace(',', '')}_{n}.sql"
                samples[(name, db)].append(mean_us(db, path))
        print(f"\nN = {n} lookups per statement, {ROUNDS} rounds x {TRANSACTIONS} transactions: µs per lookup")
        print(f"{'lookup':24s} {'before':>8s} {'after':>8s} {'change':>8s}")
        for name in ROWS:
            per = {db: (sum(samples[(name, db)]) - sum(samples[("base", db)])) / len(samples[(name, db)]) / n for db in (BEFORE, AFTER)}
            print(f"{name:24s} {per[BEFORE]:8.2f} {per[AFTER]:8.2f} {100 * (per[AFTER] / per[BEFORE] - 1):+7.0f}%")
finally:
    drop_database(backend, BEFORE)
    drop_database(backend, AFTER)

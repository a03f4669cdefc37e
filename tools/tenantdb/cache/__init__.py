"""tenantdb.cache: a Redis read-through cache that can never cross tenants or roles.

    from tenantdb.cache import TenantCache, open_store, open_cache_pool

    store = open_store(redis_url_or_None, data_dir, namespace="tdb:tenantdb")
    cache = TenantCache(store, open_cache_pool(backend.conninfo(db, APP_ROLE)))
    cache.learner_profile(tenant_id, user_id, profile_id)

See docs/cache.md: key layout, database-driven invalidation (worker.py), outage behaviour.
"""

from .breaker import CircuitBreaker
from .reader import CachedRead, TenantCache, open_cache_pool
from .store import CacheStore, CacheUnavailable, open_store
from .worker import drain_all, drain_once, run_worker

__all__ = ["CacheStore", "CacheUnavailable", "CachedRead", "CircuitBreaker", "TenantCache", "drain_all",
           "drain_once", "open_cache_pool", "open_store", "run_worker"]

"""Demo data, one module per domain. `tenantdb seed` runs them in the order of SEED_MODULES.

Each module defines ``seed(cur, tenant)``: it inserts that tenant's rows with fixed ids
(``stable_id``) and fixed timestamps (``at``), using ``ON CONFLICT DO NOTHING``, so a second run
changes nothing. Seeds run as the maintenance role (BYPASSRLS), in one transaction.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

#: Order matters: later modules reference rows of earlier ones.
SEED_MODULES = ["identity", "learning", "conversations", "rag", "workspaces", "traceability", "chat_workspaces"]

#: Namespace of every seeded id: uuid5(SEED_NAMESPACE, "<tenant slug>:<kind>:<n>").
SEED_NAMESPACE = uuid.UUID("6f1c2a7e-3d7b-4c1e-9a51-7e2b1d0c9f00")
#: Seeded timestamps are offsets from this instant, so two runs write identical rows.
SEED_EPOCH = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoTenant:
    id: str
    slug: str
    name: str
    #: how many rows of each kind (users per role, documents, ...), so tenants differ in size
    scale: int = 1


DEMO_TENANTS = (
    DemoTenant("11111111-1111-4111-8111-111111111111", "northwind", "Northwind Academy"),
    DemoTenant("22222222-2222-4222-8222-222222222222", "riverside", "Riverside College"),
)


def stable_id(tenant: DemoTenant, kind: str, n: int | str = 0) -> str:
    """The same uuid for the same tenant, kind and number, on every run and every machine."""
    return str(uuid.uuid5(SEED_NAMESPACE, f"{tenant.slug}:{kind}:{n}"))


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    """A fixed timestamp: SEED_EPOCH plus an offset."""
    return SEED_EPOCH + timedelta(days=days, hours=hours, minutes=minutes)


def seeders() -> list[tuple[str, Callable[..., None]]]:
    return [(name, importlib.import_module(f"{__name__}.{name}").seed) for name in SEED_MODULES]

"""Who the isolation proof plays against whom: two tenants and the person each actor acts as
(tenantdb.prove; the demo tenants on a seeded clone, an operator's tenants via tenantdb.target)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .access_matrix import DATABASE_ROLE
from .seeds import DEMO_TENANTS, DemoTenant
from .seeds.identity import user_id

TENANT_A, TENANT_B = DEMO_TENANTS


@dataclass(frozen=True)
class Subjects:
    """The two tenants the proof plays against each other and the person each actor acts as.

    The demo tenants on a seeded clone (:data:`DEMO`); two existing tenants of an operator's
    database on a target (tenantdb.target), where a table without rows of both tenants is
    reported as uncovered instead of failing, and `read_only` skips every write probe."""

    a: str
    b: str
    b_slug: str
    #: (tenant id, actor) -> user id the actor acts as (None: no person, e.g. the service)
    people: Mapping[tuple[str, str], str | None]
    demo: bool = True
    read_only: bool = False

    def person(self, actor: str, tenant: str | None = None) -> str | None:
        return None if actor == "service" else self.people.get((tenant or self.a, actor))


def person(actor: str, tenant: DemoTenant = TENANT_A) -> str | None:
    return None if actor == "service" else user_id(tenant, actor, 1)


DEMO = Subjects(TENANT_A.id, TENANT_B.id, TENANT_B.slug,
                {(t.id, actor): person(actor, t) for t in DEMO_TENANTS for actor in DATABASE_ROLE})

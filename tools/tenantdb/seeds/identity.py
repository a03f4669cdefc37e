"""Tenants and their people: per tenant 8 students, 2 educators, 1 coach, 1 admin."""

from __future__ import annotations

from faker import Faker

from . import DemoTenant, at, stable_id

#: (role, how many) per demo tenant; SPEC §4 asks for at least 8 students and 2 educators.
ROSTER = (("admin", 1), ("educator", 2), ("coach", 1), ("student", 8))


def people(tenant: DemoTenant) -> list[dict]:
    """The tenant's demo users, deterministic (Faker seeded by the tenant's slug)."""
    fake = Faker("en_US")
    fake.seed_instance(tenant.slug)
    rows = []
    for role, count in ROSTER:
        for n in range(1, count * tenant.scale + 1):
            name = fake.name()
            rows.append({
                "id": stable_id(tenant, f"user:{role}", n),
                "email": f"{role}{n:02d}@{tenant.slug}.example",
                "display_name": name,
                "role": role,
                "lti_user_id": f"lti-{tenant.slug}-{role}-{n:02d}",
                "created_at": at(days=-30, minutes=len(rows)),
            })
    return rows


def user_id(tenant: DemoTenant, role: str, n: int = 1) -> str:
    return stable_id(tenant, f"user:{role}", n)


def seed(cur, tenant: DemoTenant) -> None:
    cur.execute(
        "INSERT INTO app.tenants (id, slug, name, created_at, updated_at) VALUES (%s, %s, %s, %s, %s)"
        " ON CONFLICT (id) DO NOTHING",
        (tenant.id, tenant.slug, tenant.name, at(days=-60), at(days=-60)),
    )
    cur.executemany(
        "INSERT INTO app.users (tenant_id, id, email, display_name, role, lti_user_id, created_at, updated_at)"
        " VALUES (%(tenant_id)s, %(id)s, %(email)s, %(display_name)s, %(role)s, %(lti_user_id)s,"
        " %(created_at)s, %(created_at)s)"
        " ON CONFLICT (tenant_id, id) DO NOTHING",
        [{**p, "tenant_id": tenant.id} for p in people(tenant)],
    )

"""Tenants and their people: per tenant 8 students, 2 educators, 1 coach, 1 admin; their
profiles, login sessions and authentication tokens (hashes only)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from psycopg import Cursor

from . import DemoTenant, at, stable_id

#: (role, how many) per demo tenant; SPEC §4 asks for at least 8 students and 2 educators.
ROSTER = (("admin", 1), ("educator", 2), ("coach", 1), ("student", 8))


def people(tenant: DemoTenant) -> list[dict[str, Any]]:
    """The tenant's demo users, deterministic (Faker seeded by the tenant's slug)."""
    from faker import Faker  # here, not at the top: every CLI start imports this module

    fake = Faker("en_US")
    fake.seed_instance(tenant.slug)
    rows: list[dict[str, Any]] = []
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


def seed(cur: Cursor[Any], tenant: DemoTenant) -> None:
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
    seed_accounts(cur, tenant)


#: Demo token of each tenant's first student (a password-reset link), so the demo and tests can
#: show that only its hash is stored. Not a secret: it exists only in demo data.
def demo_reset_token(tenant: DemoTenant) -> str:
    return f"demo-reset-{tenant.slug}-student-01"


def seed_accounts(cur: Cursor[Any], tenant: DemoTenant) -> None:
    """Profiles for everyone, two sessions per person (one expired), a reset token per student."""
    everyone = people(tenant)
    cur.executemany(
        "INSERT INTO app.user_profiles (tenant_id, user_id, bio, locale, time_zone, preferences, created_at, updated_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, user_id) DO NOTHING",
        [(tenant.id, p["id"], f"{p['display_name']} ({p['role']})", "en", "Europe/Zurich",
          '{"notifications": {"email": true}}', p["created_at"], p["created_at"]) for p in everyone],
    )
    sessions = []
    for i, p in enumerate(everyone):
        for k, (start, lifetime) in enumerate(((-20, 1), (-1, 60))):  # one expired, one active
            created = at(days=start, minutes=i)
            sessions.append((tenant.id, stable_id(tenant, f"session:{p['id']}", k), p["id"],
                             created, created, created + timedelta(days=lifetime), "Mozilla/5.0 (demo)"))
    cur.executemany(
        "INSERT INTO app.user_sessions (tenant_id, id, user_id, created_at, last_accessed_at, expires_at, user_agent)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        sessions,
    )
    students = [p for p in everyone if p["role"] == "student"]
    tokens = []
    for n, p in enumerate(students, start=1):
        token = demo_reset_token(tenant) if n == 1 else f"demo-reset-{tenant.slug}-student-{n:02d}"
        tokens.append((tenant.id, stable_id(tenant, "auth_token", n), p["id"], "password_reset",
                       hashlib.sha256(token.encode()).digest(), at(days=-1), at(days=365)))
    cur.executemany(
        "INSERT INTO app.auth_tokens (tenant_id, id, user_id, purpose, token_sha256, created_at, expires_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (tenant_id, id) DO NOTHING",
        tokens,
    )

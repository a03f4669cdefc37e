"""Test-data factories: valid rows with realistic values, overridable field by field.

    from tenantdb.factories import LearnerProfileFactory

    row = LearnerProfileFactory.build(tenant_id)             # a dict, nothing written
    profile_id = LearnerProfileFactory.create(conn, tenant_id)  # user + profile, as the superuser

``create`` writes through the given connection with the maintenance role (RLS bypassed), so
tests set up rows of any tenant and then check what client roles see.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import psycopg
from faker import Faker
from psycopg.types.json import Jsonb

from .settings import MAINTENANCE_ROLE

_fake = Faker()
_counter = itertools.count(1)


class LearnerProfileFactory:
    @staticmethod
    def build(tenant_id: str, **overrides: Any) -> dict[str, Any]:
        n = next(_counter)
        row = {
            "tenant_id": str(tenant_id),
            "id": str(uuid.uuid4()),
            "user_id": None,
            "lti_user_id": f"lti-{uuid.uuid4().hex[:12]}-{n}",
            "cognitive_profile": {"memory_patterns": {"spacing_benefit": round(_fake.pyfloat(min_value=0, max_value=1), 2)},
                                  "learning_velocity": round(_fake.pyfloat(min_value=0.1, max_value=3), 2)},
            "privacy_settings": {"consent": {"analytics": _fake.pybool()}, "data_sharing": "institution"},
        }
        row.update(overrides)
        return row

    @classmethod
    def create(cls, conn: psycopg.Connection, tenant_id: str, *, role: str = "student", **overrides: Any) -> str:
        """Insert a user (unless user_id is given) and their learner profile; returns the profile id."""
        row = cls.build(tenant_id, **overrides)
        with conn.transaction(), conn.cursor() as cur:
            cur.execute(f"SET LOCAL ROLE {MAINTENANCE_ROLE}")
            if row["user_id"] is None:
                row["user_id"] = str(uuid.uuid4())
                cur.execute(
                    "INSERT INTO app.users (tenant_id, id, email, display_name, role, lti_user_id)"
                    " VALUES (%s, %s, %s, %s, %s, %s)",
                    (row["tenant_id"], row["user_id"], f"{row['lti_user_id']}@factory.example", _fake.name(), role,
                     row["lti_user_id"]),
                )
            cur.execute(
                "INSERT INTO app.learner_profiles (tenant_id, id, user_id, lti_user_id, cognitive_profile, privacy_settings)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (row["tenant_id"], row["id"], row["user_id"], row["lti_user_id"],
                 Jsonb(row["cognitive_profile"]), Jsonb(row["privacy_settings"])),
            )
        return str(row["id"])

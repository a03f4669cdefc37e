"""Learner profiles from application code, without tenant plumbing.

    from tenantdb.context import open_pool
    from tenantdb.learner_profiles import LearnerProfiles

    profiles = LearnerProfiles(pool, tenant_id, user_id)      # the acting person
    p = profiles.get_by_lti_sub("lti-northwind-student-01")
    profiles.update(p.id, privacy_settings={"consent": {"analytics": False}})

Every call is one transaction through :func:`tenantdb.context.tenant_session`, so the database
decides what the acting person may see and change (RLS): a student gets their own profile,
``None`` for anyone else's, and an error when writing what they may not. Bad input (a malformed
id, a JSON shape the table's CHECK rejects, a duplicate LTI subject) raises :class:`BadInput`
naming what was wrong; a write the policies refuse raises :class:`PermissionDenied`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from .context import IdLike, parse_id, tenant_session
from .errors import BadInput, TenantDBError

COLUMNS = "id, tenant_id, user_id, lti_user_id, cognitive_profile, privacy_settings, created_at, updated_at"


class PermissionDenied(TenantDBError):
    """The database's policies refused the write for the acting person (SQLSTATE 42501)."""


@dataclass(frozen=True)
class LearnerProfile:
    id: str
    tenant_id: str
    user_id: str
    lti_user_id: str
    cognitive_profile: dict[str, Any]
    privacy_settings: dict[str, Any]
    created_at: datetime
    updated_at: datetime

    def __post_init__(self) -> None:  # uuids arrive as uuid.UUID; expose text like the inputs
        object.__setattr__(self, "id", str(self.id))
        object.__setattr__(self, "tenant_id", str(self.tenant_id))
        object.__setattr__(self, "user_id", str(self.user_id))


class LearnerProfiles:
    """Create, read, update, delete and list learner profiles as one person of one tenant."""

    def __init__(self, pool: ConnectionPool | psycopg.Connection, tenant_id: IdLike,
                 user_id: IdLike | None = None) -> None:
        self.pool = pool
        tenant = parse_id(tenant_id, "tenant id")
        if tenant is None:
            raise BadInput("a tenant id is required", hint="pass the tenant's uuid")
        self.tenant_id: str = tenant
        self.user_id = parse_id(user_id, "user id")

    def _run(self, query: str, params: Mapping[str, Any] | tuple[Any, ...] = ()) -> list[LearnerProfile]:
        try:
            with tenant_session(self.pool, self.tenant_id, self.user_id) as cur:
                # tenant_session yields a tuple-row cursor; this one reads LearnerProfile rows.
                cur.row_factory = class_row(LearnerProfile)  # type: ignore[arg-type]
                cur.execute(query, params)
                return cast(list[LearnerProfile], cur.fetchall()) if cur.description else []
        except psycopg.errors.UniqueViolation as exc:
            raise BadInput(f"a learner profile with this {_what(exc)} already exists in the tenant",
                           hint="get the existing profile (get_by_lti_sub) and update it instead") from None
        except psycopg.errors.CheckViolation as exc:
            raise BadInput(f"learner profile rejected by {exc.diag.constraint_name}: {exc.diag.message_primary}",
                           hint="see COMMENT ON CONSTRAINT for the expected shape") from None
        except psycopg.errors.ForeignKeyViolation:
            raise BadInput("user_id is not a user of this tenant",
                           hint="create the user first; a profile belongs to a person of the same tenant") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise PermissionDenied(f"not allowed for this person: {exc.diag.message_primary}",
                                   hint="students change only their own profile; admins or the service role create them") from None

    def create(self, user_id: IdLike, lti_user_id: str, *, cognitive_profile: Mapping[str, Any] | None = None,
               privacy_settings: Mapping[str, Any] | None = None) -> LearnerProfile:
        """A new profile for a person of the tenant (admins and the service role)."""
        if not lti_user_id or not isinstance(lti_user_id, str):
            raise BadInput("lti_user_id is required", hint="pass the LTI 1.3 'sub' claim of the launch")
        rows = self._run(
            f"INSERT INTO app.learner_profiles (tenant_id, user_id, lti_user_id, cognitive_profile, privacy_settings)"
            f" VALUES (%s, %s, %s, %s, %s) RETURNING {COLUMNS}",
            (self.tenant_id, parse_id(user_id, "user id"), lti_user_id,
             Jsonb(dict(cognitive_profile or {})), Jsonb(dict(privacy_settings or {}))),
        )
        return rows[0]

    def get(self, profile_id: IdLike) -> LearnerProfile | None:
        """The profile with this id, or None when it does not exist or the person may not see it."""
        rows = self._run(f"SELECT {COLUMNS} FROM app.learner_profiles WHERE tenant_id = %s AND id = %s",
                         (self.tenant_id, parse_id(profile_id, "learner profile id")))
        return rows[0] if rows else None

    def get_by_lti_sub(self, lti_user_id: str) -> LearnerProfile | None:
        """The profile of an LTI subject (one index lookup), or None."""
        rows = self._run(f"SELECT {COLUMNS} FROM app.learner_profiles WHERE tenant_id = %s AND lti_user_id = %s",
                         (self.tenant_id, lti_user_id))
        return rows[0] if rows else None

    def update(self, profile_id: IdLike, *, cognitive_profile: Mapping[str, Any] | None = None,
               privacy_settings: Mapping[str, Any] | None = None) -> LearnerProfile | None:
        """Replace the given JSON documents; None when the profile is not visible to the person."""
        if cognitive_profile is None and privacy_settings is None:
            raise BadInput("nothing to update", hint="pass cognitive_profile and/or privacy_settings")
        # Only the documents given are SET: naming a column is what the column grants and the
        # admin-only guard judge (a student may set privacy_settings, not cognitive_profile).
        assignments = [f"{name} = %({name})s" for name, value in
                       (("cognitive_profile", cognitive_profile), ("privacy_settings", privacy_settings))
                       if value is not None]
        rows = self._run(
            f"UPDATE app.learner_profiles SET {', '.join(assignments)}"
            f" WHERE tenant_id = %(tenant)s AND id = %(id)s RETURNING {COLUMNS}",
            {"cognitive_profile": None if cognitive_profile is None else Jsonb(dict(cognitive_profile)),
             "privacy_settings": None if privacy_settings is None else Jsonb(dict(privacy_settings)),
             "tenant": self.tenant_id, "id": parse_id(profile_id, "learner profile id")},
        )
        return rows[0] if rows else None

    def delete(self, profile_id: IdLike) -> bool:
        """True when a profile was deleted (admins and the service role)."""
        rows = self._run(f"DELETE FROM app.learner_profiles WHERE tenant_id = %s AND id = %s RETURNING {COLUMNS}",
                         (self.tenant_id, parse_id(profile_id, "learner profile id")))
        return bool(rows)

    def list(self, *, limit: int = 100, after_lti_user_id: str | None = None) -> list[LearnerProfile]:
        """Visible profiles ordered by LTI subject, `limit` at a time (keyset: pass the last one's)."""
        if not 1 <= limit <= 10_000:
            raise BadInput(f"limit {limit} is out of range", hint="use 1 to 10000 and page with after_lti_user_id")
        return self._run(
            f"SELECT {COLUMNS} FROM app.learner_profiles WHERE tenant_id = %s AND lti_user_id > %s"
            f" ORDER BY lti_user_id LIMIT %s",
            (self.tenant_id, after_lti_user_id or "", limit),
        )


def _what(exc: psycopg.errors.UniqueViolation) -> str:
    return {"learner_profiles_lti_user_id_key": "LTI subject",
            "learner_profiles_user_key": "user (one profile per person)"}.get(exc.diag.constraint_name or "", "key")

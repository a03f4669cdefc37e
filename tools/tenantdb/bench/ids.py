"""Deterministic ids and the per-tenant facts every row generator needs (tenantdb.bench.data*)."""

from __future__ import annotations

from dataclasses import dataclass

# Deterministic ids: the kind and the tenant number in the first group, a counter in the last.
KIND = {"tenant": 1, "user": 2, "learner": 3, "conversation": 4, "message": 5, "session": 6,
        "course": 7, "enrollment": 8, "document": 9, "chunk": 10, "interaction": 11, "workspace": 12,
        "member": 13, "setting": 14, "agent": 15, "workflow": 16, "artifact": 17, "user_session": 18,
        "auth_token": 19}
BASE_TIME = "2026-01-05 08:00:00+00"
#: One word per embedding topic: in document titles (ILIKE) and chunk texts (full-text search).
TOPIC_WORDS = ("photosynthesis", "algebra", "renaissance", "thermodynamics", "grammar", "genetics",
               "statistics", "cartography")
#: Cohorts in learner_profiles.cognitive_profile (the jsonb @> workload finds one cohort).
COHORTS = 40


def bench_id(kind: str, tenant_no: int, n: int) -> str:
    """The uuid of the n-th `kind` row of tenant `tenant_no` (canonical 8-4-4-4-12 form)."""
    return f"{KIND[kind]:04x}{tenant_no:04x}-0000-4000-8000-{n:012x}"


def _minutes(offset: int) -> str:
    day, rest = divmod(offset, 24 * 60)
    hour, minute = divmod(rest, 60)
    return f"2026-01-{5 + day % 20:02d} {hour:02d}:{minute:02d}:00+00"

@dataclass(frozen=True)
class _TenantRows:
    """What every table's generator needs to know about tenant number `t`."""

    t: int
    students: int
    msg_times: list[str]

    @property
    def tid(self) -> str:
        return bench_id("tenant", self.t, 0)

    def prefix(self, kind: str) -> str:
        """The first 24 characters of the ids of `kind` in this tenant (see bench_id)."""
        return f"{KIND[kind]:04x}{self.t:04x}-0000-4000-8000-"

    def user(self, s: int) -> str:
        return f"{self.prefix('user')}{100 + s:012x}"




def api_token(t: int, s: int) -> str:
    """The plaintext API token of student s of tenant t (its SHA-256 is what app.auth_tokens stores)."""
    return f"bench-api-token-{t}-{s}"

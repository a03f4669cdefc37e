"""The record of an isolation proof: how many checks ran, and every failure as data.

    proof = Proof()
    proof.check("cross-tenant select", seen == 0, "app.x: student in tenant A sees 3 rows of tenant B",
                subject="app.x", role="tenantdb_app", outcome=LEAKED)
    proof.findings   # [Failure(subject, role, kind, outcome, message)]; proof.failures: the messages

Each check says, where it is made, what its failure would mean (`outcome`), because only the
check knows it: a leak, a refusal that failed closed, or another broken promise
(tenantdb.prove_verdict counts them; docs/scale-out.md reads those counts). The message is for
people and is never parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Tenant A's session saw, changed, moved or was returned tenant B's rows, or a statement that
#: must be refused without a tenant context reached rows.
LEAKED = "leaked"
#: The statement ended in an error other than the expected 42501 and returned or changed nothing
#: (e.g. 0A000: a feature Citus does not support).
REFUSED = "refused (fail closed)"
#: A promise broken without reaching another tenant's rows (a probe or a guard missing, a
#: statement without a context that did nothing instead of raising 42501).
OTHER = "other"
CLASSES = (LEAKED, REFUSED, OTHER)
#: The role of a failure that no session made: the catalog checks (forced RLS, a tenant column).
CATALOG = "catalog"
#: The SQLSTATE every refused statement must end with.
REFUSED_STATE = "42501"


@dataclass(frozen=True)
class Failure:
    subject: str  #: the relation, the function's signature, or "" for the database as a whole
    role: str  #: the database role whose session failed, or CATALOG
    kind: str  #: the check's kind ("cross-tenant select", "client function", ...)
    outcome: str  #: LEAKED, REFUSED or OTHER
    message: str


class Recorder(Protocol):
    """Proof.check's signature, for the parts of the proof that only record (prove_client, citus_shards)."""

    def __call__(self, kind: str, ok: bool, message: str, *, subject: str = "", role: str = CATALOG,
                 outcome: str = OTHER) -> None: ...


@dataclass
class Proof:
    checks: int = 0
    findings: list[Failure] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: what a run on a target could not prove (a table without rows of both tenants, a skipped part)
    uncovered: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        """The failures' messages, in the order they were found."""
        return [f.message for f in self.findings]

    def check(self, kind: str, ok: bool, message: str, *, subject: str = "", role: str = CATALOG,
              outcome: str = OTHER) -> None:
        if outcome not in CLASSES:
            raise ValueError(f"outcome must be one of {CLASSES}, not {outcome!r}")
        self.checks += 1
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if not ok:
            self.findings.append(Failure(subject, role, kind, outcome, message))


def refusal_outcome(state: str | None, rows: int | None) -> str:
    """What it means when a statement that must end in 42501 did not: it succeeded on rows (leaked),
    ended in another error (refused, fail closed), or succeeded on no rows or an unknown number (other)."""
    if state is None:
        return LEAKED if rows else OTHER
    return REFUSED if state != REFUSED_STATE else OTHER


def returned_outcome(state: str | None, values: Sequence[Any]) -> str:
    """What it means when a call with another tenant's ids failed its probe: it returned values (leaked),
    ended in an error other than 42501 (refused, fail closed), or neither (other)."""
    if state is None:
        return LEAKED if values else OTHER
    return REFUSED if state != REFUSED_STATE else OTHER

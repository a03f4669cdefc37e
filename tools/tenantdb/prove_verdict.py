"""What each failure of the isolation proof means: a leak, a refusal that failed closed, or another
broken promise; and which client role it concerns.

    verdict = classify(proof.failures)   # .by_class, .by_role, .refused; .as_dict() for --json

A proof failure is never hidden here: `tenantdb prove` still fails on every one. The classes tell
an operator (and docs/scale-out.md) whether tenant B's rows were reached:

- leaked: tenant A's session saw, changed, moved or was returned tenant B's rows, or a write
  without a tenant context succeeded on rows;
- refused (fail closed): the statement or function ended in an error other than the expected
  42501 and returned or changed nothing (e.g. 0A000: a feature Citus does not support);
- other: a promise broken without reaching B (a probe missing, a guard missing, a statement
  without context that did nothing instead of raising 42501).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .access_matrix import DATABASE_ROLE

LEAKED = "leaked"
REFUSED = "refused (fail closed)"
OTHER = "other"
CLASSES = (LEAKED, REFUSED, OTHER)

_LEAK = re.compile(r"sees [1-9]\d* rows|[a-z]+d [1-9]\d* rows of tenant B|moved [1-9]\d* rows to tenant B"
                   r"|inserting a tenant-B row got success|got success \([1-9]\d* rows\)"
                   r"|tenant B's rows changed|called with tenant B's ids got \[[^\]]+\] \(ok\)")
_REFUSED = re.compile(r"called with tenant B's ids got \[\] \((?!ok\)|42501\))[0-9A-Z]{5}\)$"
                      r"|got (?!42501)[0-9A-Z]{5}, not 42501$")
_ACTOR = re.compile(r"^\S+: (" + "|".join(sorted(DATABASE_ROLE, key=len, reverse=True)) + r") ")


def failure_class(message: str) -> str:
    if _LEAK.search(message):
        return LEAKED
    if _REFUSED.search(message):
        return REFUSED
    return OTHER


def failure_role(message: str) -> str:
    """The database role whose session failed ('tenantdb_app', 'tenantdb_service'), or 'catalog'."""
    found = _ACTOR.match(message)
    return DATABASE_ROLE[found.group(1)] if found else "catalog"


@dataclass
class Verdict:
    by_class: dict[str, int] = field(default_factory=lambda: {name: 0 for name in CLASSES})
    #: database role -> class -> failures
    by_role: dict[str, dict[str, int]] = field(default_factory=dict)
    #: the functions or relations whose probes were refused (fail closed), by name
    refused: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def summary(self) -> str:
        return ("failures by class: " + ", ".join(f"{k} {v}" for k, v in self.by_class.items())
                + "; refused (fail closed): " + (", ".join(self.refused) or "none"))


def classify(failures: list[str]) -> Verdict:
    verdict = Verdict()
    for message in failures:
        kind, role = failure_class(message), failure_role(message)
        verdict.by_class[kind] += 1
        verdict.by_role.setdefault(role, {name: 0 for name in CLASSES})[kind] += 1
    verdict.refused = sorted({m.split(": ", 1)[0] for m in failures if failure_class(m) == REFUSED})
    return verdict

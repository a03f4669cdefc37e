"""What the failures of the isolation proof mean, counted: leaks, refusals that failed closed, and
other broken promises, per database role.

    verdict = classify(proof.findings)   # .by_class, .by_role, .refused; .as_dict() for --json

A proof failure is never hidden here: `tenantdb prove` still fails on every one. The classes tell
an operator (and docs/scale-out.md) whether tenant B's rows were reached. Each failure carries its
class and role from the check that found it (tenantdb.proof); nothing here reads the messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .proof import CLASSES, LEAKED, OTHER, REFUSED, Failure

__all__ = ["CLASSES", "LEAKED", "OTHER", "REFUSED", "Verdict", "classify"]


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


def classify(findings: Iterable[Failure]) -> Verdict:
    verdict = Verdict()
    refused: set[str] = set()
    for failure in findings:
        verdict.by_class[failure.outcome] += 1
        verdict.by_role.setdefault(failure.role, {name: 0 for name in CLASSES})[failure.outcome] += 1
        if failure.outcome == REFUSED:
            refused.add(failure.subject)
    verdict.refused = sorted(refused)
    return verdict

"""The proof's view of partitions: every partition of a product table carries its parent's forced RLS
and every policy (partitions/*). Partitions with rows are attacked like tables by tenantdb.prove."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .lint import run_lints

if TYPE_CHECKING:
    from .proof import Proof
    from .prove import Conn


def partition_names(su: Conn) -> set[str]:
    rows = su.execute("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                      " WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspowner = 'tenantdb_owner'::regrole").fetchall()
    return {r[0] for r in rows}


def prove_partitions(su: Conn, partitions: set[str], proof: Proof) -> None:
    """Every partition has its parent's forced RLS and every policy (the lint's own query)."""
    findings = {f.object: f.detail for f in run_lints(su, ["partition_without_parent_guards"])}
    for qualified in sorted(partitions):
        proof.check("partition guards", qualified not in findings, f"{findings.get(qualified)}", subject=qualified)

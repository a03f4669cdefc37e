"""`tenantdb prove`: the catalog-driven isolation proof (and, with --all, the pytest suites)."""

from __future__ import annotations

import typer

from .. import prove as prove_mod
from . import options
from .options import JSON_OPTION
from .output import console, exit_with, print_json, spinner, table


def prove(
    ctx: typer.Context,
    as_json: bool = JSON_OPTION,
    full: bool = typer.Option(False, "--all", help="Also run the pytest isolation suites: the access-matrix cells, "
                                                   "the RAG views, the bypass catalogue, fuzzing and the pooled load."),
) -> None:
    """Prove tenant isolation from the catalog: every table, view and client function, as every client role.

    Works on a fresh clone of the deployed test template seeded with the two demo tenants. Per
    table and actor (app role as student, educator, coach, admin; service role): tenant B's rows
    are invisible and untouchable from tenant A, inserting B's rows fails, and without a context
    nothing is visible and every write fails; views run as the caller; client functions called
    with B's ids return nothing of B. Exit 0 when every check passes, 1 otherwise.

    Example: tenantdb prove --all --json
    """
    be = options.backend(ctx, running=True)
    with spinner("proving isolation", enabled=not as_json):
        proof, seconds = prove_mod.prove_fresh_clone(be)
    suites = prove_mod.run_suites(be) if full else None
    failed = bool(proof.failures) or bool(suites and suites.exit_code != 0)
    if as_json:
        print_json({"checks": proof.checks, "failures": proof.failures, "by_kind": proof.counts,
                    "seconds": seconds, "pytest": suites.as_dict() if suites else None, "ok": not failed})
        exit_with(failed)
    rows: list[tuple[str, object]] = list(prove_mod.relations_checked(proof))
    table(("check", "count"), [*rows, ("failures", len(proof.failures))],
          title=f"catalog proof: {proof.checks} checks in {seconds} s")
    for failure in proof.failures:
        console.print(f"[red]FAIL[/red] {failure}", markup=True, soft_wrap=True)
    if suites:
        console.print(f"pytest {' '.join(suites.paths)}: {suites.summary}")
    exit_with(failed)

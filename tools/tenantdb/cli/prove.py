"""`tenantdb prove`: the catalog-driven isolation proof (and, with --all, the pytest suites)."""

from __future__ import annotations

from typing import Optional

import typer

from .. import prove as prove_mod
from ..errors import BadInput
from ..prove_verdict import classify
from . import options
from .options import JSON_OPTION, TARGET_OPTION
from .output import console, exit_with, print_json, spinner, table


def prove(
    ctx: typer.Context,
    db: Optional[str] = TARGET_OPTION,
    tenants: Optional[str] = typer.Option(None, "--tenants", help="On a target: the two tenant ids to play against "
                                          "each other, A,B (default: the two with the most users)."),
    read_only: bool = typer.Option(False, "--read-only", help="On a target: client sessions are read-only; only the "
                                   "catalog checks and the reads run."),
    client_login: bool = typer.Option(False, "--client-login", help="On a target: also prove tenantdb_client, with a "
                                      "throw-away client login bound to tenant A and a throw-away signing key, "
                                      "dropped and retired afterwards (the only state the proof commits)."),
    as_json: bool = JSON_OPTION,
    full: bool = typer.Option(False, "--all", help="Also run the pytest isolation suites: the access-matrix cells, "
                                                   "the RAG views, the bypass catalogue, fuzzing and the pooled load."),
) -> None:
    """Prove tenant isolation from the catalog: every table, view and client function, as every client role.

    Without a target: on a fresh clone of the deployed test template seeded with the two demo
    tenants. With a target (--db NAME, or the external backend's DATABASE_URL database): on that
    database itself, playing two of its existing tenants against each other. A target is never
    changed: no fixture rows are written, every probe runs in a transaction that is rolled back,
    INSERT probes use fresh random ids, the checks connect as the client logins
    (tenantdb_app_harness, tenantdb_service_harness, or TENANTDB_<GROUP>_LOGIN), and the admin
    connection (DATABASE_URL's user: a superuser or BYPASSRLS role) only reads. With
    --client-login it also proves tenantdb_client through a throw-away client login and signing
    key (dropped and retired afterwards). A target without the schema, the client roles or their
    logins is refused (exit 2).

    Per table and actor (app role as student, educator, coach, admin; service role): tenant B's
    rows are invisible and untouchable from tenant A, inserting B's rows fails, and without a
    context nothing is visible and every write fails; views run as the caller; client functions
    called with B's ids return nothing of B. Exit 0 when every check passes, 1 otherwise.

    Example: tenantdb prove --all --json   |   DATABASE_URL=postgresql://postgres@db/prod tenantdb prove --client-login
    """
    target = options.target(ctx, db)
    if target is None and (tenants or read_only or client_login):
        raise BadInput("--tenants, --read-only and --client-login apply to a target",
                       hint="name one: tenantdb prove --db NAME --read-only")
    if read_only and client_login:
        raise BadInput("--client-login creates a throw-away login and signing key; --read-only commits nothing",
                       hint="choose one: tenantdb prove --db NAME --client-login")
    if target is not None and full:
        raise BadInput("--all runs the pytest suites on clones of the test template, not on a target",
                       hint="prove the target without --all; run the suites on the embedded server: tenantdb prove --all")
    be = options.backend(ctx, running=True)
    where: dict[str, object] | None = None
    with spinner("proving isolation", enabled=not as_json):
        if target is None:
            proof, seconds = prove_mod.prove_fresh_clone(be)
        else:
            from .. import target as target_mod

            pair = _pair(tenants)
            checked = target_mod.preflight(be, target)
            subjects = target_mod.choose_subjects(target, pair, read_only=read_only, client_login=client_login)
            proof, seconds = target_mod.prove_target(be, target, subjects)
            where = {"database": target.name, "tenant_a": subjects.a, "tenant_b": subjects.b,
                     "logins": checked.logins, "admin": checked.admin, "read_only": read_only,
                     "client_login": client_login}
    suites = prove_mod.run_suites(be) if full else None
    failed = bool(proof.failures) or bool(suites and suites.exit_code != 0)
    if as_json:
        print_json({"checks": proof.checks, "failures": proof.failures, "verdict": classify(proof.findings).as_dict(),
                    "by_kind": proof.counts, "target": where,
                    "uncovered": proof.uncovered, "seconds": seconds, "pytest": suites.as_dict() if suites else None,
                    "ok": not failed})
        exit_with(failed)
    if where:
        logins = where["logins"]
        assert isinstance(logins, dict)
        console.print(f"target {where['database']}: tenant A {where['tenant_a']} vs tenant B {where['tenant_b']}; "
                      f"client checks as {', '.join(logins.values())}; admin reads as {where['admin']}"
                      + ("; read-only" if read_only else "; every probe rolled back"))
    rows: list[tuple[str, object]] = list(prove_mod.relations_checked(proof))
    table(("check", "count"), [*rows, ("failures", len(proof.failures))],
          title=f"catalog proof: {proof.checks} checks in {seconds} s")
    for note in proof.uncovered:
        console.print(f"[yellow]not covered[/yellow] {note}", markup=True, soft_wrap=True)
    for failure in proof.failures:
        console.print(f"[red]FAIL[/red] {failure}", markup=True, soft_wrap=True)
    if proof.failures:
        console.print(classify(proof.findings).summary(), soft_wrap=True)
    if suites:
        console.print(f"pytest {' '.join(suites.paths)}: {suites.summary}")
    exit_with(failed)


def _pair(tenants: str | None) -> tuple[str, str] | None:
    if tenants is None:
        return None
    parts = [t.strip() for t in tenants.split(",")]
    if len(parts) != 2 or not all(parts):
        raise BadInput(f"--tenants {tenants!r} is not two tenant ids A,B", hint="--tenants <uuid of A>,<uuid of B>")
    return parts[0], parts[1]

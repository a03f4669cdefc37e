"""`tenantdb citus check | distribute`: run the plan on a Citus cluster (tenantdb.citus, docs/scale-out.md)."""

from __future__ import annotations

from collections import Counter
from typing import Optional

import typer

from .. import citus as citus_mod
from ..errors import TenantDBError
from . import options
from .output import exit_with, print_json, say, table, warn

app = options.sub_app("The plan on Citus (coordinator + workers), distributed by tenant_id: docs/scale-out.md.\n\n"
                      "Example: tenantdb citus check   (DATABASE_URL=postgresql://postgres@localhost:55432/tenantdb: the coordinator)")


@app.command("check", context_settings=options.CONTEXT)
def check(ctx: typer.Context,
          db: Optional[str] = options.DB_OPTION,
          as_json: bool = options.JSON_OPTION) -> None:
    """List what stock Citus refuses (or weakens) in the deployed schema, each with the design
    answer, and the distribution plan (reference tables; tables distributed by tenant_id,
    co-located). Reads the catalog only; works on plain PostgreSQL too. Exit 1 when a blocker
    that stops distribution is found (restrictive policies and permissive ones without their own
    tenant check only weaken isolation on stock Citus; they are listed).

    Example: tenantdb citus check --json
    """
    database = options.database(ctx, db)
    with database.admin() as conn:
        version = citus_mod.citus_version(conn)
        blockers = citus_mod.find_blockers(conn)
        plan = citus_mod.distribution_plan(conn)
    stopping = citus_mod.blocking(blockers) + [b for b in blockers if b.kind == "trigger"]
    if as_json:
        print_json({"citus": version, "plan": plan.as_dict(), "blockers": [b.as_dict() for b in blockers],
                    "stopping": len(stopping)})
        exit_with(bool(stopping))
    say(f"citus extension: {version or 'not installed'}; plan: {len(plan.reference)} reference, "
        f"{len(plan.distributed)} distributed by {citus_mod.DISTRIBUTION_COLUMN}")
    counts = Counter(b.kind for b in blockers)
    answers = {b.kind: b.answer for b in blockers}
    table(("blocker", "objects", "design answer"), [(k, n, answers[k]) for k, n in sorted(counts.items())],
          title="What stock Citus refuses or weakens", show_lines=True)
    exit_with(bool(stopping))


@app.command("distribute", context_settings=options.CONTEXT)
def distribute(ctx: typer.Context,
               db: Optional[str] = options.DB_OPTION,
               yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before distributing."),
               unsafe_triggers: bool = typer.Option(True, "--unsafe-triggers/--no-unsafe-triggers",
                                                    help="SET citus.enable_unsafe_triggers = on for the step (our "
                                                         "triggers touch only the same tenant's co-located rows)."),
               force: bool = typer.Option(False, "--force", help="Distribute what can be even while `tenantdb citus check` "
                                                                  "lists blockers (partial distribution; no undo)."),
               as_json: bool = options.JSON_OPTION) -> None:
    """Distribute the deployed plan on the Citus coordinator DATABASE_URL names: tables without
    tenant_id become reference tables, every tenant table is distributed by tenant_id and
    co-located with the first (functions are created on the workers first; the foreign keys
    between the tables are dropped around the step and added back). Each statement is its own
    transaction: refusals are reported per table (exit 1) and the others stay distributed. A
    foreign key that cannot be added back (its table was refused) is reported on stderr with the
    statement that restores it. Moves every row to the workers; there is no
    undo but undistribute_table() per table, so it asks first (default no).

    Example: tenantdb citus distribute --yes --json   (DATABASE_URL=postgresql://postgres@localhost:55432/tenantdb)
    """
    database = options.database(ctx, db)
    with database.admin() as conn:
        citus_mod.require_citus(conn)
        blocking = citus_mod.blocking(citus_mod.find_blockers(conn))
        if blocking and not force:
            kinds = ", ".join(sorted({b.kind for b in blocking}))
            raise TenantDBError(f"{len(blocking)} objects of the schema are refused by Citus ({kinds}): "
                                "distributing now would leave the plan half distributed",
                                hint="see them with: tenantdb citus check   "
                                     "(docs/scale-out.md has the answers; --force distributes what can be)")
        plan = citus_mod.distribution_plan(conn)
        if not yes and not typer.confirm(f"Distribute {len(plan.distributed)} tables by tenant_id and make "
                                         f"{len(plan.reference)} reference tables in {database.name}?", default=False):
            warn("nothing changed")
            raise typer.Exit(1)
        results = citus_mod.distribute(conn, plan, unsafe_triggers=unsafe_triggers)
    totals = citus_mod.summary(results)
    for missing in citus_mod.missing_foreign_keys(results):
        warn(f"foreign key missing: {missing}")
    if as_json:
        print_json({"summary": totals, "tables": [r.as_dict() for r in results]})
    else:
        table(("table", "method", "result"), [(r.table, r.method, "ok" if r.ok else f"REFUSED: {r.error}") for r in results])
        say(f"{totals['reference']} reference, {totals['distributed']} distributed, {totals['refused']} refused")
    exit_with(totals["refused"] > 0)

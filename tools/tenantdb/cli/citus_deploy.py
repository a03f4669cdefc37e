"""`tenantdb citus deploy`: the plan on a Citus coordinator in one step (tenantdb.citus_deploy)."""

from __future__ import annotations

from typing import Optional

import typer

from . import options
from .output import print_json, quiet_or, say, table


def citus_deploy(ctx: typer.Context,
                 db: Optional[str] = options.DB_OPTION,
                 as_json: bool = options.JSON_OPTION) -> None:
    """Deploy the whole plan on the Citus coordinator DATABASE_URL (or --db) names, the
    recipe's hand steps included: extensions created with DDL propagation on, the plan with it
    off; on PostgreSQL 15 security/guard_privileges in the 15 form (recorded with --log-only,
    then verified); perf/resolved_context deployed without its verify and verified once
    citus/binding_before_distribution is in. Re-runnable: done steps are skipped. Then `tenantdb
    seed` and `tenantdb citus distribute --yes`.

    Exit codes: 0 deployed and verified; 1 a step failed (sqitch's output shown); 2 bad usage (no
    citus extension in the database).

    Example: tenantdb citus deploy --json   (DATABASE_URL=postgresql://postgres@localhost:55432/tenantdb: the coordinator)
    """
    from ..citus_deploy import deploy_on_citus

    database = options.database(ctx, db)
    result = deploy_on_citus(database, say=quiet_or(as_json, to_stderr=True))
    if as_json:
        print_json(result.as_dict())
        return
    table(("step", "how"), [(s.step, s.detail) for s in result.steps],
          title=f"tenantdb citus deploy ({result.database}, server {result.server_version_num})")
    say("deployed, every change verified; next: tenantdb seed, tenantdb citus distribute --yes")


def register(citus_app: typer.Typer) -> None:
    """Add `deploy` to the `tenantdb citus` group (one line in cli/__init__.py)."""
    citus_app.command("deploy", context_settings=options.CONTEXT)(citus_deploy)

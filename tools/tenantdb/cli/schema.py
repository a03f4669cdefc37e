"""`tenantdb deploy|revert|verify|status|log`: the real sqitch, aimed at the chosen server."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Optional

import typer

from .. import releases, safety
from ..sqitch import run_sqitch
from . import options
from .options import DB_OPTION, PASSTHROUGH
from .output import console

#: (command, summary, example) of every sqitch command the CLI forwards.
SQITCH_COMMANDS = (
    ("deploy", "Deploy the plan's changes with sqitch (each verified; a failure reverts the run). "
     "The database must exist; --create creates it.",
     "tenantdb deploy --to identity/users   (tenantdb deploy --db scratch --create)"),
    ("revert", "Revert changes with sqitch (drops their data). Without -y it asks on a terminal, "
     "defaulting to no, and refuses when stdin is not a terminal.", "tenantdb revert -y --to core/tenants"),
    ("verify", "Run the verify scripts of the deployed changes.", "tenantdb verify"),
    ("status", "Show which changes are deployed, and the release (plan tag) they amount to.",
     "tenantdb status --show-changes"),
    ("log", "Show the deployment history.", "tenantdb log --max-count 5"),
)


def _sqitch_command(name: str, summary: str, example: str) -> Callable[..., None]:
    def command(ctx: typer.Context, db: Optional[str] = DB_OPTION) -> None:
        args = list(ctx.args)
        if name == "revert":
            args = safety.revert_args(args, stdin_is_tty=sys.stdin is not None and sys.stdin.isatty())
        be = options.backend(ctx, running=True)
        if name == "deploy":
            args = safety.deploy_args(be, safety.target_database(be, db), args)
        result = run_sqitch(be, name, args, dbname=db)
        if name == "status" and result.returncode == 0:
            console.print(releases.describe(be, db))
        raise typer.Exit(result.returncode)

    command.__doc__ = f"{summary} Options after the command go to `sqitch {name}`.\n\nExample: {example}"
    command.__name__ = f"sqitch_{name}"
    return command


def register(app: typer.Typer) -> None:
    for name, summary, example in SQITCH_COMMANDS:
        app.command(name, context_settings=PASSTHROUGH)(_sqitch_command(name, summary, example))

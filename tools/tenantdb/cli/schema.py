"""`tenantdb deploy|revert|verify|status|log`: the real sqitch, aimed at the chosen server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Optional

import typer

from ..sqitch import run_sqitch
from . import options
from .options import DB_OPTION, PASSTHROUGH

#: (command, summary, example) of every sqitch command the CLI forwards.
SQITCH_COMMANDS = (
    ("deploy", "Deploy the plan's changes with sqitch (each verified; a failure reverts the run).",
     "tenantdb deploy --to identity/users"),
    ("revert", "Revert changes with sqitch.", "tenantdb revert -y --to core/tenants"),
    ("verify", "Run the verify scripts of the deployed changes.", "tenantdb verify"),
    ("status", "Show which changes are deployed.", "tenantdb status --show-changes"),
    ("log", "Show the deployment history.", "tenantdb log --max-count 5"),
)


def _sqitch_command(name: str, summary: str, example: str) -> Callable[..., None]:
    def command(ctx: typer.Context, db: Optional[str] = DB_OPTION) -> None:
        be = options.backend(ctx, running=True)
        result = run_sqitch(be, name, list(ctx.args), dbname=db)
        raise typer.Exit(result.returncode)

    command.__doc__ = f"{summary} Options after the command go to `sqitch {name}`.\n\nExample: {example}"
    command.__name__ = f"sqitch_{name}"
    return command


def register(app: typer.Typer) -> None:
    for name, summary, example in SQITCH_COMMANDS:
        app.command(name, context_settings=PASSTHROUGH)(_sqitch_command(name, summary, example))

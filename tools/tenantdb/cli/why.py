"""`tenantdb why TABLE KEY --tenant T --user U [--role app|service] [--column C] [--json]`:
why that person can or cannot see, insert, update or delete that row (tenantdb.why)."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.console import Console

from ..backend import get_backend
from ..database import Database
from ..errors import BadInput
from ..settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE, Settings

ROLES = {"app": APP_ROLE, "service": SERVICE_ROLE}
console = Console(highlight=False, soft_wrap=True)

app = typer.Typer(context_settings={"help_option_names": ["-h", "--help"], "allow_interspersed_args": True}, subcommand_metavar="",
                  add_completion=False)


@app.callback(invoke_without_command=True)
def why(ctx: typer.Context,
        table: str = typer.Argument(..., help="Table or view, e.g. app.messages (schema app by default)."),
        key: str = typer.Argument(..., help="The row's id (primary key without tenant_id; several values comma-separated; "
                                            "a partitioned table's time column may be left out; "
                                            "a view: its first column)."),
        tenant: str = typer.Option(..., "--tenant", help="Tenant id of the context (uuid)."),
        user: Optional[str] = typer.Option(None, "--user", help="The acting person's user id (uuid); none for --role service."),
        role: str = typer.Option("app", "--role", help="Client role: app (a person) or service (the platform)."),
        column: Optional[str] = typer.Option(None, "--column", help="Also judge an UPDATE of this column (grant and guard triggers)."),
        db: Optional[str] = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb')."),
        as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")) -> None:
    """Why can (or can't) this person see, insert, update or delete this row?

    Answers from the catalog for every table and view: the tenant check, each permissive and
    restrictive policy with its expression and its value for this row, the context values the
    policies used (tenant, user, person role, learner id, course and workspace ids), the grants
    and column grants, and a verdict per command, confirmed by running the statement as the
    client role (rolled back). Exit 0 when the row is visible, 1 when it is not, 2 on bad usage.

    Example: tenantdb why app.messages 3f6c...e1 --tenant 11111111-1111-4111-8111-111111111111 --user 24b5...9d
    """
    from ..why import explain

    if role not in ROLES:
        raise BadInput(f"--role {role!r} is not app or service", hint="tenantdb why app.users <id> --tenant <t> --role service")
    if role == "app" and user is None:
        raise BadInput("--user is required for --role app (a person acts)", hint="pass the person's user id, or --role service")
    root = ctx.find_root()
    settings = root.obj if isinstance(root.obj, Settings) else Settings.from_env()
    backend = get_backend(settings)
    backend.ensure_running()
    database = Database.of(backend, db)
    with database.connect(MAINTENANCE_ROLE) as maintenance, database.connect(ROLES[role]) as client:
        answer = explain(maintenance, client, table, key, tenant_id=tenant, user_id=user,
                         client_role=ROLES[role], column=column)
    visible = bool(answer.verdicts.get("select") if answer.kind == "table" else answer.confirmed.get("select"))
    if as_json:
        sys.stdout.write(json.dumps(answer.as_dict(), indent=2, default=str) + "\n")
        raise typer.Exit(0 if visible else 1)
    for line in answer.reasons:
        console.print(line, markup=False)
    for step in answer.steps:
        mark = {True: "yes", False: "NO ", None: "   "}[step.value]
        text = " ".join(x for x in (step.section, step.item, step.command and f"[{step.command}]", step.expression,
                                    step.detail and f"— {step.detail}") if x)
        console.print(f"  {mark} {text}", markup=False)
    raise typer.Exit(0 if visible else 1)

"""`tenantdb setup` and `tenantdb db up|down|status|url|psql`: the server."""

from __future__ import annotations

import os
import shutil
import time
from typing import Optional

import typer

from ..backend import EmbeddedBackend, Status, client_bin
from ..database import install_context_extension, install_pgtap
from ..errors import TenantDBError
from . import options
from .options import CONTEXT, DB_OPTION, JSON_OPTION, PASSTHROUGH, ROLE_OPTION
from .output import console, print_json

app = options.sub_app("Start, stop and inspect the database server.\n\nExample: tenantdb db up --port 54400")

#: Programs `setup` checks for, and the Debian package that brings each.
REQUIRED_TOOLS = (("sqitch", "sqitch"), ("pg_prove", "libtap-parser-sourcehandler-pgtap-perl"))


def setup(ctx: typer.Context) -> None:
    """Install what the harness needs beyond the virtualenv (idempotent).

    Copies pgTAP into the embedded server's extension directory, builds and installs the
    tenantdb_context extension (C, PGXS) there, creates the unprivileged
    system user when run as root, and checks sqitch and pg_prove.

    Example: tenantdb setup
    """
    start = time.perf_counter()
    be = options.backend(ctx)
    console.print(install_pgtap(be))
    console.print(install_context_extension(be))
    for tool, package in REQUIRED_TOOLS:
        found = shutil.which(tool)
        if not found:
            raise TenantDBError(f"{tool} is not installed", hint=f"sudo apt-get install {package}")
        console.print(f"{tool}: {found}")
    if isinstance(be, EmbeddedBackend):
        console.print(f"embedded server binaries: {be.bin}; state: {be.state_dir}")
    console.print(f"setup done in {time.perf_counter() - start:.1f} s")


def _print_status(status: Status, as_json: bool) -> None:
    if as_json:
        print_json(status.as_dict())
        return
    console.print(f"[bold]{status.backend}[/bold]: {status.detail}")
    if status.url:
        console.print(f"url: {status.url}")
    if status.data_dir:
        console.print(f"data: {status.data_dir}")


@app.command("up", context_settings=CONTEXT)
def db_up(ctx: typer.Context, port: Optional[int] = typer.Option(None, "--port", "-p", help="Port to listen on."),
          as_json: bool = JSON_OPTION) -> None:
    """Start the database server (a no-op when it already runs).

    Example: tenantdb db up --port 54400
    """
    options.set_port(ctx, port)
    be = options.backend(ctx)
    before = be.status()
    status = be.up()
    if not as_json and before.running:
        console.print("already running")
    _print_status(status, as_json)


@app.command("down", context_settings=CONTEXT)
def db_down(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Stop the embedded server (a no-op when it is stopped).

    Example: tenantdb db down
    """
    be = options.backend(ctx)
    before = be.status()
    status = be.down()
    if not as_json and not before.running:
        console.print("already stopped")
    _print_status(status, as_json)


@app.command("status", context_settings=CONTEXT)
def db_status(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Say whether the server runs, where, and its data directory. Exit 1 when it does not run.

    Example: tenantdb db status --json
    """
    status = options.backend(ctx).status()
    _print_status(status, as_json)
    raise typer.Exit(0 if status.running else 1)


@app.command("url", context_settings=CONTEXT)
def db_url(ctx: typer.Context, role: Optional[str] = ROLE_OPTION, db: Optional[str] = DB_OPTION,
           as_json: bool = JSON_OPTION,
           sqitch_target: bool = typer.Option(False, "--sqitch", help="Print the Sqitch target URI instead (for plain sqitch).")) -> None:
    """Print a connection URL (for psql, JDBC, any driver), or the Sqitch target (--sqitch).
    An unknown --role exits 2.

    Example: psql "$(tenantdb db url --role app)";  export SQITCH_TARGET="$(tenantdb db url --sqitch)"
    """
    db_role = options.role(role)
    database = options.database(ctx, db, running=False)
    if sqitch_target:
        console.print(database.backend.sqitch_target(db)[0], soft_wrap=True)
    elif as_json:
        print_json({"url": database.url(db_role), "conninfo": database.conninfo(db_role),
                    "sqitch_target": database.backend.sqitch_target(db)[0]})
    else:
        console.print(database.url(db_role), soft_wrap=True)


@app.command("psql", context_settings=PASSTHROUGH)
def db_psql(ctx: typer.Context, role: Optional[str] = ROLE_OPTION, db: Optional[str] = DB_OPTION) -> None:
    """Open psql on the database; extra arguments go to psql.

    Example: tenantdb db psql --role app -- -c "SELECT app.current_tenant_id()"
    """
    db_role = options.role(role)
    database = options.database(ctx, db, running=False)
    psql = client_bin("psql")
    args = [a for a in ctx.args if a != "--"]
    os.execv(psql, [psql, database.conninfo(db_role), *args])

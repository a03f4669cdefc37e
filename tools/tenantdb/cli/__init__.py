"""The `tenantdb` command line. Every command has --help with an example; data comes out as
--json where it is data; exit codes: 0 ok, 1 a failure the message explains, 2 bad usage.

Layout: one module per area (server, schema, data, lint, review, ops, bench, prove) holding
only parsing and printing; shared options in ``options``, all output in ``output``. The
commands call one feature function each and never read the environment themselves.

Where new commands go: a self-contained typer sub-app in its own module (``cli/<area>.py``, or
``tools/tenantdb/cli_<area>.py`` from a parallel branch), registered below with ONE line in
``SUB_APPS``.
"""

from __future__ import annotations

import sys
from typing import Optional

import psycopg
import typer

from ..errors import TenantDBError
from ..settings import Settings
from . import bench, cache, citus, data, guard, lint, operations, ops, partitions, prove, review, roles, schema, server, tenant, token, why
from .bench_target import register as register_bench_target
from .citus_deploy import register as register_citus_deploy
from .options import CONTEXT
from .output import INTERRUPTED, err_console

app = typer.Typer(
    help="tenantdb: a multi-tenant PostgreSQL schema isolated by row-level security.\n\n"
         "Exit codes: 0 ok, 1 a failure the message explains, 2 bad usage.\n\n"
         "Example: tenantdb demo",
    no_args_is_help=True, pretty_exceptions_enable=False, context_settings=CONTEXT, add_completion=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    port: Optional[int] = typer.Option(None, "--port", "-p",
                                       help="Port of the embedded server (env TENANTDB_PORT, default 54329)."),
    backend: Optional[str] = typer.Option(None, "--backend",
                                          help="embedded | external | testcontainers (env TENANTDB_BACKEND; "
                                               "external when DATABASE_URL or PGHOST is set)."),
) -> None:
    ctx.obj = Settings.from_env(port, backend)


# Top-level commands: (function, name). Each is documented by its docstring (--help).
COMMANDS = (
    (server.setup, "setup"),
    (data.seed, "seed"),
    (data.demo, "demo"),
    (lint.lint, "lint"),
    (review.report, "report"),
    (prove.prove, "prove"),
)
# Sub-command groups: (typer app, name). New areas register here with one line.
SUB_APPS: tuple[tuple[typer.Typer, str], ...] = (
    (server.app, "db"),
    (data.rag_app, "rag"),
    (ops.retention_app, "retention"),
    (ops.credentials_app, "credentials"),
    (bench.app, "bench"),
    (roles.app, "role"),
    (guard.app, "guard"),
    (cache.app, "cache"),
    (tenant.app, "tenant"),
    (why.app, "why"),
    (token.app, "token"),
    (citus.app, "citus"),
    (partitions.app, "partitions"),
)

for _command, _name in COMMANDS:
    app.command(_name, context_settings=CONTEXT)(_command)
schema.register(app)
register_bench_target(bench.app)
register_citus_deploy(citus.app)
for _sub_app, _name in SUB_APPS:
    app.add_typer(_sub_app, name=_name)
# backup, restore, health, top: top-level commands kept in one module with their shared helpers.
app.add_typer(operations.app)
ops.retention_app.command("purge-archive", context_settings=CONTEXT)(operations.purge_archive_cmd)


def main() -> None:
    """Entry point: runs the app and turns the harness's errors into a message and an exit code."""
    try:
        app()
    except TenantDBError as exc:
        err_console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        sys.exit(exc.exit_code)
    except psycopg.Error as exc:
        err_console.print(f"[red]database error:[/red] {exc}".rstrip() + "\n(the server's message above says what failed; "
                          "tenantdb db status shows whether the server runs)", soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)


__all__ = ["app", "main"]

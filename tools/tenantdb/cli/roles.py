"""`tenantdb role add | list | drop`: login roles per service, each inheriting one group role.

Registered in cli/__init__.py (SUB_APPS) as "role".
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer
from rich.console import Console

from ..backend import get_backend
from ..database import admin_connect
from ..errors import BadInput
from ..roles import KINDS, TIMEOUT_SETTINGS, Login, create_login, drop_login, list_logins
from ..settings import Settings

CONTEXT = {"help_option_names": ["-h", "--help"]}
console = Console(highlight=False, soft_wrap=True)

app = typer.Typer(
    help="Login roles: one per service or deployment, each inheriting exactly one group role "
         "(tenantdb_app, tenantdb_service, tenantdb_maintenance), never able to SET ROLE to it.\n\n"
         "Example: tenantdb role add lms_web --as app --password-stdin < secret.txt",
    no_args_is_help=True, context_settings=CONTEXT)

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")
DbOpt = typer.Option(None, "--db", help="Database to connect to for the administration "
                     "(default: TENANTDB_DATABASE or 'tenantdb'). Roles are cluster-wide.")


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    assert isinstance(root.obj, Settings)
    return root.obj


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _describe(login: Login) -> str:
    settings = ", ".join(f"{k}={v}" for k, v in sorted(login.settings.items())) or "no per-login settings"
    return (f"{login.name}: inherits {login.group}; "
            f"{'can log in' if login.can_login else 'cannot log in'}; "
            f"{'BYPASSRLS; ' if login.bypass_rls else ''}"
            f"{'password set' if login.has_password else 'no password'}; {settings}; "
            f"{login.sessions} open session(s)")


@app.command("add", context_settings=CONTEXT)
def role_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name of the new login, e.g. lms_web_prod."),
    kind: str = typer.Option(..., "--as", help=f"Group to inherit: {' | '.join(sorted(KINDS))}."),
    tenant: Optional[str] = typer.Option(None, "--tenant", help="Tenant uuid, for tenant-bound kinds (client)."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input (first line). "
                                        "It is hashed (SCRAM) here; the server never sees it in clear."),
    no_password: bool = typer.Option(False, "--no-password",
                                     help="No password: the login authenticates by certificate or peer (pg_hba.conf)."),
    statement_timeout: Optional[str] = typer.Option(None, "--statement-timeout",
                                                    help="Per-login default (app/service: 5s, maintenance: 0)."),
    lock_timeout: Optional[str] = typer.Option(None, "--lock-timeout", help="Per-login default (app/service: 1s, maintenance: 5s)."),
    idle_timeout: Optional[str] = typer.Option(None, "--idle-in-transaction-timeout",
                                               help="Per-login idle_in_transaction_session_timeout (app/service: 10s, maintenance: 60s)."),
    db: Optional[str] = DbOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Create a LOGIN role that inherits exactly one group and cannot SET ROLE to it.

    Connects as the administrator (the deploying superuser). Give the login to one service only;
    what a compromised login can still do is in docs/security.md.

    Example: tenantdb role add lms_web_prod --as app --password-stdin < /run/secrets/lms_web_prod
    Example: tenantdb role add nightly_jobs --as maintenance --no-password --json
    """
    if password_stdin == no_password:
        raise BadInput("say how the login authenticates: --password-stdin or --no-password (one of them)",
                       hint="echo \"$SECRET\" | tenantdb role add NAME --as app --password-stdin")
    password: str | None = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if len(password) < 12:
            raise BadInput("the password read from standard input is shorter than 12 characters",
                           hint="generate one: openssl rand -base64 24")
    overrides = {k: v for k, v in zip(TIMEOUT_SETTINGS, (statement_timeout, lock_timeout, idle_timeout), strict=False) if v is not None}
    be = get_backend(_settings(ctx))
    with admin_connect(be, db or be.default_database) as conn:
        login = create_login(conn, name, kind, password=password, tenant=tenant, defaults=overrides)
    if as_json:
        _print_json(login.as_dict())
        return
    console.print(f"created {_describe(login)}")
    console.print(f"connect with: {be.url(db, login.name)}", soft_wrap=True)


@app.command("list", context_settings=CONTEXT)
def role_list(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """List every login of a tenantdb group with its group, attributes, defaults and open sessions.

    Example: tenantdb role list --json
    """
    be = get_backend(_settings(ctx))
    with admin_connect(be, db or be.default_database) as conn:
        logins = list_logins(conn)
    if as_json:
        _print_json([login.as_dict() for login in logins])
        return
    if not logins:
        console.print("no logins (create one: tenantdb role add NAME --as app --password-stdin)")
    for login in logins:
        console.print(_describe(login))


@app.command("drop", context_settings=CONTEXT)
def role_drop(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The login to drop."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask."),
    db: Optional[str] = DbOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Drop a login (its open sessions are ended first). Asks first; the default answer is no.

    Example: tenantdb role drop lms_web_old --yes
    """
    if not yes and not typer.confirm(f"drop login {name} and end its sessions?", default=False):
        console.print("nothing dropped")
        raise typer.Exit(1)
    be = get_backend(_settings(ctx))
    with admin_connect(be, db or be.default_database) as conn:
        ended = drop_login(conn, name)
    result: dict[str, Any] = {"dropped": name, "sessions_ended": ended}
    if as_json:
        _print_json(result)
    else:
        console.print(f"dropped {name} ({ended} session(s) ended)")

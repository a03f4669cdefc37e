"""Options shared by the commands, and the one place the CLI resolves settings.

Commands never read the environment: the root callback turns --port/--backend and the
environment into a :class:`~tenantdb.settings.Settings` once (``ctx.obj``), and commands ask
:func:`backend` / :func:`database` for what they need.
"""

from __future__ import annotations

from typing import Any, Optional

import typer

from ..backend import Backend, get_backend
from ..database import Database
from ..errors import BadInput
from ..settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE, Settings

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
#: Commands whose extra arguments go to another program (sqitch, psql).
PASSTHROUGH: dict[str, Any] = {**CONTEXT, "allow_extra_args": True, "ignore_unknown_options": True}

#: --role names -> database roles (the login is chosen by Backend.conninfo).
ROLES: dict[str, str] = {"app": APP_ROLE, "service": SERVICE_ROLE, "maintenance": MAINTENANCE_ROLE}

JSON_OPTION: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")
DB_OPTION: Optional[str] = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb').")
ROLE_OPTION: Optional[str] = typer.Option(None, "--role", help=f"{' | '.join(ROLES)} (default: the superuser).")


def sub_app(help_text: str, **kwargs: Any) -> typer.Typer:
    """A sub-command group with the CLI's conventions (-h, no completion, help when bare)."""
    kwargs.setdefault("no_args_is_help", True)
    return typer.Typer(help=help_text, context_settings=CONTEXT, add_completion=False, **kwargs)


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    obj: Settings = root.obj
    return obj


def set_port(ctx: typer.Context, port: int | None) -> None:
    """A sub-command's own --port replaces the root's."""
    if port is not None:
        ctx.find_root().obj = Settings.from_env(port, settings(ctx).backend)


def backend(ctx: typer.Context, *, running: bool = False) -> Backend:
    """The backend the root options and the environment chose (started when `running`)."""
    be = get_backend(settings(ctx))
    if running:
        be.ensure_running()
    return be


def database(ctx: typer.Context, name: str | None, *, running: bool = True) -> Database:
    """The database --db names (default: the configured one) on the chosen, running server."""
    return Database.of(backend(ctx, running=running), name)


def role(name: str | None) -> str | None:
    """The database role for --role (None: the superuser); an unknown name is bad usage (exit 2)."""
    if name is None:
        return None
    if name not in ROLES:
        raise BadInput(f"unknown role {name!r}", hint=f"use {', '.join(ROLES)}")
    return ROLES[name]


def in_range(option: str, value: int | None, low: int, high: int) -> None:
    """Bad usage (exit 2) unless `value` is None or within [low, high]."""
    if value is not None and not low <= value <= high:
        raise BadInput(f"{option} must be between {low} and {high}, not {value}")


TARGET_OPTION: Optional[str] = typer.Option(
    None, "--db", help="Target: run on this deployed database itself (on the server --backend/DATABASE_URL chose). "
                       "On the external backend the target defaults to DATABASE_URL's database.")


def target(ctx: typer.Context, name: str | None) -> Database | None:
    """The database prove/lint/report run on (tenantdb.target), or None: a fresh clone (embedded
    or testcontainers backend and no --db). Bad usage (exit 2) when the backend and the target
    disagree: --backend external without an address, or a --db missing on the chosen server."""
    import os

    from ..target import require_database

    chosen = settings(ctx)
    url_set = any(os.environ.get(v) for v in ("DATABASE_URL", "PGHOST", "PGSERVICE"))
    if chosen.backend == "external" and not url_set:
        raise BadInput("--backend external needs the server's address",
                       hint="set DATABASE_URL=postgresql://user@host:5432/dbname (or PGHOST), or leave out --backend external")
    if name is None and chosen.backend != "external":
        return None
    be = backend(ctx, running=True)
    elsewhere = None
    if url_set and chosen.backend != "external":
        elsewhere = (f"DATABASE_URL (or PGHOST) points at another server, but --backend {chosen.backend} chose this one: "
                     "leave out --backend (or pass --backend external) to use DATABASE_URL's server")
    return require_database(be, name or be.default_database, elsewhere=elsewhere)

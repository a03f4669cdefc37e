"""`tenantdb token ...`: issue client tokens and load / rotate their keys (tenantdb.tokens)."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Optional

import typer

from .. import backend as backend_mod
from ..database import Database
from ..settings import MAINTENANCE_ROLE, Settings
from ..tokens import ACTIVE_ENV, KEYS_ENV, TokenKeyring, issue, load_keys, loaded_key_ids, parse_ttl, retire_keys_not_in

CONTEXT = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(help=f"Signed tokens for tenantdb_client logins (HMAC-SHA256, keys in {KEYS_ENV}).\n\n"
                       "Example: tenantdb token issue --tenant 11111111-1111-4111-8111-111111111111 --user <uuid>",
                  context_settings=CONTEXT, no_args_is_help=True)


def _backend(ctx: typer.Context) -> backend_mod.Backend:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    return backend_mod.get_backend(root.obj)


def _keyring(be: backend_mod.Backend) -> TokenKeyring:
    keyring = TokenKeyring.from_env(os.environ)
    keyring.require_real_keys(be.name)
    return keyring


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


@app.command("issue", context_settings=CONTEXT)
def token_issue(ctx: typer.Context,
                tenant: str = typer.Option(..., "--tenant", help="Tenant id (uuid) the token is for."),
                user: str = typer.Option(..., "--user", help="Person id (uuid) the token acts for."),
                ttl: str = typer.Option("15m", "--ttl", help="Lifetime: 90s, 15m, 2h (at most 1d)."),
                kid: Optional[str] = typer.Option(None, "--kid", help=f"Key id to sign with (default: {ACTIVE_ENV} or the first key)."),
                offline: bool = typer.Option(False, "--offline", help="Do not make sure the database knows the key."),
                db: Optional[str] = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb')."),
                as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of the bare token.")) -> None:
    """Issue a token for one transaction of a person in a tenant. A tenantdb_client login bound to
    that tenant presents it with SELECT app.set_token('<token>'). Unless --offline, the signing key
    is loaded into the database first (maintenance role; idempotent).

    Example: tenantdb token issue --tenant 11111111-1111-4111-8111-111111111111 --user <uuid> --ttl 5m --json
    """
    be = _backend(ctx)
    keyring = _keyring(be)
    seconds = parse_ttl(ttl)
    tok = issue(keyring, tenant, user, ttl_s=seconds, key_id=kid)
    if not offline:
        be.ensure_running()
        with Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
            load_keys(conn, TokenKeyring({kid or keyring.active: keyring.keys[kid or keyring.active]}, kid or keyring.active))
    if as_json:
        _print_json({"token": tok, "kid": kid or keyring.active, "expires_at": int(time.time()) + seconds,
                     "use": "SELECT app.set_token(%s)  -- first statement of every transaction"})
    else:
        sys.stdout.write(tok + "\n")


@app.command("rotate", context_settings=CONTEXT)
def token_rotate(ctx: typer.Context,
                 retire_missing: bool = typer.Option(False, "--retire-missing",
                                                     help=f"Also retire database keys no longer listed in {KEYS_ENV}."),
                 yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask before retiring keys."),
                 db: Optional[str] = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb')."),
                 as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON.")) -> None:
    """Load every key of TENANTDB_TOKEN_KEYS into the database (maintenance role). Rotation with
    overlap: list the new key next to the old one, run this, switch TENANTDB_TOKEN_KEY_ID to the
    new key; once the old key's tokens have expired, drop it from the list and run this again with
    --retire-missing (tokens naming a retired key are refused). A key id loaded with another key is
    an error.

    Example: TENANTDB_TOKEN_KEYS="k1:<b64>,k2:<b64>" TENANTDB_TOKEN_KEY_ID=k2 tenantdb token rotate --json
    """
    be = _backend(ctx)
    keyring = _keyring(be)
    be.ensure_running()
    with Database.of(be, db).connect(MAINTENANCE_ROLE, autocommit=True) as conn:
        outcome = load_keys(conn, keyring)
        to_retire = [k for k, live in loaded_key_ids(conn).items() if live and k not in keyring.keys]
        retired: list[str] = []
        if retire_missing and to_retire and (
                yes or typer.confirm(f"retire {', '.join(to_retire)}? Tokens they signed stop working", default=False)):
            retired = retire_keys_not_in(conn, keyring)
    result = {"keys": outcome, "active": keyring.active, "retired": retired,
              "still_loaded_not_listed": [k for k in to_retire if k not in retired]}
    if as_json:
        _print_json(result)
        return
    for kid, what in outcome.items():
        typer.echo(f"{kid}: {what}{' (signs new tokens)' if kid == keyring.active else ''}")
    for kid in retired:
        typer.echo(f"{kid}: retired")
    for kid in result["still_loaded_not_listed"]:
        typer.echo(f"{kid}: in the database but not in {KEYS_ENV}; --retire-missing retires it")

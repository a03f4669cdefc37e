"""Guards for commands that destroy or assume data: they refuse loudly instead of guessing.

- ``revert`` drops tables and their rows. Without ``-y`` it runs only on a terminal, where
  Sqitch asks and the answer defaults to no (``[revert] prompt_accept = false`` in sqitch.conf);
  with stdin closed or piped it refuses (exit 2), so a script can never revert by accident.
- ``deploy --db`` and ``seed --db`` of a database that does not exist fail the same way, naming
  the database and the server; ``deploy --create`` creates it on purpose.
"""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict

from .backend import Backend
from .database import database_exists
from .errors import BadInput, TenantDBError

#: Spellings that confirm a revert; sqitch itself knows only -y.
YES_FLAGS = ("-y", "--yes")
#: The harness's own deploy option: create the database when it is missing.
CREATE_FLAG = "--create"


def revert_args(args: list[str], *, stdin_is_tty: bool) -> list[str]:
    """The sqitch arguments for a revert: `--yes` becomes sqitch's `-y`; no confirmation and no
    terminal to ask on is bad usage (BadInput, exit 2)."""
    confirmed = any(a in YES_FLAGS for a in args)
    rest = [a for a in args if a not in YES_FLAGS]
    if confirmed:
        return ["-y", *rest]
    if not stdin_is_tty:
        raise BadInput(
            "revert drops the reverted changes' tables and their rows, and stdin is not a terminal to ask on",
            hint="confirm explicitly: tenantdb revert -y --to <change>",
        )
    return rest


class DatabaseMissing(TenantDBError):
    """A command was pointed at a database that does not exist."""


def target_database(backend: Backend, dbname: str | None) -> str:
    """The database a command aimed at `dbname` (None: the default) really uses."""
    return str(conninfo_to_dict(backend.conninfo(dbname)).get("dbname") or "")


def require_database(backend: Backend, name: str) -> None:
    """Raise DatabaseMissing (exit 1) when `name` does not exist on the backend's server."""
    if database_exists(backend, name):
        return
    server = backend.url("postgres").rsplit("/", 1)[0]
    raise DatabaseMissing(
        f"database {name!r} does not exist on {server}",
        hint=f"create and deploy it: tenantdb deploy --db {name} {CREATE_FLAG}   (then: tenantdb seed --db {name})",
    )


def deploy_args(backend: Backend, name: str, args: list[str]) -> list[str]:
    """The sqitch arguments for a deploy to `name`; without --create the database must exist."""
    if CREATE_FLAG not in args:
        require_database(backend, name)
    return [a for a in args if a != CREATE_FLAG]

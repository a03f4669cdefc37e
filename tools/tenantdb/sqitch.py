"""Runs the real `sqitch` against the chosen backend. Sqitch owns the registry and the plan logic;
this module only supplies the target, the psql client and a database that exists."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from . import tools
from .backend import Backend, client_bin
from .database import ensure_database
from .errors import TenantDBError, ToolMissing
from .settings import project_root

INSTALL_HINT = tools.SQITCH_HINT

#: Sqitch commands that take a --target and talk to the database.
TARGETED = {"deploy", "revert", "verify", "status", "log", "rebase", "checkout", "upgrade"}


@dataclass
class SqitchResult:
    returncode: int
    stdout: str
    stderr: str


def sqitch_executable() -> str:
    found = shutil.which("sqitch")
    if not found:
        raise ToolMissing("sqitch is not installed", hint=INSTALL_HINT)
    return found


def sqitch_command(backend: Backend, command: str, args: list[str],
                   dbname: str | None = None, client: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The arguments (after `sqitch`) and the extra environment for `sqitch <command> <args>`
    aimed at `dbname` of `backend`; `client` is the psql Sqitch runs the scripts with (default:
    the embedded wheel's psql)."""
    argv = ["--chdir", str(project_root()), command]
    env: dict[str, str] = {}
    if command in TARGETED:
        target, extra_env = backend.sqitch_target(dbname)
        env.update(extra_env)
        argv += ["--target", target, "--client", client or client_bin("psql")]
    return argv + list(args), env


def run_sqitch(backend: Backend, command: str, args: list[str] | None = None, *, dbname: str | None = None,
               capture: bool = False, check: bool = False, client: str | None = None) -> SqitchResult:
    """Run sqitch; with capture=False its output goes straight to the terminal. `client`: another
    psql for the scripts (tests/sqitch_snapshots.py's, which dumps the schema after each one)."""
    if command == "deploy":
        ensure_database(backend, dbname or backend.default_database)
    argv, env = sqitch_command(backend, command, args or [], dbname, client)
    proc = tools.sqitch(argv, extra_env=env, capture=capture)
    result = SqitchResult(proc.returncode, proc.stdout, proc.stderr)
    if command == "deploy" and backend.name != "external":
        _ensure_harness_logins(backend)
    if check and proc.returncode != 0:
        raise TenantDBError(
            f"sqitch {command} {' '.join(args or [])} failed (exit {proc.returncode}) on {dbname or backend.default_database}:\n"
            f"{result.stdout}{result.stderr}".rstrip()
        )
    return result


def _ensure_harness_logins(backend: Backend) -> None:
    """After a deploy on a development server: the harness's login for each group (roles.py)."""
    from .database import admin_connect
    from .roles import ensure_harness_logins

    with admin_connect(backend) as conn:
        ensure_harness_logins(conn)


def plan_entries() -> list[str]:
    """sqitch.plan's changes and tags in order (pragmas left out), each change instance named once.

    A reworked change (`sqitch rework`) appears in the plan more than once under one name. Its
    earlier instances are named `name@tag`, the first tag after them: the suffix of their scripts
    (deploy/name@tag.sql) and the name `sqitch deploy --to` accepts for them; its newest instance
    is `name`, whose scripts are deploy/name.sql (for Sqitch that is `name@HEAD`: change_target()).
    Tags are `@tag`."""
    entries: list[str] = []
    untagged: list[int] = []  # change positions no tag has followed yet
    first_tag_after: dict[int, str] = {}
    for line in (project_root() / "sqitch.plan").read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "%#":
            continue
        entry = line.split()[0]
        if entry.startswith("@"):
            first_tag_after.update((i, entry) for i in untagged)
            untagged = []
        else:
            untagged.append(len(entries))
        entries.append(entry)
    newest = {name: i for i, name in enumerate(entries)}
    return [name if name.startswith("@") or newest[name] == i else f"{name}{first_tag_after[i]}"
            for i, name in enumerate(entries)]


def plan_changes() -> list[str]:
    """The plan's change instances in order (tags left out), named as plan_entries() names them."""
    return [entry for entry in plan_entries() if not entry.startswith("@")]


def change_name(instance: str) -> str:
    """The change's name as Sqitch's registry records it: `name@tag` -> `name`."""
    return instance.split("@", 1)[0]


def change_target(instance: str) -> str:
    """How `sqitch deploy/revert/verify --to/--from` names a change instance of plan_changes():
    the newest instance of a reworked change is `name@HEAD` (the bare name is ambiguous there,
    "Change Lookup Failed"); every other instance is named as it is."""
    if "@" not in instance and any(change_name(c) == instance and "@" in c for c in plan_changes()):
        return f"{instance}@HEAD"
    return instance

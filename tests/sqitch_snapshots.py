"""One real `sqitch deploy`/`revert` of a run of changes, with the schema dumped after each change's
script: the per-change migration cycle (tests/test_migrations.py, tests/test_upgrade.py) without
one Sqitch process per change and step.

Sqitch runs every deploy, revert and verify script with its client, `psql --dbname <conninfo> ...
--file <script>` (App::Sqitch::Engine::pg `run_file`/`run_verify`). `sqitch_with_snapshots` gives it
a client of its own, a small shell script that runs the real psql with the same arguments and, when
that succeeded on a deploy or revert script, runs `pg_dump` with the same `--dbname` and the
arguments of `tenantdb.schema_dump` into a numbered file. The script has committed by then (each
script holds its own BEGIN/COMMIT; Sqitch's registry is its own schema, which the dump leaves out),
so the dump after change C's deploy script is the schema a `sqitch deploy --to C` leaves, and the
dump after its revert script the schema a `sqitch revert --to <change before C>` leaves. Both are
normalised by `tenantdb.schema_dump.normalize_dump`, so they compare with `schema_dump(...)`.

Everything else is Sqitch's own: the plan, the registry, mode=all, deploy.verify (the verify
script runs after each deploy script through the same client; it is not dumped). A script that
fails stops the run as before (the client returns psql's exit status); a dump that fails fails
the script, so the run stops and says so (exit 97)."""

from __future__ import annotations

import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tenantdb.backend import Backend, client_bin
from tenantdb.schema_dump import normalize_dump, schema_dump_args
from tenantdb.settings import project_root
from tenantdb.sqitch import SqitchResult, change_name, run_sqitch

#: The exit status of the client when psql succeeded but the dump after it failed.
DUMP_FAILED = 97

_CLIENT = """#!/bin/sh
# psql for Sqitch, then a schema dump after each deploy or revert script (tests/sqitch_snapshots.py).
{psql} "$@" || exit $?
dbname= file= prev=
for arg in "$@"; do
  case "$prev" in --dbname) dbname=$arg ;; --file) file=$arg ;; esac
  prev=$arg
done
case "$file" in
  deploy/*|revert/*|*/deploy/*|*/revert/*) ;;
  *) exit 0 ;;
esac
n=$(wc -l < {index})
{pg_dump} --dbname "$dbname" {args} > {dir}/"$n".sql || exit {failed}
printf '%s\\t%s\\n' "$n" "$file" >> {index}
"""


@dataclass(frozen=True)
class Snapshot:
    """The schema right after one script of the run: `kind` is 'deploy' or 'revert'."""
    kind: str
    change: str
    schema: str


def _script(path: str) -> tuple[str, str]:
    """('deploy' | 'revert', change name) of a script path as Sqitch passes it."""
    file = Path(path)
    if file.is_absolute():
        file = file.relative_to(project_root())
    kind, *rest = file.with_suffix("").parts
    return kind, "/".join(rest)


def sqitch_with_snapshots(backend: Backend, dbname: str, command: str, *args: str) -> tuple[SqitchResult, list[Snapshot]]:
    """`sqitch <command> <args>` on `dbname` (deploy or revert), and the schema after each script it
    ran, in the order it ran them. The caller checks the result's return code."""
    assert command in {"deploy", "revert"}, command
    with tempfile.TemporaryDirectory(prefix="tenantdb_snapshots_") as tmp:
        folder = Path(tmp)
        index = folder / "index"
        index.write_text("")
        client = folder / "psql"
        client.write_text(_CLIENT.format(
            psql=shlex.quote(client_bin("psql")), pg_dump=shlex.quote(client_bin("pg_dump")),
            args=" ".join(shlex.quote(a) for a in schema_dump_args()), dir=shlex.quote(str(folder)),
            index=shlex.quote(str(index)), failed=DUMP_FAILED))
        client.chmod(0o755)
        result = run_sqitch(backend, command, list(args), dbname=dbname, capture=True, client=str(client))
        snapshots = []
        for line in index.read_text().splitlines():
            number, path = line.split("\t", 1)
            kind, change = _script(path)
            snapshots.append(Snapshot(kind, change, normalize_dump((folder / f"{number}.sql").read_text())))
    return result, snapshots


def change_lines(output: str, change: str) -> str:
    """The lines of a Sqitch deploy/revert output about `change` ('  + change .. ok'; Sqitch prints
    every instance of a reworked change under its bare name)."""
    return "\n".join(line for line in output.splitlines() if line.strip().split(" ")[1:2] == [change_name(change)])

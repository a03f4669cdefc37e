"""`tenantdb report`: the DBA review material (policies, access matrix, ERD, schema)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..compat import REFERENCE_MAJOR
from ..report import FILES, REGENERATE, drift, generate, report_database, server_major_of, write
from ..settings import project_root
from . import options
from .options import JSON_OPTION
from .output import console, err_console, exit_with, print_json, spinner


def report(ctx: typer.Context,
           check: bool = typer.Option(False, "--check", help="Regenerate without writing and exit 1 if any "
                                      "file in --out differs (prints a unified diff and the command that regenerates)."),
           out: Optional[Path] = typer.Option(None, "--out", help="Directory of the documents (default: docs/ of the checkout)."),
           db: Optional[str] = typer.Option(None, "--db", help="Report on this deployed database instead of a "
                                            "fresh clone of the test template."),
           as_json: bool = JSON_OPTION) -> None:
    """Render the DBA review material from a deployed database: policies.md, access-matrix.md,
    erd.md, erd.svg, schema.sql. Same schema, same bytes: commit them; CI runs --check.

    Exit codes: 0 written / no drift; 1 drift (with --check) or a failure the message explains;
    2 bad usage (an unknown --db).

    Example: tenantdb report && git diff --stat docs/   |   tenantdb report --check
    """
    out_dir = out or project_root() / "docs"
    be = options.backend(ctx)
    with spinner("rendering the review material", enabled=not as_json), report_database(be, db) as dbname:
        files = generate(be, dbname)
        major = server_major_of(be, dbname)
    sizes = {name: len(files[name].encode()) for name in FILES}
    if check:
        diffs = drift(files, out_dir, major)
        if major != REFERENCE_MAJOR and not as_json:
            console.print(f"note: docs/ is generated on PostgreSQL {REFERENCE_MAJOR}; this server is {major}, so "
                          "version-specific details are not compared (tenantdb.compat)")
        if as_json:
            print_json({"drift": sorted(diffs), "diffs": diffs, "out": str(out_dir), "regenerate": REGENERATE})
            exit_with(bool(diffs))
        for name in sorted(diffs):
            sys.stdout.write(diffs[name])
        if diffs:
            err_console.print(f"[red]drift:[/red] {', '.join(sorted(diffs))} in {out_dir} differ from the "
                              f"deployed schema.\nRegenerate and commit: {REGENERATE}"
                              + (f" --out {out}" if out else ""), soft_wrap=True)
        else:
            console.print(f"no drift: {', '.join(FILES)} in {out_dir} match the deployed schema")
        exit_with(bool(diffs))
    paths = write(files, out_dir)
    if as_json:
        print_json({"written": {str(p): sizes[p.name] for p in paths}})
        return
    for p in paths:
        console.print(f"{p}  {sizes[p.name]:,} bytes")

"""`tenantdb report`: the DBA review material (policies, access matrix, ERD, schema)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..compat import REFERENCE_MAJOR
from ..report import REGENERATE, drift, generate_checked, report_database, server_major_of, write
from ..settings import project_root
from . import options
from .options import JSON_OPTION
from .output import console, err_console, exit_with, print_json, spinner


def report(ctx: typer.Context,
           check: bool = typer.Option(False, "--check", help="Regenerate without writing and exit 1 if any "
                                      "file in --out differs (prints a unified diff and the command that regenerates)."),
           out: Optional[Path] = typer.Option(None, "--out", help="Directory of the documents (default: docs/ of the checkout)."),
           db: Optional[str] = options.TARGET_OPTION,
           as_json: bool = JSON_OPTION) -> None:
    """Render the DBA review material from a deployed database: policies.md, access-matrix.md,
    erd.md, erd.svg (overview) and erd-<domain>.svg, schema.sql. Same schema, same bytes: commit
    them; CI runs --check. Without a target (--db NAME, or DATABASE_URL's database on the external
    backend) the material comes from a fresh clone of the test template; with one, from the
    target itself, which is only read.

    Exit codes: 0 written / no drift; 1 drift or any warning (with --check: a rule of the access
    matrix the renderer does not understand, a grant that disagrees, a table no test covers) or a
    failure the message explains; 2 bad usage (an unknown --db).

    Example: tenantdb report && git diff --stat docs/   |   tenantdb report --check --db tenantdb
    """
    out_dir = out or project_root() / "docs"
    target = options.target(ctx, db)
    be = options.backend(ctx)
    with spinner("rendering the review material", enabled=not as_json), \
            report_database(be, target.name if target else None) as dbname:
        files, warnings = generate_checked(be, dbname)
        major = server_major_of(be, dbname)
    sizes = {name: len(text.encode()) for name, text in files.items()}
    ran = f"rendered {len(files)} files ({', '.join(files)}); {len(warnings)} warning(s)"
    if not as_json:
        for warning in warnings:
            err_console.print(f"[yellow]warning:[/yellow] {warning}", soft_wrap=True)
    if check:
        diffs = drift(files, out_dir, major)
        if major != REFERENCE_MAJOR and not as_json:
            console.print(f"note: docs/ is generated on PostgreSQL {REFERENCE_MAJOR}; this server is {major}, so "
                          "version-specific details are not compared (tenantdb.compat)")
        if as_json:
            print_json({"drift": sorted(diffs), "diffs": diffs, "out": str(out_dir), "regenerate": REGENERATE,
                        "files": list(files), "warnings": warnings})
            exit_with(bool(diffs or warnings))
        console.print(ran)
        for name in sorted(diffs):
            sys.stdout.write(diffs[name])
        if diffs:
            err_console.print(f"[red]drift:[/red] {', '.join(sorted(diffs))} in {out_dir} differ from the "
                              f"deployed schema.\nRegenerate and commit: {REGENERATE}"
                              + (f" --out {out}" if out else ""), soft_wrap=True)
        else:
            console.print(f"no drift: {len(files)} files in {out_dir} match the deployed schema")
        if warnings:
            err_console.print(f"[red]{len(warnings)} warning(s)[/red]: the review material must render every "
                              "rule with none; fix sql/access_matrix.toml, the grants or the tests", soft_wrap=True)
        exit_with(bool(diffs or warnings))
    paths = write(files, out_dir)
    if as_json:
        print_json({"written": {str(p): sizes[p.name] for p in paths}, "warnings": warnings})
        return
    for p in paths:
        console.print(f"{p}  {sizes[p.name]:,} bytes")
    console.print(ran)

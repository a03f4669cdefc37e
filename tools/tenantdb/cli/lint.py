"""`tenantdb lint`: the catalog lints and squawk, with the allowlist, as text, JSON or SARIF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .. import lint as lint_mod
from ..errors import BadInput, TenantDBError
from . import options
from .options import JSON_OPTION, TARGET_OPTION
from .output import console, err_console, exit_with, print_json

ONLY = ("catalog", "migrations")
COLOURS = {"ERROR": "red", "WARN": "yellow", "INFO": "cyan"}


def lint(
    ctx: typer.Context,
    db: Optional[str] = TARGET_OPTION,
    as_json: bool = JSON_OPTION,
    sarif: Optional[Path] = typer.Option(None, "--sarif", help="Also write the findings as SARIF 2.1.0 to this file.",
                                         dir_okay=False, writable=True),
    level: str = typer.Option("warn", "--level", help="Exit 1 when anything at or above this level remains: error, warn or info."),
    allowlist: Optional[Path] = typer.Option(None, "--allowlist", help="Reviewed exceptions (default: sql/lint/allowlist.toml).",
                                             dir_okay=False),
    only: Optional[str] = typer.Option(None, "--only", help="Run only the catalog lints (catalog) or only squawk on deploy/ (migrations)."),
    lint_names: Optional[list[str]] = typer.Option(None, "--lint", help="Run only this catalog lint (repeatable)."),
) -> None:
    """Lint the deployed schema (RLS, keys, indexes, roles, comments) and the deploy scripts (squawk).

    Catalog lints are the queries in sql/lint/*.sql, run against the target database (--db NAME,
    or DATABASE_URL's on the external backend; else the default one) and only read it; migration lints
    run squawk with .squawk.toml on deploy/**/*.sql. Findings listed in the allowlist (with a
    reason) are reported as allowed. Exit 0 when nothing at or above --level remains, 1 when
    something does, 2 on bad usage (unknown level or lint, an allowlist entry without a reason).

    Example: tenantdb lint --level warn --sarif lint.sarif
    """
    threshold = lint_mod.parse_level(level)
    if only not in (None, *ONLY):
        raise BadInput(f"--only {only!r} is not catalog or migrations", hint="tenantdb lint --only catalog")
    lints = lint_mod.load_lints(lint_names)
    if allowlist is not None and not allowlist.is_file():
        raise BadInput(f"allowlist {allowlist} does not exist", hint="leave out --allowlist to use sql/lint/allowlist.toml")
    entries = lint_mod.load_allowlist(allowlist or lint_mod.default_allowlist_path())
    findings: list[lint_mod.Finding] = []
    if only in (None, "catalog"):
        findings += lint_mod.lint_database(options.target(ctx, db) or options.database(ctx, None), [x.name for x in lints])
    if only in (None, "migrations"):
        findings += lint_mod.run_squawk()
    report = lint_mod.apply_allowlist(lint_mod.sort_findings(findings), entries)
    ran = {"catalog_lints": len(lints) if only in (None, "catalog") else 0,
           "deploy_scripts": len(lint_mod.deploy_scripts()) if only in (None, "migrations") else 0}
    if sarif is not None:
        try:
            sarif.write_text(json.dumps(lint_mod.to_sarif(report, lints), indent=2) + "\n")
        except OSError as exc:
            raise TenantDBError(f"cannot write the SARIF file {sarif}: {exc.strerror}",
                                hint="pass a path in a writable directory") from exc
    failing = report.failing(threshold)
    if as_json:
        print_json({**report.as_dict(threshold), "ran": ran})
        exit_with(bool(failing))
    console.print(f"ran {ran['catalog_lints']} catalog lint(s) and squawk on {ran['deploy_scripts']} deploy script(s)")
    print_report(report, threshold)
    if sarif is not None:
        console.print(f"SARIF written to {sarif}")
    exit_with(bool(failing))


def print_report(report: lint_mod.LintReport, threshold: str) -> None:
    if report.active and not console.is_terminal:
        # Logs and pipes: one finding per block, nothing wrapped mid-name.
        for f in report.active:
            console.print(f"{f.level} {f.name}: {f.object}\n    {f.detail}\n    fix: {f.remediation}",
                          markup=False)
    elif report.active:
        from rich.table import Table

        table = Table("level", "lint", "object", "what is wrong / how to fix it", show_lines=True)
        for f in report.active:
            table.add_row(f"[{COLOURS[f.level]}]{f.level}[/{COLOURS[f.level]}]", f.name, f.object,
                          f"{f.detail}\n[bold]fix:[/bold] {f.remediation}")
        console.print(table)
    for f, entry in report.allowed:
        console.print(f"allowed: {f.level} {f.name} on {f.object} ({entry.reason})")
    for entry in report.unused_entries:
        console.print(f"[yellow]note:[/yellow] allowlist entry {entry.lint} on {entry.object} matched nothing "
                      "(remove it if the object is gone)")
    counts = report.counts()
    failing = report.failing(threshold)
    summary = (f"{counts['ERROR']} error(s), {counts['WARN']} warning(s), {counts['INFO']} info; "
               f"{len(report.allowed)} allowed by the allowlist")
    if failing:
        err_console.print(f"[red]lint failed[/red]: {summary}; {len(failing)} at or above {threshold}")
    else:
        console.print(f"[green]lint passed[/green]: {summary}; nothing at or above {threshold}")

"""The `tenantdb` command line. Every command has --help with an example; data comes out as
--json where it is data; exit codes: 0 ok, 1 a failure the message explains, 2 bad usage."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Optional

import psycopg

import typer
from rich.console import Console
from rich.table import Table

from . import backend as backend_mod
from . import cli_tokens
from .errors import BadInput, TenantDBError
from .settings import APP_ROLE, CLIENT_ROLES, MAINTENANCE_ROLE, SERVICE_ROLE, Settings

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

CONTEXT = {"help_option_names": ["-h", "--help"]}
PASSTHROUGH = {**CONTEXT, "allow_extra_args": True, "ignore_unknown_options": True}

app = typer.Typer(
    help="tenantdb: a multi-tenant PostgreSQL schema isolated by row-level security.\n\n"
         "Example: tenantdb demo",
    no_args_is_help=True, pretty_exceptions_enable=False, context_settings=CONTEXT, add_completion=False,
)
db_app = typer.Typer(help="Start, stop and inspect the database server.\n\nExample: tenantdb db up --port 54400",
                     no_args_is_help=True, context_settings=CONTEXT)
app.add_typer(db_app, name="db")
app.add_typer(cli_tokens.app, name="token")

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of text.")
DbOpt = typer.Option(None, "--db", help="Database name (default: TENANTDB_DATABASE or 'tenantdb').")


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings.from_env()
    return root.obj


def _backend(ctx: typer.Context) -> backend_mod.Backend:
    return backend_mod.get_backend(_settings(ctx))


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


@app.callback()
def root(
    ctx: typer.Context,
    port: Optional[int] = typer.Option(None, "--port", "-p", help="Port of the embedded server (env TENANTDB_PORT, default 54329)."),
    backend: Optional[str] = typer.Option(None, "--backend", help="embedded | external | testcontainers (env TENANTDB_BACKEND; external when DATABASE_URL or PGHOST is set)."),
) -> None:
    ctx.obj = Settings.from_env(port, backend)
    if port is not None:
        os.environ["TENANTDB_PORT"] = str(port)


# ---------------------------------------------------------------------------------- setup
@app.command(context_settings=CONTEXT)
def setup(ctx: typer.Context) -> None:
    """Install what the harness needs beyond the virtualenv (idempotent).

    Copies pgTAP into the embedded server's extension directory, creates the unprivileged
    system user when run as root, and checks sqitch and pg_prove.

    Example: tenantdb setup
    """
    from .database import install_pgtap

    start = time.perf_counter()
    be = _backend(ctx)
    console.print(install_pgtap(be))
    for tool, package in (("sqitch", "sqitch"), ("pg_prove", "libtap-parser-sourcehandler-pgtap-perl")):
        if shutil.which(tool):
            console.print(f"{tool}: {shutil.which(tool)}")
        else:
            raise TenantDBError(f"{tool} is not installed", hint=f"sudo apt-get install {package}")
    if isinstance(be, backend_mod.EmbeddedBackend):
        console.print(f"embedded server binaries: {be.bin}; state: {be.state_dir}")
    console.print(f"setup done in {time.perf_counter() - start:.1f} s")


# ---------------------------------------------------------------------------------- db
def _print_status(status: backend_mod.Status, as_json: bool) -> None:
    if as_json:
        _print_json(status.as_dict())
        return
    console.print(f"[bold]{status.backend}[/bold]: {status.detail}")
    if status.url:
        console.print(f"url: {status.url}")
    if status.data_dir:
        console.print(f"data: {status.data_dir}")


@db_app.command("up", context_settings=CONTEXT)
def db_up(ctx: typer.Context, port: Optional[int] = typer.Option(None, "--port", "-p", help="Port to listen on."),
          as_json: bool = JsonOpt) -> None:
    """Start the database server (a no-op when it already runs).

    Example: tenantdb db up --port 54400
    """
    if port is not None:
        ctx.find_root().obj = Settings.from_env(port, _settings(ctx).backend)
    be = _backend(ctx)
    before = be.status()
    status = be.up()
    if not as_json and before.running:
        console.print("already running")
    _print_status(status, as_json)


@db_app.command("down", context_settings=CONTEXT)
def db_down(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """Stop the embedded server (a no-op when it is stopped).

    Example: tenantdb db down
    """
    be = _backend(ctx)
    before = be.status()
    status = be.down()
    if not as_json and not before.running:
        console.print("already stopped")
    _print_status(status, as_json)


@db_app.command("status", context_settings=CONTEXT)
def db_status(ctx: typer.Context, as_json: bool = JsonOpt) -> None:
    """Say whether the server runs, where, and its data directory. Exit 1 when it does not run.

    Example: tenantdb db status --json
    """
    status = _backend(ctx).status()
    _print_status(status, as_json)
    raise typer.Exit(0 if status.running else 1)


@db_app.command("url", context_settings=CONTEXT)
def db_url(ctx: typer.Context,
           role: Optional[str] = typer.Option(None, "--role", help="app | service | maintenance (default: the superuser)."),
           db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Print a connection URL (for psql, JDBC, any driver).

    Example: psql "$(tenantdb db url --role app)"
    """
    roles = {"app": APP_ROLE, "service": SERVICE_ROLE, "maintenance": MAINTENANCE_ROLE, None: None}
    if role not in roles:
        raise TenantDBError(f"unknown role {role!r}", hint="use app, service or maintenance")
    be = _backend(ctx)
    url = be.url(db, roles[role])
    if as_json:
        _print_json({"url": url, "conninfo": be.conninfo(db, roles[role])})
    else:
        console.print(url, soft_wrap=True)


@db_app.command("psql", context_settings=PASSTHROUGH)
def db_psql(ctx: typer.Context,
            role: Optional[str] = typer.Option(None, "--role", help="app | service | maintenance (default: superuser)."),
            db: Optional[str] = DbOpt) -> None:
    """Open psql on the database; extra arguments go to psql.

    Example: tenantdb db psql --role app -- -c "SELECT app.current_tenant_id()"
    """
    roles = {"app": APP_ROLE, "service": SERVICE_ROLE, "maintenance": MAINTENANCE_ROLE, None: None}
    if role not in roles:
        raise TenantDBError(f"unknown role {role!r}", hint="use app, service or maintenance")
    be = _backend(ctx)
    psql = backend_mod.client_bin("psql")
    args = [a for a in ctx.args if a != "--"]
    os.execv(psql, [psql, be.conninfo(db, roles[role]), *args])


# ---------------------------------------------------------------------------------- sqitch
def _sqitch(ctx: typer.Context, command: str, db: str | None) -> None:
    from .sqitch import run_sqitch

    be = _backend(ctx)
    be.ensure_running()
    result = run_sqitch(be, command, list(ctx.args), dbname=db)
    raise typer.Exit(result.returncode)


def _sqitch_command(name: str, summary: str, example: str):
    def command(ctx: typer.Context, db: Optional[str] = DbOpt) -> None:
        _sqitch(ctx, name, db)

    command.__doc__ = f"{summary} Options after the command go to `sqitch {name}`.\n\nExample: {example}"
    app.command(name, context_settings=PASSTHROUGH)(command)


_sqitch_command("deploy", "Deploy the plan's changes with sqitch (each verified; a failure reverts the run).",
                "tenantdb deploy --to identity/users")
_sqitch_command("revert", "Revert changes with sqitch.", "tenantdb revert -y --to core/tenants")
_sqitch_command("verify", "Run the verify scripts of the deployed changes.", "tenantdb verify")
_sqitch_command("status", "Show which changes are deployed.", "tenantdb status --show-changes")
_sqitch_command("log", "Show the deployment history.", "tenantdb log --max-count 5")


# ---------------------------------------------------------------------------------- data
@app.command(context_settings=CONTEXT)
def seed(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Load the demo data (idempotent: a second run changes nothing) and print row counts.

    Example: tenantdb seed --json
    """
    from .seed import run_seed, table_checksums

    be = _backend(ctx)
    be.ensure_running()
    start = time.perf_counter()
    with console.status("seeding") as status:
        run_seed(be, db, progress=lambda msg: status.update(f"seeding {msg}"))
    sums = table_checksums(be, db)
    elapsed = time.perf_counter() - start
    if as_json:
        _print_json({"seconds": round(elapsed, 3), "tables": {t: {"rows": n, "md5": m} for t, (n, m) in sums.items()}})
        return
    table = Table("table", "rows", "md5", title=f"seeded in {elapsed:.2f} s")
    for t, (n, m) in sums.items():
        table.add_row(t, str(n), m[:12])
    console.print(table)


rag_app = typer.Typer(help="Retrieval (RAG) helpers: measure vector-search quality.\n\nExample: tenantdb rag recall --json",
                      context_settings=CONTEXT, no_args_is_help=True)
app.add_typer(rag_app, name="rag")


@rag_app.command("recall", context_settings=CONTEXT)
def rag_recall(
    ctx: typer.Context,
    db: Optional[str] = DbOpt,
    as_json: bool = JsonOpt,
    k: int = typer.Option(10, "--k", min=1, max=1000, help="How many nearest chunks to compare."),
    queries: int = typer.Option(20, "--queries", min=1, max=10000, help="Query vectors per tenant."),
) -> None:
    """Recall@k of app.search_chunks() against exact search, for every tenant with chunks.

    Runs as the service role of each tenant; queries are the tenant's own chunk embeddings plus
    noise (deterministic). Also prints how many results each search returned (k when the tenant
    has k chunks).

    Example: tenantdb rag recall --k 10 --queries 50 --json
    """
    from . import rag

    be = _backend(ctx)
    be.ensure_running()
    with console.status("measuring recall"):
        rows = rag.measure(be, db, k=k, queries=queries)
    if as_json:
        _print_json({"k": k, "tenants": rag.as_dicts(rows)})
        return
    table = Table("tenant", "chunks", "queries", f"recall@{k}", "results min", "results max")
    for r in rows:
        table.add_row(r.tenant, str(r.chunks), str(r.queries), f"{r.recall:.3f}", str(r.min_results), str(r.max_results))
    console.print(table)


@app.command(context_settings=CONTEXT)
def demo(ctx: typer.Context, db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """The main job: start the database, deploy, seed, and show tenant isolation as the app role.

    Example: tenantdb demo
    """
    from .demo import demonstrate, timed
    from .seed import run_seed
    from .sqitch import run_sqitch

    be = _backend(ctx)
    timings: dict[str, float] = {}
    say = (lambda *a, **k: None) if as_json else console.print
    say("[bold]1. database[/bold]")
    status, timings["db_up_s"] = timed(be.up)
    say(f"   {status.backend}: {status.detail}")
    be.ensure_running()
    say("[bold]2. deploy (sqitch)[/bold]")
    result, timings["deploy_s"] = timed(lambda: run_sqitch(be, "deploy", [], dbname=db, capture=True, check=True))
    for line in result.stdout.splitlines():
        say(f"   {line}")
    say("[bold]3. seed[/bold]")
    _, timings["seed_s"] = timed(lambda: run_seed(be, db))
    say("   demo tenants and their users are in place")
    say("[bold]4. isolation, as the user-facing role[/bold]")
    report, timings["demonstrate_s"] = timed(lambda: demonstrate(be, db))
    if as_json:
        _print_json({"ok": report.ok, "timings": timings, "url_app": be.url(db, APP_ROLE),
                     "checks": [c.__dict__ for c in report.checks]})
        raise typer.Exit(0 if report.ok else 1)
    for c in report.checks:
        mark = "[green]ok  [/green]" if c.ok else "[red]FAIL[/red]"
        console.print(f"   {mark} {c.what}\n        {c.observed}", soft_wrap=True)
    console.print("[bold]5. connect yourself[/bold]")
    console.print(f"   psql \"{be.url(db, APP_ROLE)}\"", soft_wrap=True)
    console.print(
        "   Contract: in every transaction, first\n"
        "     SELECT app.set_context('<tenant uuid>', '<user uuid>');  -- user: the acting person (tenantdb_app)\n"
        "   No context (or one left from another transaction): every query fails (42501). A malformed id fails (22P02).\n"
        f"   Roles: {', '.join(CLIENT_ROLES)} (clients), {MAINTENANCE_ROLE} (jobs only)."
    )
    console.print("   " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items()))
    if not report.ok:
        err_console.print("[red]isolation demonstration FAILED[/red]")
        raise typer.Exit(1)


# ---------------------------------------------------------------------------------- lint
@app.command(context_settings=CONTEXT)
def lint(
    ctx: typer.Context,
    db: Optional[str] = DbOpt,
    as_json: bool = JsonOpt,
    sarif: Optional[Path] = typer.Option(None, "--sarif", help="Also write the findings as SARIF 2.1.0 to this file.",
                                         dir_okay=False, writable=True),
    level: str = typer.Option("warn", "--level", help="Exit 1 when anything at or above this level remains: error, warn or info."),
    allowlist: Optional[Path] = typer.Option(None, "--allowlist", help="Reviewed exceptions (default: sql/lint/allowlist.toml).",
                                             dir_okay=False),
    only: Optional[str] = typer.Option(None, "--only", help="Run only the catalog lints (catalog) or only squawk on deploy/ (migrations)."),
    lint_names: Optional[list[str]] = typer.Option(None, "--lint", help="Run only this catalog lint (repeatable)."),
) -> None:
    """Lint the deployed schema (RLS, keys, indexes, roles, comments) and the deploy scripts (squawk).

    Catalog lints are the queries in sql/lint/*.sql, run against the database; migration lints
    run squawk with .squawk.toml on deploy/**/*.sql. Findings listed in the allowlist (with a
    reason) are reported as allowed. Exit 0 when nothing at or above --level remains, 1 when
    something does, 2 on bad usage (unknown level or lint, an allowlist entry without a reason).

    Example: tenantdb lint --level warn --sarif lint.sarif
    """
    from . import lint as lint_mod

    threshold = lint_mod.parse_level(level)
    if only not in (None, "catalog", "migrations"):
        raise BadInput(f"--only {only!r} is not catalog or migrations", hint="tenantdb lint --only catalog")
    lints = lint_mod.load_lints(lint_names)
    if allowlist is not None and not allowlist.is_file():
        raise BadInput(f"allowlist {allowlist} does not exist", hint="leave out --allowlist to use sql/lint/allowlist.toml")
    entries = lint_mod.load_allowlist(allowlist or lint_mod.default_allowlist_path())
    findings: list = []
    if only in (None, "catalog"):
        be = _backend(ctx)
        be.ensure_running()
        conninfo = be.conninfo(db)
        try:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
                findings += lint_mod.run_lints(conn, [x.name for x in lints])
        except psycopg.OperationalError as exc:
            raise TenantDBError(f"cannot connect to the database to lint it: {exc}".strip(),
                                hint="deploy it first (tenantdb deploy), or name another one with --db") from exc
    if only in (None, "migrations"):
        findings += lint_mod.run_squawk()
    report = lint_mod.apply_allowlist(lint_mod.sort_findings(findings), entries)
    if sarif is not None:
        try:
            sarif.write_text(json.dumps(lint_mod.to_sarif(report, lints), indent=2) + "\n")
        except OSError as exc:
            raise TenantDBError(f"cannot write the SARIF file {sarif}: {exc.strerror}",
                                hint="pass a path in a writable directory") from exc
    failing = report.failing(threshold)
    if as_json:
        _print_json(report.as_dict(threshold))
        raise typer.Exit(1 if failing else 0)
    _print_lint_report(report, threshold)
    if sarif is not None:
        console.print(f"SARIF written to {sarif}")
    raise typer.Exit(1 if failing else 0)


def _print_lint_report(report, threshold: str) -> None:
    colours = {"ERROR": "red", "WARN": "yellow", "INFO": "cyan"}
    if report.active and not console.is_terminal:
        # Logs and pipes: one finding per block, nothing wrapped mid-name.
        for f in report.active:
            console.print(f"{f.level} {f.name}: {f.object}\n    {f.detail}\n    fix: {f.remediation}",
                          markup=False)
    elif report.active:
        table = Table("level", "lint", "object", "what is wrong / how to fix it", show_lines=True)
        for f in report.active:
            table.add_row(f"[{colours[f.level]}]{f.level}[/{colours[f.level]}]", f.name, f.object,
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

# ---------------------------------------------------------------------------------- review
@app.command(context_settings=CONTEXT)
def report(ctx: typer.Context,
           check: bool = typer.Option(False, "--check", help="Regenerate without writing and exit 1 if any "
                                      "file in --out differs (prints a unified diff and the command that regenerates)."),
           out: Optional[Path] = typer.Option(None, "--out", help="Directory of the documents (default: docs/ of the checkout)."),
           db: Optional[str] = typer.Option(None, "--db", help="Report on this deployed database instead of a "
                                            "fresh clone of the test template."),
           as_json: bool = JsonOpt) -> None:
    """Render the DBA review material from a deployed database: policies.md, access-matrix.md,
    erd.md, erd.svg, schema.sql. Same schema, same bytes: commit them; CI runs --check.

    Exit codes: 0 written / no drift; 1 drift (with --check) or a failure the message explains;
    2 bad usage (an unknown --db).

    Example: tenantdb report && git diff --stat docs/   |   tenantdb report --check
    """
    from .report import FILES, REGENERATE, drift, generate, report_database, write
    from .settings import project_root

    out_dir = out or project_root() / "docs"
    be = _backend(ctx)
    with console.status("rendering the review material") if not as_json else _nullcontext():
        with report_database(be, db) as dbname:
            files = generate(be, dbname)
    sizes = {name: len(files[name].encode()) for name in FILES}
    if check:
        diffs = drift(files, out_dir)
        if as_json:
            _print_json({"drift": sorted(diffs), "diffs": diffs, "out": str(out_dir), "regenerate": REGENERATE})
        else:
            for name in sorted(diffs):
                sys.stdout.write(diffs[name])
            if diffs:
                err_console.print(f"[red]drift:[/red] {', '.join(sorted(diffs))} in {out_dir} differ from the "
                                  f"deployed schema.\nRegenerate and commit: {REGENERATE}"
                                  + (f" --out {out}" if out else ""), soft_wrap=True)
            else:
                console.print(f"no drift: {', '.join(FILES)} in {out_dir} match the deployed schema")
        raise typer.Exit(1 if diffs else 0)
    paths = write(files, out_dir)
    if as_json:
        _print_json({"written": {str(p): sizes[p.name] for p in paths}})
        return
    for p in paths:
        console.print(f"{p}  {sizes[p.name]:,} bytes")


# ---------------------------------------------------------------------------- retention
retention_app = typer.Typer(help="Apply the retention policies: archive expired rows, then delete them.\n\n"
                            "Example: tenantdb retention run --dry-run", context_settings=CONTEXT, no_args_is_help=True)
app.add_typer(retention_app, name="retention")


@retention_app.command("run", context_settings=CONTEXT)
def retention_run(ctx: typer.Context, dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be archived; change nothing."),
                  batch_size: int = typer.Option(1000, "--batch-size", min=1, max=100000, help="Rows per transaction."),
                  db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Move expired rows of every tenant to archive.archived_rows and delete them, in batches,
    as the maintenance role. Safe to kill and re-run: each batch is one transaction.

    Example: tenantdb retention run --dry-run --json
    """
    from . import retention

    be = _backend(ctx)
    be.ensure_running()
    with console.status("retention") as status:
        result = retention.run(be.conninfo(db, role=MAINTENANCE_ROLE), dry=dry_run, batch_size=batch_size,
                               progress=lambda msg: status.update(msg))
    if as_json:
        _print_json(result)
        return
    title = "retention dry run (nothing changed)" if dry_run else f"retention run {result['run_id']}"
    table = Table("table", "rule", "tenant", "rows " + ("to archive" if dry_run else "archived"), title=title)
    for t in result["targets"]:
        for tenant, n in sorted(t["per_tenant"].items()) or [("-", 0)]:
            table.add_row(t["table"], t["rule"], tenant, str(n))
    console.print(table)
    rate = f", {result['rows_per_second']:,} rows/s" if result["rows_per_second"] else ""
    console.print(f"{result['rows']} rows in {result['seconds']} s{rate}")


@retention_app.command("fill-demo", context_settings=CONTEXT)
def retention_fill_demo(ctx: typer.Context,
                        rows: int = typer.Option(10000, "--rows", min=1, max=5_000_000, help="Expired sync logs per tenant."),
                        db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Add expired sync logs to every seeded tenant (benchmark volume for `retention run`).

    Example: tenantdb retention fill-demo --rows 50000 && tenantdb retention run
    """
    from . import retention

    be = _backend(ctx)
    be.ensure_running()
    added = retention.fill_sync_logs(be.conninfo(db), rows)
    if as_json:
        _print_json({"sync_logs_added": added})
    else:
        console.print(f"added {added} expired sync logs")


# -------------------------------------------------------------------------- credentials
credentials_app = typer.Typer(help="Integration credentials (AES-256-GCM, keys in TENANTDB_CREDENTIAL_KEYS).\n\n"
                              "Example: tenantdb credentials rotate --to k2026b", context_settings=CONTEXT,
                              no_args_is_help=True)
app.add_typer(credentials_app, name="credentials")


@credentials_app.command("rotate", context_settings=CONTEXT)
def credentials_rotate(ctx: typer.Context,
                       to: str = typer.Option(..., "--to", help="Key id (in TENANTDB_CREDENTIAL_KEYS) to re-encrypt every credential with."),
                       batch_size: int = typer.Option(100, "--batch-size", min=1, max=10000, help="Rows per transaction."),
                       db: Optional[str] = DbOpt, as_json: bool = JsonOpt) -> None:
    """Re-encrypt every credential of every tenant with key --to, in small transactions, as the
    maintenance role. No downtime: readers use the key id stored with each row; keep the old
    key in TENANTDB_CREDENTIAL_KEYS until this reports remaining = 0. Exit 1 if rows remain.

    Example: TENANTDB_CREDENTIAL_KEYS="k1:<b64>,k2:<b64>" tenantdb credentials rotate --to k2 --json
    """
    from .credentials import Keyring, rotate

    keyring = Keyring.from_env()
    be = _backend(ctx)
    be.ensure_running()
    with psycopg.connect(be.conninfo(db, role=MAINTENANCE_ROLE), autocommit=True) as conn:
        result = rotate(conn, keyring, to, batch_size=batch_size)
    if as_json:
        _print_json(result)
    else:
        console.print(f"re-encrypted {result['rotated']} credentials with key {to!r}; {result['remaining']} remain on other keys")
    raise typer.Exit(0 if result["remaining"] == 0 else 1)

# ---------------------------------------------------------------------------------- bench
bench_app = typer.Typer(context_settings=CONTEXT, invoke_without_command=True)
app.add_typer(bench_app, name="bench")


def _bench_progress(progress, task_ids: dict):
    def update(table: str, done: int, total: int) -> None:
        if "load" not in task_ids:
            task_ids["load"] = progress.add_task("load", total=total)
            task_ids["start"] = time.perf_counter()
        elapsed = max(time.perf_counter() - task_ids["start"], 1e-6)
        progress.update(task_ids["load"], completed=done, total=total,
                        description=f"{table:<22} {done / elapsed:>9,.0f} rows/s")
    return update


def _progress_bar():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


@bench_app.callback()
def bench(ctx: typer.Context,
          quick: bool = typer.Option(False, "--quick", help="The CI smoke size (tens of thousands of rows, about a minute)."),
          out: Optional[Path] = typer.Option(None, "--out", help="Write the JSON results here (default: "
                                             "bench-results/<size>-<time>.json).", dir_okay=False),
          markdown: Optional[Path] = typer.Option(None, "--markdown", help="Write the Markdown report here "
                                                  "(default: docs/benchmarks.md for the full size, none for --quick).",
                                                  dir_okay=False),
          base: Optional[Path] = typer.Option(None, "--compare", help="Compare with an earlier JSON result; exit 1 on a "
                                              "regression over 15 % and 1 ms (or a 15 % throughput drop).",
                                              exists=False, dir_okay=False),
          reload: bool = typer.Option(False, "--reload", help="Load the data again even if the bench databases "
                                      "already hold it."),
          db_prefix: str = typer.Option("tenantdb_bench", "--db-prefix", help="Prefix of the dedicated bench databases."),
          tenants: Optional[int] = typer.Option(None, "--tenants", help="Tenants of the main database (full: 1000)."),
          rows_per_tenant: Optional[int] = typer.Option(None, "--rows-per-tenant",
                                                        help="Average rows per tenant of the main database (full: 5000; "
                                                        "10000 gives the 10M-row size of the goals)."),
          iterations: Optional[int] = typer.Option(None, "--iterations", help="Timed runs per variant and workload (full: 1500)."),
          clients: Optional[int] = typer.Option(None, "--clients", help="pgbench clients (full: 4)."),
          seconds: Optional[int] = typer.Option(None, "--seconds", help="pgbench seconds per run (full: 5)."),
          as_json: bool = JsonOpt) -> None:
    """Measure what row-level security costs. Without a subcommand: the whole benchmark (deploy
    timing, scale data, plan checks, RLS-versus-floor latency and pgbench throughput, tenant
    scaling), written as JSON and Markdown; `load` only fills a database.

    The bench databases (tenantdb_bench, tenantdb_bench_t10, tenantdb_bench_t1000; with --quick
    tenantdb_bench_quick*) are separate from the demo database and are reused while their data
    and the schema are unchanged.

    Exit codes: 0 done; 1 a failure, or a regression with --compare; 2 bad usage.

    Example: tenantdb bench --quick --json   |   tenantdb bench --compare bench-results/base.json
    """
    if ctx.invoked_subcommand:
        return
    from . import bench as bench_mod
    from .settings import project_root

    base_data = None
    if base is not None:
        try:
            base_data = json.loads(base.read_text())
        except (OSError, ValueError) as exc:
            raise BadInput(f"--compare {base}: cannot read it as a JSON result of tenantdb bench ({exc})") from exc
    size = bench_mod.SIZES["quick" if quick else "full"]
    for name, value in (("--iterations", iterations), ("--clients", clients), ("--seconds", seconds)):
        if value is not None and not 1 <= value <= 100_000:
            raise BadInput(f"{name} must be between 1 and 100000, not {value}")
    main_spec = bench_mod.DataSpec(size.main.tenants if tenants is None else tenants,
                                   size.main.rows_per_tenant if rows_per_tenant is None else rows_per_tenant)
    size = dataclasses.replace(size, main=main_spec,
                               iterations=size.iterations if iterations is None else iterations,
                               clients=size.clients if clients is None else clients,
                               seconds=size.seconds if seconds is None else seconds)
    be = _backend(ctx)
    be.ensure_running()
    say = (lambda s: None) if as_json else (lambda s: err_console.print(s))
    with _progress_bar() as progress:
        results = bench_mod.run_benchmark(be, size, db_prefix=db_prefix, reload=reload, say=say,
                                          progress=_bench_progress(progress, {}))
    command = " ".join(["tenantdb", *sys.argv[sys.argv.index("bench"):]]) if "bench" in sys.argv else "tenantdb bench"
    out = out or project_root() / "bench-results" / f"{size.name}-{results['started_at'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    md = markdown or (project_root() / "docs" / "benchmarks.md" if not quick else None)
    if md is not None:
        md.write_text(bench_mod.render_markdown(results, command))
    regressions = bench_mod.compare(base_data, results) if base_data is not None else []
    if as_json:
        _print_json({"results": str(out), "markdown": str(md) if md else None, "goals": results["goals"],
                     "regressions": regressions, "compared_with": str(base) if base else None})
    else:
        table = Table("workload", "RLS p50 ms", "floor p50 ms", "ratio", "RLS tps", "floor tps", "tps ratio",
                      "scaling ratio", title=f"tenantdb bench ({size.name})")
        for name, v in results["latency"].items():
            t = results["throughput"].get(name, {})
            sc = results["scaling"]["workloads"].get(name, {})
            table.add_row(name, str(v["rls"]["p50_ms"]), str(v["floor"]["p50_ms"]), str(v["ratio_p50"]),
                          str(t.get("rls_tps")), str(t.get("floor_tps")), str(t.get("ratio")), str(sc.get("ratio_p50")))
        console.print(table)
        for g in results["goals"]:
            mark = {True: "[green]met[/green]", False: "[red]missed[/red]", None: "[yellow]not measured[/yellow]"}[g["met"]]
            console.print(f"{mark}  {g['goal']} {g['target']}: {g['value']} {g['detail']}", soft_wrap=True)
        for name, problems in results["plans"].items():
            if problems:
                console.print(f"[red]plan[/red] {name}: {'; '.join(problems)}")
        console.print(f"results: {out}" + (f"\nreport: {md}" if md else ""))
        for reg in regressions:
            console.print(f"[red]regression[/red] {reg['workload']} {reg['figure']}: {reg['base']} -> {reg['new']} "
                          f"({reg['change']})")
    if regressions:
        raise typer.Exit(1)


@bench_app.command("load")
def bench_load(ctx: typer.Context,
               tenants: int = typer.Option(100, "--tenants", help="Number of tenants (1..65535)."),
               rows_per_tenant: int = typer.Option(10_000, "--rows-per-tenant", help="Average rows per tenant "
                                                   "(100 per student: user, profile, conversations, messages, sessions)."),
               skew: str = typer.Option("zipf", "--skew", help="zipf (a few big tenants, many small) or uniform."),
               db: str = typer.Option("tenantdb_bench", "--db", help="The dedicated bench database (never the demo one)."),
               fresh: bool = typer.Option(True, "--fresh/--no-fresh", help="Drop and redeploy the database first "
                                          "(--no-fresh: load into an already deployed, empty one)."),
               jobs: Optional[int] = typer.Option(None, "--jobs", help="Parallel COPY connections (default: up to 2)."),
               as_json: bool = JsonOpt) -> None:
    """Fill a dedicated database with deterministic scale data through COPY, with a progress bar
    and rows/s.

    Exit codes: 0 loaded; 1 a failure; 2 bad usage (a bad size, or a database that already has data).

    Example: tenantdb bench load --tenants 1000 --rows-per-tenant 5000 --json
    """
    from . import bench as bench_mod

    spec = bench_mod.DataSpec(tenants, rows_per_tenant, skew)
    if jobs is not None and not 1 <= jobs <= 16:
        raise BadInput(f"--jobs must be between 1 and 16, not {jobs}")
    be = _backend(ctx)
    be.ensure_running()
    deploy_s = bench_mod.fresh_database(be, db) if fresh else None
    if as_json:
        result = bench_mod.load(be, db, spec, jobs=jobs)
    else:
        with _progress_bar() as progress:
            result = bench_mod.load(be, db, spec, jobs=jobs, progress=_bench_progress(progress, {}))
    result.deploy_seconds = round(deploy_s, 2) if deploy_s is not None else None
    if as_json:
        _print_json(result.as_dict())
        return
    console.print(f"{db}: {result.rows:,} rows in {result.seconds} s; COPY {result.copy_seconds} s = "
                  f"{result.rows_per_second:,.0f} rows/s ({result.jobs} connections), indexes {result.index_seconds} s, "
                  f"VACUUM ANALYZE {result.vacuum_seconds} s")
    for table, n in result.tables.items():
        console.print(f"  {table:<24} {n:>12,}")


# ---------------------------------------------------------------------------------- prove
@app.command(context_settings=CONTEXT)
def prove(
    ctx: typer.Context,
    as_json: bool = JsonOpt,
    full: bool = typer.Option(False, "--all", help="Also run the pytest isolation suites: the access-matrix cells, "
                                                   "the RAG views, the bypass catalogue, fuzzing and the pooled load."),
) -> None:
    """Prove tenant isolation from the catalog: every table, view and client function, as every client role.

    Works on a fresh clone of the deployed test template seeded with the two demo tenants. Per
    table and actor (app role as student, educator, coach, admin; service role): tenant B's rows
    are invisible and untouchable from tenant A, inserting B's rows fails, and without a context
    nothing is visible and every write fails; views run as the caller; client functions called
    with B's ids return nothing of B. Exit 0 when every check passes, 1 otherwise.

    Example: tenantdb prove --all --json
    """
    from . import prove as prove_mod
    from .seed import run_seed
    from .settings import project_root
    from .testing import TestDatabases

    be = _backend(ctx)
    be.ensure_running()
    started = time.perf_counter()
    with console.status("proving isolation") if not as_json else _nullcontext():
        dbs = TestDatabases.start()
        with dbs.clone("prove") as name:
            run_seed(be, name)
            proof = prove_mod.prove(be, name)
    seconds = round(time.perf_counter() - started, 2)
    suites = None
    if full:
        import subprocess

        paths = ["tests/test_access_matrix.py", "tests/test_rag_views.py", "tests/isolation"]
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths],
                              cwd=project_root(), capture_output=True, text=True)
        summary = (proc.stdout.strip().splitlines() or [""])[-1]
        suites = {"paths": paths, "exit_code": proc.returncode, "summary": summary}
    failed = bool(proof.failures) or bool(suites and suites["exit_code"] != 0)
    if as_json:
        _print_json({"checks": proof.checks, "failures": proof.failures, "by_kind": proof.counts,
                     "seconds": seconds, "pytest": suites, "ok": not failed})
        raise typer.Exit(1 if failed else 0)
    table = Table("check", "count", title=f"catalog proof: {proof.checks} checks in {seconds} s")
    for kind, n in prove_mod.relations_checked(proof):
        table.add_row(kind, str(n))
    table.add_row("failures", str(len(proof.failures)), style="red" if proof.failures else "green")
    console.print(table)
    for failure in proof.failures:
        console.print(f"[red]FAIL[/red] {failure}", markup=True, soft_wrap=True)
    if suites:
        console.print(f"pytest {' '.join(suites['paths'])}: {suites['summary']}")
    raise typer.Exit(1 if failed else 0)


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main() -> None:
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
        sys.exit(130)


if __name__ == "__main__":
    main()

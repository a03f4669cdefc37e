"""DBA review material, generated from a deployed database: `tenantdb report`.

Five files, rendered with the jinja2 templates in ``sql/report/``:

- ``policies.md``       per table: RLS enabled/forced, every policy, grants per role, triggers,
                        lint findings; views with their security mode; functions (definer ones
                        with owner and search_path);
- ``access-matrix.md``  ``sql/access_matrix.toml`` (what each role may do) next to what grants
                        and policies allow, with every disagreement flagged;
- ``erd.md``            one Mermaid diagram per domain (first segment of the Sqitch change);
- ``erd.svg``           an overview drawn by Graphviz (tables by domain), and
  ``erd-<domain>.svg``  one picture per domain with columns and keys (tenantdb.erd);
- ``schema.sql``        normalized ``pg_dump --schema-only`` (tenantdb.schema_dump).

Output is deterministic (sorted, no timestamps or versions), so ``tenantdb report --check``
can compare it byte for byte with the committed files and CI refuses drift.
"""

from __future__ import annotations

import difflib
import html
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import psycopg

from . import tools
from .access_matrix import (  # noqa: F401  (re-exported: report.* names of the first round)
    MATRIX_ROLES,
    OPERATIONS,
    PERSON_ROLES,
    SCOPES,
    DatabaseVerdict,
    MatrixTable,
    build_access_matrix,
    load_access_matrix,
    matrix_problems,
    tests_mentioning,
)
from .access_matrix import warnings as matrix_warnings
from .backend import Backend
from .catalog import COMMANDS, Catalog, Key, Table, read_catalog
from .compat import REFERENCE_MAJOR, comparable, server_major
from .database import Database
from .errors import BadInput, TenantDBError, ToolMissing
from .lint.findings import Finding
from .schema_dump import MONTHLY_PARTITIONS, schema_dump
from .settings import APP_ROLE, SERVICE_ROLE, project_root

REGENERATE = ".venv/bin/tenantdb report"
FILES = ("policies.md", "access-matrix.md", "erd.md", "erd.svg", "schema.sql")
#: Extensions the test template adds that are not part of the product.
TEST_ONLY_EXTENSIONS = ("pgtap",)
WIDTH = 96


# ----------------------------------------------------------------------------- SQL layout
def _top_level_split(expr: str, word: str) -> list[str]:
    """Split `expr` at ` word ` outside parentheses, quotes and identifiers."""
    parts, depth, start, i, quote = [], 0, 0, 0, ""
    token = f" {word} "
    while i < len(expr):
        ch = expr[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and expr.startswith(token, i):
            parts.append(expr[start:i].strip())
            start = i + len(token)
            i = start
            continue
        i += 1
    parts.append(expr[start:].strip())
    return parts


def _wrapped_in_parens(expr: str) -> bool:
    if not (expr.startswith("(") and expr.endswith(")")):
        return False
    depth, quote = 0, ""
    for i, ch in enumerate(expr):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(expr) - 1:
                return False
    return True


def format_sql_expr(expr: str | None, indent: int = 0) -> str | None:
    """Lay out a policy expression for reading: short ones on one line, long ones split at
    top-level OR, then AND, one operand per line (nested groups indented)."""
    if expr is None:
        return None
    expr = " ".join(expr.split())
    if len(expr) + indent <= WIDTH:
        return expr
    if _wrapped_in_parens(expr):
        inner = expr[1:-1].strip()
        if len(_top_level_split(inner, "OR")) == 1 and len(_top_level_split(inner, "AND")) == 1:
            return expr  # one long operand: splitting it would not help the reader
        return "(\n" + _indent(_layout(inner, indent + 4), 4) + "\n)"
    for word in ("OR", "AND"):
        parts = _top_level_split(expr, word)
        if len(parts) > 1:
            lines = [_layout(parts[0], indent)]
            lines += [f"{word} " + _layout(p, indent + len(word) + 1).replace("\n", "\n" + " " * (len(word) + 1))
                      for p in parts[1:]]
            return "\n".join(lines)
    return expr


def _layout(expr: str, indent: int) -> str:
    """format_sql_expr() of an expression that is there."""
    return format_sql_expr(expr, indent) or ""


def _indent(text: str, n: int) -> str:
    return "\n".join(" " * n + line if line else line for line in text.splitlines())


# ----------------------------------------------------------------------------- ERD
_MERMAID_TYPES = {
    "timestamp with time zone": "timestamptz", "timestamp without time zone": "timestamp",
    "time with time zone": "timetz", "time without time zone": "time", "character varying": "varchar",
    "double precision": "float8", "boolean": "bool", "integer": "int4", "bigint": "int8", "smallint": "int2",
}


def short_type(pg_type: str) -> str:
    """`timestamp with time zone` -> `timestamptz`, `public.citext` (or `extensions.citext`) -> `citext`."""
    t = pg_type.removeprefix("extensions.").removeprefix("public.").removeprefix("pg_catalog.")
    for long, short in _MERMAID_TYPES.items():
        t = t.replace(long, short)
    return t


def mermaid_type(pg_type: str) -> str:
    """A type name Mermaid accepts (letters, digits, _ - ( ) [ ])."""
    return re.sub(r"[^A-Za-z0-9_()\[\]-]", "_", short_type(pg_type))


def entity_name(qualified: str) -> str:
    schema, name = qualified.split(".", 1)
    return name if schema == "app" else f"{schema}__{name}"


def _is_tenant_fk(key: Key) -> bool:
    return key.ref_table == "app.tenants" and key.columns == ["tenant_id"]


def _label_columns(key: Key) -> str:
    cols = [c for c in key.columns if c != "tenant_id"] or key.columns
    return ", ".join(cols)


@dataclass
class Relationship:
    child: Table
    parent: str
    key: Key
    parent_side: str  # "||" or "|o"
    child_side: str   # "o{" or "o|"

    @property
    def label(self) -> str:
        return _label_columns(self.key)


def relationships(catalog: Catalog, table: Table) -> list[Relationship]:
    out = []
    for fk in table.foreign_keys:
        if _is_tenant_fk(fk):
            continue  # every tenant table has it; drawn as the FK mark on tenant_id instead
        nullable = any(not c.not_null for c in table.columns if c.name in fk.columns)
        unique = any(k.kind in "pu" and sorted(k.columns) == sorted(fk.columns) for k in table.keys)
        out.append(Relationship(table, fk.ref_table or "", fk, "|o" if nullable else "||", "o|" if unique else "o{"))
    return out


def erd_tables(catalog: Catalog) -> list[Table]:
    return [t for t in catalog.tables if not t.is_partition]


def domains_of(catalog: Catalog) -> dict[str, list[Table]]:
    out: dict[str, list[Table]] = {}
    for t in erd_tables(catalog):
        out.setdefault(t.domain, []).append(t)
    return dict(sorted(out.items()))


def render_svg(dot_source: str) -> str:
    """Graphviz SVG, identical on every machine with Debian's graphviz: the layout uses
    Graphviz's built-in font metrics (no fontconfig/pango, whose fonts differ per machine), and
    the version comment is removed."""
    dot = tools.dot_executable()
    with tempfile.TemporaryDirectory(prefix="tenantdb-gv-") as plugin_dir:
        plugins = Path(_core_plugins(Path(plugin_dir), Path(dot)))
        proc = tools.dot(dot_source, plugin_dir=plugins)
    if proc.returncode != 0:
        raise TenantDBError(f"Graphviz failed to draw the ERD: {proc.stderr.strip()}")
    svg = re.sub(r"<!-- Generated by graphviz version[^>]*-->\n", "", proc.stdout)
    return "\n".join(line.rstrip() for line in svg.splitlines()) + "\n"


def _core_plugins(target: Path, dot: Path) -> str:
    """A Graphviz plugin directory holding only the core renderer and the dot layout."""
    candidates = [Path("/usr/lib/x86_64-linux-gnu/graphviz"), Path("/usr/lib/aarch64-linux-gnu/graphviz"),
                  dot.resolve().parent.parent / "lib" / "graphviz", Path("/usr/lib/graphviz"), Path("/usr/lib64/graphviz")]
    source = next((c for c in candidates if any(c.glob("config*"))), None)
    if source is None:
        raise ToolMissing("Graphviz plugin directory not found", hint="install Debian's graphviz: bash scripts/setup.sh")
    config = sorted(source.glob("config*"))[-1]
    blocks = re.split(r"(?m)^(?=\S+\.so\S*\s+\w+\s*\{)", config.read_text())
    kept = [b for b in blocks if re.match(r"\S*libgvplugin_(core|dot_layout)\.", b)]
    if len(kept) != 2:
        raise ToolMissing(f"Graphviz plugins core and dot_layout not found in {config}",
                          hint="install Debian's graphviz: bash scripts/setup.sh")
    (target / config.name).write_text("".join(kept))
    for block in kept:
        lib = block.split()[0]
        (target / Path(lib).name).symlink_to(source / lib if not Path(lib).is_absolute() else Path(lib))
    return str(target)


# ----------------------------------------------------------------------------- rendering
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project_root() / "sql" / "report"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["sql"] = format_sql_expr
    env.filters["html"] = lambda s: html.escape(s or "", quote=True)
    env.filters["cell"] = lambda s: (s or "").replace("|", "\\|").replace("\n", " ")
    env.filters["mermaid_type"] = mermaid_type
    env.filters["short_type"] = short_type
    env.filters["entity"] = entity_name
    env.filters["port"] = lambda s: re.sub(r"\W", "_", s)
    return env


def lint_findings(conn: psycopg.Connection[Any]) -> list[Finding] | None:
    """Lint findings for policies.md, grouped by group_findings(). Findings the reviewed
    allowlist accepts are shown too, with the reason, so a reviewer sees every exception."""
    from dataclasses import replace

    from .lint import apply_allowlist, load_allowlist, run_lints

    report = apply_allowlist(run_lints(conn), load_allowlist())
    return report.active + [replace(f, detail=f"{f.detail} (allowlisted: {entry.reason})")
                            for f, entry in report.allowed]


def group_findings(findings: list[Finding] | None, catalog: Catalog) -> tuple[dict[str, list[Finding]], list[Finding]]:
    """Findings under the table they belong to (the finding's structured relation: the table, a
    column, policy, constraint or index of it), the rest (functions, roles, views) apart."""
    if findings is None:
        return {}, []
    per_table: dict[str, list[Finding]] = {}
    other: list[Finding] = []
    names = {t.qualified for t in catalog.tables}
    for f in sorted(findings, key=lambda f: (f.object, f.name, f.detail)):
        table = f.relation if f.relation in names else None
        (per_table.setdefault(table, []) if table else other).append(f)
    return per_table, other


def render(catalog: Catalog, findings: list[Finding] | None = None, root: Path | None = None) -> dict[str, str]:
    """The text documents (all but schema.sql) for a catalog."""
    root = root or project_root()
    env = _environment()
    matrix = build_access_matrix(catalog, load_access_matrix(root / "sql" / "access_matrix.toml"), root)
    per_table, other = group_findings(findings, catalog)
    domains = domains_of(catalog)
    rels = {t.qualified: relationships(catalog, t) for t in erd_tables(catalog)}
    common = dict(catalog=catalog, regenerate=REGENERATE, commands=COMMANDS, operations=OPERATIONS,
                  matrix_roles=MATRIX_ROLES, app_role=APP_ROLE, service_role=SERVICE_ROLE)
    definers = [f for f in catalog.functions if f.security_definer]
    from .erd import render_erds

    erds = render_erds(env, render_svg, domains, rels, regenerate=REGENERATE)
    return {
        "policies.md": env.get_template("policies.md.j2").render(
            **common, lint_wired=findings is not None, findings=per_table, other_findings=other,
            definers=definers, invokers=[f for f in catalog.functions if not f.security_definer]),
        "access-matrix.md": env.get_template("access-matrix.md.j2").render(**common, matrix=matrix),
        "erd.md": env.get_template("erd.md.j2").render(**common, domains=domains, relationships=rels),
        **erds,
    }


def server_major_of(backend: Backend, dbname: str) -> int:
    with Database(backend, dbname).connect(autocommit=True) as conn:
        return server_major(conn)


def generate(backend: Backend, dbname: str) -> dict[str, str]:
    """All five documents from database `dbname` (deployed)."""
    return generate_checked(backend, dbname)[0]


def generate_checked(backend: Backend, dbname: str) -> tuple[dict[str, str], list[str]]:
    """The five documents and the warnings they carry: every access-matrix finding (a rule the
    renderer does not understand, a grant or policy that disagrees, a table no test covers)."""
    with Database(backend, dbname).connect() as conn:
        catalog = read_catalog(conn)
        findings = lint_findings(conn)
        conn.rollback()
    files = render(catalog, findings)
    files["schema.sql"] = schema_dump(backend, dbname, exclude_extensions=TEST_ONLY_EXTENSIONS, exclude_tables=(MONTHLY_PARTITIONS,))
    matrix = build_access_matrix(catalog, load_access_matrix(project_root() / "sql" / "access_matrix.toml"),
                                 project_root())
    pictures = sorted(name for name in files if name.startswith("erd-"))
    return {name: files[name] for name in (*FILES, *pictures)}, matrix_warnings(matrix)


@contextmanager
def report_database(backend: Backend, dbname: str | None) -> Iterator[str]:
    """`dbname` when given (must exist), else a fresh clone of the test template (dropped after)."""
    from .database import database_exists
    from .testing import TestDatabases

    backend.ensure_running()
    if dbname:
        if not database_exists(backend, dbname):
            raise BadInput(f"database {dbname!r} does not exist", hint="omit --db to use a fresh deployed clone")
        yield dbname
        return
    dbs = TestDatabases.start(backend)
    with dbs.clone("report") as name:
        yield name


def stale(files: dict[str, str], out: Path) -> list[Path]:
    """Domain pictures in `out` that the schema no longer has (a domain was renamed or removed)."""
    return sorted(p for p in out.glob("erd-*.svg") if p.name not in files)


def write(files: dict[str, str], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for path in stale(files, out):
        path.unlink()
    written = []
    for name, text in files.items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


def drift(files: dict[str, str], out: Path, server_major: int = REFERENCE_MAJOR) -> dict[str, str]:
    """file name -> unified diff (committed -> regenerated) for every file that differs. On a
    server other than the reference major version, as far as that version can be compared
    (tenantdb.compat); a document that cannot be is left out."""
    diffs = {}
    for name, text in files.items():
        path = out / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        committed, regenerated = comparable(name, old, server_major), comparable(name, text, server_major)
        if committed is None or regenerated is None:
            continue
        old, text = committed, regenerated
        if old != text:
            diff = "".join(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"{path} (committed{'' if path.exists() else ': missing'})",
                tofile=f"{path} (regenerated from the database)"))
            diffs[name] = diff
    for path in stale(files, out):
        diffs[path.name] = f"{path}: no such domain any more; the regenerated material removes it\n"
    return diffs

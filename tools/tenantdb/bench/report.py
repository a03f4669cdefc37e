"""The Markdown report of a run (docs/benchmarks.md), rendered from sql/bench/report.md.j2."""

from __future__ import annotations

from typing import Any

import jinja2

from ..settings import project_root

TEMPLATE = "report.md.j2"
VERDICTS = {True: "met", False: "**missed**", None: "not measured"}
#: A goal row whose figure is shown beside a goal, not judged (goals.judge(), "shown": session 19).
SHOWN = "shown"


def verdict(g: dict[str, Any]) -> str:
    """The goal table's result column of goal `g`."""
    return SHOWN if g.get("shown") else VERDICTS[g["met"]]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project_root() / "sql" / "bench"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["rate"] = lambda n: f"{n:,.0f}"
    env.filters["verdict"] = verdict
    env.filters["settings"] = lambda s: ", ".join(f"{k}={v}" for k, v in sorted(s.items()))
    return env


def render_markdown(r: dict[str, Any], command: str) -> str:
    """docs/benchmarks.md for the JSON result `r` of `tenantdb bench`, made by `command`."""
    return _environment().get_template(TEMPLATE).render(r=r, command=command)

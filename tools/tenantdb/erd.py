"""The ERD as pictures a person can read: one Graphviz drawing per domain (its tables with
their columns; tables of other domains they touch as bare names) and an overview (every table
as a name, clustered by domain, one edge per pair of related tables).

Text fits its cells because the pictures use a monospace font: Graphviz lays them out with its
built-in metrics (no fontconfig, so every machine draws the same bytes), and for Courier those
metrics are exact — every character is 0.6 em wide — in Courier, Courier New, DejaVu Sans Mono
or Liberation Mono, whichever the viewer has. A proportional font's estimate is not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from .catalog import Table

#: The font of every picture (see the module docstring) and what SVG viewers fall back to.
FONT = "Courier"


@dataclass(frozen=True)
class Edge:
    child: str
    parent: str
    child_port: str | None
    parent_port: str | None
    tooltip: str


def svg_name(domain: str) -> str:
    return f"erd-{domain}.svg"


def domain_of(domains: Mapping[str, Sequence[Table]]) -> dict[str, str]:
    return {t.qualified: d for d, tables in domains.items() for t in tables}


def _first_non_tenant(columns: Sequence[str]) -> str:
    return next((c for c in columns if c != "tenant_id"), columns[0])


def domain_edges(domain: str, domains: Mapping[str, Sequence[Table]],
                 relationships: Mapping[str, Sequence[Any]]) -> tuple[list[Edge], list[str]]:
    """Foreign keys that start or end in `domain`, and the other domains' tables they touch."""
    home = {t.qualified for t in domains[domain]}
    edges, foreign = [], set()
    for child, rels in relationships.items():
        for r in rels:
            if child not in home and r.parent not in home:
                continue
            for end in (child, r.parent):
                if end not in home:
                    foreign.add(end)
            edges.append(Edge(child, r.parent,
                              _first_non_tenant(r.key.columns) if child in home else None,
                              _first_non_tenant(r.key.ref_columns) if r.parent in home else None,
                              f"{r.key.name} ({r.label})"))
    return edges, sorted(foreign)


def overview_edges(relationships: Mapping[str, Sequence[Any]]) -> list[Edge]:
    """One edge per (child, parent) pair of tables, however many keys join them."""
    pairs: dict[tuple[str, str], list[str]] = {}
    for child, rels in relationships.items():
        for r in rels:
            if r.parent != child:
                pairs.setdefault((child, r.parent), []).append(r.label)
    return [Edge(c, p, None, None, "; ".join(labels)) for (c, p), labels in sorted(pairs.items())]


def render_erds(env: jinja2.Environment, draw: Callable[[str], str], domains: Mapping[str, Sequence[Table]],
                relationships: Mapping[str, Sequence[Any]], **common: Any) -> dict[str, str]:
    """{"erd.svg": the overview, "erd-<domain>.svg": each domain}."""
    owner = domain_of(domains)
    out = {"erd.svg": draw(env.get_template("erd-overview.dot.j2").render(
        **common, font=FONT, domains=domains, edges=overview_edges(relationships), svg_name=svg_name))}
    for domain in domains:
        edges, foreign = domain_edges(domain, domains, relationships)
        out[svg_name(domain)] = draw(env.get_template("erd-domain.dot.j2").render(
            **common, font=FONT, domain=domain, tables=domains[domain], edges=edges, foreign=foreign,
            owner=owner))
    return out

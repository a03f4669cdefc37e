"""SVG charts of a run for docs/benchmarks.md, drawn from the JSON result by plain code.

Deterministic: the same JSON gives the same bytes (no timestamps, no random ids, fixed number
formatting), so a regenerated report only changes where the figures changed.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from .measure import HISTOGRAM_EDGES_MS

RLS, FLOOR = "#d95f02", "#1b9e77"
BUCKET_COLOURS = ("#edf8fb", "#ccece6", "#99d8c9", "#66c2a4", "#41ae76", "#238b45", "#006d2c", "#00441b",
                  "#fdae6b", "#e6550d")
FONT = 'font-family="sans-serif" font-size="12"'
SMALL = 'font-family="sans-serif" font-size="10"'
LABEL_W, BAR_W, ROW_H = 260, 420, 30


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(title)}">\n<title>{escape(title)}</title>\n'
            f'<rect width="{width}" height="{height}" fill="white"/>\n'
            f'<text x="10" y="20" {FONT} font-weight="bold">{escape(title)}</text>\n' + "\n".join(body) + "\n</svg>\n")


def _legend(x: int, y: int, items: list[tuple[str, str]]) -> list[str]:
    out = []
    for k, (colour, label) in enumerate(items):
        out.append(f'<rect x="{x + k * 130}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{x + k * 130 + 16}" y="{y}" {FONT}>{escape(label)}</text>')
    return out


def _rls_floor_bars(rows: dict[str, Any], key: str, top: float, note: Callable[[str, Any], str]) -> list[str]:
    """One row per workload: its name, the RLS bar over the floor bar (rows[name][side][key],
    scaled to top), and note(name, row) after them."""
    body = []
    for i, (name, v) in enumerate(rows.items()):
        y = 55 + i * ROW_H
        body.append(f'<text x="{LABEL_W - 6}" y="{y + 16}" {FONT} text-anchor="end">{escape(name)}</text>')
        for k, (side, colour) in enumerate((("rls", RLS), ("floor", FLOOR))):
            w = max(1.0, v[side][key] / top * BAR_W)
            body.append(f'<rect x="{LABEL_W}" y="{y + k * 12}" width="{w:.1f}" height="11" fill="{colour}"/>')
        body.append(f'<text x="{LABEL_W + BAR_W + 8}" y="{y + 16}" {FONT}>{escape(note(name, v))}</text>')
    return body


def rls_vs_floor(results: dict[str, Any]) -> str:
    """p50 of each workload, RLS bar over floor bar, with the ratio and the µs the policies add."""
    lat = results.get("latency", {})
    top = max([max(v["rls"]["p50_ms"], v["floor"]["p50_ms"]) for v in lat.values()] or [1.0]) or 1.0
    body = _legend(LABEL_W, 40, [(RLS, "RLS p50"), (FLOOR, "floor p50")])
    body += _rls_floor_bars(lat, "p50_ms", top, lambda name, v: f'{v["ratio_p50"]}x, {v.get("overhead_us", "?")} µs')
    height = 70 + len(lat) * ROW_H
    return _svg(LABEL_W + BAR_W + 150, height, f"RLS versus floor, p50 per statement (longest bar {top} ms)", body)


def rls_vs_floor_server(results: dict[str, Any]) -> str:
    """Server-side execution p50 of each workload (bench.server_side), RLS bar over floor bar, with
    the server-side ratio and µs added, and the client ratio for comparison. A result without
    server-side figures (older than session 6) gives a chart that says so."""
    lat = {k: v["server"] for k, v in results.get("latency", {}).items() if "server" in v}
    client = {k: v.get("ratio_p50") for k, v in results.get("latency", {}).items()}
    top = max([max(v["rls"]["p50_us"], v["floor"]["p50_us"]) for v in lat.values()] or [1.0]) or 1.0
    body = _legend(LABEL_W, 40, [(RLS, "RLS p50"), (FLOOR, "floor p50")])
    if not lat:
        body.append(f'<text x="{LABEL_W}" y="70" {FONT}>no server-side figures in this result</text>')
    body += _rls_floor_bars(lat, "p50_us", top,
                            lambda name, v: f'{v["ratio_p50"]}x, {v["overhead_us"]} µs (client {client.get(name)}x)')
    height = 70 + max(1, len(lat)) * ROW_H
    return _svg(LABEL_W + BAR_W + 230, height,
                f"RLS versus floor, server-side execution p50 (EXPLAIN ANALYZE; longest bar {top:g} µs)", body)


def concurrency(results: dict[str, Any]) -> str:
    """Throughput per client count (RLS and floor bars) with the RLS p95 written over each group."""
    conc = results.get("concurrency", {})
    counts = conc.get("client_counts", [])
    runs = conc.get("workloads", {})
    top = max([e[s]["tps"] for w in runs.values() for e in w["runs"].values() for s in ("rls", "floor")] or [1.0]) or 1.0
    group_w, chart_h = 70, 160
    body = _legend(20, 40, [(RLS, "RLS tps"), (FLOOR, "floor tps")])
    for i, (name, w) in enumerate(runs.items()):
        x0 = 20 + i * (len(counts) * group_w + 40)
        base = 60 + chart_h
        body.append(f'<text x="{x0}" y="{base + 34}" {FONT}>{escape(name)}</text>')
        for j, c in enumerate(counts):
            e = w["runs"][str(c)]
            x = x0 + j * group_w
            for k, (side, colour) in enumerate((("rls", RLS), ("floor", FLOOR))):
                h = max(1.0, e[side]["tps"] / top * chart_h)
                body.append(f'<rect x="{x + k * 24}" y="{base - h:.1f}" width="22" height="{h:.1f}" fill="{colour}"/>')
            body.append(f'<text x="{x}" y="{base + 16}" {FONT}>{c} cl.</text>')
            body.append(f'<text x="{x}" y="{base - chart_h - 4}" {SMALL}>p95 {e["rls"]["p95_ms"]}</text>')
    width = max(400, 40 + len(runs) * (len(counts) * group_w + 40))
    return _svg(width, 60 + chart_h + 50, f"Throughput per client count (tallest bar {top:,.0f} tps; RLS p95 in ms above)", body)


def distributions(results: dict[str, Any]) -> str:
    """Latency distribution of every workload: the share of statements per latency bucket, RLS
    row over floor row (from the latency histograms)."""
    lat = {k: v for k, v in results.get("latency", {}).items() if "histogram_ms" in v}
    edges = [f"≤{e:g}" for e in HISTOGRAM_EDGES_MS] + [f">{HISTOGRAM_EDGES_MS[-1]:g}"]
    body = _legend(LABEL_W, 40, [(c, f"{e} ms") for c, e in zip(BUCKET_COLOURS[:5], edges[:5], strict=True)])
    body += _legend(LABEL_W, 58, [(c, f"{e} ms") for c, e in zip(BUCKET_COLOURS[5:], edges[5:], strict=True)])
    for i, (name, v) in enumerate(lat.items()):
        y = 75 + i * ROW_H
        body.append(f'<text x="{LABEL_W - 6}" y="{y + 16}" {FONT} text-anchor="end">{escape(name)}</text>')
        for k, side in enumerate(("rls", "floor")):
            counts = v["histogram_ms"][side]
            total = sum(counts) or 1
            x = float(LABEL_W)
            for colour, n in zip(BUCKET_COLOURS, counts, strict=False):
                w = n / total * BAR_W
                if w > 0:
                    body.append(f'<rect x="{x:.1f}" y="{y + k * 12}" width="{w:.1f}" height="11" fill="{colour}"/>')
                x += w
            body.append(f'<text x="{LABEL_W + BAR_W + 6}" y="{y + 10 + k * 12}" {SMALL}>{side}</text>')
    return _svg(LABEL_W + BAR_W + 60, 90 + len(lat) * ROW_H, "Latency distribution per workload (RLS row over floor row)",
                body)


CHARTS = {"rls-vs-floor.svg": rls_vs_floor, "rls-vs-floor-server.svg": rls_vs_floor_server, "concurrency.svg": concurrency,
          "latency-distribution.svg": distributions}


def write_charts(results: dict[str, Any], directory: Path) -> list[Path]:
    """Write every chart of `results` into `directory` (created); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, draw in CHARTS.items():
        path = directory / name
        path.write_text(draw(results))
        out.append(path)
    return out

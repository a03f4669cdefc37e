"""The one output module of the CLI: JSON, tables, progress, errors and exit codes.

Exit codes (README, `tenantdb --help`): 0 done; 1 a failure the message explains (or a check
that found something: lint findings, report drift, a benchmark regression); 2 bad usage
(an unknown command, option, role or value); 130 interrupted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from rich.progress import Progress

OK = 0
FAILED = 1
USAGE = 2
INTERRUPTED = 130

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: object) -> None:
    """Data for scripts: indented JSON on stdout, anything not JSON-native as its str()."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def table(columns: Sequence[str], rows: Iterable[Sequence[object]], *, title: str | None = None,
          show_lines: bool = False) -> None:
    """A rich table on stdout; every cell shown with str()."""
    t = Table(*columns, title=title, show_lines=show_lines)
    for row in rows:
        t.add_row(*(str(c) for c in row))
    console.print(t)


def say(text: str, *, markup: bool = True) -> None:
    console.print(text, markup=markup, soft_wrap=True)


def warn(text: str) -> None:
    err_console.print(text, soft_wrap=True)


def quiet_or(as_json: bool, to_stderr: bool = False) -> Callable[[str], None]:
    """A `say` that is silent when the output is JSON (progress lines must not corrupt it)."""
    if as_json:
        return lambda _text: None
    return warn if to_stderr else say


def spinner(text: str, *, enabled: bool = True) -> Any:
    """A status spinner on the terminal (none under --json); `.update(msg)` changes its text."""
    if not enabled:
        return nullcontext(_NoStatus())
    return console.status(text)


class _NoStatus:
    def update(self, _text: str) -> None:
        return None


def progress_bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True)


@contextmanager
def rows_progress(enabled: bool = True) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress callback (table, done, total) drawing a bar with rows/s; None when disabled."""
    if not enabled:
        yield None
        return
    import time

    state: dict[str, Any] = {}
    with progress_bar() as progress:
        def update(table_name: str, done: int, total: int) -> None:
            if "task" not in state:
                state["task"] = progress.add_task("load", total=total)
                state["start"] = time.perf_counter()
            elapsed = max(time.perf_counter() - state["start"], 1e-6)
            progress.update(state["task"], completed=done, total=total,
                            description=f"{table_name:<22} {done / elapsed:>9,.0f} rows/s")
        yield update


def exit_with(failed: bool) -> NoReturn:
    """Exit 1 when `failed`, else 0."""
    raise typer.Exit(FAILED if failed else OK)

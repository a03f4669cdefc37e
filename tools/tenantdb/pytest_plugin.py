"""pytest plugin: pgTAP files as tests, and fixtures for Python tests that need a database.

Every ``tests/**/*.sql`` file (except under ``fixtures/``) is a pgTAP file. It runs with psql,
exactly as pg_prove runs it, against a fresh clone of the deployed template database. Each TAP
line becomes one reported test (``file.sql::003 Should ...``), and one more item per file,
``plan``, fails on an SQL error, a plan mismatch or "# Looks like you failed".

Collection reads the files only (the item count comes from ``plan(n)``), so ``--collect-only``
and ``-k`` never touch a database. A file runs once, when its first item runs; its items then
report the TAP lines by number (``file.sql::003``; the assertion's sentence is in the failure
message and in the test report's properties). A database that cannot be reached fails the
items, never skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .testing import TestDatabases, run_psql_file

#: `SELECT plan(12);` in a pgTAP file: how many TAP lines it promises.
_PLAN = re.compile(r"\bplan\s*\(\s*(\d+)\s*\)", re.IGNORECASE)

_SESSION: dict[str, TestDatabases] = {}


def session_databases() -> TestDatabases:
    """The process-wide TestDatabases (server started, template built) — created on first use."""
    if "dbs" not in _SESSION:
        _SESSION["dbs"] = TestDatabases.start()
    return _SESSION["dbs"]


# ----------------------------------------------------------------------------- TAP outcome
@dataclass
class TapResult:
    number: int
    ok: bool
    description: str
    todo: bool = False
    skip: bool = False
    diagnostics: list[str] = field(default_factory=list)


@dataclass
class TapOutcome:
    results: list[TapResult]
    planned: int | None
    returncode: int
    stderr: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.ok or r.todo or r.skip for r in self.results)


def parse_tap(stdout: str, stderr: str = "", returncode: int = 0) -> TapOutcome:
    """Read pgTAP's output into results, and list what makes the file fail as a whole."""
    from tap.parser import Parser

    results: list[TapResult] = []
    planned: int | None = None
    problems: list[str] = []
    # tappy's plan pattern is `^1..(\d+)` with unescaped dots: a query's output line such as a uuid
    # "17e69857-..." would read as "1..69857". Only a real "1..N" line is a plan.
    stdout = "\n".join(s for s in stdout.splitlines() if re.match(r"1\.\.\d", s) or not re.match(r"1..\d", s))
    for line in Parser().parse_text(stdout):
        if line.category == "plan":
            planned = line.expected_tests
        elif line.category == "test":
            desc = re.sub(r"^-\s*", "", line.description or "").strip()
            results.append(TapResult(line.number or len(results) + 1, bool(line.ok), desc,
                                     todo=bool(line.todo), skip=bool(line.skip)))
        elif line.category == "diagnostic":
            text = line.text.lstrip("#").rstrip()
            if results:
                results[-1].diagnostics.append(text)
            if "Looks like you" in text:
                problems.append(text.strip())
        elif line.category == "bail":
            problems.append(f"Bail out! {line.reason}")
    if returncode != 0:
        problems.append(f"psql exited {returncode} (SQL error):\n{stderr.strip()}")
    elif stderr.strip() and re.search(r"\b(ERROR|FATAL):", stderr):
        problems.append(f"psql reported an error:\n{stderr.strip()}")
    if planned is None:
        problems.append("no plan: the file must call plan(n) (or no_plan()) and finish()")
    elif planned != len(results) and not any("planned" in p for p in problems):
        problems.append(f"planned {planned} tests but ran {len(results)}")
    return TapOutcome(results, planned, returncode, stderr, problems)


def run_tap_file(dbs: TestDatabases, path: Path) -> TapOutcome:
    with dbs.clone(path.stem) as dbname:
        proc = run_psql_file(dbs.backend, dbname, path)
    return parse_tap(proc.stdout, proc.stderr, proc.returncode)


# ----------------------------------------------------------------------------- collection
def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> PgTapFile | None:
    if file_path.suffix != ".sql":
        return None
    parts = file_path.parts
    if "tests" not in parts or "fixtures" in parts[parts.index("tests"):]:
        return None
    return PgTapFile.from_parent(parent, path=file_path)


def planned_tests(path: Path) -> int | None:
    """The n of the file's `plan(n)`, read without running it (None: no fixed plan)."""
    text = "\n".join(line.split("--", 1)[0] for line in path.read_text().splitlines())
    match = _PLAN.search(text)
    return int(match.group(1)) if match else None


class PgTapFile(pytest.File):
    """One pgTAP file: an item per planned TAP line plus `plan`; run once, on first use."""

    _outcome: TapOutcome | None = None

    def collect(self) -> Iterator[pytest.Item]:
        planned = planned_tests(self.path)
        for number in range(1, (planned or 0) + 1):
            yield TapItem.from_parent(self, name=f"{number:03d}", number=number)
        yield TapPlanItem.from_parent(self, name="plan")

    def outcome(self) -> TapOutcome:
        if self._outcome is None:
            self._outcome = run_tap_file(session_databases(), self.path)
        return self._outcome


class TapFailure(Exception):
    pass


def _file_of(item: pytest.Item) -> PgTapFile:
    parent = item.parent
    assert isinstance(parent, PgTapFile)
    return parent


class TapItem(pytest.Item):
    def __init__(self, *, number: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.number = number

    def runtest(self) -> None:
        outcome = _file_of(self).outcome()
        r = next((x for x in outcome.results if x.number == self.number), None)
        if r is None:
            raise TapFailure("\n".join([f"test {self.number} did not run", *outcome.problems]))
        self.user_properties.append(("description", r.description))
        if r.skip:
            pytest.skip(r.description)
        if not r.ok and r.todo:
            pytest.xfail(r.description)
        if not r.ok:
            raise TapFailure("\n".join([f"not ok {r.number} - {r.description}", *r.diagnostics]))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, TapFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, f"{self.path.name}::{self.name}"


class TapPlanItem(pytest.Item):
    def runtest(self) -> None:
        outcome = _file_of(self).outcome()
        planned = planned_tests(self.path) or 0
        extra = [f"not ok {r.number} - {r.description}" for r in outcome.results
                 if r.number > planned and not (r.ok or r.todo or r.skip)]
        if outcome.problems or extra:
            raise TapFailure("\n".join([*outcome.problems, *extra]))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, TapFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, f"{self.path.name}::plan"


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def tenantdb() -> TestDatabases:
    """Server running, template deployed: clone databases from it with tenantdb.clone()."""
    return session_databases()


@pytest.fixture
def fresh_db(tenantdb: TestDatabases, request: pytest.FixtureRequest) -> Iterator[str]:
    """Name of a database cloned from the template for this test alone."""
    with tenantdb.clone(request.node.name) as name:
        yield name


@pytest.fixture(scope="module")
def module_db(tenantdb: TestDatabases, request: pytest.FixtureRequest) -> Iterator[str]:
    """Name of a database cloned from the template, shared by the tests of one module."""
    with tenantdb.clone(request.module.__name__.rsplit(".", 1)[-1]) as name:
        yield name


@pytest.fixture(scope="module")
def seeded_db(tenantdb: TestDatabases, request: pytest.FixtureRequest) -> Iterator[str]:
    """A module's clone of the template with the demo seed loaded (both demo tenants)."""
    with tenantdb.clone_seeded(request.module.__name__.rsplit(".", 1)[-1]) as name:
        yield name

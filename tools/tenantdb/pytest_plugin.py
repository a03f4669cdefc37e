"""pytest plugin: pgTAP files as tests, and fixtures for Python tests that need a database.

Every ``tests/**/*.sql`` file (except under ``fixtures/``) is a pgTAP file. It runs with psql,
exactly as pg_prove runs it, against a fresh clone of the deployed template database. Each TAP
line becomes one reported test (``file.sql::003 Should ...``), and one more item per file,
``plan``, fails on an SQL error, a plan mismatch or "# Looks like you failed".

The files run when pytest collects them (that is when the TAP lines become known); a database
that cannot be reached is therefore a collection error, which fails the run, never a skip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .testing import TestDatabases, run_psql_file

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
def pytest_collect_file(parent: pytest.Collector, file_path: Path):
    if file_path.suffix != ".sql":
        return None
    parts = file_path.parts
    if "tests" not in parts or "fixtures" in parts[parts.index("tests"):]:
        return None
    return PgTapFile.from_parent(parent, path=file_path)


class PgTapFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        outcome = run_tap_file(session_databases(), self.path)
        for r in outcome.results:
            name = f"{r.number:03d} {r.description}".replace("::", ":").replace("[", "(").replace("]", ")")
            yield TapItem.from_parent(self, name=name[:150], result=r)
        yield TapPlanItem.from_parent(self, name="plan", outcome=outcome)


class TapFailure(Exception):
    pass


class TapItem(pytest.Item):
    def __init__(self, *, result: TapResult, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = result

    def runtest(self) -> None:
        r = self.result
        if r.skip:
            pytest.skip(r.description)
        if not r.ok and r.todo:
            pytest.xfail(r.description)
        if not r.ok:
            raise TapFailure("\n".join([f"not ok {r.number} - {r.description}", *r.diagnostics]))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TapFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


class TapPlanItem(pytest.Item):
    def __init__(self, *, outcome: TapOutcome, **kwargs) -> None:
        super().__init__(**kwargs)
        self.outcome = outcome

    def runtest(self) -> None:
        if self.outcome.problems:
            raise TapFailure("\n".join(self.outcome.problems))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, TapFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
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
    from .seed import run_seed

    with tenantdb.clone(request.module.__name__.rsplit(".", 1)[-1]) as name:
        run_seed(tenantdb.backend, name)
        yield name

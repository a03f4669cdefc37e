"""The harness's own quality gates, run in CI with the suite: mypy --strict and ruff (with its
complexity limit) clean over tools/tenantdb, no module over 400 lines, and py.typed shipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tools" / "tenantdb"
MAX_LINES = 400


def run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_strict_is_clean() -> None:
    """Configuration in pyproject.toml ([tool.mypy]: strict, files = tools/tenantdb)."""
    proc = run("mypy")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "Success: no issues found" in proc.stdout


def test_ruff_is_clean() -> None:
    """Configuration in pyproject.toml ([tool.ruff]: pyflakes, pycodestyle, imports, bugbear,
    pyupgrade, simplify, McCabe complexity at most 12)."""
    proc = run("ruff", "check", "tools/tenantdb")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_no_module_is_over_400_lines() -> None:
    sizes = {p.relative_to(PACKAGE).as_posix(): len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")}
    assert sizes, "no modules found"
    too_big = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert too_big == {}, f"split these modules (at most {MAX_LINES} lines each): {too_big}"


def test_the_package_says_it_is_typed() -> None:
    assert (PACKAGE / "py.typed").is_file()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text()

""".env.example names every environment variable the harness reads: each TENANTDB_* name in
tools/tenantdb/ (and the libpq/Sqitch ones it consults) appears there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_lists_every_variable_the_harness_reads():
    documented = (ROOT / ".env.example").read_text()
    source = "\n".join(p.read_text() for p in (ROOT / "tools" / "tenantdb").rglob("*.py"))
    names = set(re.findall(r"\b(TENANTDB_[A-Z][A-Z_]*[A-Z])\b", source))
    names -= {"TENANTDB_"}  # the prefix of TENANTDB_<ROLE>_PASSWORD
    names |= {"DATABASE_URL", "PGHOST", "PGSERVICE", "PGDATABASE", "SQITCH_TARGET", "CI"}
    missing = sorted(n for n in names if not re.search(rf"^#?{n}=|\b{n}\b", documented, re.M))
    assert missing == [], f".env.example does not mention: {missing}"
    assert "TENANTDB_TENANTDB_APP_PASSWORD" in documented

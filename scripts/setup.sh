#!/usr/bin/env bash
# One idempotent set-up step for a fresh Debian machine (a second run takes seconds):
#   1. Debian packages: sqitch, pgTAP (SQL files + pg_prove), graphviz (ERD picture), gcc and make
#      (the tenantdb_context extension, C, built against the embedded server);
#   2. a virtualenv in .venv with tenantdb and its test dependencies;
#   3. `tenantdb setup`: pgTAP and tenantdb_context into the embedded server, system user.
# Usage: bash scripts/setup.sh            (set-up only)
#        bash scripts/setup.sh --quiet    (less output)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

packages=(sqitch postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl graphviz gcc make libc6-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    say "Debian packages present: ${packages[*]}"
fi

# --- client suites (tests/clients, examples/): PgBouncer, the JDBC driver and a JDK, Node + node-postgres.
client_packages=(pgbouncer libpostgresql-jdbc-java)
command -v javac >/dev/null 2>&1 || client_packages+=(default-jdk-headless)
command -v node >/dev/null 2>&1 || client_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || client_packages+=(npm)
client_missing=()
for p in "${client_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || client_missing+=("$p")
done
if [ ${#client_missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing client-suite packages: ${client_missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${client_missing[@]}" >/dev/null
fi
node_stamp=examples/node/node_modules/.tenantdb-lock
node_want=$(sha256sum examples/node/package-lock.json | cut -c1-16)
if [ ! -f "$node_stamp" ] || [ "$(cat "$node_stamp")" != "$node_want" ]; then
    say "installing node-postgres into examples/node (npm ci)"
    (cd examples/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$node_want" > "$node_stamp"
else
    say "node-postgres up to date"
fi
# --- end client suites

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "tenantdb needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    say "creating virtualenv .venv"
    "$python" -m venv .venv
fi
stamp=.venv/.tenantdb-installed
want=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing tenantdb and test dependencies into .venv"
    .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
    echo "$want" > "$stamp"
else
    say "virtualenv up to date"
fi

.venv/bin/tenantdb setup

"""Names and defaults shared by every part of the harness (one place, so they never drift)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import TenantDBError

#: Port of the embedded server unless --port or TENANTDB_PORT says otherwise.
DEFAULT_PORT = 54329
#: Database the schema is deployed to (the demo and the operators' target).
DEFAULT_DATABASE = "tenantdb"
#: Superuser of the embedded cluster; Sqitch deploys as this role.
EMBEDDED_SUPERUSER = "postgres"
#: Unprivileged system account that runs the embedded server when the harness runs as root.
SYSTEM_USER = "tenantdb"

# The four database roles the plan creates (deploy/core/roles.sql).
OWNER_ROLE = "tenantdb_owner"
APP_ROLE = "tenantdb_app"
SERVICE_ROLE = "tenantdb_service"
MAINTENANCE_ROLE = "tenantdb_maintenance"
CLIENT_ROLES = (APP_ROLE, SERVICE_ROLE)
#: Untrusted direct clients (security/client_role): NOLOGIN group, each login bound to one tenant,
#: context only from a verified token (app.set_token). Inherits tenantdb_app's grants.
CLIENT_ROLE = "tenantdb_client"
#: Since security/group_roles these are NOLOGIN group roles; people and services connect as logins
#: that inherit one of them (tools/tenantdb/roles.py, `tenantdb role add`).
GROUP_ROLES = (APP_ROLE, SERVICE_ROLE, MAINTENANCE_ROLE)
#: The login the harness itself uses for a group on the embedded (and testcontainers) server.
HARNESS_LOGIN_SUFFIX = "_harness"


def harness_login(role: str) -> str:
    """The harness's login for a group role (``tenantdb_app`` -> ``tenantdb_app_harness``); other names unchanged."""
    return role + HARNESS_LOGIN_SUFFIX if role in GROUP_ROLES else role

#: Schemas that hold the product (tables, views, callable functions) and its internals.
PRODUCT_SCHEMAS = ("app", "app_private")


@cache
def project_root() -> Path:
    """The checkout that holds sqitch.plan: $TENANTDB_PROJECT, the cwd or a parent, else the package's repo."""
    env = os.environ.get("TENANTDB_PROJECT")
    candidates = [Path(env)] if env else []
    cwd = Path.cwd().resolve()
    candidates += [cwd, *cwd.parents]
    candidates.append(Path(__file__).resolve().parents[2])
    for path in candidates:
        if (path / "sqitch.plan").is_file():
            return path
    raise TenantDBError(
        "cannot find the tenantdb project (no sqitch.plan in the current directory or its parents)",
        hint="run the command inside the tenantdb checkout, or set TENANTDB_PROJECT=/path/to/checkout",
    )


@dataclass(frozen=True)
class Settings:
    """What the environment says about where the database is."""

    port: int
    database: str
    backend: str  # "embedded" | "external" | "testcontainers"

    @staticmethod
    def from_env(port: int | None = None, backend: str | None = None) -> Settings:
        raw_port = port if port is not None else os.environ.get("TENANTDB_PORT", DEFAULT_PORT)
        try:
            port_number = int(raw_port)
        except ValueError:
            raise TenantDBError(
                f"TENANTDB_PORT={raw_port!r} is not a port number", hint="use a number from 1024 to 65535"
            ) from None
        if not 1 <= port_number <= 65535:
            raise TenantDBError(f"port {port_number} is out of range", hint="use a number from 1024 to 65535")
        chosen = backend or os.environ.get("TENANTDB_BACKEND")
        if not chosen:
            external = any(os.environ.get(v) for v in ("DATABASE_URL", "PGHOST", "PGSERVICE"))
            chosen = "external" if external else "embedded"
        if chosen not in ("embedded", "external", "testcontainers"):
            raise TenantDBError(
                f"unknown backend {chosen!r}", hint="TENANTDB_BACKEND must be embedded, external or testcontainers"
            )
        return Settings(
            port=port_number,
            database=os.environ.get("TENANTDB_DATABASE", DEFAULT_DATABASE),
            backend=chosen,
        )

"""Login roles: one per service or deployment, each inheriting exactly one group role.

Since the change ``security/group_roles`` the groups ``tenantdb_app``, ``tenantdb_service`` and
``tenantdb_maintenance`` are NOLOGIN. A login made here

* inherits one group (``GRANT group TO login WITH INHERIT TRUE, SET FALSE, ADMIN FALSE``), so
  every grant and policy of the group applies to it, but it can never ``SET ROLE`` to the group
  and so never ``ALTER ROLE`` the group, change its password, or act as it (PostgreSQL 16+; on
  15 there is no SET option, the login can SET ROLE to its group: ``role list`` shows it);
* gets per-login defaults (``statement_timeout``, ``lock_timeout``,
  ``idle_in_transaction_session_timeout``) set by the administrator. A compromised login can
  lift them for itself (they are user settings); ``tenantdb guard`` is the bound that holds;
* gets a password hashed on this machine (SCRAM, by libpq), so the clear text never reaches the
  server, its logs or ``pg_stat_activity``; or no password (certificate or peer authentication).

Maintenance logins carry ``BYPASSRLS`` themselves: role attributes are not inherited.

Extension point: :data:`KINDS` maps the ``--as`` word to a :class:`LoginKind`. A kind with
``needs_tenant=True`` and a ``bind`` callback (``bind(conn, login, tenant_id)``) binds each new
login to one tenant; the ``client`` kind of issue 14 registers itself with
``register_kind("client", LoginKind(CLIENT_ROLE, needs_tenant=True, bind=tokens.bind_login))``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from .errors import BadInput, TenantDBError
from .settings import APP_ROLE, CLIENT_ROLE, GROUP_ROLES, MAINTENANCE_ROLE, OWNER_ROLE, SERVICE_ROLE, harness_login

#: The three per-login settings every login gets (and `role list` shows).
TIMEOUT_SETTINGS = ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")

#: Defaults for client logins: a request statement runs 5 s at most, waits 1 s at most for a lock
#: and may leave its transaction idle 10 s at most.
CLIENT_DEFAULTS: dict[str, str] = {
    "statement_timeout": "5s", "lock_timeout": "1s", "idle_in_transaction_session_timeout": "10s"}
#: Maintenance jobs (retention, backups) run long statements but must not queue behind locks.
MAINTENANCE_DEFAULTS: dict[str, str] = {
    "statement_timeout": "0", "lock_timeout": "5s", "idle_in_transaction_session_timeout": "60s"}
#: The harness's own logins (tests, demo, bench on a shared 2-core machine): generous bounds.
HARNESS_DEFAULTS: dict[str, str] = {
    "statement_timeout": "0", "lock_timeout": "60s", "idle_in_transaction_session_timeout": "10min"}

Binder = Callable[[psycopg.Connection[Any], str, str], None]
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_DURATION = re.compile(r"^(0|[1-9][0-9]*\s*(ms|s|min|h)?)$")


@dataclass(frozen=True)
class LoginKind:
    """What `--as WORD` means: the group to inherit and what else a login of that kind needs."""

    group: str
    defaults: dict[str, str] = field(default_factory=lambda: dict(CLIENT_DEFAULTS))
    bypass_rls: bool = False
    needs_tenant: bool = False
    bind: Binder | None = None


KINDS: dict[str, LoginKind] = {
    "app": LoginKind(APP_ROLE),
    "service": LoginKind(SERVICE_ROLE),
    "maintenance": LoginKind(MAINTENANCE_ROLE, defaults=dict(MAINTENANCE_DEFAULTS), bypass_rls=True),
    "client": LoginKind(CLIENT_ROLE, needs_tenant=True, bind=lambda conn, login, tenant: _bind_client(conn, login, tenant)),
}


def _bind_client(conn: psycopg.Connection[Any], login: str, tenant: str) -> None:
    """Bind a client login to its one tenant (app_private.client_logins; tokens of any other
    tenant are refused on it)."""
    from .tokens import bind_login

    bind_login(conn, login, tenant)


def register_kind(word: str, kind: LoginKind) -> None:
    """Add a `--as` word (issue 14: ``client``, bound to one tenant)."""
    KINDS[word] = kind


@dataclass
class Login:
    """A login role as `tenantdb role list` shows it."""

    name: str
    group: str | None
    can_login: bool
    bypass_rls: bool
    can_set_role_to_group: bool
    has_password: bool
    settings: dict[str, str]
    sessions: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_name(name: str) -> None:
    if not _NAME.match(name):
        raise BadInput(f"{name!r} is not a usable role name",
                       hint="lower-case letters, digits and _, starting with a letter or _, at most 63 characters")
    if name.startswith("pg_") or name in (*GROUP_ROLES, OWNER_ROLE) or name == "postgres":
        raise BadInput(f"{name!r} is reserved", hint="pick a name for the service, e.g. lms_web_prod")


def check_defaults(values: dict[str, str]) -> None:
    for key, value in values.items():
        if key not in TIMEOUT_SETTINGS:
            raise BadInput(f"unknown login setting {key!r}", hint=f"one of {', '.join(TIMEOUT_SETTINGS)}")
        if not _DURATION.match(value.strip()):
            raise BadInput(f"{key}={value!r} is not a duration", hint="e.g. 5s, 500ms, 2min, or 0 for none")


def _server_version(conn: psycopg.Connection[Any]) -> int:
    return int(conn.execute("SELECT current_setting('server_version_num')").fetchone()[0])  # type: ignore[index]


def _group_exists(conn: psycopg.Connection[Any], group: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone() is not None


def _role_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def hash_password(conn: psycopg.Connection[Any], name: str, password: str) -> str:
    """The password as the server stores it (SCRAM-SHA-256), computed by libpq on this machine."""
    hashed = conn.pgconn.encrypt_password(password.encode(), name.encode())
    return hashed.decode()


def create_login(conn: psycopg.Connection[Any], name: str, kind_word: str, *, password: str | None = None,
                 tenant: str | None = None, defaults: dict[str, str] | None = None,
                 comment: str | None = None) -> Login:
    """CREATE ROLE name LOGIN inheriting the group of `kind_word`; needs an administrator connection
    (superuser, or CREATEROLE with ADMIN on the group; BYPASSRLS for maintenance logins).
    Everything happens in one transaction: a login is created whole or not at all."""
    check_name(name)
    kind = KINDS.get(kind_word)
    if kind is None:
        raise BadInput(f"unknown login kind {kind_word!r}", hint=f"--as one of {', '.join(sorted(KINDS))}")
    if kind.needs_tenant and not tenant:
        raise BadInput(f"a {kind_word} login is bound to one tenant", hint="pass --tenant <tenant uuid>")
    if tenant and not kind.needs_tenant:
        raise BadInput(f"--tenant applies only to tenant-bound kinds, not {kind_word!r}")
    settings = {**kind.defaults, **(defaults or {})}
    check_defaults(settings)
    set_option = _server_version(conn) >= 160000
    if not _group_exists(conn, kind.group):
        raise TenantDBError(f"group role {kind.group} does not exist in this cluster",
                            hint="deploy the schema first: tenantdb deploy")
    if _role_exists(conn, name):
        raise BadInput(f"role {name!r} already exists", hint=f"pick another name, or: tenantdb role drop {name}")
    ident = sql.Identifier(name)
    with conn.transaction():
        attrs = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT " + (
            "BYPASSRLS" if kind.bypass_rls else "NOBYPASSRLS")
        stmt = sql.SQL("CREATE ROLE {} " + attrs).format(ident)
        if password is not None:
            stmt += sql.SQL(" PASSWORD {}").format(sql.Literal(hash_password(conn, name, password)))
        conn.execute(stmt)
        # PostgreSQL 15 has no SET option: membership always allows SET ROLE (docs/security.md).
        grant = "GRANT {} TO {} WITH INHERIT TRUE, SET FALSE, ADMIN FALSE" if set_option else "GRANT {} TO {}"
        conn.execute(sql.SQL(grant).format(sql.Identifier(kind.group), ident))
        for key, value in settings.items():
            conn.execute(sql.SQL("ALTER ROLE {} SET {} = {}").format(ident, sql.Identifier(key), sql.Literal(value)))
        conn.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(ident, sql.Literal(
            comment or f"Login of group {kind.group} (tenantdb role add {name} --as {kind_word})")))
        if kind.bind is not None and tenant:
            kind.bind(conn, name, tenant)
    login = get_login(conn, name)
    assert login is not None
    return login


_LIST_SQL = """
SELECT r.rolname,
       (SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
        WHERE m.member = r.oid AND g.rolname = ANY(%(groups)s) ORDER BY 1 LIMIT 1) AS grp,
       r.rolcanlogin, r.rolbypassrls,
       EXISTS (SELECT FROM pg_roles g
               WHERE g.rolname = ANY(%(groups)s) AND pg_has_role(r.oid, g.oid, {set_privilege})) AS can_set,
       (SELECT a.rolpassword IS NOT NULL FROM pg_authid a WHERE a.oid = r.oid) AS has_password,
       COALESCE((SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setrole = r.oid AND s.setdatabase = 0),
                '{}') AS config,
       (SELECT count(*) FROM pg_stat_activity a WHERE a.usesysid = r.oid)::int AS sessions
FROM pg_roles r
WHERE r.rolcanlogin
  AND EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
              WHERE m.member = r.oid AND g.rolname = ANY(%(groups)s))
  AND (%(name)s::text IS NULL OR r.rolname = %(name)s)
ORDER BY r.rolname
"""


def _groups() -> list[str]:
    return sorted({k.group for k in KINDS.values()} | set(GROUP_ROLES))


def list_logins(conn: psycopg.Connection[Any], name: str | None = None) -> list[Login]:
    """Every login that is a member of a tenantdb group (needs an administrator: reads pg_authid)."""
    # 'SET' as a pg_has_role privilege is 16+; on 15 every member may SET ROLE ('MEMBER').
    set_privilege = "'SET'" if _server_version(conn) >= 160000 else "'MEMBER'"
    query = _LIST_SQL.replace("{set_privilege}", set_privilege)
    rows = conn.execute(query, {"groups": _groups(), "name": name}).fetchall()
    out = []
    for rolname, grp, canlogin, bypass, can_set, has_pw, config, sessions in rows:
        settings = dict(item.split("=", 1) for item in config if item.split("=", 1)[0] in TIMEOUT_SETTINGS)
        out.append(Login(rolname, grp, canlogin, bypass, can_set, bool(has_pw), settings, sessions))
    return out


def get_login(conn: psycopg.Connection[Any], name: str) -> Login | None:
    found = list_logins(conn, name)
    return found[0] if found else None


def drop_login(conn: psycopg.Connection[Any], name: str, *, terminate: bool = True) -> int:
    """DROP ROLE a login made by create_login; ends its open sessions first (returns how many).
    Refuses groups, the owner and roles that are not tenantdb logins."""
    check_name(name)
    if get_login(conn, name) is None:
        raise BadInput(f"{name!r} is not a tenantdb login", hint="tenantdb role list shows them")
    ended = 0
    if terminate:
        ended = len(conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = %s", (name,)).fetchall())
    with conn.transaction():
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
    return ended


def ensure_harness_logins(conn: psycopg.Connection[Any]) -> list[str]:
    """The harness's own logins (``tenantdb_app_harness``, ...) on a development server: one per
    group that exists, no password (the embedded server trusts 127.0.0.1), generous timeouts.
    Idempotent; returns the logins it created. Never used on an operator's server."""
    created = []
    for word in ("app", "service", "maintenance"):
        kind = KINDS[word]
        login = harness_login(kind.group)
        if not _group_exists(conn, kind.group) or _role_exists(conn, login):
            continue
        try:
            create_login(conn, login, word, defaults=dict(HARNESS_DEFAULTS),
                         comment=f"The tenantdb harness's own login for {kind.group} (tests, demo, bench).")
        except (psycopg.errors.DuplicateObject, BadInput):  # a concurrent run made it first
            continue
        created.append(login)
    return created

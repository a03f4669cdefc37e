"""Prove, lint and report THE database they are pointed at: an operator's own deployment.

The target is named the same way for the three commands: ``--db NAME`` on the server the
backend options choose (the embedded one, or with ``DATABASE_URL``/``PGHOST`` the external
server). On the external backend the target defaults to that server's database
(``TENANTDB_DATABASE``, else the one ``DATABASE_URL`` names): nothing is cloned there.

What a proof on a target does, and why it leaves nothing behind:

* it writes no fixtures. Uncommitted fixture rows are invisible to the separate connections the
  client roles must log in with, and committed ones would be live data; so the proof plays two
  EXISTING tenants of the target against each other (the two with the most users, or
  ``--tenants A,B``), each actor acting as the first person of its role in tenant A;
* every probe runs in a transaction that is rolled back (a SAVEPOINT rolled back inside a
  transaction rolled back at the end); an INSERT probe copies one of B's rows with a fresh
  random id, so it cannot collide with a real row even where isolation is broken;
* the checks connect AS the client logins (``Backend.login_for``: ``tenantdb_app_harness`` and
  ``tenantdb_service_harness`` unless ``TENANTDB_<GROUP>_LOGIN`` names others), never as a
  superuser; the admin connection (the superuser of the backend, ``DATABASE_URL``'s user) only
  reads, in a read-only session: the catalog and one row of tenant B per table;
* ``--read-only``: the client sessions are read-only too (``default_transaction_read_only``), so
  only the catalog checks and the reads run;
* the proof of ``tenantdb_client`` needs a client login bound to tenant A and a signing key to
  issue A's student a token: committed state. It runs on a target only with ``--client-login``,
  which creates a throw-away login (``tdbc_prove_<random>``) and key for the run and drops the
  login and retires the key afterwards, also when the proof fails (the only state a target proof
  commits; not with ``--read-only``).

No ``CREATE DATABASE``, no temporary tables, no DDL: the same path works on a Citus coordinator.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg
from psycopg.conninfo import conninfo_to_dict

from .access_matrix import DATABASE_ROLE
from .backend import Backend
from .database import Database
from .errors import BadInput
from .proof import Proof
from .prove import prove
from .prove_subjects import Subjects
from .settings import CLIENT_ROLES

#: actor -> role in app.users (the service acts for no person).
PERSON_OF = {actor: actor for actor in DATABASE_ROLE if actor != "service"}


def server_of(backend: Backend) -> str:
    """'the embedded server at 127.0.0.1:54329' (what a mismatch message names)."""
    p = conninfo_to_dict(backend.conninfo("postgres"))
    return f"the {backend.name} server at {p.get('host') or 'localhost'}:{p.get('port') or 5432}"


def require_database(backend: Backend, name: str, *, elsewhere: str | None = None) -> Database:
    """The database `name` on `backend`, or bad usage naming the server that lacks it. `elsewhere`
    (from the CLI: DATABASE_URL is set but --backend chose another server) goes into the hint."""
    db = Database(backend, name)
    try:
        with db.admin() as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
        hint = elsewhere or ("name an existing database with --db, or omit --db (lint: the default database; "
                             "prove, report: a fresh clone of the test template)")
        raise BadInput(f"database {name!r} does not exist on {server_of(backend)}", hint=hint) from None
    return db


@dataclass(frozen=True)
class Preflight:
    """What a target offers the proof: the logins the client checks connect as."""

    logins: dict[str, str]
    admin: str


def preflight(backend: Backend, db: Database) -> Preflight:
    """Refuse (bad usage, exit 2) a target without the schema, the client groups or their logins,
    or whose admin connection cannot see every tenant's rows."""
    with db.admin() as su:
        if su.execute("SELECT to_regprocedure('app.set_context(uuid, uuid)') IS NULL").fetchone() == (True,):
            raise BadInput(f"{db.name} on {server_of(backend)} has no tenantdb schema (app.set_context is missing)",
                           hint=f"deploy the plan first: tenantdb deploy --db {db.name}")
        admin, sees_all = su.execute("SELECT current_user, rolsuper OR rolbypassrls FROM pg_roles"
                                     " WHERE rolname = current_user").fetchone() or ("?", False)
        if not sees_all:
            raise BadInput(f"the admin connection ({admin}) cannot read every tenant's rows",
                           hint="connect DATABASE_URL as a superuser or a BYPASSRLS role (e.g. a tenantdb_maintenance login)")
        logins = {group: backend.login_for(group) for group in CLIENT_ROLES}
        for group, login in logins.items():
            _require_login(su, group, login)
    return Preflight(logins, str(admin))


def _require_login(su: psycopg.Connection, group: str, login: str) -> None:
    if su.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,)).fetchone() is None:
        raise BadInput(f"the target has no role {group}", hint="deploy the plan (roles are created by core/roles)")
    row = su.execute("SELECT rolcanlogin, rolsuper OR rolbypassrls, pg_has_role(rolname, %s, 'USAGE')"
                     " FROM pg_roles WHERE rolname = %s", (group, login)).fetchone()
    hint = (f"create it: tenantdb role add {login} --as {group.removeprefix('tenantdb_')} --password-stdin, "
            f"or name your own: TENANTDB_{group.upper()}_LOGIN=<login> (password in TENANTDB_{group.upper()}_PASSWORD)")
    if row is None:
        raise BadInput(f"the proof connects for {group} as login {login}, which does not exist", hint=hint)
    can_login, privileged, member = row
    if not can_login or not member:
        raise BadInput(f"{login} must be a login and a member of {group} (login {can_login}, member {member})", hint=hint)
    if privileged:
        raise BadInput(f"{login} is a superuser or BYPASSRLS: the isolation checks must run as a client role",
                       hint=hint)


def choose_subjects(db: Database, tenants: tuple[str, str] | None = None, *, read_only: bool = False,
                    client_login: bool = False) -> Subjects:
    """Two existing tenants of the target (`tenants`, else the two with the most users) and, per
    actor, the first person of that role in each (by created_at, id)."""
    with db.admin() as su:
        su.execute("SET default_transaction_read_only = on")
        if tenants:
            found = {str(r[0]): str(r[1]) for r in su.execute(
                "SELECT id, slug FROM app.tenants WHERE id::text = ANY(%s)", (list(tenants),))}
            missing = [t for t in tenants if t not in found]
            if missing or tenants[0] == tenants[1]:
                raise BadInput(f"--tenants needs two different tenants of {db.name}; not found: {', '.join(missing) or '-'}",
                               hint="list them: SELECT id, slug FROM app.tenants")
            a, b = tenants
        else:
            # Two plain queries, no correlated subquery: the same on a Citus coordinator.
            busiest = [str(r[0]) for r in su.execute(
                "SELECT tenant_id FROM app.users GROUP BY tenant_id ORDER BY count(*) DESC, tenant_id LIMIT 2")]
            found = {str(r[0]): str(r[1]) for r in su.execute("SELECT id, slug FROM app.tenants ORDER BY id")}
            pair = (busiest + [t for t in found if t not in busiest])[:2]
            if len(pair) < 2:
                raise BadInput(f"{db.name} has {len(found)} tenant(s); the isolation proof plays two against each other",
                               hint="prove a seeded clone instead (tenantdb prove without --db), or add a second tenant")
            a, b = pair
        people: dict[tuple[str, str], str | None] = {}
        for tenant in (a, b):
            for actor, role in PERSON_OF.items():
                row = su.execute("SELECT id::text FROM app.users WHERE tenant_id = %s AND role = %s"
                                 " ORDER BY created_at, id LIMIT 1", (tenant, role)).fetchone()
                people[(tenant, actor)] = row[0] if row else None
    return Subjects(a, b, found[b], people, demo=False, read_only=read_only, client_login=client_login)


def prove_target(backend: Backend, db: Database, subjects: Subjects) -> tuple[Proof, float]:
    """The catalog-driven proof on the target itself (see the module text), and its seconds."""
    started = time.perf_counter()
    proof = prove(backend, db.name, subjects)
    missing = sorted(actor for (tenant, actor), person in subjects.people.items() if tenant == subjects.a and person is None)
    if missing:
        proof.uncovered.append(f"tenant A has no {', '.join(missing)}: those actors ran with a context for no person")
    return proof, round(time.perf_counter() - started, 2)

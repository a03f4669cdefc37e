"""Deploying the plan on a Citus coordinator in one step (docs/scale-out.md, "Deploy and seed on
the coordinator"): the recipe's hand steps, in order, each skipped once done.

1. `citext` and `vector` created by the superuser with DDL propagation on (Citus records them as
   distributed objects; otherwise the first function creates them on the workers as the owner),
   and PL/pgSQL primed the same way.
2. The plan with `citus.enable_ddl_propagation = off` (local to the coordinator; `tenantdb citus
   distribute` creates what the shards need), in three stops:
   - `security/guard_privileges` uses `GRANT ... WITH INHERIT TRUE` (PostgreSQL 16+). On 15 the
     same roles are granted in the 15 form and the group is made INHERIT (its only memberships
     are those two roles, so that is what WITH INHERIT TRUE says on 16: without it the
     maintenance logins cannot use them and `tenantdb guard` sees only its own sessions); the
     change is recorded with `sqitch deploy --log-only` and its verify script run at once;
   - `perf/resolved_context` landed between `citus/transaction_binding` and
     `citus/binding_before_distribution`: its verify fails 42501 on a fresh Citus database until
     the latter is deployed, so it is deployed without verify and verified right after it.
3. Nothing is left unverified: every other change is verified by its deploy. (A whole-plan
   `sqitch verify` at the end is not a check on Citus: the Citus-only changes deliberately replace
   what earlier verify scripts look for, e.g. the restrictive `tenant_isolation` policies.)

Landed changes cannot be edited and a reworked change would still deploy the landed script first
on a fresh database, so these stay harness steps; on plain PostgreSQL use `tenantdb deploy`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import tools
from .database import Database, scalar
from .errors import BadInput, TenantDBError
from .sqitch import sqitch_command

GUARD_CHANGE = "security/guard_privileges"
GUARD_BEFORE = "security/group_roles"
BINDING_CHANGE = "citus/transaction_binding"
BINDING_FIX_CHANGE = "citus/binding_before_distribution"
RESOLVED_CHANGE = "perf/resolved_context"
#: The recipe's PostgreSQL 15 form of security/guard_privileges (same roles, no WITH INHERIT).
GUARD_PG15_SQL = ("GRANT pg_read_all_stats, pg_signal_backend TO tenantdb_maintenance",
                  "ALTER ROLE tenantdb_maintenance INHERIT")
#: Roles the maintenance group may be a member of for INHERIT to mean exactly those two grants.
GUARD_ROLES = ("pg_read_all_stats", "pg_signal_backend")
#: Extensions the superuser creates with propagation on before the plan (step 1).
EXTENSIONS_SQL = (
    "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public",
    "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public",
    "CREATE FUNCTION public.tenantdb_prime_plpgsql() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 1; END'",
    "DROP FUNCTION public.tenantdb_prime_plpgsql()",
)
PROPAGATION_OFF = {"PGOPTIONS": "-c citus.enable_ddl_propagation=off"}


@dataclass
class DeployStep:
    step: str
    done: bool
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class CitusDeploy:
    database: str
    server_version_num: int
    steps: list[DeployStep] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"database": self.database, "server_version_num": self.server_version_num,
                "steps": [s.as_dict() for s in self.steps]}


def deployed_changes(db: Database) -> set[str]:
    """Changes of the tenantdb project in the database's Sqitch registry (empty before any deploy)."""
    with db.admin() as conn:
        if not scalar(conn, "SELECT to_regclass('sqitch.changes') IS NOT NULL"):
            return set()
        return {str(r[0]) for r in conn.execute("SELECT change FROM sqitch.changes WHERE project = 'tenantdb'")}


def _grant_guard_roles_pg15(db: Database) -> None:
    """security/guard_privileges in the PostgreSQL 15 form (module docstring); refuses when the
    maintenance group is a member of anything else, which INHERIT would pass on too."""
    with db.admin() as conn:
        others = [str(r[0]) for r in conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE m.member = 'tenantdb_maintenance'::regrole AND NOT g.rolname = ANY(%s)", (list(GUARD_ROLES),))]
        if others:
            raise TenantDBError(f"tenantdb_maintenance is also a member of {', '.join(others)}: making it INHERIT "
                                "would pass those on to the maintenance logins",
                                hint="revoke those memberships, or deploy on PostgreSQL 16+")
        for statement in GUARD_PG15_SQL:
            conn.execute(statement)
        conn.commit()


def _sqitch_step(db: Database, out: CitusDeploy, say: Callable[[str], None], command: str, args: list[str],
                 step: str) -> None:
    """One sqitch run with DDL propagation off; a failure raises with sqitch's output."""
    say(f"{step}: sqitch {command} {' '.join(args)}")
    argv, env = sqitch_command(db.backend, command, args, db.name)
    result = tools.sqitch(argv, extra_env={**env, **PROPAGATION_OFF}, capture=True)
    if result.returncode != 0:
        raise TenantDBError(f"{step} failed (sqitch {command} {' '.join(args)}, exit {result.returncode}):\n"
                            f"{result.stdout}{result.stderr}".rstrip(),
                            hint="fix the cause and run the same command again: finished steps are skipped")
    out.steps.append(DeployStep(step, True, f"sqitch {command} {' '.join(args)}".rstrip()))


def deploy_on_citus(db: Database, *, say: Callable[[str], None] = lambda s: None) -> CitusDeploy:
    """Deploy the whole plan on the Citus coordinator `db` (fresh or part-deployed), each deferred
    verify run as soon as it can pass.

    Raises BadInput when `db` has no citus extension, TenantDBError when a step fails (with
    sqitch's output); the steps already done stay done (re-run to continue).
    """
    with db.admin() as conn:
        if scalar(conn, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'") == 0:
            raise BadInput(f"database {db.name} has no citus extension",
                           hint="CREATE EXTENSION citus on every node first; on plain PostgreSQL use tenantdb deploy")
        version = int(scalar(conn, "SELECT current_setting('server_version_num')"))
    out = CitusDeploy(db.name, version)
    done = deployed_changes(db)
    if not done:
        with db.admin() as conn:
            conn.autocommit = True
            for statement in EXTENSIONS_SQL:
                conn.execute(statement)
        out.steps.append(DeployStep("extensions", True, "citext, vector and plpgsql created with propagation on"))

    def sqitch(command: str, args: list[str], step: str) -> None:
        _sqitch_step(db, out, say, command, args, step)

    if GUARD_CHANGE not in done and version < 160000:
        if GUARD_BEFORE not in done:
            sqitch("deploy", ["--to", GUARD_BEFORE], "plan up to the groups")
        _grant_guard_roles_pg15(db)
        sqitch("deploy", ["--log-only", "--no-verify", "--to", GUARD_CHANGE], f"{GUARD_CHANGE} in the PostgreSQL 15 form")
        sqitch("verify", ["--from", GUARD_CHANGE, "--to", GUARD_CHANGE], f"{GUARD_CHANGE} verified")
        done = deployed_changes(db)
    if RESOLVED_CHANGE not in done:
        if BINDING_CHANGE not in done:
            sqitch("deploy", ["--to", BINDING_CHANGE], "plan up to the transaction binding")
        sqitch("deploy", ["--no-verify", "--to", RESOLVED_CHANGE], f"{RESOLVED_CHANGE} without its verify")
        sqitch("deploy", ["--to", BINDING_FIX_CHANGE], "plan up to the binding before distribution")
        sqitch("verify", ["--from", RESOLVED_CHANGE, "--to", RESOLVED_CHANGE], f"{RESOLVED_CHANGE} verified")
    sqitch("deploy", [], "the rest of the plan")
    return out

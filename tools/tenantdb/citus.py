"""The plan on Citus: what blocks distributing it, and the distribution step itself.

    blockers = find_blockers(conn)          # catalog only: runs on plain PostgreSQL too
    plan = distribution_plan(conn)          # reference tables, tables distributed by tenant_id
    results = distribute(conn, plan)        # needs the citus extension; one table per call

Every tenant table (a ``tenant_id`` column) is distributed by ``tenant_id`` and co-located with
the first one, so a tenant's rows of every table live on the same worker and tenant-scoped
foreign keys and joins stay local. Tables of the product schemas without ``tenant_id`` (the
tenant registry itself) become reference tables (a copy on every node).

Nothing here changes the schema: the blockers (docs/scale-out.md) are schema decisions made in
Sqitch changes, and this module only reports them, each with the design answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from .citus_nodes import NODE_LOCAL_TABLES, copy_signing_key_to_workers
from .citus_shards import grant_column_writes_on_shards
from .errors import TenantDBError
from .settings import OWNER_ROLE, PRODUCT_SCHEMAS

DISTRIBUTION_COLUMN = "tenant_id"
#: Every schema whose tables hold tenant rows or are written by triggers of tenant tables (the cache
#: outbox, the retention archive): shards on the workers need them all.
CITUS_SCHEMAS = (*PRODUCT_SCHEMAS, "cache_private", "archive")
#: Tenant tables kept as reference tables on purpose: app.set_context() reads them (per-tenant
#: limits) before the context can reach any worker, so they must be readable on the coordinator.
CONTEXT_TIME_TABLES = ("app_private.tenant_limits",)
CITUS_SETTINGS = {
    # Only client-issued SET LOCAL reaches the workers; set_config() never does.
    "citus.propagate_set_commands": "local",
}

# Each query returns (table, detail) rows for one kind of blocker, over the product schemas.
_BLOCKER_QUERIES: dict[str, tuple[str, str]] = {
    "trigger": (
        """SELECT c.oid::regclass::text AS tbl, t.tgname AS detail
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE NOT t.tgisinternal AND n.nspname = ANY(%(schemas)s) AND c.relkind IN ('r', 'p')""",
        "Citus refuses tables with triggers unless citus.enable_unsafe_triggers = on; the triggers then run on "
        "the worker for the shard's rows. Ours only touch the same tenant's rows (co-located), so the setting is "
        "safe for them; triggers that read other distributed tables must become constraints or move to the "
        "coordinator.",
    ),
    "policy_subquery": (
        """SELECT format('%%I.%%I', p.schemaname, p.tablename) AS tbl, p.policyname AS detail
           FROM pg_policies p
           WHERE p.schemaname = ANY(%(schemas)s)
             AND (coalesce(p.qual, '') ~* '\\(\\s*SELECT\\s' OR coalesce(p.with_check, '') ~* '\\(\\s*SELECT\\s')""",
        "\"Subqueries are not supported in policies\": (SELECT app.current_tenant_id()) is our once-per-statement "
        "InitPlan idiom. On Citus the accessor must be called directly (it is STABLE; inlinable SQL reading a "
        "transaction-local setting), in a Citus-only change.",
    ),
    "sql_standard_body": (
        """SELECT p.oid::regprocedure::text AS tbl, 'BEGIN ATOMIC / RETURN body' AS detail
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = ANY(%(schemas)s) AND p.prosqlbody IS NOT NULL""",
        "Citus cannot propagate SQL-standard bodies whose dependencies it tracks (\"circular dependencies\" / "
        "\"not in Citus' metadata\"). Such functions must be plain LANGUAGE sql AS $$...$$ with SET search_path "
        "on Citus (a Citus-only rework), or created on every node before distribution.",
    ),
    "fk_action": (
        """SELECT c.conrelid::regclass::text AS tbl,
                  c.conname || ' (' || CASE WHEN c.confupdtype = 'c' THEN 'ON UPDATE CASCADE' ELSE 'ON DELETE SET NULL (cols)' END
                  || ')' AS detail
           FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
           WHERE c.contype = 'f' AND n.nspname = ANY(%(schemas)s)
             AND (c.confupdtype = 'c' OR c.confdelsetcols IS NOT NULL)""",
        "Citus refuses ON UPDATE CASCADE and column-list SET NULL on distributed tables. Keys never change "
        "(uuid ids), so ON UPDATE CASCADE becomes NO ACTION; SET NULL (col) becomes a BEFORE DELETE owner "
        "trigger on the parent that nulls the child column of the same tenant (co-located, one shard).",
    ),
    "unique_without_tenant": (
        """SELECT c.conrelid::regclass::text AS tbl, c.conname AS detail
           FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
           WHERE c.contype IN ('p', 'u') AND n.nspname = ANY(%(schemas)s)
             AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
             AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = r.oid AND a.attname = 'tenant_id'
                             AND a.attnum = ANY(c.conkey))
             AND c.contype = 'u'  -- a primary key without tenant_id makes the table a reference table (plan)""",
        "A unique key of a distributed table must include the distribution column; add tenant_id to it (the key "
        "is then unique per tenant, which is what the tenant-scoped schema means), or keep the table a "
        "reference table.",
    ),
    "restrictive_policy": (
        """SELECT format('%%I.%%I', p.schemaname, p.tablename) AS tbl, p.policyname AS detail
           FROM pg_policies p WHERE p.schemaname = ANY(%(schemas)s) AND p.permissive = 'RESTRICTIVE'""",
        "Stock Citus re-creates RESTRICTIVE policies on the shards as PERMISSIVE (docs/scale-out.md, minimal "
        "reproduction): on stock Citus every permissive policy must carry the tenant check itself.",
    ),
    "permissive_without_tenant_check": (
        r"""SELECT format('%%I.%%I', p.schemaname, p.tablename) AS tbl, p.policyname AS detail
           FROM pg_policies p
           WHERE p.schemaname = ANY(%(schemas)s) AND p.permissive = 'PERMISSIVE'
             AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attname = 'tenant_id' AND NOT a.attisdropped
                         AND a.attrelid = format('%%I.%%I', p.schemaname, p.tablename)::regclass)
             AND NOT (coalesce(p.qual, p.with_check, '') ~ 'tenant_id = \(?\s*(SELECT )?app\.current_tenant_id\(\)')""",
        "Relies on the restrictive tenant_isolation policy for the tenant check, which stock Citus turns permissive: "
        "on Citus the policy must check tenant_id = app.current_tenant_id() itself (and tenant_isolation is dropped).",
    ),
}


#: Kinds that weaken isolation on stock Citus without stopping distribution.
WEAKENING = ("restrictive_policy", "permissive_without_tenant_check")


@dataclass(frozen=True)
class Blocker:
    """One object that stops (or, for restrictive_policy, weakens) distribution on stock Citus."""

    kind: str
    table: str
    detail: str
    answer: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class DistributionPlan:
    """Reference tables first, then the tables distributed by tenant_id (the first is the colocation anchor)."""

    reference: list[str]
    distributed: list[str]

    def as_dict(self) -> dict[str, list[str]]:
        return {"reference": self.reference, "distributed": self.distributed}


@dataclass(frozen=True)
class StepResult:
    table: str
    method: str
    ok: bool
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The settings app.set_context() / app.set_token() write with set_config(), which Citus never
#: forwards; issued again as client SET LOCAL statements they reach every worker of the transaction.
CONTEXT_SETTINGS = ("app.tenant_id", "app.user_id", "app.context_stamp")


def propagate_context(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """Re-issue the context the current transaction holds as SET LOCAL statements, so that
    Citus (citus.propagate_set_commands = 'local') sends them to the workers. Call it right after
    app.set_context() / app.set_token() in the same transaction; returns the values sent. Besides
    CONTEXT_SETTINGS it forwards every other non-empty app.* setting (values resolved once per
    transaction by bind_context(), issue 13), so the policies on the shards read the same context."""
    names = list(CONTEXT_SETTINGS)
    names += [str(r[0]) for r in conn.execute(
        "SELECT name FROM pg_settings WHERE name LIKE 'app.%%' AND setting <> '' AND NOT name = ANY(%s) ORDER BY 1",
        (list(CONTEXT_SETTINGS),)).fetchall()]
    sent: dict[str, str] = {}
    for name in names:
        row = conn.execute("SELECT current_setting(%s, true)", (name,)).fetchone()
        value = str(row[0]) if row and row[0] is not None else ""
        conn.execute(sql.SQL("SET LOCAL {} = {}").format(sql.SQL(".").join(sql.Identifier(p) for p in name.split(".")),
                                                          sql.Literal(value)))
        sent[name] = value
    return sent


def blocking(blockers: list[Blocker]) -> list[Blocker]:
    """The blockers that make Citus refuse a table outright (triggers are handled by the distribute
    step with citus.enable_unsafe_triggers; the WEAKENING kinds do not stop distribution)."""
    return [b for b in blockers if b.kind not in (*WEAKENING, "trigger")]


def citus_version(conn: psycopg.Connection[Any]) -> str | None:
    """The installed citus extension's version, None on plain PostgreSQL."""
    row = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'citus'").fetchone()
    return str(row[0]) if row else None


def find_blockers(conn: psycopg.Connection[Any], schemas: tuple[str, ...] = CITUS_SCHEMAS) -> list[Blocker]:
    """Every object of the product schemas that stock Citus refuses or weakens, with the design answer."""
    found: list[Blocker] = []
    with conn.cursor(row_factory=dict_row) as cur:
        for kind, (query, answer) in _BLOCKER_QUERIES.items():
            cur.execute(query, {"schemas": list(schemas)})
            found.extend(Blocker(kind, str(r["tbl"]), str(r["detail"]), answer) for r in cur.fetchall())
    return sorted(found, key=lambda b: (b.kind, b.table, b.detail))


def distribution_plan(conn: psycopg.Connection[Any], schemas: tuple[str, ...] = CITUS_SCHEMAS) -> DistributionPlan:
    """Ordinary tables of the product schemas: with tenant_id in the primary key → distributed;
    without tenant_id, or registries keyed by a global value (a login name, a token hash: looked
    up before any tenant is known) → reference.
    Referenced tables come before the tables that reference them (Citus needs the parent first)."""
    rows = conn.execute(
        """SELECT c.oid::regclass::text,
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = %s AND NOT a.attisdropped)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p'
                                  AND NOT (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = %s)
                                          = ANY(k.conkey)),
                  (SELECT count(*) FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           ORDER BY 1""",
        (DISTRIBUTION_COLUMN, DISTRIBUTION_COLUMN, list(schemas)),
    ).fetchall()
    rows = [r for r in rows if r[0] not in NODE_LOCAL_TABLES]
    reference = [str(r[0]) for r in rows if not r[1] or r[0] in CONTEXT_TIME_TABLES]
    distributed = [str(r[0]) for r in rows if r[1] and r[0] not in CONTEXT_TIME_TABLES]
    return DistributionPlan(reference, _parents_first(conn, distributed))


def _parents_first(conn: psycopg.Connection[Any], tables: list[str]) -> list[str]:
    edges = conn.execute(
        """SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
           WHERE contype = 'f' AND conrelid <> confrelid""").fetchall()
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in edges:
        if child in parents and parent in parents:
            parents[str(child)].add(str(parent))
    ordered: list[str] = []
    while parents:
        ready = sorted(t for t, ps in parents.items() if not ps - set(ordered))
        if not ready:  # a cycle: keep the rest in name order, Citus will name the problem
            ready = sorted(parents)
        for t in ready:
            ordered.append(t)
            del parents[t]
    return ordered


def require_citus(conn: psycopg.Connection[Any]) -> str:
    version = citus_version(conn)
    if version is None:
        raise TenantDBError("the target database has no citus extension",
                            hint="point DATABASE_URL at the Citus coordinator (docs/scale-out.md: CREATE EXTENSION citus; "
                                 "SELECT citus_add_node(...) for each worker)")
    return version


def distribute(conn: psycopg.Connection[Any], plan: DistributionPlan, *, unsafe_triggers: bool = True,
               schemas: tuple[str, ...] = CITUS_SCHEMAS) -> list[StepResult]:
    """Distribute `plan` on the coordinator `conn` (the deploying superuser, autocommit):

    0. the owner gets LOGIN (_owner_can_log_in);
    1. every function of `schemas` is created on the workers (create_distributed_function): shard
       triggers, defaults and policies call them there, and string bodies carry no dependencies
       Citus would follow; then each worker gets its copy of the signing key (citus_nodes);
    2. the foreign keys between the plan's tables are dropped (definitions kept), because Citus
       turns every local table referencing a new reference table into a "Citus local table", and
       those can never reference a distributed one;
    3. create_reference_table / create_distributed_table (tenant_id, co-located) per table, then
       the shards get the table-level form of the column grants (citus_shards);
    4. the foreign keys are added back (co-located: each is checked shard by shard).

    Each statement is its own transaction, so one refusal does not undo the others; every step's
    outcome is returned. Re-running skips what is already distributed."""
    require_citus(conn)
    if unsafe_triggers:
        conn.execute("SET citus.enable_unsafe_triggers = on")
    done = set(_already_distributed(conn))
    results = [_owner_can_log_in(conn), *_distribute_functions(conn, schemas)]
    key_copied, key_error = copy_signing_key_to_workers(conn)  # the workers have the schemas now
    results.append(StepResult("node-local signing key", "workers", key_copied, key_error))
    tables = [*plan.reference, *plan.distributed]
    keys = _foreign_keys(conn, tables) if not set(tables) <= done else []
    for table, name, _definition in keys:
        results.append(_step(conn, f"{table}.{name}", "drop foreign key", set(), sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            sql.SQL(table), sql.Identifier(name))))
    anchor: str | None = next((t for t in plan.distributed if t in done), None)
    for table in plan.reference:
        results.append(_step(conn, table, "reference", done,
                             sql.SQL("SELECT create_reference_table({})").format(sql.Literal(table)),
                             check_function_bodies=False, quiet_table=table))
    for table in plan.distributed:
        colocate = sql.Literal(anchor) if anchor else sql.Literal("default")
        step = _step(conn, table, "distributed", done, sql.SQL(
            "SELECT create_distributed_table({}, {}, colocate_with => {})").format(
                sql.Literal(table), sql.Literal(DISTRIBUTION_COLUMN), colocate), check_function_bodies=False, quiet_table=table)
        results.append(step)
        if step.ok and anchor is None:
            anchor = table
    results.append(StepResult("shard privileges", "shards", *grant_column_writes_on_shards(conn)))  # citus_shards
    for table, name, definition in keys:
        statement = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(sql.SQL(table), sql.Identifier(name), sql.SQL(definition))
        step = _step(conn, f"{table}.{name}", "foreign key", set(), statement)
        if not step.ok:  # the key is gone until someone re-adds it: say exactly how
            step = StepResult(step.table, step.method, False, f"{step.error}; NOT re-added, run once fixed: "
                                                              f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        results.append(step)
    return results


def _owner_can_log_in(conn: psycopg.Connection[Any]) -> StepResult:
    """Citus runs DDL and the distributed queries of definer functions on the workers over
    connections opened as the current role, so the owner must be able to log in there (restrict it
    to the nodes in pg_hba.conf; it has no password). Idempotent; Citus propagates ALTER ROLE."""
    return _step(conn, OWNER_ROLE, "login", set(), sql.SQL("ALTER ROLE {} LOGIN").format(sql.Identifier(OWNER_ROLE)))


def _distribute_functions(conn: psycopg.Connection[Any], schemas: tuple[str, ...]) -> list[StepResult]:
    """create_distributed_function for every function of `schemas`, each in its own transaction with
    SET LOCAL check_function_bodies = off, which Citus forwards (citus.propagate_set_commands =
    'local'): a string body may name a function or table the workers do not have yet (measured:
    "function app_private.resolved_learner_id() does not exist" on the worker, and
    app.concept_prerequisites_of() naming a table that needs the function first). Refused
    functions are tried again while a pass makes progress."""
    outcome: dict[str, StepResult] = {}
    pending = _functions(conn, schemas)
    while pending:
        for fn in pending:
            outcome[fn] = _step(conn, fn, "function", set(), sql.SQL("SELECT create_distributed_function({}::regprocedure)").format(
                sql.Literal(fn)), check_function_bodies=False)
        refused = [fn for fn in pending if not outcome[fn].ok]
        if len(refused) == len(pending):
            break
        pending = refused
    return list(outcome.values())


def missing_foreign_keys(results: list[StepResult]) -> list[str]:
    """The foreign keys distribute() dropped and could not add back (each with its statement)."""
    return [r.error or r.table for r in results if r.method == "foreign key" and not r.ok]


def _functions(conn: psycopg.Connection[Any], schemas: tuple[str, ...]) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        """SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = ANY(%s) AND p.prokind = 'f'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
             AND NOT EXISTS (SELECT 1 FROM pg_dist_object o WHERE o.classid = 'pg_proc'::regclass AND o.objid = p.oid)
           ORDER BY 1""", (list(schemas),)).fetchall()]


def _foreign_keys(conn: psycopg.Connection[Any], tables: list[str]) -> list[tuple[str, str, str]]:
    """(table, constraint, definition) of every foreign key between two of `tables`."""
    rows = conn.execute(
        """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), confrelid::regclass::text
           FROM pg_constraint WHERE contype = 'f' ORDER BY 1, 2""").fetchall()
    wanted = set(tables)
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows if r[0] in wanted and r[3] in wanted]


def _already_distributed(conn: psycopg.Connection[Any]) -> list[str]:
    """Hash-distributed and reference tables (not the "Citus local tables" Citus makes by itself of
    local tables that reference a reference table: those still need distributing)."""
    return [str(r[0]) for r in conn.execute(
        "SELECT logicalrelid::regclass::text FROM pg_dist_partition WHERE partmethod = 'h' OR repmodel = 't'").fetchall()]


def _step(conn: psycopg.Connection[Any], table: str, method: str, done: set[str], statement: sql.Composed, *,
          check_function_bodies: bool = True, quiet_table: str | None = None) -> StepResult:
    """Run `statement` in its own transaction. With `quiet_table`, the table's enabled user triggers
    are disabled around it and enabled again before the commit (Citus propagates both to the
    shards): create_*_table copies the existing rows into the shards with COPY, which fires the
    shard's triggers, and those that write another Citus table (the cache outbox, the audit log,
    the share-link registry) fail there with "cannot execute a distributed query from a query on
    a shard". The rows were checked and their side effects recorded when they were written;
    moving them is not a new write. The step runs sequentially (citus.multi_shard_modify_mode),
    as Citus requires for DDL after a reference table with a foreign key was touched."""
    if table in done:
        return StepResult(table, method, True, "already distributed")
    try:
        with conn.transaction():
            if not check_function_bodies:
                conn.execute("SET LOCAL check_function_bodies = off")
            triggers = _enabled_triggers(conn, quiet_table) if quiet_table else []
            if quiet_table:
                conn.execute("SET LOCAL citus.multi_shard_modify_mode = 'sequential'")
            for trigger in triggers:
                conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER {}").format(sql.SQL(table), sql.Identifier(trigger)))
            conn.execute(statement)
            for trigger in triggers:
                conn.execute(sql.SQL("ALTER TABLE {} ENABLE TRIGGER {}").format(sql.SQL(table), sql.Identifier(trigger)))
    except psycopg.Error as exc:
        return StepResult(table, method, False, str(exc).splitlines()[0])
    return StepResult(table, method, True)


def _enabled_triggers(conn: psycopg.Connection[Any], table: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled = 'O' ORDER BY 1",
        (table,)).fetchall()]


def summary(results: list[StepResult]) -> dict[str, int]:
    return {"reference": sum(r.ok and r.method == "reference" for r in results),
            "distributed": sum(r.ok and r.method == "distributed" for r in results),
            "functions": sum(r.ok and r.method == "function" for r in results),
            "foreign keys": sum(r.ok and r.method == "foreign key" for r in results),
            "refused": sum(not r.ok for r in results)}

"""The isolation proof, generated from the catalog: every table, view and client-executable
function of the product schemas, as every client role, with and without a tenant context.

Rows come from the demo seed (both demo tenants); a client-reachable tenant table without rows
for both tenants, or without forced RLS, fails with its name. Checks per table and actor
(tenantdb_app as student, educator, coach, admin; tenantdb_service), all connected AS that role:

* context A: no row of tenant B is visible; UPDATE and DELETE aimed at B's rows touch nothing;
  INSERT of a row with B's tenant_id fails with 42501; moving a visible row to B fails;
* no context: nothing is visible, every INSERT/UPDATE/DELETE fails with 42501;
* views: run as the caller (security_invoker) and show nothing without a context;
* functions a client role may execute: called under context A with B's ids and tokens, they
  return nothing of B (each function needs a probe below, or the run fails naming it);
* tenantdb_client (untrusted direct clients, tenantdb.prove_client): no token or a hand-set
  context sees nothing and writes nothing; a valid token sees exactly its person's rows.

What each person may do inside the tenant is checked cell by cell by tests/test_access_matrix.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from .access_matrix import DATABASE_ROLE
from .backend import Backend
from .citus_shards import prove_shard_privileges
from .database import Database, scalar
from .errors import TenantDBError
from .proof import LEAKED, Proof, refusal_outcome, returned_outcome
from .prove_client import prove_client
from .prove_partitions import partition_names, prove_partitions
from .prove_subjects import DEMO, Subjects, connect, person, reused_sessions  # noqa: F401  (person: re-exported)
from .settings import CLIENT_ROLES

Conn = psycopg.Connection[Any]
Query = str | sql.Composed | sql.SQL
Params = Sequence[Any] | Mapping[str, Any]
#: actor -> the database role it connects as (the access matrix's vocabulary).
ACTORS = DATABASE_ROLE


#: The subjects of the run in progress: what the function probes below read (demo tenants by default).
CURRENT: ContextVar[Subjects] = ContextVar("tenantdb_prove_subjects", default=DEMO)
#: A probe's judgement of what a function returned: (superuser connection, values) -> passed.
Check = Callable[[Conn, list[Any]], bool]


def product_relations(conn: Conn) -> list[tuple[str, str, str, bool, bool, bool, bool]]:
    """(schema, name, relkind, rls, forced, has tenant_id, client-reachable) of the product schemas."""
    return conn.execute("""
        SELECT n.nspname, c.relname, c.relkind::text, c.relrowsecurity, c.relforcerowsecurity,
               EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped),
               EXISTS (SELECT FROM unnest(%s::text[]) r(role)
                       WHERE has_schema_privilege(r.role, n.oid, 'USAGE')
                         AND (has_table_privilege(r.role, c.oid, 'SELECT') OR has_table_privilege(r.role, c.oid, 'INSERT')
                              OR has_table_privilege(r.role, c.oid, 'UPDATE') OR has_table_privilege(r.role, c.oid, 'DELETE')))
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND c.relkind IN ('r', 'p', 'v', 'm')
        ORDER BY 1, 2""", (list(CLIENT_ROLES),)).fetchall()


def sqlstate(conn: Conn, statement: Query, params: Params = ()) -> tuple[str | None, int]:
    """(SQLSTATE or None, rowcount) of a statement run in a savepoint that is always rolled back."""
    try:
        with conn.transaction(force_rollback=True):
            cur = conn.execute(statement, params)
            return None, cur.rowcount
    except psycopg.Error as exc:
        return exc.sqlstate, 0


def visible_count(conn: Conn, statement: Query, params: Params = ()) -> int:
    """Rows a SELECT count(*) sees; a role without the SELECT grant sees none."""
    try:
        with conn.transaction():
            return int(scalar(conn, statement, params))
    except psycopg.errors.InsufficientPrivilege:
        return 0


def template_row(su: Conn, ident: sql.Composable, tenant_col: str, tenant: str | None) -> dict[str, Any] | None:
    """One row of `tenant` (None: of any tenant) as column -> value, ready to INSERT again."""
    where = sql.SQL("WHERE {} = %s").format(sql.Identifier(tenant_col)) if tenant else sql.SQL("")
    cur = su.execute(sql.SQL("SELECT * FROM {} {} LIMIT 1").format(ident, where), (tenant,) if tenant else ())
    row = cur.fetchone()
    if row is None:
        return None
    types = {r[0]: r[1] for r in su.execute(
        "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0"
        " AND NOT attisdropped", (ident.as_string(su),))}
    names = [d.name for d in cur.description or ()]
    return {n: (Jsonb(v) if types.get(n) == "jsonb" and v is not None else v) for n, v in zip(names, row, strict=True)}


def insert_sql(ident: sql.Composable, row: dict[str, Any]) -> sql.Composed:
    return sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        ident, sql.SQL(", ").join(map(sql.Identifier, row)), sql.SQL(", ").join(sql.Placeholder() * len(row)))


def prove_table(backend: Backend, db: str, su: Conn, schema: str, name: str, proof: Proof, s: Subjects = DEMO,
                partition: bool = False) -> None:
    """A partition without seeded rows of both tenants (a month ahead) is proven by its guards being
    its parent's (prove_partitions); one with rows is attacked like any table."""
    ident = sql.Identifier(schema, name)
    qualified = f"{schema}.{name}"
    tenant_col = "id" if qualified == "app.tenants" else "tenant_id"
    b_row = template_row(su, ident, tenant_col, s.b)
    a_count = scalar(su, sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(ident, sql.Identifier(tenant_col)), (s.a,))
    if not s.demo and not partition and (b_row is None or a_count == 0):
        # An operator's tenants need not use every table: what is not there is reported, not failed.
        # The INSERT probes copy any tenant's row instead (RLS checks WITH CHECK before constraints).
        b_row = b_row or template_row(su, ident, tenant_col, None)
        if b_row is not None and tenant_col == "tenant_id":
            b_row[tenant_col] = s.b
        proof.uncovered.append(f"{qualified}: the two tenants do not both have rows; cross-tenant reads, updates and deletes "
                               + ("prove little, inserts copied another tenant's row" if b_row else "prove little, no insert probe"))
    elif not partition:
        proof.check("populated", b_row is not None and a_count > 0,
                    f"{qualified}: no seeded rows for both demo tenants - add them to a seed module (tenantdb/seeds)",
                    subject=qualified)
    if b_row is None and (s.demo or partition):
        return
    probe_row = dict(b_row or {})
    if "id" in probe_row and tenant_col != "id":
        probe_row["id"] = uuid.uuid4()
    tcol = sql.Identifier(tenant_col)
    for actor in ACTORS:
        with connect(backend, db, actor, s.a, s) as conn:
            seen = visible_count(conn, sql.SQL("SELECT count(*) FROM {} WHERE {} = %s").format(ident, tcol), (s.b,))
            proof.check("cross-tenant select", seen == 0, f"{qualified}: {actor} in tenant A sees {seen} rows of tenant B",
                        subject=qualified, role=ACTORS[actor], outcome=LEAKED)
            if not s.read_only and probe_row:
                _prove_cross_tenant_writes(conn, qualified, tenant_col, probe_row, actor, proof, s)
        with connect(backend, db, actor, None, s) as conn:
            seen = visible_count(conn, sql.SQL("SELECT count(*) FROM {}").format(ident))
            proof.check("no-context select", seen == 0, f"{qualified}: {actor} without a tenant context sees {seen} rows",
                        subject=qualified, role=ACTORS[actor], outcome=LEAKED)
            if s.read_only:
                continue
            a_row = dict(probe_row, **{tenant_col: s.a}) if tenant_col == "tenant_id" else probe_row
            writes: list[tuple[str, sql.Composed, Params]] = [("update", sql.SQL("UPDATE {} SET {} = {}").format(ident, tcol, tcol), ()),
                      ("delete", sql.SQL("DELETE FROM {}").format(ident), ())]
            if a_row:
                writes.insert(0, ("insert", insert_sql(ident, a_row), list(a_row.values())))
            for verb, stmt, params in writes:
                state, n = sqlstate(conn, stmt, params)
                proof.check(f"no-context {verb}", state == "42501",
                            f"{qualified}: {actor} without a tenant context: {verb} got {state or f'success ({n} rows)'}, not 42501",
                            subject=qualified, role=ACTORS[actor], outcome=refusal_outcome(state, n))


def _prove_cross_tenant_writes(conn: Conn, qualified: str, tenant_col: str, probe_row: dict[str, Any], actor: str,
                               proof: Proof, s: Subjects) -> None:
    """Tenant A's session aims UPDATE, DELETE, INSERT and a move at tenant B (each rolled back)."""
    ident = sql.Identifier(*qualified.split(".", 1))
    tcol = sql.Identifier(tenant_col)
    for verb, stmt in (("update", sql.SQL("UPDATE {} SET {} = {} WHERE {} = %s").format(ident, tcol, tcol, tcol)),
                       ("delete", sql.SQL("DELETE FROM {} WHERE {} = %s").format(ident, tcol))):
        state, n = sqlstate(conn, stmt, (s.b,))
        proof.check(f"cross-tenant {verb}", n == 0, f"{qualified}: {actor} in tenant A {verb}d {n} rows of tenant B",
                    subject=qualified, role=ACTORS[actor], outcome=LEAKED)
    state, n = sqlstate(conn, insert_sql(ident, probe_row), list(probe_row.values()))
    proof.check("cross-tenant insert", state == "42501",
                f"{qualified}: {actor} in tenant A inserting a tenant-B row got {state or 'success'}, not 42501",
                subject=qualified, role=ACTORS[actor], outcome=refusal_outcome(state, n))
    if tenant_col == "tenant_id":
        state, n = sqlstate(conn, sql.SQL("UPDATE {} SET tenant_id = %s").format(ident), (s.b,))
        proof.check("move to tenant B", state == "42501" or n == 0, f"{qualified}: {actor} moved {n} rows to tenant B",
                    subject=qualified, role=ACTORS[actor], outcome=LEAKED)


def prove_view(backend: Backend, db: str, su: Conn, schema: str, name: str, proof: Proof, s: Subjects = DEMO) -> None:
    qualified = f"{schema}.{name}"
    options = scalar(su, "SELECT coalesce(reloptions, '{}') FROM pg_class WHERE oid = %s::regclass", (qualified,))
    proof.check("view runs as caller", "security_invoker=true" in options,
                f"{qualified}: a client-readable view without security_invoker = true runs with its owner's rights",
                subject=qualified)
    for actor in ACTORS:
        with connect(backend, db, actor, None, s) as conn:
            seen = visible_count(conn, sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, name)))
            proof.check("no-context select", seen == 0, f"{qualified}: {actor} without a tenant context sees {seen} rows",
                        subject=qualified, role=ACTORS[actor], outcome=LEAKED)


# ------------------------------------------------------------------------------ functions
def _b_id(su: Conn, table: str, where: str = "true") -> str:
    """An id of tenant B's rows (on a target whose tenant B has none: a fresh id, which must show nothing too)."""
    if CURRENT.get().demo:
        return str(scalar(su, f"SELECT id FROM app.{table} WHERE tenant_id = %s AND {where} LIMIT 1", (CURRENT.get().b,)))
    row = su.execute(f"SELECT id FROM app.{table} WHERE tenant_id = %s LIMIT 1", (CURRENT.get().b,)).fetchone()
    return str(row[0] if row else uuid.uuid4())


def _vector_of_b(su: Conn) -> str:
    row = su.execute("SELECT embedding::text FROM app.document_chunks WHERE tenant_id = %s AND embedding IS NOT NULL LIMIT 1",
                     (CURRENT.get().b,)).fetchone()
    if row is None and not CURRENT.get().demo:  # any vector of the column's dimension will do
        row = su.execute("SELECT array_fill(0.5::real, ARRAY[atttypmod])::text FROM pg_attribute"
                         " WHERE attrelid = 'app.document_chunks'::regclass AND attname = 'embedding'").fetchone()
    if row is None:
        raise TenantDBError("app.document_chunks has no embedding of tenant B to probe app.search_chunks with")
    return str(row[0])


def _owned_by_b(table: str, column: str = "id") -> Check:
    def check(su: Conn, values: list[Any]) -> bool:
        return not values or scalar(su, f"SELECT count(*) FROM app.{table} WHERE {column} = ANY(%s) AND tenant_id = %s",
                                        (values, CURRENT.get().b)) == 0
    return check


def _nothing(su: Conn, values: list[Any]) -> bool:
    return all(v is None for v in values)


#: signature -> (call SQL with %s for the probe arguments, argument makers from the superuser
#: connection, column whose values must not belong to B / or a check). A client-executable
#: function missing here fails the proof: add a probe when you add a function.
FUNCTION_PROBES: dict[str, tuple[str, Callable[[Conn], tuple[Any, ...]], Check]] = {
    "app.current_tenant_id()": ("SELECT app.current_tenant_id()", lambda su: (),
                                lambda su, v: all(x is None or str(x) == CURRENT.get().a for x in v)),
    "app.bound_tenant_id()": ("SELECT app.bound_tenant_id()", lambda su: (),  # NULL without a bound context
                              lambda su, v: all(x is None or str(x) == CURRENT.get().a for x in v)),
    "app.current_user_id()": ("SELECT app.current_user_id()", lambda su: (),
                              lambda su, v: all(x is None or str(x) != CURRENT.get().person("student", CURRENT.get().b) for x in v)),
    "app.concept_prerequisites_of(uuid)": ("SELECT prerequisite_id FROM app.concept_prerequisites_of(%s)",
                                           lambda su: (_b_id(su, "concepts", "name = 'Integrals'"),), _nothing),
    "app.search_chunks(vector,integer)": ("SELECT chunk_uuid FROM app.search_chunks(%s::public.vector, 50)",
                                          lambda su: (_vector_of_b(su),), _owned_by_b("document_chunks")),
    "app.read_shared_conversation(text)": ("SELECT message_id FROM app.read_shared_conversation(%s)",
                                           lambda su: (f"demo-share-{CURRENT.get().b_slug}",), _nothing),
    "app.share_conversation(uuid)": ("SELECT app.share_conversation(%s)",
                                     lambda su: (_b_id(su, "conversations"),), _nothing),
    "app.consume_auth_token(text,text)": ("SELECT app.consume_auth_token(%s, 'password_reset')",
                                          lambda su: (f"demo-reset-{CURRENT.get().b_slug}-student-01",), _nothing),
    # The trusted roles may set any context (that is their contract); the probe shows the call
    # returns nothing. What a context of B then sees is proven table by table above.
    "app.set_context(uuid,uuid)": ("SELECT app.set_context(%s, NULL)::text", lambda su: (CURRENT.get().b,),
                                   lambda su, v: all(x in (None, "") for x in v)),
    # A bearer link is a capability: B's real token shows B's shared conversation by design
    # (tests/test_share_links.py); a guessed token must show nothing.
    "app.open_shared_conversation(text)": ("SELECT message_id FROM app.open_shared_conversation(%s)",
                                           lambda su: (f"guessed-{uuid.uuid4().hex}",), _nothing),
    # Citus only (citus/share_links_on_coordinator): adds a pointer, returns nothing; a pointer to
    # B's conversation shows nothing when opened (tests/citus/test_citus_writes.py).
    "app.publish_share_link(uuid,text)": ("SELECT app.publish_share_link(%s, 'guessed')::text",
                                          lambda su: (_b_id(su, "conversations"),), lambda su, v: all(x in (None, "") for x in v)),
    "app.delete_expired_sessions(integer)": ("SELECT app.delete_expired_sessions(100000)", lambda su: (),
                                             lambda su, v: True),
    # No arguments: it can only describe the caller (role, digest of own memberships), never name B's people.
    "app.cache_visibility()": ("SELECT person_role FROM app.cache_visibility()", lambda su: (),
                               lambda su, v: all(x is None or x in ("student", "educator", "coach", "admin") for x in v)),
    # Applies the context tenant's own tier (timeouts) and returns its name: nothing of B to return.
    "app.apply_tenant_limits()": ("SELECT app.apply_tenant_limits()", lambda su: (),
                                  lambda su, v: all(x is None or isinstance(x, str) for x in v)),
}


def client_functions(conn: Conn) -> list[str]:
    return [r[0] for r in conn.execute("""
        SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND p.prokind = 'f'
          AND EXISTS (SELECT FROM unnest(%s::text[]) r(role)
                      WHERE has_schema_privilege(r.role, n.oid, 'USAGE') AND has_function_privilege(r.role, p.oid, 'EXECUTE'))
          AND p.prorettype <> 'trigger'::regtype
        ORDER BY 1""", (list(CLIENT_ROLES),))]


def _normalise(signature: str) -> str:
    return signature.replace(" ", "").replace("extensions.vector", "vector").replace("public.vector", "vector")


def prove_functions(backend: Backend, db: str, su: Conn, proof: Proof, s: Subjects = DEMO) -> None:
    probes = {_normalise(k): v for k, v in FUNCTION_PROBES.items()}
    b_counts_before = _b_fingerprint(su)
    for signature in client_functions(su):
        probe = probes.get(_normalise(signature))
        proof.check("function probe exists", probe is not None,
                    f"{signature}: executable by a client role but has no isolation probe in tenantdb.prove.FUNCTION_PROBES",
                    subject=signature)
        if probe is None:
            continue
        call, make_args, ok = probe
        args = make_args(su)
        for actor in ACTORS:
            with connect(backend, db, actor, s.a, s) as conn:
                try:
                    with conn.transaction(force_rollback=True):
                        values = [r[0] for r in conn.execute(call, args)]
                    state = None
                except psycopg.Error as exc:
                    values, state = [], exc.sqlstate
                if state == "25006":  # --read-only: a function that writes is refused before it runs
                    note = f"{signature}: writes, not probed in a read-only proof"
                    proof.uncovered += [note] if note not in proof.uncovered else []
                    continue
                proof.check("function with B's ids", state in (None, "42501") and ok(su, values),
                            f"{signature}: {actor} in tenant A called with tenant B's ids got {values[:3]} ({state or 'ok'})",
                            subject=signature, role=ACTORS[actor], outcome=returned_outcome(state, values))
    proof.check("tenant B unchanged", _b_fingerprint(su) == b_counts_before, "tenant B's rows changed during the proof",
                outcome=LEAKED)


def _b_fingerprint(su: Conn) -> str:
    return str(scalar(su, "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM app.conversations t WHERE tenant_id = %s",
                      (CURRENT.get().b,)))


def prove(backend: Backend, db: str, s: Subjects = DEMO) -> Proof:
    """Run the catalog-driven proof against a seeded database (both demo tenants present), or, with
    the subjects of tenantdb.target, against two existing tenants of an operator's database."""
    token = CURRENT.set(s)
    try:
        with reused_sessions():
            return _prove(backend, db, s)
    finally:
        CURRENT.reset(token)


def _prove(backend: Backend, db: str, s: Subjects) -> Proof:
    proof = Proof()
    with Database(backend, db).admin() as su:
        if not s.demo:  # the admin connection of a target run only reads (catalog, template rows)
            su.execute("SET default_transaction_read_only = on")
        partitions = partition_names(su)
        for schema, name, kind, rls, forced, has_tenant, reachable in product_relations(su):
            qualified = f"{schema}.{name}"
            if not reachable:
                continue  # no client role can name it (e.g. the archive schema)
            if kind in ("v", "m"):
                prove_view(backend, db, su, schema, name, proof, s)
                continue
            proof.check("rls forced", rls and forced,
                        f"{qualified}: a client role can reach it but row-level security is not enabled and forced",
                        subject=qualified)
            proof.check("tenant column", has_tenant or qualified == "app.tenants",
                        f"{qualified}: a client role can reach it but it has no tenant_id to isolate by", subject=qualified)
            if rls and forced and (has_tenant or qualified == "app.tenants"):
                prove_table(backend, db, su, schema, name, proof, s, partition=qualified in partitions)
        prove_partitions(su, partitions, proof)
        prove_functions(backend, db, su, proof, s)
        prove_shard_privileges(su, proof.check)  # Citus only: the shards' privileges (docs/scale-out.md)
        if s.demo:
            prove_client(backend, db, su, proof.check)
        elif s.client_login:  # the operator agreed to a throw-away login and key (tenantdb prove --client-login)
            prove_client(backend, db, su, proof.check, tenants=(s.a, s.b), student=s.person("student"),
                         admin=s.person("admin"))
        else:  # it needs a throw-away login and signing key: committed state, only when asked for
            proof.uncovered.append("tenantdb_client: not proven on a target without --client-login "
                                   "(a throw-away client login and signing key, removed afterwards)")
    return proof


def relations_checked(proof: Proof) -> Iterator[tuple[str, int]]:
    yield from sorted(proof.counts.items())


#: What `tenantdb prove --all` adds to the catalog proof: the pytest isolation suites.
SUITES = ("tests/test_access_matrix.py", "tests/test_rag_views.py", "tests/isolation")


@dataclass
class SuiteRun:
    paths: tuple[str, ...]
    exit_code: int
    summary: str

    def as_dict(self) -> dict[str, object]:
        return {"paths": list(self.paths), "exit_code": self.exit_code, "summary": self.summary}


def prove_fresh_clone(backend: Backend) -> tuple[Proof, float]:
    """The proof on a fresh, seeded clone of the test template of `backend`, and its seconds."""
    import time

    from .testing import TestDatabases

    started = time.perf_counter()
    dbs = TestDatabases.start(backend)
    with dbs.clone_seeded("prove") as name:
        proof = prove(backend, name)
    return proof, round(time.perf_counter() - started, 2)


def run_suites(backend: Backend) -> SuiteRun:
    """The pytest isolation suites, on the same server as the proof (its port and backend)."""
    from . import tools
    from .settings import project_root

    env = {"TENANTDB_PORT": str(backend.settings.port), "TENANTDB_BACKEND": backend.settings.backend}
    proc = tools.python_module("pytest", ["-q", "-p", "no:cacheprovider", *SUITES], cwd=project_root(), extra_env=env)
    return SuiteRun(SUITES, proc.returncode, (proc.stdout.strip().splitlines() or [""])[-1])

"""Plan shapes: EXPLAIN of every workload under RLS, and what a good plan must not contain."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Set
from typing import Any

import psycopg

from ..backend import Backend
from ..database import Database, scalar
from ..settings import MAINTENANCE_ROLE
from .workloads import CONTEXT_SQL, Workload, context_user, read_actors


def _explain(conn: psycopg.Connection, w: Workload, actor: dict[str, Any], options: str, query: str) -> dict[str, Any]:
    """EXPLAIN (<options>, FORMAT JSON) of one of the workload's variants with the actor's context,
    rolled back: the whole document (Plan, and with SUMMARY its Planning and Execution Time)."""
    with conn.transaction(force_rollback=True):
        conn.execute(CONTEXT_SQL, (actor["tenant_id"], context_user(w, actor)))
        row = scalar(conn, f"EXPLAIN ({options}, FORMAT JSON) " + query, {**actor, "n": 1})
    document: dict[str, Any] = (row if isinstance(row, list) else json.loads(row))[0]
    return document


def explain_rls(conn: psycopg.Connection, w: Workload, actor: dict[str, Any], *, costs: bool = False) -> dict[str, Any]:
    """EXPLAIN (FORMAT JSON) of the RLS variant with the actor's context, rolled back: its top node
    (with `costs`, its estimates too: "Plan Rows" and the costs)."""
    top: dict[str, Any] = _explain(conn, w, actor, "COSTS ON" if costs else "COSTS OFF", w.rls)["Plan"]
    return top


def explain_analyze(conn: psycopg.Connection, w: Workload, actor: dict[str, Any], *, floor: bool = False) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS, SUMMARY) of the RLS variant (or the floor's) with the actor's
    context, rolled back: the whole document. For side-by-side measurements (scripts/bench_*.py);
    the suite's plan checks read explain_rls, which runs nothing."""
    return _explain(conn, w, actor, "ANALYZE, BUFFERS, SUMMARY", w.floor if floor else w.rls)


def shared_buffers(node: dict[str, Any]) -> int:
    """Shared buffers a plan node touched (hit + read), from EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)."""
    return int(node.get("Shared Hit Blocks", 0) + node.get("Shared Read Blocks", 0))


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


SMALL_TABLE_ROWS = 300


def small_relations(conn: psycopg.Connection) -> set[str]:
    """Tables of schema app with fewer than SMALL_TABLE_ROWS rows (by statistics), where a
    sequential scan is the right plan (a few courses per tenant, say)."""
    return {r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'app' AND c.relkind = 'r' AND c.reltuples < %s", (SMALL_TABLE_ROWS,))}


def _index_conditions(node: dict[str, Any]) -> str:
    return " ".join(str(node.get(k, "")) for k in ("Index Cond", "Recheck Cond"))


def _bitmap_conditions(node: dict[str, Any]) -> str:
    """Index conditions of a node and of the bitmap index scans under it."""
    return " ".join(_index_conditions(n) for n in plan_nodes(node))


def reads_table(relation: str | None, table: str) -> bool:
    """`relation` is `table` or one of its monthly/DEFAULT partitions (partitions/*: messages_p202601)."""
    return relation == table or bool(relation and re.fullmatch(rf"{re.escape(table)}_(p[0-9]{{6}}|default)", relation))


#: A gating Result's test that a table's tenant test equals another table's: PostgreSQL's implied
#: equality between two tables' tenant tests, `tenant_id = (SELECT app.current_tenant_id())` each,
#: when a query joins them on tenant_id: two InitPlans compared (session 15's dashboard), or the
#: InitPlan compared with the outer table's tenant_id where a LATERAL subquery repeats
#: `x.tenant_id = w.tenant_id` (session 17's workspace_load). On the inner side of a join it runs
#: per outer row and every inner row passes through its Result.
_TENANT_TEST = r"\(InitPlan \d+\)\.col1"
_COMPARED_INITPLANS = re.compile(rf"\({_TENANT_TEST} = (?:{_TENANT_TEST}|\w+\.tenant_id)\)"
                                 rf"|\(\w+\.tenant_id = {_TENANT_TEST}\)")


def _inner_side_nodes(node: dict[str, Any], inner: bool = False) -> Iterator[dict[str, Any]]:
    """The nodes of a plan run again for each outer row: a join's inner child and all below it."""
    inner = inner or node.get("Parent Relationship") == "Inner"
    if inner:
        yield node
    for child in node.get("Plans", []):
        yield from _inner_side_nodes(child, inner)


def _compared_tenant_tests(plan: dict[str, Any]) -> list[str]:
    return [f"two tables' tenant tests compared on the inner side of a join ({n['One-Time Filter']}): every inner "
            "row passes through that Result; join on the id alone, the policies supply the tenant"
            for n in _inner_side_nodes(plan)
            if _COMPARED_INITPLANS.fullmatch(str(n.get("One-Time Filter", "")))]


def plan_problems(plan: dict[str, Any], table: str, small: Set[str] = frozenset(),
                  index_on: tuple[str, ...] = (), leading: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """What is wrong with a workload's plan under RLS (empty when it has the right shape).
    `small` names tables too small for a sequential scan to matter; `index_on` the columns of the
    natural filter that must be index conditions on `table`, next to tenant_id. With `leading`
    (index name -> its key columns, index_key_columns()), those columns must also LEAD every index
    the plan reads `table` through: a condition on a later column (after `id`, say) is checked
    along the tenant's whole range of the index, so the cost grows with the tenant (issue 13)."""
    problems = []
    nodes = list(plan_nodes(plan))
    on_table = [n for n in nodes if reads_table(n.get("Relation Name"), table)]
    if not on_table and plan.get("Node Type") != "ModifyTable":
        problems.append(f"app.{table} is not read at all")
    for n in on_table:
        # A small partition (a month of the quick size, an empty DEFAULT one) is fine to scan.
        if n["Node Type"] not in ("Index Scan", "Index Only Scan", "Bitmap Heap Scan", "ModifyTable") and n["Relation Name"] not in small:
            problems.append(f"app.{table} is read by {n['Node Type']}, not through an index")
    seq = [n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan" and n.get("Relation Name") not in small]
    if seq:
        problems.append(f"sequential scan on {', '.join(sorted(set(seq)))}")
    if not [n for n in nodes if n.get("Parent Relationship") == "InitPlan"]:
        problems.append("no InitPlan: the context accessors would be evaluated per row")
    if [n for n in nodes if n.get("Parent Relationship") == "SubPlan"]:
        problems.append("a per-row SubPlan")
    problems += _compared_tenant_tests(plan)
    for n in on_table:
        if n["Node Type"] == "ModifyTable" or (n["Relation Name"] != table and n["Relation Name"] in small):
            continue  # a small partition (an empty month) is scanned whole: nothing to index
        conditions = _bitmap_conditions(n)
        for column in ("tenant_id", *index_on):
            if not re.search(rf"\b{re.escape(column)}\b", conditions):
                problems.append(f"app.{table}: {column} is not an index condition ({conditions.strip() or 'none'})")
        if leading is not None:
            problems += _leading_problems(n, table, ("tenant_id", *index_on), leading)
    return problems


def _leading_problems(node: dict[str, Any], table: str, columns: tuple[str, ...],
                      leading: Mapping[str, tuple[str, ...]]) -> list[str]:
    problems = []
    for index in sorted({str(m["Index Name"]) for m in plan_nodes(node) if m.get("Index Name")}):
        head = leading.get(index, ())[:len(columns)]
        missing = [c for c in columns if not any(re.search(rf"\b{re.escape(c)}\b", k) for k in head)]
        if missing:
            problems.append(f"app.{table}: index {index} ({', '.join(leading.get(index, ()))}) does not lead with "
                            f"{', '.join(columns)}: {', '.join(missing)} is checked along the tenant's whole range of it")
    return problems


def index_key_columns(conn: psycopg.Connection) -> dict[str, tuple[str, ...]]:
    """Every index of schema app (partitions' too) with its key columns or expressions, in order."""
    rows = conn.execute(
        "SELECT c.relname, array(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k)"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'app'").fetchall()
    return {name: tuple(cols) for name, cols in rows}


# ---------------------------------------------------------------------------------- compare
def check_plans(backend: Backend, dbname: str, workloads: list[Workload]) -> dict[str, list[str]]:
    """plan_problems() of every workload's RLS variant, for the first actor (the largest tenant's);
    a student's own-rows workloads (tenant_size) must also read an index led by their filter."""
    out = {}
    with Database(backend, dbname).connect(MAINTENANCE_ROLE) as conn:
        actor = read_actors(conn)[0]
        small = small_relations(conn)
        leading = index_key_columns(conn)
    for w in workloads:
        if not w.plan:
            continue
        with Database(backend, dbname).connect(w.rls_role) as conn:
            out[w.name] = plan_problems(explain_rls(conn, w, actor), w.table, small, w.index_on,
                                        leading if w.tenant_size else None)
    return out



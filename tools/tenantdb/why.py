"""`tenantdb why`: why a person can or cannot see, insert, update or delete one row.

    from tenantdb.why import explain

    answer = explain(maintenance_conn, client_conn, "app.messages", message_id,
                     tenant_id=tenant, user_id=person, client_role=APP_ROLE)
    print(answer.summary)

For a table, the database explains itself: ``app_private.explain_row_access()`` (maintenance
role, in a transaction whose context is the person's) lists the context values the policies
read, the tenant check, every policy clause that applies to the client role with its value for
this row, the grants and column grants, and a verdict per command. Each verdict is then
confirmed by running the statement as the client role with the same context (rolled back).
A row of a partitioned table (the history tables, partitioned by time) may be named by its id
alone: the database finds the partition columns and completes the key (security/explain_row_by_id).
For a view (security_invoker), the answer is what the caller sees through it, its grant, and the
base tables whose policies decide.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from .context import IdLike, parse_id, tenant_transaction
from .errors import BadInput

COMMANDS = ("select", "insert", "update", "delete")


@dataclass(frozen=True)
class Step:
    """One line of the database's explanation (a row of app_private.explain_row_access)."""

    section: str  # context | row | table | policy | grant | verdict | view | column
    item: str
    command: str | None
    expression: str | None
    value: bool | None
    detail: str | None


@dataclass
class Explanation:
    table: str
    key: str
    tenant_id: str
    user_id: str | None
    client_role: str
    kind: str  # table | view
    steps: list[Step] = field(default_factory=list)
    #: the database's verdict per command (None: not judged)
    verdicts: dict[str, bool | None] = field(default_factory=dict)
    #: what running the statement as the client role did (None: not tried)
    confirmed: dict[str, bool | None] = field(default_factory=dict)
    column: str | None = None
    reasons: list[str] = field(default_factory=list)
    #: columns a BEFORE UPDATE OF trigger watches (a guard may refuse naming them)
    guarded_columns: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return "\n".join(self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {**{k: v for k, v in asdict(self).items() if k != "steps"},
                "steps": [asdict(s) for s in self.steps]}

    def of(self, section: str) -> list[Step]:
        return [s for s in self.steps if s.section == section]

    @property
    def exists(self) -> bool:
        """Whether the key names a row (views: always tried)."""
        return any(s.item in ("exists", "key column") and s.value is not False for s in self.of("row"))


def relation_kind(conn: psycopg.Connection, table: str) -> tuple[str, str]:
    """(qualified name, 'table' or 'view') of an app relation, or BadInput naming the choices."""
    name = table if "." in table else f"app.{table}"
    row = conn.execute("SELECT c.oid::regclass::text, c.relkind::text FROM pg_catalog.pg_class c"
                       " WHERE c.oid = to_regclass(%s)", (name,)).fetchone()
    if row is None or row[1] not in ("r", "p", "v"):
        known = [r[0] for r in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_catalog.pg_class c WHERE c.relnamespace = 'app'::regnamespace"
            " AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition ORDER BY 1")]
        raise BadInput(f"{table!r} is not a table or view of the schema",
                       hint="one of: " + ", ".join(known))
    return row[0], "view" if row[1] == "v" else "table"


def explain(maintenance: psycopg.Connection, client: psycopg.Connection | None, table: str, key: str, *,
            tenant_id: IdLike, user_id: IdLike | None, client_role: str,
            column: str | None = None) -> Explanation:
    """The answer for one row. `maintenance` logs in as the maintenance role (it reads the row
    and evaluates the policies); `client` (optional) as `client_role`, to confirm each verdict."""
    tenant = parse_id(tenant_id, "tenant id")
    if tenant is None:
        raise BadInput("a tenant id is required", hint="pass --tenant <uuid>")
    user = parse_id(user_id, "user id")
    qualified, kind = relation_kind(maintenance, table)
    answer = Explanation(qualified, key, tenant, user, client_role, kind, column=column)
    with maintenance.transaction(force_rollback=True), tenant_transaction(maintenance, tenant, user) as cur:
        if kind == "view":
            _explain_view(cur, answer)
        else:
            rows = _explain_table(cur, qualified, key, client_role)
            answer.steps = [Step(*r) for r in rows]
            answer.verdicts = {s.item: s.value for s in answer.of("verdict")}
            answer.guarded_columns = [r[0] for r in cur.execute(
                "SELECT DISTINCT a.attname::text FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_attribute a"
                " ON a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr::int2[])"
                " WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal ORDER BY 1", (qualified,))]
            if column is not None:
                _explain_column(cur, answer, column)
    if client is not None and answer.exists:
        confirm(client, answer)
    answer.reasons = reasons(answer)
    return answer


def _explain_table(cur: psycopg.Cursor[Any], qualified: str, key: str, client_role: str) -> list[Any]:
    """The database's explanation of one row. A partitioned table's row may be named by its id
    alone (the function completes the key from the row); a key it cannot use is bad input."""
    try:
        return cur.execute("SELECT * FROM app_private.explain_row_access(%s::regclass, %s, %s)",
                           (qualified, key, client_role)).fetchall()
    except psycopg.errors.InvalidParameterValue as exc:
        raise BadInput(exc.diag.message_primary or str(exc),
                       hint=exc.diag.message_hint or "pass the row's primary key without tenant_id") from exc


def _explain_view(cur: psycopg.Cursor, answer: Explanation) -> None:
    row = cur.execute(
        "SELECT coalesce(c.reloptions::text[] @> ARRAY['security_invoker=true'], false),"
        " has_table_privilege(%s, c.oid, 'SELECT'),"
        " (SELECT a.attname::text FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = 1),"
        " ARRAY(SELECT DISTINCT d.refobjid::regclass::text FROM pg_catalog.pg_rewrite r"
        "       JOIN pg_catalog.pg_depend d ON d.objid = r.oid AND d.classid = 'pg_catalog.pg_rewrite'::regclass"
        "       WHERE r.ev_class = c.oid AND d.refobjid <> c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass"
        "       ORDER BY 1)"
        " FROM pg_catalog.pg_class c WHERE c.oid = %s::regclass", (answer.client_role, answer.table)).fetchone()
    assert row is not None  # relation_kind found the view
    invoker, granted, key_column, bases = row
    answer.steps = [
        Step("view", "security_invoker", None, None, invoker,
             "the base tables' policies apply to the caller" if invoker else "runs with the owner's rights"),
        Step("grant", "SELECT", "SELECT", None, granted, "granted" if granted else "no grant"),
        Step("row", "key column", None, key_column, None, f"the view's rows are found by {key_column}"),
        *[Step("view", "base table", None, None, None, base) for base in bases],
    ]
    answer.verdicts = {"select": None}


def _explain_column(cur: psycopg.Cursor, answer: Explanation, column: str) -> None:
    rows = cur.execute(
        "SELECT a.attname::text, has_column_privilege(%s, a.attrelid, a.attnum, 'UPDATE'),"
        " ARRAY(SELECT t.tgname::text FROM pg_catalog.pg_trigger t WHERE t.tgrelid = a.attrelid"
        "       AND NOT t.tgisinternal AND a.attnum = ANY (t.tgattr::int2[]) ORDER BY 1)"
        " FROM pg_catalog.pg_attribute a WHERE a.attrelid = %s::regclass AND a.attname = %s AND NOT a.attisdropped",
        (answer.client_role, answer.table, column)).fetchall()
    if not rows:
        raise BadInput(f"{answer.table} has no column {column!r}", hint="name a column of the table with --column")
    name, granted, triggers = rows[0]
    answer.steps.append(Step("column", name, "UPDATE", None, granted,
                             "granted" if granted else f"{answer.client_role} holds no UPDATE grant on {name}"))
    for trigger in triggers:
        answer.steps.append(Step("column", name, "UPDATE", None, None,
                                 f"trigger {trigger} fires when {name} is set and may refuse it"))
    answer.verdicts["update"] = bool(answer.verdicts.get("update")) and granted


def confirm(client: psycopg.Connection, answer: Explanation) -> None:
    """Run each command as the client role with the same context, rolled back: SELECT finds the
    row, UPDATE (SET c = c, c the --column or a granted column no guard trigger watches) and
    DELETE touch it. INSERT needs a whole new row and is not tried."""
    target = sql.SQL(answer.table)  # a regclass text from the catalog: quoted where needed
    if answer.kind == "view":
        key_column = next(s.expression or "" for s in answer.of("row") if s.item == "key column")
        where: sql.Composable = sql.SQL("{} = {}").format(sql.Identifier(key_column), sql.Literal(answer.key))
    else:
        # The key predicate the database built with format(%I, %L): safe to reuse as SQL.
        where = sql.SQL(next(s.expression or "false" for s in answer.of("row") if s.item == "exists"))
    statements: dict[str, sql.Composed] = {
        "select": sql.SQL("SELECT count(*) FROM {} WHERE {}").format(target, where)}
    if answer.kind == "table":
        column = answer.column or _an_update_column(answer)
        if column:
            statements["update"] = sql.SQL("UPDATE {} SET {c} = {c} WHERE {}").format(
                target, where, c=sql.Identifier(column))
        statements["delete"] = sql.SQL("DELETE FROM {} WHERE {}").format(target, where)
    for command, statement in statements.items():
        try:
            with client.transaction(force_rollback=True), \
                    tenant_transaction(client, answer.tenant_id, answer.user_id) as cur:
                cur.execute(statement)
                found = cur.fetchone() if command == "select" else None
                got = found[0] if found is not None else cur.rowcount
            answer.confirmed[command] = got == 1
        except psycopg.errors.ForeignKeyViolation:
            answer.confirmed[command] = True  # reached the row; another table's key keeps it
        except psycopg.Error as exc:
            answer.confirmed[command] = False
            answer.steps.append(Step("confirm", command, command.upper(), None, False,
                                     f"{exc.sqlstate}: {exc.diag.message_primary}"))
    if "update" not in statements and answer.kind == "table":
        answer.confirmed["update"] = False


def _an_update_column(answer: Explanation) -> str | None:
    grant = next((s for s in answer.of("grant") if s.item == "UPDATE"), None)
    if grant is None or not grant.value or not grant.detail:
        return None
    if grant.detail.startswith("columns: "):
        granted = grant.detail.removeprefix("columns: ").split(", ")
        return next((c for c in granted if c not in answer.guarded_columns), granted[0])
    exists = next(s for s in answer.of("row") if s.item == "exists")
    return (exists.expression or "").split(" = ")[0].strip('"') or None


def reasons(answer: Explanation) -> list[str]:
    """The answer in sentences, most decisive first."""
    out: list[str] = []
    who = f"{answer.client_role} as {answer.user_id or 'no person'} in tenant {answer.tenant_id}"
    if not answer.exists:
        return [f"no row of {answer.table} has key {answer.key} (in any tenant)"]
    if answer.kind == "view":
        seen = answer.confirmed.get("select")
        out.append(f"{who} {'sees' if seen else 'does not see'} this row of {answer.table}")
        out.append("a security_invoker view shows what the base tables' policies allow: run tenantdb why on "
                   + ", ".join(s.detail or "" for s in answer.of("view") if s.item == "base table"))
        return out
    tenant_ok = next((s.value for s in answer.of("row") if s.item == "tenant check"), None)
    context = {s.item: s.detail for s in answer.of("context")}
    for command in COMMANDS:
        verdict = answer.verdicts.get(command)
        out.append(f"{command}: {'allowed' if verdict else 'refused'}"
                   + _confirmation(answer.confirmed.get(command), verdict) + " — " + _why(answer, command, tenant_ok, context))
    return [f"{who} (person role {context.get('person role') or 'none'}):", *out]


def _confirmation(confirmed: bool | None, verdict: bool | None) -> str:
    if confirmed is None:
        return ""
    if confirmed == bool(verdict):
        return " (confirmed as the client role)"
    return " (BUT the client role's statement " + ("succeeded" if confirmed else "failed") + ": see the steps)"


def _why(answer: Explanation, command: str, tenant_ok: bool | None, context: dict[str, str | None]) -> str:
    upper = command.upper()
    grant = next((s for s in answer.of("grant") if s.item == upper), None)
    if grant is not None and not grant.value:
        return f"no {upper} grant for {answer.client_role}"
    column = [s for s in answer.of("column") if command == "update" and s.value is False]
    if column:
        return f"column not granted: {column[0].detail}"
    if not tenant_ok:
        return "hidden by tenant: the row belongs to another tenant than app.tenant_id " \
               f"({context.get('app.tenant_id')}); the restrictive tenant_isolation policy is false"
    policies = [s for s in answer.of("policy") if s.command in (upper, "ALL")]
    clause = "WITH CHECK" if command == "insert" else "USING"
    failing_restrictive = [s for s in policies if (s.detail or "").startswith("restrictive") and not s.value]
    permissive = [s for s in policies if (s.detail or "").startswith("permissive " + clause)]
    true_permissive = [s for s in permissive if s.value]
    if failing_restrictive:
        s = failing_restrictive[0]
        return f"refused by restrictive policy {s.item} ({s.detail}): {s.expression} is false"
    if not true_permissive:
        if not permissive:
            return f"no permissive {upper} policy applies to {answer.client_role}"
        names = "; ".join(f"{s.item}: {s.expression} = false" for s in permissive)
        kind = "refused by WITH CHECK" if clause == "WITH CHECK" else "hidden by the policies (person role, ownership)"
        return f"{kind}: {names}"
    if command == "update":
        checks = [s for s in policies if (s.detail or "").startswith("permissive WITH CHECK")]
        if checks and not any(s.value for s in checks):
            return "refused by WITH CHECK: " + "; ".join(f"{s.item}: {s.expression} = false" for s in checks)
    if command != "select" and not answer.verdicts.get("select"):
        return "the row is not visible (SELECT policies), so the statement cannot find it"
    return f"{true_permissive[0].item} is true ({true_permissive[0].expression}) and every restrictive policy is true"

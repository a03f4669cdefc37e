"""docs/source-mapping.md is true and complete: every `app.<object>` it names exists in the
deployed schema, and every table (and read model) that SPEC.md names is mapped by some row."""

from __future__ import annotations

import re

import pytest

from tenantdb.settings import project_root

MAPPING = project_root() / "docs" / "source-mapping.md"

#: The tables and views SPEC.md names (§1 tenancy, §2 tables by source), as SPEC spells them.
#: Several map to one object (chat_conversations and conversations; sessions and user_sessions):
#: the mapping row names them together and says why.
SPEC_TABLES = (
    # §1 Tenancy
    "tenants",
    # §2 Identity
    "users", "user_profiles", "sessions", "user_sessions", "auth_tokens",
    # §2 Learning analytics
    "learner_profiles", "learning_sessions", "struggle_events", "knowledge_graph", "intervention_logs",
    "chat_conversations", "chat_messages",
    # §2 Conversations
    "conversations", "messages",
    # §2 Courses, documents and RAG
    "courses", "enrollments", "documents", "vector_metadata", "interactions",
    "v_rag_documents", "v_rag_chunks", "v_user_interactions",
    # §2 Workspaces, agents and artifacts
    "workspaces", "workspace_members", "workspace_configs", "workspace_settings",
    "agents", "workflows", "phases", "artifacts",
    "integration_configs", "external_connections", "workspace_integrations", "sync_status", "sync_logs",
)



def mapping_rows() -> list[tuple[str, str]]:
    """(source cell, schema-object cell) of every table row of the mapping."""
    rows = []
    for line in MAPPING.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 2 or set(cells[0]) <= set("- ") or cells[0] == "source":
            continue
        rows.append((cells[0], cells[1]))
    return rows


def named_objects() -> list[str]:
    """Every `app.<name>` the mapping names (as app.name, without column suffixes)."""
    found = set()
    for _, target in mapping_rows():
        found.update(re.findall(r"`app\.(\w+)", target))
    return sorted(found)


def test_the_mapping_has_rows():
    assert len(mapping_rows()) >= 5 and "tenants" in named_objects() and "users" in named_objects()


@pytest.mark.parametrize("name", named_objects())
def test_every_object_the_mapping_names_exists(tenantdb, module_db, name):
    with tenantdb.connect(module_db) as conn:
        kind = conn.execute(
            "SELECT c.relkind::text FROM pg_catalog.pg_class c WHERE c.relnamespace = 'app'::regnamespace AND c.relname = %s"
            " UNION ALL SELECT 'f' FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'app'::regnamespace AND p.proname = %s",
            (name, name)).fetchone()
    assert kind is not None and kind[0] in ("r", "p", "v", "m", "f"), (
        f"docs/source-mapping.md names app.{name}, which is not a table, view or function of the deployed schema: "
        f"fix the mapping or the change that should create it")


@pytest.mark.parametrize("name", SPEC_TABLES)
def test_every_table_spec_names_is_mapped(name):
    rows = [(source, target) for source, target in mapping_rows() if re.search(rf"\b{re.escape(name)}\b", source)]
    assert rows, f"SPEC.md names {name}, but no row of docs/source-mapping.md has it in the source column"
    assert any("`app." in target for _, target in rows), (
        f"the rows for {name} in docs/source-mapping.md name no schema object (`app.<name>`)")


# ----------------------------------------------------------------------------- columns and indexes
#: Tokens in a mapping's schema-object cell that name an index or constraint, with the columns
#: the mapping claims it has: `users_email_key (tenant_id, email)`.
INDEX_CLAIM = re.compile(r"`(\w+_(?:idx|key|pkey|fkey))(?=[`\s])(?: \(([\w, ]+)\))?")


def claimed_columns() -> list[tuple[str, str, str]]:
    """(source cell, table, column) for every column the mapping says a table holds: the columns
    listed in the source cell of a `app.<table>.*` row, and every `app.<table>.<column>`."""
    claims = []
    for source, target in mapping_rows():
        for table in re.findall(r"`app\.(\w+)\.\*`", target):
            first, *rest = [re.sub(r"\([^)]*\)", "", part).strip() for part in source.split(",")]
            for column in [first.split(".", 1)[-1], *rest]:
                assert re.fullmatch(r"\w+", column), f"unparsable column {column!r} in the mapping row {source!r}"
                claims.append((source, table, column))
        for table, column in re.findall(r"`app\.(\w+)\.(\w+)", target):
            claims.append((source, table, column))
    return claims


def claimed_indexes() -> list[tuple[str, str, list[str] | None]]:
    """(source cell, index or constraint name, claimed columns or None) of every row."""
    return [(source, name, [c.strip() for c in cols.split(",")] if cols else None)
            for source, target in mapping_rows() for name, cols in INDEX_CLAIM.findall(target)]


def test_every_column_the_mapping_claims_exists(tenantdb, module_db):
    """Finding: the mapping claimed what the catalog does not have. Each column must exist."""
    with tenantdb.connect(module_db) as conn:
        have = {(t, c) for t, c in conn.execute(
            "SELECT c.relname, a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            " WHERE c.relnamespace = 'app'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped")}
    claims = claimed_columns()
    assert len(claims) > 100
    missing = sorted({f"app.{t}.{c} (row: {s})" for s, t, c in claims if (t, c) not in have})
    assert not missing, "docs/source-mapping.md claims columns the schema lacks:\n  " + "\n  ".join(missing)


def test_every_index_the_mapping_claims_exists_with_its_columns(tenantdb, module_db):
    with tenantdb.connect(module_db) as conn:
        have = {name: cols for name, cols in conn.execute(
            "SELECT c.relname, array_agg(a.attname || CASE WHEN i.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END"
            " ORDER BY k.ord) FROM pg_catalog.pg_index i"
            " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
            " CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
            " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
            " WHERE c.relnamespace = 'app'::regnamespace GROUP BY c.relname"
            " UNION ALL SELECT conname, NULL FROM pg_catalog.pg_constraint"
            " WHERE connamespace = 'app'::regnamespace AND contype = 'f'")}
    claims = claimed_indexes()
    assert len(claims) >= 10
    wrong = []
    for source, name, cols in claims:
        if name not in have:
            wrong.append(f"{name} does not exist (row: {source})")
        elif cols is not None and have[name] is not None and [c for c in have[name] if c] != cols:
            wrong.append(f"{name} is on ({', '.join(c or 'expression' for c in have[name])}), the mapping says "
                         f"({', '.join(cols)}) (row: {source})")
    assert not wrong, "docs/source-mapping.md claims indexes the schema lacks:\n  " + "\n  ".join(wrong)


def test_index_rows_state_the_columns_of_their_indexes():
    """An `index ...` row's claim is checkable only with the index's columns: each index it
    names says them in parentheses (the test above compares them with the catalog)."""
    vague = [f"{name} (row: {source})" for source, name, cols in claimed_indexes()
             if source.startswith(("index", "partial index")) and cols is None]
    assert not vague, "name the columns of these indexes in docs/source-mapping.md:\n  " + "\n  ".join(vague)


def test_every_audit_trigger_the_mapping_claims_exists_on_its_tables(tenantdb, module_db):
    """Finding: the mapping claimed audited deletions in general; it now names each trigger and table."""
    claims = [(trigger, table) for _, target in mapping_rows()
              for trigger, tables in re.findall(r"`(audit_\w+)` on ((?:`app\.\w+`(?:, )?)+)", target)
              for table in re.findall(r"`app\.(\w+)`", tables)]
    assert len(claims) >= 8
    with tenantdb.connect(module_db) as conn:
        have = {(t, r) for t, r in conn.execute(
            "SELECT tgname, tgrelid::regclass::text FROM pg_catalog.pg_trigger WHERE tgname LIKE 'audit%'")}
    missing = [f"{t} on app.{r}" for t, r in claims if (t, f"app.{r}") not in have]
    assert not missing, f"docs/source-mapping.md claims audit triggers the schema lacks: {missing}"

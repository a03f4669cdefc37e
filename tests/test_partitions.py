"""Time-partitioned history tables (issue 20, item 1): app.messages, app.interactions and
app.audit_log are RANGE-partitioned by month; every partition carries its parent's forced RLS,
policies and grants; partitions come only from app_private.create_history_partitions(); the lint
and the proof see a partition without them; time-filtered message queries prune partitions;
retention drops a wholly expired partition and leaves a partly kept one to the row path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import psycopg
import pytest

from tenantdb import partitions, retention
from tenantdb.lint import run_lints
from tenantdb.proof import Proof
from tenantdb.prove import partition_names, prove_partitions
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.settings import APP_ROLE, MAINTENANCE_ROLE, SERVICE_ROLE

A, B = DEMO_TENANTS
HISTORY_TABLES = {"app.messages": "created_at", "app.interactions": "created_at", "app.audit_log": "occurred_at"}
LINT = "partition_without_parent_guards"


def guards(conn, relation: str) -> tuple:
    """(RLS enabled, forced, policies as (name, kind, command, roles, USING, WITH CHECK), table ACL)."""
    rls = conn.execute("SELECT relrowsecurity, relforcerowsecurity, relacl::text[] FROM pg_class WHERE oid = %s::regclass",
                       (relation,)).fetchone()
    policies = conn.execute(
        "SELECT polname, polpermissive, polcmd, polroles::regrole[]::text[], pg_get_expr(polqual, polrelid),"
        " pg_get_expr(polwithcheck, polrelid) FROM pg_policy WHERE polrelid = %s::regclass ORDER BY polname",
        (relation,)).fetchall()
    return rls[0], rls[1], policies, sorted(rls[2] or [])


def test_history_tables_are_partitioned_by_month_on_their_time_column(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as conn:
        for table, column in HISTORY_TABLES.items():
            key = conn.execute("SELECT partstrat, (SELECT attname FROM pg_attribute WHERE attrelid = partrelid"
                               " AND attnum = partattrs[0]) FROM pg_partitioned_table WHERE partrelid = %s::regclass",
                               (table,)).fetchone()
            assert key == ("r", column), f"{table} is not RANGE-partitioned on {column}: {key}"
            pkey = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
                                " AND contype = 'p'", (table,)).fetchone()[0]
            assert pkey == f"PRIMARY KEY (tenant_id, id, {column})", f"{table}: the partition column must be in the key"
            names = [r[0] for r in conn.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                                                " WHERE i.inhparent = %s::regclass", (table,))]
            assert f"{table.split('.')[1]}_default" in names, f"{table} has no DEFAULT partition"


def test_every_partition_has_its_parents_forced_rls_policies_and_grants(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as conn:
        parts = conn.execute("SELECT i.inhparent::regclass::text, i.inhrelid::regclass::text FROM pg_inherits i"
                             " JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r'"
                             " AND i.inhparent = ANY (%s::regclass[])", (list(HISTORY_TABLES),)).fetchall()
        assert len(parts) >= 3 * 5, parts
        for parent, part in parts:
            rls, forced, policies, acl = guards(conn, part)
            assert rls and forced, f"{part}: RLS not enabled and forced"
            p_rls, p_forced, p_policies, p_acl = guards(conn, parent)
            assert policies == p_policies, f"{part}: policies differ from {parent}'s"
            assert acl == p_acl, f"{part}: grants differ from {parent}'s"
        assert [f for f in run_lints(conn, [LINT])] == []


def test_create_history_partitions_is_the_maintenance_roles_and_copies_the_guards(tenantdb, fresh_db):
    with tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        created = partitions.create_ahead(conn, 8)
        assert {c.rsplit("_p", 1)[0] for c in created} == set(HISTORY_TABLES), created
        assert partitions.create_ahead(conn, 8) == [], "a second run creates nothing"
        unguarded = [r for r in partitions.list_partitions(conn) if not r["rls_forced"] or r["policies"] != r["parent_policies"]]
        assert unguarded == []
    with tenantdb.connect(fresh_db) as conn:
        for part in created:
            parent = part.rsplit("_p", 1)[0]
            assert guards(conn, part) == guards(conn, parent), part
        assert run_lints(conn, [LINT]) == []
    for role in (APP_ROLE, SERVICE_ROLE):
        with tenantdb.connect(fresh_db, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT app_private.create_history_partitions(interval '1 month')")


def test_a_partition_made_by_hand_is_a_lint_finding_and_fails_the_proof(tenantdb, fresh_db):
    """Attack: a partition created outside create_history_partitions() has no RLS of its own."""
    with tenantdb.connect(fresh_db) as conn:
        conn.execute("CREATE TABLE app.messages_p209901 PARTITION OF app.messages"
                     " FOR VALUES FROM ('2099-01-01 00:00:00+00') TO ('2099-02-01 00:00:00+00')")
        findings = run_lints(conn, [LINT])
        assert [f.object for f in findings] == ["app.messages_p209901"]
        assert "row level security is not enabled" in findings[0].detail and "messages_select_app" in findings[0].detail
        proof = Proof()
        prove_partitions(conn, partition_names(conn), proof)
        assert any("app.messages_p209901" in f for f in proof.failures), proof.failures
        conn.execute("SELECT app_private.copy_partition_guards('app.messages_p209901')")
        assert run_lints(conn, [LINT]) == []


def test_a_client_naming_a_partition_sees_only_its_tenants_rows(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as conn:
        part = conn.execute("SELECT tableoid::regclass::text FROM app.messages WHERE tenant_id = %s LIMIT 1", (B.id,)).fetchone()[0]
    for role, person in ((APP_ROLE, user_id(A, "admin", 1)), (SERVICE_ROLE, None)):
        with tenantdb.connect(seeded_db, role=role) as conn:
            conn.execute("SELECT app.set_context(%s, %s)", (A.id, person))
            seen = conn.execute(f"SELECT count(*) FROM {part} WHERE tenant_id = %s", (B.id,)).fetchone()[0]
            assert seen == 0, f"{role} in tenant A sees {seen} rows of tenant B in {part}"
        with tenantdb.connect(seeded_db, role=role) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"SELECT count(*) FROM {part}")  # no context: fails loudly, as on the parent


def relations(plan: dict):
    if "Relation Name" in plan:
        yield plan["Relation Name"]
    for child in plan.get("Plans", []):
        yield from relations(child)


def test_time_filtered_message_queries_prune_partitions(tenantdb, fresh_db):
    with tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        partitions.create_ahead(conn, 6)
        total = len([r for r in partitions.list_partitions(conn) if r["table"] == "app.messages"])
    since = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    with tenantdb.connect(fresh_db, role=SERVICE_ROLE) as conn:
        conn.execute("SELECT app.set_context(%s, NULL)", (A.id,))
        plan = conn.execute("EXPLAIN (FORMAT JSON, COSTS OFF) SELECT id, content FROM app.messages"
                            " WHERE conversation_id = gen_random_uuid() AND created_at >= %s AND created_at < %s",
                            (since, since.replace(month=since.month % 12 + 1, year=since.year + since.month // 12))).fetchone()[0]
    scanned = set(relations(plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]))
    assert scanned == {f"messages_p{since:%Y%m}"}, f"{len(scanned)} of {total} partitions scanned: {sorted(scanned)}"


def test_retention_drops_a_wholly_expired_partition_and_leaves_a_kept_one_to_the_row_path(tenantdb):
    with tenantdb.clone_seeded("partition_retention") as db:
        filled = partitions.fill_expired_messages(tenantdb.backend.conninfo(db), 50, months_ago=15)
        part = filled["partition"]
        with tenantdb.connect(db, autocommit=True) as conn:
            # Tenant B keeps its chat history forever: the month's partition must stay.
            conn.execute("UPDATE app.retention_policies SET chat_history_days = NULL WHERE tenant_id = %s", (B.id,))
        maintenance = tenantdb.backend.conninfo(db, role=MAINTENANCE_ROLE)
        retention.run(maintenance)
        with tenantdb.connect(db) as conn:
            left = dict(conn.execute(f"SELECT tenant_id::text, count(*) FROM {part} GROUP BY 1").fetchall())
            assert left == {B.id: 50}, f"the row path archives tenant A's rows and keeps tenant B's: {left}"
            conn.execute("UPDATE app.retention_policies SET chat_history_days = 365 WHERE tenant_id = %s AND workspace_id IS NULL",
                         (B.id,))
            conn.commit()
        result = retention.run(maintenance)
        assert result["rows"] >= 50
        with tenantdb.connect(db) as conn:
            assert conn.execute("SELECT to_regclass(%s)", (part,)).fetchone()[0] is None, f"{part} was not dropped"
            archived = conn.execute("SELECT count(*) FROM archive.archived_rows WHERE source_table = 'app.messages'"
                                    " AND row_data->>'content' LIKE 'expired benchmark message %'").fetchone()[0]
            assert archived == 100, archived
            summary = conn.execute("SELECT new_values FROM app.audit_log WHERE operation = 'RETENTION'"
                                   " AND new_values ? 'partition' AND tenant_id = %s", (B.id,)).fetchone()
            assert summary and summary[0]["partition"] == part and summary[0]["archived"] == 50


def test_drop_history_partition_refuses_the_default_and_the_audit_log(tenantdb, fresh_db):
    with tenantdb.connect(fresh_db, role=MAINTENANCE_ROLE, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("SELECT app_private.drop_history_partition('app.messages_default')")
        audit_part = conn.execute("SELECT min(inhrelid::regclass::text) FROM pg_inherits WHERE inhparent = 'app.audit_log'::regclass"
                                  " AND inhrelid::regclass::text <> 'app.audit_log_default'").fetchone()[0]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT app_private.drop_history_partition(%s::regclass)", (audit_part,))


def test_a_message_link_carries_the_message_time_and_loses_it_with_the_message(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as conn, conn.transaction(force_rollback=True):
        link = conn.execute("SELECT ca.tenant_id, ca.message_id, ca.message_created_at, m.created_at FROM app.conversation_artifacts ca"
                            " JOIN app.messages m ON m.tenant_id = ca.tenant_id AND m.id = ca.message_id LIMIT 1").fetchone()
        assert link and link[2] == link[3], "message_created_at is the linked message's created_at"
        conn.execute("SET LOCAL ROLE tenantdb_maintenance")
        conn.execute("DELETE FROM app.messages WHERE tenant_id = %s AND id = %s", (link[0], link[1]))
        conn.execute("RESET ROLE")
        after = conn.execute("SELECT count(*) FROM app.conversation_artifacts WHERE message_id IS NULL AND message_created_at IS NULL"
                             " AND tenant_id = %s", (link[0],)).fetchone()[0]
        assert after >= 1


def cli_json(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tenantdb.cli", *args, "--json"], capture_output=True, text=True,
                          timeout=300, env=dict(os.environ))
    assert proc.returncode == 0, f"tenantdb {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return json.loads(proc.stdout)


def test_partitions_cli_creates_ahead_and_lists_every_partition_guarded(fresh_db):
    created = cli_json("partitions", "create", "--ahead", "7", "--db", fresh_db)["created"]
    # The deploy made the months 0-3 ahead; 4-7 are new, for each of the three tables.
    assert len(created) >= 3 and len(created) % 3 == 0, created
    listed = cli_json("partitions", "list", "--db", fresh_db)
    assert listed["unguarded"] == [] and set(created) <= {p["partition"] for p in listed["partitions"]}

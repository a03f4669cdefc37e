"""The proof reuses one session per actor (tenantdb.prove_subjects.reused_sessions): each use must
start as a new session would, so a probe can never pass because of what the last one left."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest

from tenantdb.prove_subjects import DEMO, connect, reused_sessions
from tenantdb.seeds import DEMO_TENANTS

A, B = DEMO_TENANTS


def test_a_reused_proof_session_starts_as_a_new_one(tenantdb, seeded_db):
    with reused_sessions():
        with connect(tenantdb.backend, seeded_db, "student", A.id) as conn:
            first = conn.info.backend_pid
            assert conn.execute("SELECT current_setting('app.tenant_id', true)").fetchone()[0] == A.id
            conn.execute("SET SESSION statement_timeout = '1234ms'")
            conn.execute("PREPARE left_over AS SELECT 1")
            conn.execute("CREATE TEMP TABLE left_over (id int)")
            conn.commit()  # even committed session state must not survive
            conn.execute("SELECT pg_advisory_lock(4242)")
            conn.commit()
        with connect(tenantdb.backend, seeded_db, "student", None) as conn:
            assert conn.info.backend_pid == first, "the session was not reused"
            assert conn.execute("SELECT coalesce(current_setting('app.tenant_id', true), '')").fetchone()[0] == ""
            assert conn.execute("SHOW statement_timeout").fetchone()[0] != "1234ms"
            assert conn.execute("SELECT count(*) FROM pg_prepared_statements").fetchone()[0] == 0
            assert conn.execute("SELECT to_regclass('pg_temp.left_over')").fetchone()[0] is None
            assert conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                                ).fetchone()[0] == 0
            # and without a tenant context the client is refused, as on a new connection
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no tenant context"):
                conn.execute("SELECT count(*) FROM app.conversations")
        with connect(tenantdb.backend, seeded_db, "service", A.id) as other:
            assert other.info.backend_pid != first, "two actors shared a session"


def test_a_read_only_proof_session_stays_read_only_after_its_reset(tenantdb, seeded_db):
    read_only = replace(DEMO, read_only=True)
    with reused_sessions():
        pids = set()
        for _ in range(2):
            with connect(tenantdb.backend, seeded_db, "admin", A.id, read_only) as conn, \
                    pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                pids.add(conn.info.backend_pid)
                conn.execute("DELETE FROM app.conversations")
        assert len(pids) == 1, "the session was not reused"


def test_without_reused_sessions_each_connect_is_a_new_session(tenantdb, seeded_db):
    with connect(tenantdb.backend, seeded_db, "student", A.id) as conn:
        first = conn.info.backend_pid
    with connect(tenantdb.backend, seeded_db, "student", A.id) as conn:
        assert conn.info.backend_pid != first

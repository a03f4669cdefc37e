"""The bypass catalogue: one named test per attack a client role could try against tenant
isolation. Each connects AS the user-facing role (the admin of tenant A: the most privileged
person), or the service role, never as a superuser, and asserts the attack fails and nothing of
tenant B leaks. docs/security.md lists each attack with its defence."""

from __future__ import annotations

import subprocess
import uuid

import psycopg
import pytest

from tenantdb.backend import client_bin
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.seeds.rag import course_id

A, B = DEMO_TENANTS
ADMIN_A = user_id(A, "admin", 1)
STUDENT_B = user_id(B, "student", 1)


@pytest.fixture
def app(tenantdb, seeded_db):
    """tenantdb_app as tenant A's admin, in an open transaction."""
    with tenantdb.connect(seeded_db, role="tenantdb_app") as conn:
        conn.execute("SELECT app.set_context(%s, %s)", (A.id, ADMIN_A))
        yield conn


def b_emails(tenantdb, seeded_db) -> set[str]:
    with tenantdb.connect(seeded_db) as su:
        return {r[0] for r in su.execute("SELECT email::text FROM app.users WHERE tenant_id = %s", (B.id,))}


def fails_with(conn, statement: str, params=(), state: str = "42501") -> str:
    with pytest.raises(psycopg.Error) as info, conn.transaction():
        conn.execute(statement, params)
    assert info.value.sqlstate == state, f"{statement}: {info.value.sqlstate} {info.value}"
    return str(info.value)


@pytest.mark.parametrize("target", ["tenantdb_owner", "tenantdb_maintenance", "tenantdb_service", "postgres"])
def test_set_role_to_a_privileged_role_is_refused(app, target):
    fails_with(app, f"SET ROLE {target}")


def test_set_session_authorization_is_refused(app):
    fails_with(app, "SET SESSION AUTHORIZATION postgres")


def test_row_security_off_makes_queries_fail_instead_of_bypassing(app):
    app.execute("SET LOCAL row_security = off")
    fails_with(app, "SELECT count(*) FROM app.users")


def test_reset_and_reset_of_the_context_mid_transaction_never_mixes_tenants(app):
    assert {r[0] for r in app.execute("SELECT DISTINCT tenant_id::text FROM app.users")} == {A.id}
    app.execute("SAVEPOINT reset")
    app.execute("RESET app.tenant_id")
    try:  # RESET means no context: nothing visible (SQL accessors) or 42501 (perf/context_cache)
        assert app.execute("SELECT count(*) FROM app.users").fetchone()[0] == 0, "nothing visible"
    except psycopg.errors.InsufficientPrivilege:
        app.execute("ROLLBACK TO SAVEPOINT reset")
        app.execute("RESET app.tenant_id")
    fails_with(app, "INSERT INTO app.concepts (tenant_id, name) VALUES (%s, 'x')", (A.id,))
    app.execute("SELECT set_config('app.tenant_id', %s, true)", (A.id,))
    assert app.execute("SELECT count(*) FROM app.users WHERE tenant_id <> %s", (A.id,)).fetchone()[0] == 0


def test_a_cursor_keeps_the_context_it_was_opened_with(app):
    app.execute("DECLARE c CURSOR FOR SELECT tenant_id::text FROM app.users")
    first = app.execute("FETCH 2 FROM c").fetchall()
    app.execute("SELECT set_config('app.tenant_id', %s, true)", (B.id,))
    rest = app.execute("FETCH ALL FROM c").fetchall()
    assert {r[0] for r in first + rest} == {A.id}, "a cursor never mixes tenants"


def test_a_prepared_statement_follows_the_current_context_not_the_cached_plan(app):
    app.execute("PREPARE q AS SELECT DISTINCT tenant_id::text FROM app.users")
    for _ in range(6):  # past the point where PostgreSQL may switch to a generic plan
        assert {r[0] for r in app.execute("EXECUTE q")} == {A.id}
    app.execute("SELECT app.set_context(%s, %s)", (B.id, user_id(B, "admin", 1)))
    assert {r[0] for r in app.execute("EXECUTE q")} == {B.id}, "the plan re-reads the context on every execution"


def test_copy_to_shows_only_visible_rows_and_copy_from_cannot_write_tenant_b(tenantdb, seeded_db, app):
    with app.cursor().copy("COPY app.users (tenant_id, email) TO STDOUT") as copy:
        rows = [bytes(r).decode() for r in copy]
    assert rows and all(line.startswith(A.id) for line in "".join(rows).splitlines())
    with pytest.raises(psycopg.Error) as info, app.transaction(), \
            app.cursor().copy("COPY app.concepts (tenant_id, name) FROM STDIN") as copy:
        copy.write_row((B.id, "planted"))
    assert info.value.sqlstate in ("42501", "0A000"), info.value  # 0A000: COPY FROM is not supported under RLS


def test_truncate_is_refused(app):
    fails_with(app, "TRUNCATE app.messages")


@pytest.mark.parametrize("statement", [
    "ALTER TABLE app.users DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE app.users NO FORCE ROW LEVEL SECURITY",
    "DROP POLICY tenant_isolation ON app.users",
    "CREATE POLICY open_door ON app.users USING (true)",
])
def test_changing_rls_is_refused(app, statement):
    fails_with(app, statement)


@pytest.mark.parametrize("statement", [
    "CREATE TABLE app.planted (id int)",
    "CREATE FUNCTION app.planted() RETURNS int LANGUAGE sql RETURN 1",
    "CREATE VIEW app.planted AS SELECT * FROM app.users",
    "CREATE TABLE app_private.planted (id int)",
    "CREATE TABLE public.planted (id int)",
])
def test_creating_objects_in_product_schemas_is_refused(app, statement):
    fails_with(app, statement)


def test_a_view_of_ones_own_runs_with_ones_own_rights(app):
    app.execute("CREATE TEMP VIEW mine AS SELECT tenant_id::text AS t FROM app.users")
    assert {r[0] for r in app.execute("SELECT t FROM mine")} == {A.id}


#: Definer functions clients call by name on purpose: they read the secret key that signs a
#: context (or the bearer-link registry), and touch only the caller's own transaction-local
#: settings (open_shared_conversation restores them). Each has its own attack tests
#: (test_token_attacks.py, test_share_links.py).
#: Definer functions clients call on purpose: they set or read only the caller's own context.
#: app.apply_tenant_limits() applies the context tenant's own tier (set_context does it too).
CONTEXT_DOORS = ("app.set_context(uuid,uuid)", "app.set_token(text)", "app.open_shared_conversation(text)",
                 "app.apply_tenant_limits()")


def test_no_client_callable_function_runs_with_the_owners_rights(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as su:
        rows = su.execute("""
            SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND (has_schema_privilege('tenantdb_app', n.oid, 'USAGE')
                                   OR has_schema_privilege('tenantdb_service', n.oid, 'USAGE'))
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND p.oid::regprocedure::text NOT IN (SELECT unnest(%s::text[]))""", (list(CONTEXT_DOORS),)).fetchall()
        unsafe = su.execute("""
            SELECT p.oid::regprocedure::text FROM pg_proc p
            WHERE p.prosecdef AND p.pronamespace = 'app_private'::regnamespace
              AND NOT coalesce(p.proconfig::text LIKE '%search_path=pg_catalog, pg_temp%', false)
              -- SQL-standard bodies bind every name at CREATE time: search_path cannot redirect them
              AND NOT (p.prosqlbody IS NOT NULL AND p.pronargs = 0)""").fetchall()
    assert rows == [], f"definer functions clients can call by name: {rows}"
    assert unsafe == [], f"definer functions without a fixed search_path: {unsafe}"


def test_a_leaky_function_in_where_sees_only_visible_rows(tenantdb, seeded_db, app):
    app.execute("""CREATE FUNCTION pg_temp.leak(v text) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS
                   $$ BEGIN RAISE NOTICE 'leak %', v; RETURN true; END $$""")
    heard: list[str] = []
    app.add_notice_handler(lambda d: heard.append(d.message_primary or ""))
    app.execute("SELECT count(*) FROM app.users WHERE pg_temp.leak(email::text)").fetchone()
    app.execute("SELECT count(*) FROM app.users u WHERE pg_temp.leak(u.email::text) OR u.tenant_id = %s", (B.id,)).fetchone()
    leaked = {m.removeprefix("leak ") for m in heard} & b_emails(tenantdb, seeded_db)
    assert heard and not leaked, f"values of tenant B reached a user function: {sorted(leaked)[:3]}"


def test_returning_and_ctes_return_nothing_of_tenant_b(app):
    n = app.execute("WITH x AS (UPDATE app.users SET display_name = display_name WHERE tenant_id = %s RETURNING email)"
                    " SELECT count(*) FROM x", (B.id,)).fetchone()[0]
    d = app.execute("WITH x AS (DELETE FROM app.concepts WHERE tenant_id = %s RETURNING name) SELECT count(*) FROM x",
                    (B.id,)).fetchone()[0]
    assert (n, d) == (0, 0)


def test_on_conflict_do_update_aimed_at_tenant_bs_key_is_refused(tenantdb, seeded_db, app):
    fails_with(app, "INSERT INTO app.users (tenant_id, id, email, display_name) VALUES (%s, %s, 'x@b.example', 'X')"
                    " ON CONFLICT (tenant_id, id) DO UPDATE SET display_name = 'pwned'", (B.id, STUDENT_B))
    fails_with(app, "INSERT INTO app.users (tenant_id, id, email, display_name) VALUES (%s, %s, 'x@a.example', 'X')"
                    " ON CONFLICT (tenant_id, id) DO UPDATE SET tenant_id = %s", (A.id, ADMIN_A, B.id))
    with tenantdb.connect(seeded_db) as su:
        assert su.execute("SELECT display_name FROM app.users WHERE id = %s", (STUDENT_B,)).fetchone()[0] != "pwned"


def test_foreign_key_probing_cannot_tell_tenant_bs_ids_from_random_ones(app):
    def primary(course: str) -> str:
        with pytest.raises(psycopg.errors.ForeignKeyViolation) as info, app.transaction():
            app.execute("INSERT INTO app.enrollments (tenant_id, user_id, course_id) VALUES (%s, %s, %s)",
                        (A.id, ADMIN_A, course))
        return info.value.diag.message_primary

    assert primary(course_id(B, 0)) == primary(str(uuid.uuid4())), "an existing id of tenant B must look like any id"


def test_unique_probing_cannot_detect_tenant_bs_emails(tenantdb, seeded_db, app):
    email = sorted(b_emails(tenantdb, seeded_db))[0]
    with app.transaction(force_rollback=True):
        app.execute("INSERT INTO app.users (tenant_id, email, display_name) VALUES (%s, %s, 'Probe')", (A.id, email))


def test_error_messages_carry_only_the_callers_values(app):
    message = fails_with(app, "INSERT INTO app.users (tenant_id, email, display_name) VALUES (%s, %s, 'Dup')",
                         (A.id, "admin01@northwind.example"), state="23505")
    assert B.id not in message and "riverside" not in message


def test_statistics_views_hide_row_level_secured_tables(app):
    stats = app.execute("SELECT count(*) FROM pg_stats WHERE schemaname = 'app'").fetchone()[0]
    ext = app.execute("SELECT count(*) FROM pg_stats_ext WHERE schemaname = 'app'").fetchone()[0]
    assert (stats, ext) == (0, 0), "most_common_vals / histograms of RLS tables must not be visible"
    fails_with(app, "SELECT * FROM pg_statistic LIMIT 1")


def test_no_sequence_or_identity_counts_rows_across_tenants(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as su:
        seqs = su.execute("SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                          " WHERE c.relkind = 'S' AND n.nspowner = 'tenantdb_owner'::regrole").fetchall()
    assert seqs == [], f"sequences reveal insert counts across tenants: {seqs}"


def test_listen_notify_carries_nothing_from_the_schema(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db) as su:
        notifying = su.execute("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                               " WHERE n.nspowner = 'tenantdb_owner'::regrole AND p.prosrc ~* '(pg_notify|NOTIFY)'").fetchall()
    assert notifying == [], f"functions that NOTIFY (channels are database-wide): {notifying}"


def test_large_objects_of_others_cannot_be_read(tenantdb, seeded_db, app):
    with tenantdb.connect(seeded_db, autocommit=True) as su:
        oid = su.execute("SELECT lo_from_bytea(0, 'tenant B secret')").fetchone()[0]
    try:
        fails_with(app, "SELECT lo_get(%s)", (oid,))
    finally:
        with tenantdb.connect(seeded_db, autocommit=True) as su:
            su.execute("SELECT lo_unlink(%s)", (oid,))


def test_pg_dump_as_a_client_role_dumps_no_rows(tenantdb, seeded_db):
    conninfo = tenantdb.backend.conninfo(seeded_db, "tenantdb_app")
    plain = subprocess.run([client_bin("pg_dump"), "--data-only", "--table", "app.users", "-d", conninfo],
                           capture_output=True, text=True, timeout=60)
    assert plain.returncode != 0 and "row-level security" in plain.stderr, plain.stderr
    enabled = subprocess.run([client_bin("pg_dump"), "--data-only", "--enable-row-security", "--table", "app.users",
                              "-d", conninfo], capture_output=True, text=True, timeout=60)
    assert enabled.returncode != 0 and "no tenant context" in enabled.stderr, enabled.stderr
    assert "@" not in enabled.stdout, "no context: pg_dump fails and dumps no rows"

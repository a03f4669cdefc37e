"""The catalog-driven isolation proof (tenantdb.prove) over the seeded demo tenants: 0 failures,
and a new client-reachable table without RLS, or a function without a probe, fails by name."""

from __future__ import annotations

from tenantdb import prove


def test_every_table_view_and_function_is_isolated(tenantdb, seeded_db):
    proof = prove.prove(tenantdb.backend, seeded_db)
    for kind, n in prove.relations_checked(proof):
        print(f"{kind:<24} {n:>6}")
    print(f"{'total':<24} {proof.checks:>6}  failures {len(proof.failures)}")
    assert proof.checks > 1000
    assert proof.failures == []


def test_a_new_table_without_rls_fails_the_proof_by_name(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, autocommit=True) as su:
        su.execute("CREATE TABLE app.scratch_notes (tenant_id uuid NOT NULL, id uuid PRIMARY KEY, note text)")
        su.execute("GRANT SELECT, INSERT ON app.scratch_notes TO tenantdb_app")
        su.execute("CREATE FUNCTION app.scratch_lookup(x uuid) RETURNS uuid LANGUAGE sql RETURN x")
        su.execute("GRANT EXECUTE ON FUNCTION app.scratch_lookup(uuid) TO tenantdb_app")
        try:
            proof = prove.prove(tenantdb.backend, seeded_db)
        finally:
            su.execute("DROP TABLE app.scratch_notes")
            su.execute("DROP FUNCTION app.scratch_lookup(uuid)")
    assert any(f.startswith("app.scratch_notes: a client role can reach it but row-level security is not enabled")
               for f in proof.failures), proof.failures
    assert any(f.startswith("app.scratch_lookup(uuid): executable by a client role but has no isolation probe")
               for f in proof.failures), proof.failures


def test_a_tenant_table_without_seeded_rows_fails_the_proof_by_name(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, autocommit=True) as su:
        su.execute("CREATE TABLE app.scratch_empty (tenant_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (tenant_id, id))")
        su.execute("ALTER TABLE app.scratch_empty OWNER TO tenantdb_owner")
        su.execute("SELECT app_private.guard_tenant_table('app.scratch_empty')")
        su.execute("GRANT SELECT ON app.scratch_empty TO tenantdb_app")
        try:
            proof = prove.prove(tenantdb.backend, seeded_db)
        finally:
            su.execute("DROP TABLE app.scratch_empty")
    assert any(f.startswith("app.scratch_empty: no seeded rows for both demo tenants") for f in proof.failures), proof.failures

"""tenantdb.proof and tenantdb.prove_verdict: every proof failure is recorded with what it means (a leak,
a refusal that failed closed, another broken promise) and the role whose session failed, by the check
that found it; the verdict counts those fields and never parses a message (docs/scale-out.md reads the
counts)."""

import pytest

from tenantdb.proof import CATALOG, LEAKED, OTHER, REFUSED, Failure, Proof, refusal_outcome, returned_outcome
from tenantdb.prove_verdict import classify


def test_a_refused_statement_that_reached_rows_leaked():
    assert refusal_outcome(None, 4) == LEAKED  # e.g. an UPDATE without a context changed 4 rows
    assert refusal_outcome(None, 1) == LEAKED  # an INSERT of a tenant-B row succeeded


def test_a_refused_statement_that_ended_in_another_error_failed_closed():
    assert refusal_outcome("0A000", None) == REFUSED
    assert refusal_outcome("23503", 0) == REFUSED


def test_a_refused_statement_that_reached_nothing_is_neither():
    assert refusal_outcome(None, 0) == OTHER
    assert refusal_outcome(None, None) == OTHER  # success, row count unknown


def test_a_call_with_tenant_bs_ids_that_returned_values_leaked():
    assert returned_outcome(None, ["x"]) == LEAKED
    assert returned_outcome("0A000", []) == REFUSED
    assert returned_outcome("42501", []) == OTHER
    assert returned_outcome(None, []) == OTHER


def test_proof_records_every_check_and_each_failure_as_data():
    proof = Proof()
    proof.check("cross-tenant select", True, "unused", subject="app.messages", role="tenantdb_app", outcome=LEAKED)
    proof.check("cross-tenant select", False, "app.messages: student in tenant A sees 3 rows of tenant B",
                subject="app.messages", role="tenantdb_app", outcome=LEAKED)
    proof.check("rls forced", False, "app.x: row-level security is not enabled and forced", subject="app.x")
    assert proof.checks == 3 and proof.counts == {"cross-tenant select": 2, "rls forced": 1}
    assert proof.findings == [
        Failure("app.messages", "tenantdb_app", "cross-tenant select", LEAKED,
                "app.messages: student in tenant A sees 3 rows of tenant B"),
        Failure("app.x", CATALOG, "rls forced", OTHER, "app.x: row-level security is not enabled and forced")]
    assert proof.failures == [f.message for f in proof.findings]


def test_an_unknown_outcome_is_refused_when_recorded():
    with pytest.raises(ValueError, match="outcome must be one of"):
        Proof().check("x", False, "m", outcome="bad")


def test_classify_counts_by_class_and_role_and_names_the_refused():
    verdict = classify([Failure("app.f(uuid)", "tenantdb_service", "function with B's ids", REFUSED, "a"),
                        Failure("app.f(uuid)", "tenantdb_app", "function with B's ids", REFUSED, "b"),
                        Failure("app.messages", "tenantdb_app", "cross-tenant select", LEAKED, "c"),
                        Failure("app.users", "tenantdb_client", "client no token select", LEAKED, "d")])
    assert verdict.by_class == {LEAKED: 2, REFUSED: 2, OTHER: 0}
    assert verdict.by_role["tenantdb_app"] == {LEAKED: 1, REFUSED: 1, OTHER: 0}
    assert verdict.by_role["tenantdb_client"] == {LEAKED: 1, REFUSED: 0, OTHER: 0}
    assert verdict.refused == ["app.f(uuid)"]
    assert "refused (fail closed): app.f(uuid)" in verdict.summary()


def test_the_verdict_does_not_read_messages():
    """The old verdict parsed messages with regular expressions; a message that reads like a leak but
    was recorded as another failure is counted as recorded."""
    verdict = classify([Failure("app.x", CATALOG, "k", OTHER, "app.x: student in tenant A sees 3 rows of tenant B")])
    assert verdict.by_class == {LEAKED: 0, REFUSED: 0, OTHER: 1}

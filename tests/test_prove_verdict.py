"""tenantdb.prove_verdict: every proof failure is classed as a leak, a refusal that failed closed, or
another broken promise, with the client role it concerns (docs/scale-out.md reads these figures)."""

from tenantdb.prove_verdict import LEAKED, OTHER, REFUSED, classify, failure_class, failure_role


def test_rows_of_tenant_b_seen_changed_or_returned_are_leaks():
    for message in ("app.messages: student in tenant A sees 3 rows of tenant B",
                    "app.users: admin in tenant A updated 1 rows of tenant B",
                    "app.users: service in tenant A moved 2 rows to tenant B",
                    "app.users: coach in tenant A inserting a tenant-B row got success, not 42501",
                    "app.users: student without a tenant context: update got success (4 rows), not 42501",
                    "app.search_chunks(vector,integer): student in tenant A called with tenant B's ids got ['x'] (ok)",
                    "tenant B's rows changed during the proof"):
        assert failure_class(message) == LEAKED, message


def test_an_error_other_than_42501_that_returned_nothing_failed_closed():
    assert failure_class("app.share_conversation(uuid): admin in tenant A called with tenant B's ids got [] (0A000)") == REFUSED
    assert failure_class("app.users: educator in tenant A inserting a tenant-B row got 0A000, not 42501") == REFUSED


def test_a_broken_promise_that_reached_nothing_is_neither():
    assert failure_class("app.agents: student without a tenant context: delete got success (0 rows), not 42501") == OTHER
    assert failure_class("app_private.x(): executable by a client role but has no isolation probe in "
                         "tenantdb.prove.FUNCTION_PROBES") == OTHER
    assert failure_class("app.f(): student in tenant A called with tenant B's ids got [] (42501)") == OTHER


def test_each_failure_names_its_database_role():
    assert failure_role("app.messages: student in tenant A sees 3 rows of tenant B") == "tenantdb_app"
    assert failure_role("app.f(uuid): service in tenant A called with tenant B's ids got [] (0A000)") == "tenantdb_service"
    assert failure_role("app.users: rls is not forced") == "catalog"


def test_classify_counts_by_class_and_role_and_names_the_refused():
    verdict = classify(["app.f(uuid): service in tenant A called with tenant B's ids got [] (0A000)",
                        "app.f(uuid): admin in tenant A called with tenant B's ids got [] (0A000)",
                        "app.messages: student in tenant A sees 3 rows of tenant B"])
    assert verdict.by_class == {LEAKED: 1, REFUSED: 2, OTHER: 0}
    assert verdict.by_role["tenantdb_app"] == {LEAKED: 1, REFUSED: 1, OTHER: 0}
    assert verdict.refused == ["app.f(uuid)"]
    assert "refused (fail closed): app.f(uuid)" in verdict.summary()

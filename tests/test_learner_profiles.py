"""tenantdb.learner_profiles: application code gets the tenant and person rules of the database
without writing any tenant plumbing, and bad input is a clear error."""

from __future__ import annotations

import pytest

from tenantdb.errors import BadInput
from tenantdb.factories import LearnerProfileFactory
from tenantdb.learner_profiles import LearnerProfiles, PermissionDenied
from tenantdb.seeds import DEMO_TENANTS
from tenantdb.seeds.identity import user_id
from tenantdb.seeds.learning import learner_id

A, B = DEMO_TENANTS


@pytest.fixture
def app_conn(tenantdb, seeded_db):
    with tenantdb.connect(seeded_db, role="tenantdb_app", autocommit=True) as conn:
        yield conn


def test_a_student_gets_their_own_profile_by_lti_sub_and_nobody_elses(app_conn):
    me = LearnerProfiles(app_conn, A.id, user_id(A, "student", 1))
    mine = me.get_by_lti_sub("lti-northwind-student-01")
    assert mine is not None and mine.id == learner_id(A, 1) and mine.user_id == user_id(A, "student", 1)
    assert me.get_by_lti_sub("lti-northwind-student-02") is None
    assert me.get(learner_id(A, 2)) is None
    assert [p.id for p in me.list()] == [learner_id(A, 1)]


def test_a_student_updates_their_privacy_settings_but_not_anyone_elses(app_conn):
    me = LearnerProfiles(app_conn, A.id, user_id(A, "student", 3))
    updated = me.update(learner_id(A, 3), privacy_settings={"consent": {"analytics": False}, "data_sharing": "none"})
    assert updated is not None and updated.privacy_settings["consent"] == {"analytics": False}
    assert me.update(learner_id(A, 4), privacy_settings={}) is None


def test_a_student_cannot_create_profiles(app_conn):
    me = LearnerProfiles(app_conn, A.id, user_id(A, "student", 1))
    with pytest.raises(PermissionDenied, match="not allowed"):
        me.create(user_id(A, "student", 2), "lti-new")


def test_an_admin_creates_lists_and_deletes(tenantdb, seeded_db, app_conn):
    with tenantdb.connect(seeded_db) as superuser:
        person = LearnerProfileFactory.build(A.id)["lti_user_id"]
        pid = LearnerProfileFactory.create(superuser, A.id, lti_user_id=person)
    admin = LearnerProfiles(app_conn, A.id, user_id(A, "admin", 1))
    assert admin.get(pid).lti_user_id == person
    everyone = admin.list(limit=5)
    assert len(everyone) == 5 and [p.lti_user_id for p in everyone] == sorted(p.lti_user_id for p in everyone)
    rest = admin.list(limit=100, after_lti_user_id=everyone[-1].lti_user_id)
    assert len(everyone) + len(rest) == 9  # 8 seeded students + the factory's
    assert admin.delete(pid) is True
    assert admin.delete(pid) is False


def test_the_other_tenant_is_invisible_even_to_its_admin_of_a(app_conn):
    admin_a = LearnerProfiles(app_conn, A.id, user_id(A, "admin", 1))
    assert admin_a.get(learner_id(B, 1)) is None
    assert all(p.tenant_id == A.id for p in admin_a.list(limit=100))


def test_bad_input_is_named(app_conn):
    admin = LearnerProfiles(app_conn, A.id, user_id(A, "admin", 1))
    with pytest.raises(BadInput, match="already exists"):
        admin.create(user_id(A, "educator", 1), "lti-northwind-student-01")
    with pytest.raises(BadInput, match="learner_profiles_cognitive_profile_shape"):
        admin.update(learner_id(A, 1), cognitive_profile={"learning_velocity": "fast"})
    with pytest.raises(BadInput, match="not a uuid"):
        admin.get("42")
    with pytest.raises(BadInput, match="not a uuid"):
        LearnerProfiles(app_conn, "northwind")
    with pytest.raises(BadInput, match="nothing to update"):
        admin.update(learner_id(A, 1))

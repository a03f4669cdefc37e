"""Cost of the consent policies (learning/consent) for students, educators and admins on one
tenant with N learners (half share their data, five sessions each): the learning_sessions
policy as the array of visible learner ids vs the v0.1.0 OR policy, in a scratch clone of the
test template (dropped afterwards). Prints figures; asserts nothing.

    TENANTDB_PORT=54318 .venv/bin/python scripts/bench_consent.py 20000
"""
import statistics
import sys
import time

from tenantdb.context import tenant_transaction
from tenantdb.settings import APP_ROLE
from tenantdb.testing import TestDatabases

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
T = "44444444-4444-4444-8444-444444444444"
OLD = ("learner_id = (SELECT app_private.current_learner_id()) OR "
       "(SELECT app_private.current_person_role()) IN ('educator', 'coach', 'admin')")
NEW = "learner_id = ANY ((SELECT app_private.visible_learner_ids())::uuid[])"
dbs = TestDatabases.start()
with dbs.clone("bench18") as db:
    with dbs.connect(db) as su:
        su.execute("INSERT INTO app.tenants (id, slug, name) VALUES (%s, 'big', 'Big')", (T,))
        su.execute("INSERT INTO app.users (tenant_id, email, display_name, role, lti_user_id)"
                   " SELECT %s, 'u'||i||'@b.example', 'U'||i, 'student', 'lti-'||i FROM generate_series(1, %s) i", (T, N))
        su.execute("INSERT INTO app.users (tenant_id, email, display_name, role)"
                   " VALUES (%s, 'a@b.example', 'A', 'admin'), (%s, 'e@b.example', 'E', 'educator')", (T, T))
        su.execute("INSERT INTO app.learner_profiles (tenant_id, user_id, lti_user_id, privacy_settings)"
                   " SELECT tenant_id, id, lti_user_id,"
                   "        CASE WHEN random() < 0.5 THEN '{\"data_sharing\": \"institution\"}'::jsonb ELSE '{}' END"
                   " FROM app.users WHERE tenant_id = %s AND role = 'student'", (T,))
        su.execute("INSERT INTO app.learning_sessions (tenant_id, learner_id, course_context)"
                   " SELECT tenant_id, id, 'c' || g FROM app.learner_profiles, generate_series(1, 5) g WHERE tenant_id = %s", (T,))
        su.execute("ANALYZE")
        people = dict(su.execute("SELECT role, min(id::text) FROM app.users WHERE tenant_id = %s GROUP BY role", (T,)).fetchall())
    def timed(person, query, runs=15):
        with dbs.connect(db, role=APP_ROLE) as conn:
            out = []
            for _ in range(runs):
                with tenant_transaction(conn, T, person) as cur:
                    t0 = time.perf_counter()
                    n = cur.execute(query).fetchone()[0]
                    out.append(time.perf_counter() - t0)
            return statistics.median(out) * 1000, n
    for label, expr in (("v0.1.0 OR policy", OLD), ("consent (array)", NEW)):
        with dbs.connect(db) as su:
            su.execute(f"ALTER POLICY learning_sessions_select_app ON app.learning_sessions USING ({expr})")
        for role in ("student", "educator", "admin"):
            ms, n = timed(people[role], "SELECT count(*) FROM app.learning_sessions")
            print(f"{label:18} {role:9} count(*) learning_sessions: {n:7} rows visible, median {ms:7.2f} ms")

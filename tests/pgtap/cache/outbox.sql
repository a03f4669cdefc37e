-- Cache invalidation outbox: every write to a cached table, whoever makes it, records
-- (tenant, kind, key) in cache_private.invalidations in the same transaction; role and membership
-- changes record the person; clients cannot read the outbox; app.cache_visibility() describes
-- only the caller and changes with their role and memberships.
BEGIN;
SELECT plan(11);

SELECT tests.create_tenant('cache-a') AS tenant_a \gset
SELECT tests.create_tenant('cache-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
SELECT tests.create_learner_profile(:'tenant_a', :'student_a') AS profile_a \gset
INSERT INTO app.workspaces (tenant_id, name) VALUES (:'tenant_a', 'cache ws') RETURNING id AS workspace_a \gset
DELETE FROM cache_private.invalidations;

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is(tests.sqlstate_of('SELECT count(*) FROM cache_private.invalidations'), '42501',
          'A client cannot read the outbox (no USAGE on cache_private)');
SELECT ok((SELECT person_role = 'student' FROM app.cache_visibility()), 'cache_visibility() gives the caller''s own role');
SELECT (SELECT visibility_digest FROM app.cache_visibility()) AS digest_before \gset
UPDATE app.learner_profiles SET privacy_settings = '{"data_sharing": "none"}' WHERE id = :'profile_a';
SELECT tests.act_as_superuser();
SELECT results_eq('SELECT tenant_id, kind, object_id FROM cache_private.invalidations',
                  format('VALUES (%L::uuid, ''learner_profile'', %L::uuid)', :'tenant_a', :'profile_a'),
                  'A student''s update of their own profile records the profile for invalidation');

DELETE FROM cache_private.invalidations;
SAVEPOINT before_rollback;
UPDATE app.learner_profiles SET cognitive_profile = '{}' WHERE id = :'profile_a';
ROLLBACK TO SAVEPOINT before_rollback;
SELECT is_empty('SELECT 1 FROM cache_private.invalidations', 'A rolled back write leaves nothing in the outbox');

UPDATE app.users SET display_name = 'renamed' WHERE id = :'student_a';
SELECT is_empty('SELECT 1 FROM cache_private.invalidations', 'A change that is not a role change records nobody');

SELECT tests.act_as(:'tenant_a', :'admin_a');
UPDATE app.users SET role = 'coach' WHERE id = :'student_a';
SELECT tests.act_as_superuser();
SELECT results_eq('SELECT tenant_id, kind, object_id FROM cache_private.invalidations',
                  format('VALUES (%L::uuid, ''viewer'', %L::uuid)', :'tenant_a', :'student_a'),
                  'An admin''s role change records the person whose visibility changed');

DELETE FROM cache_private.invalidations;
INSERT INTO app.workspace_members (tenant_id, workspace_id, user_id) VALUES (:'tenant_a', :'workspace_a', :'student_a');
SELECT results_eq('SELECT kind, object_id FROM cache_private.invalidations',
                  format('VALUES (''viewer'', %L::uuid)', :'student_a'), 'Joining a workspace records the person');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT isnt((SELECT visibility_digest FROM app.cache_visibility()), :'digest_before',
            'The visibility digest changed with the role and the membership');
SELECT tests.act_as(:'tenant_b', :'student_a');
SELECT is_empty('SELECT 1 FROM app.cache_visibility() WHERE person_role IS NOT NULL',
                'Under another tenant''s context the same id describes nobody');

SELECT tests.act_as_superuser();
DELETE FROM cache_private.invalidations;
SELECT tests.act_as_service(:'tenant_a');
INSERT INTO app.user_sessions (tenant_id, user_id, expires_at) VALUES (:'tenant_a', :'student_a', now() + interval '1 hour');
SELECT tests.act_as_superuser();
SELECT results_eq('SELECT kind FROM cache_private.invalidations', $$VALUES ('user_session')$$,
                  'A login (service role) records the new session');
SELECT tests.act_as_service(:'tenant_a');
SELECT is(tests.sqlstate_of('DELETE FROM cache_private.invalidations'), '42501',
          'The service role cannot empty the outbox either');

SELECT * FROM finish();
ROLLBACK;

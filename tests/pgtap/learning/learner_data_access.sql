-- Learner data (learning_sessions, struggle_events, intervention_logs): a student reads only
-- their own, educators and coaches those of learners who share their data (consent), only
-- admins and the platform write, and without a tenant context nothing is visible.
BEGIN;
SELECT plan(12);
-- Setup and superuser counts name this file's tenant: the database may hold others (a seeded one).

SELECT tests.create_tenant('ld-a') AS tenant_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'coach') AS coach_a \gset
SELECT tests.create_learner_profile(:'tenant_a', :'student_a') AS me \gset
SELECT tests.create_learner_profile(:'tenant_a') AS other \gset
UPDATE app.learner_profiles SET privacy_settings = '{"data_sharing": "institution"}' WHERE id = :'other';
INSERT INTO app.learning_sessions (tenant_id, learner_id, course_context)
SELECT :'tenant_a', l, 'ctx-1' FROM unnest(ARRAY[:'me', :'other']::uuid[]) AS l;
INSERT INTO app.struggle_events (tenant_id, learner_id, session_id, kind, severity)
SELECT tenant_id, learner_id, id, 'long_pause', 0.5 FROM app.learning_sessions WHERE tenant_id = :'tenant_a';
INSERT INTO app.intervention_logs (tenant_id, learner_id, session_id, struggle_event_id, intervention_type)
SELECT tenant_id, learner_id, session_id, id, 'hint' FROM app.struggle_events WHERE tenant_id = :'tenant_a';

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is((SELECT count(*) FROM app.learning_sessions), 1::bigint, 'A student sees only their own learning session');
SELECT is((SELECT count(*) FROM app.struggle_events WHERE learner_id = :'me'::uuid), 1::bigint, 'A student sees their own struggle event ...');
SELECT is((SELECT count(*) FROM app.struggle_events WHERE learner_id <> :'me'::uuid), 0::bigint, '... and nobody else''s');
SELECT is((SELECT count(*) FROM app.intervention_logs), 1::bigint, 'A student sees only their own interventions');
SELECT throws_ok(format($$INSERT INTO app.learning_sessions (tenant_id, learner_id, course_context) VALUES (%L, %L, 'ctx-2')$$,
                        :'tenant_a', :'me'),
                 '42501', NULL, 'A student cannot record learning sessions, not even their own');

SELECT tests.act_as(:'tenant_a', :'coach_a');
SELECT is((SELECT count(*) FROM app.learning_sessions), 1::bigint, 'A coach reads the sessions of the learner who shares their data, not the other''s');
SELECT is((SELECT count(*) FROM app.intervention_logs), 1::bigint, 'A coach reads the interventions of the learner who shares their data only');
SELECT is((SELECT count(*) FROM app.struggle_events WHERE learner_id = :'me'::uuid), 0::bigint,
          'A coach does not see the struggles of a learner who shares nothing (data_sharing absent means none)');
SELECT is((SELECT tests.sqlstate_of('DELETE FROM app.struggle_events')), NULL, 'A coach''s delete raises nothing ...');

SELECT tests.act_as(:'tenant_a', :'student_a');
UPDATE app.learner_profiles SET privacy_settings = '{"data_sharing": "institution"}' WHERE id = :'me';
SELECT tests.act_as(:'tenant_a', :'coach_a');
SELECT is((SELECT count(*) FROM app.learning_sessions), 2::bigint, 'Once the student shares their data, the coach reads their sessions too');

SELECT tests.act_as(:'tenant_a', NULL);
SELECT tests.clear_context();
SELECT throws_ok('SELECT count(*) FROM app.learning_sessions', '42501', NULL, 'Without a tenant context reading sessions fails loudly');

SELECT tests.act_as_superuser();
SELECT is((SELECT count(*) FROM app.struggle_events WHERE tenant_id = :'tenant_a'), 2::bigint, '... and deleted nothing (coaches only read)');

SELECT * FROM finish();
ROLLBACK;

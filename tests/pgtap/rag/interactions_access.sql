-- Interactions: students see their own (in the table and in app.v_user_interactions), staff see
-- all of the tenant's, nobody records an interaction in someone else's name.
BEGIN;
SELECT plan(6);

SELECT tests.create_tenant('ia-a') AS tenant_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS classmate_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
INSERT INTO app.interactions (tenant_id, user_id, service_type, latency_ms)
VALUES (:'tenant_a', :'student_a', 'rag_query', 120), (:'tenant_a', :'classmate_a', 'chat', 300);

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is((SELECT count(*) FROM app.interactions), 1::bigint, 'A student sees only their own interactions');
SELECT is((SELECT count(*) FROM app.v_user_interactions), 1::bigint, '... and so does the read model');
SELECT lives_ok(format($$INSERT INTO app.interactions (tenant_id, user_id, service_type) VALUES (%L, %L, 'quiz')$$, :'tenant_a', :'student_a'),
                'A student''s own request is recorded');
SELECT throws_ok(format($$INSERT INTO app.interactions (tenant_id, user_id, service_type) VALUES (%L, %L, 'quiz')$$, :'tenant_a', :'classmate_a'),
                 '42501', NULL, 'Nobody records an interaction in someone else''s name');

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT is((SELECT count(*) FROM app.interactions), 3::bigint, 'An educator sees every interaction of the tenant');
SELECT is((SELECT count(*) FROM app.v_user_interactions WHERE user_role = 'student'), 3::bigint, '... with who made them');

SELECT * FROM finish();
ROLLBACK;

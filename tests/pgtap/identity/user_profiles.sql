-- User profiles are personal: the person reads and updates their own, an educator cannot read a
-- student's, an admin reads all of the tenant's.
BEGIN;
SELECT plan(5);

SELECT tests.create_tenant('up-a') AS tenant_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
INSERT INTO app.user_profiles (tenant_id, user_id, bio) VALUES (:'tenant_a', :'student_a', 'hello'), (:'tenant_a', :'educator_a', 'teach');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT results_eq('SELECT bio FROM app.user_profiles', $$VALUES ('hello'::text)$$, 'A student reads only their own profile');
SELECT lives_ok($$UPDATE app.user_profiles SET locale = 'de-CH'$$, 'A student updates their own profile');
SELECT throws_ok($$UPDATE app.user_profiles SET locale = 'german'$$, '23514', NULL, 'A malformed locale is rejected');

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT results_eq('SELECT bio FROM app.user_profiles', $$VALUES ('teach'::text)$$, 'An educator cannot read a student''s profile');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT is((SELECT count(*) FROM app.user_profiles), 2::bigint, 'An admin reads every profile of the tenant');

SELECT * FROM finish();
ROLLBACK;

-- Learner profiles: LTI subjects are unique per tenant only, JSON documents keep their shape,
-- a student reads and updates only their own profile, staff read every learner's, and no row
-- moves to another tenant.
BEGIN;
SELECT plan(12);

SELECT tests.create_tenant('lp-a') AS tenant_a \gset
SELECT tests.create_tenant('lp-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'coach') AS coach_a \gset
SELECT tests.create_learner_profile(:'tenant_a', :'student_a', 'lti-sub-1') AS profile_a \gset
SELECT tests.create_learner_profile(:'tenant_a', NULL, 'lti-sub-2') AS other_profile_a \gset
SELECT tests.create_learner_profile(:'tenant_b', NULL, 'lti-sub-1') AS profile_b \gset

SELECT pass('The same LTI subject exists in two tenants (uniqueness is per tenant)');
SELECT throws_ok(format($$INSERT INTO app.learner_profiles (tenant_id, user_id, lti_user_id) VALUES (%L, %L, 'lti-sub-2')$$,
                        :'tenant_a', tests.create_user(:'tenant_a')),
                 '23505', NULL, 'A second profile with the same LTI subject in one tenant is rejected');
SELECT throws_ok(format($$UPDATE app.learner_profiles SET cognitive_profile = '{"learning_velocity": "fast"}' WHERE id = %L$$, :'profile_a'),
                 '23514', NULL, 'learning_velocity must be a number');
SELECT throws_ok(format($$UPDATE app.learner_profiles SET privacy_settings = '{"consent": {"analytics": "yes"}}' WHERE id = %L$$, :'profile_a'),
                 '23514', NULL, 'Consent flags must be booleans');
SELECT throws_ok(format($$UPDATE app.learner_profiles SET cognitive_profile = '[]' WHERE id = %L$$, :'profile_a'),
                 '23514', NULL, 'The cognitive profile must be a JSON object');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT results_eq('SELECT id FROM app.learner_profiles', ARRAY[:'profile_a'::uuid], 'A student sees only their own learner profile');
SELECT lives_ok(format($$UPDATE app.learner_profiles SET privacy_settings = '{"consent": {"analytics": false}, "data_sharing": "none"}' WHERE id = %L$$, :'profile_a'),
                'A student updates their own privacy settings');
SELECT is((SELECT tests.sqlstate_of(format($$UPDATE app.learner_profiles SET privacy_settings = '{}' WHERE id = %L$$, :'other_profile_a'))),
          NULL, 'A student''s update of another learner''s profile touches nothing ...');
SELECT throws_ok(format('UPDATE app.learner_profiles SET tenant_id = %L WHERE id = %L', :'tenant_b', :'profile_a'),
                 '42501', NULL, 'A profile cannot be moved to another tenant');

SELECT tests.act_as(:'tenant_a', :'coach_a');
SELECT is((SELECT count(*) FROM app.learner_profiles), 0::bigint,
          'A coach reads no learner profile whose learner shares nothing (consent), none of tenant B');
SELECT tests.act_as(:'tenant_a', :'student_a');
UPDATE app.learner_profiles SET privacy_settings = '{"data_sharing": "institution"}' WHERE id = :'profile_a';
SELECT tests.act_as(:'tenant_a', :'coach_a');
SELECT results_eq('SELECT id FROM app.learner_profiles', ARRAY[:'profile_a'::uuid],
                  'Once the student shares their data with the institution, the coach reads their profile');

SELECT tests.act_as_superuser();
SELECT is((SELECT privacy_settings FROM app.learner_profiles WHERE id = :'other_profile_a'::uuid), '{}'::jsonb,
          '... and the other profile is unchanged');

SELECT * FROM finish();
ROLLBACK;

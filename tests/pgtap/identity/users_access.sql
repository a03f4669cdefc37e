-- app.users as the user-facing role: students see themselves, staff see the roster, only admins
-- write other people, nobody changes their own role, and tenant B stays invisible and untouchable.
BEGIN;
SELECT plan(14);

SELECT tests.create_tenant('users-a') AS tenant_a \gset
SELECT tests.create_tenant('users-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student', 'same@example.com') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
SELECT tests.create_user(:'tenant_b', 'student', 'same@example.com') AS student_b \gset

SELECT is((SELECT count(*) FROM app.users WHERE email = 'same@example.com'), 2::bigint,
          'The same email exists in two tenants (uniqueness is per tenant)');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT results_eq('SELECT id FROM app.users', ARRAY[:'student_a'::uuid], 'A student sees only their own user row');
SELECT lives_ok(format('UPDATE app.users SET display_name = %L WHERE id = %L', 'New Name', :'student_a'),
                'A student can update their own profile fields');
SELECT throws_ok(format('UPDATE app.users SET role = %L WHERE id = %L', 'admin', :'student_a'),
                 '42501', 'only a tenant admin can change a user''s role', 'A student cannot change their own role');
SELECT is((SELECT tests.sqlstate_of(format('UPDATE app.users SET display_name = %L WHERE id = %L', 'X', :'educator_a'))),
          NULL, 'A student''s update of another user is silently limited to visible rows');
SELECT throws_ok(format($$INSERT INTO app.users (tenant_id, email, display_name) VALUES (%L, 'n@a.example', 'N')$$, :'tenant_a'),
                 '42501', NULL, 'A student cannot add users');

SELECT tests.act_as_superuser();
SELECT is((SELECT display_name FROM app.users WHERE id = :'educator_a'::uuid) <> 'X', true,
          'The student''s update of another user changed nothing');

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT is((SELECT count(*) FROM app.users), 3::bigint, 'An educator reads the tenant''s whole roster');
SELECT is((SELECT count(*) FROM app.users WHERE tenant_id = :'tenant_b'::uuid), 0::bigint, 'An educator sees nobody of tenant B');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT lives_ok(format('UPDATE app.users SET role = %L WHERE id = %L', 'coach', :'educator_a'), 'An admin changes a user''s role');
SELECT is((SELECT tests.sqlstate_of(format('UPDATE app.users SET display_name = %L WHERE id = %L', 'Hacked', :'student_b'))),
          NULL, 'An admin''s update aimed at tenant B raises nothing ...');
SELECT throws_ok(format($$INSERT INTO app.users (tenant_id, email, display_name) VALUES (%L, 'i@b.example', 'I')$$, :'tenant_b'),
                 '42501', NULL, 'An admin of A cannot insert a user into tenant B');
SELECT throws_ok(format('UPDATE app.users SET tenant_id = %L WHERE id = %L', :'tenant_b', :'student_a'),
                 '42501', NULL, 'A row cannot be moved to another tenant');

SELECT tests.act_as_superuser();
SELECT is((SELECT display_name FROM app.users WHERE id = :'student_b'::uuid) <> 'Hacked', true,
          '... and changed nothing in tenant B');

SELECT * FROM finish();
ROLLBACK;

-- Sessions and tokens: a person sees only their own; expired sessions are cleaned up in
-- batches; a single-use token works once and only before it expires; no plaintext is storable.
BEGIN;
SELECT plan(10);

SELECT tests.create_tenant('auth-a') AS tenant_a \gset
SELECT tests.create_tenant('auth-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
SELECT tests.create_user(:'tenant_b', 'student') AS student_b \gset
INSERT INTO app.user_sessions (tenant_id, user_id, created_at, last_accessed_at, expires_at) VALUES
    (:'tenant_a', :'student_a', now() - interval '2 days', now() - interval '2 days', now() - interval '1 day'),
    (:'tenant_a', :'student_a', now(), now(), now() + interval '1 day'),
    (:'tenant_a', :'educator_a', now(), now(), now() + interval '1 day'),
    (:'tenant_b', :'student_b', now() - interval '2 days', now() - interval '2 days', now() - interval '1 day');
INSERT INTO app.auth_tokens (tenant_id, user_id, purpose, token_sha256, created_at, expires_at) VALUES
    (:'tenant_a', :'student_a', 'password_reset', sha256('reset-me'), now() - interval '1 hour', now() + interval '1 hour'),
    (:'tenant_a', :'student_a', 'magic_link', sha256('too-late'), now() - interval '2 hours', now() - interval '1 hour');

SELECT throws_ok(format($$INSERT INTO app.auth_tokens (tenant_id, user_id, purpose, token_sha256, expires_at) VALUES (%L, %L, 'api', convert_to('plaintext-token', 'UTF8'), now() + interval '1 day')$$,
                        :'tenant_a', :'student_a'),
                 '23514', NULL, 'A token that is not a 32-byte SHA-256 digest cannot be stored');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is((SELECT count(*) FROM app.user_sessions), 2::bigint, 'A student sees only their own sessions');
SELECT is((SELECT count(*) FROM app.user_sessions WHERE expires_at > now()), 1::bigint, 'One of them is active');
SELECT is((SELECT count(*) FROM app.auth_tokens), 2::bigint, 'A student sees their own tokens (hashes only)');

SELECT tests.act_as_service(:'tenant_a');
SELECT is(app.consume_auth_token('reset-me', 'password_reset'), :'student_a'::uuid, 'A valid single-use token identifies its user ...');
SELECT is(app.consume_auth_token('reset-me', 'password_reset'), NULL, '... once');
SELECT is(app.consume_auth_token('too-late', 'magic_link'), NULL, 'An expired token is refused');
SELECT is(app.delete_expired_sessions(), 1::bigint, 'The service role cleans up its tenant''s expired sessions only');

SELECT tests.act_as_superuser();
SELECT is((SELECT count(*) FROM app.user_sessions WHERE tenant_id = :'tenant_b'::uuid), 1::bigint,
          'Tenant B''s expired session is untouched by tenant A''s cleanup');
-- Every expired session of the database: 1 (tenant B's) in an empty one, more where others have tenants.
SELECT count(*) AS expired_everywhere FROM app.user_sessions WHERE expires_at <= now() \gset
SET LOCAL ROLE tenantdb_maintenance;
SELECT is(app.delete_expired_sessions(), :'expired_everywhere'::bigint, 'The maintenance role cleans up across tenants');

SELECT * FROM finish();
ROLLBACK;

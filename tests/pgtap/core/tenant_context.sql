-- The tenant-context contract, as the user-facing role: no context means no rows and no writes;
-- a malformed context is an error naming the setting; the context lasts one transaction.
BEGIN;
SELECT plan(12);

SELECT tests.create_tenant('ctx-a') AS tenant_a \gset
SELECT tests.create_tenant('ctx-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset

SELECT tests.act_as(NULL, NULL);
SELECT is(current_user::text, 'tenantdb_app', 'The test runs as the user-facing role');
SELECT is((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false,
          'The user-facing role neither is a superuser nor bypasses RLS');
SELECT is(app.current_tenant_id(), NULL, 'Without a context the tenant accessor returns NULL');
SELECT is((SELECT count(*) FROM app.tenants), 0::bigint, 'Without a context no tenant row is visible');
SELECT is((SELECT count(*) FROM app.users), 0::bigint, 'Without a context no user is visible');
SELECT throws_ok(
    format($$INSERT INTO app.users (tenant_id, email, display_name) VALUES (%L, 'x@y.example', 'X')$$, :'tenant_a'),
    '42501', 'INSERT on app.users needs a tenant context',
    'Without a context an INSERT fails with 42501 and says why');
SELECT throws_ok('UPDATE app.users SET display_name = ''y''', '42501', NULL,
                 'Without a context an UPDATE fails with 42501');
SELECT throws_ok('DELETE FROM app.users', '42501', NULL, 'Without a context a DELETE fails with 42501');

SELECT set_config('app.tenant_id', 'garbage', true);
SELECT throws_ok('SELECT count(*) FROM app.users', '22P02',
                 'invalid tenant context: app.tenant_id is ''garbage'', which is not a uuid',
                 'A malformed tenant id is an error that names the setting');
SELECT set_config('app.tenant_id', '{' || :'tenant_a' || '}', true);
SELECT throws_ok('SELECT count(*) FROM app.users', '22P02', NULL,
                 'A non-canonical spelling of a real tenant id is rejected, not mapped');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT is((SELECT array_agg(slug) FROM app.tenants), ARRAY['ctx-a'], 'With a context only that tenant''s row is visible');
SELECT is(app.current_tenant_id(), :'tenant_a'::uuid, 'The accessor returns the tenant set for this transaction');

SELECT * FROM finish();
ROLLBACK;

-- The tenant-context contract, as the user-facing role: no context means every query fails loudly
-- (42501, naming the setting and the fix) and no writes; a malformed id is an error; the context is
-- set by one call, app.set_context(), and lasts one transaction.
BEGIN;
SELECT plan(13);

SELECT tests.create_tenant('ctx-a') AS tenant_a \gset
SELECT tests.create_tenant('ctx-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset

SELECT tests.act_as(NULL, NULL);
SELECT is(current_user::text, 'tenantdb_app', 'The test runs as the user-facing role');
SELECT is((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false,
          'The user-facing role neither is a superuser nor bypasses RLS');
SELECT throws_ok('SELECT app.current_tenant_id()', '42501', 'no tenant context: app.tenant_id is not set for this transaction',
                 'Without a context the tenant accessor fails, naming the setting');
SELECT throws_ok('SELECT count(*) FROM app.tenants', '42501', NULL,
                 'Without a context reading the tenants fails instead of returning an empty result');
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'Without a context reading the users fails instead of returning an empty result');
SELECT throws_ok(
    format($$INSERT INTO app.users (tenant_id, email, display_name) VALUES (%L, 'x@y.example', 'X')$$, :'tenant_a'),
    '42501', 'INSERT on app.users needs a tenant context',
    'Without a context an INSERT fails with 42501 and says why');
SELECT throws_ok('UPDATE app.users SET display_name = ''y''', '42501', NULL,
                 'Without a context an UPDATE fails with 42501');
SELECT throws_ok('DELETE FROM app.users', '42501', NULL, 'Without a context a DELETE fails with 42501');

SELECT throws_ok($$SELECT app.set_context('garbage', NULL)$$, '22P02', NULL,
                 'A malformed tenant id is an error, never a default');
SELECT throws_ok('SELECT app.set_context(NULL, NULL)', '22004', 'app.set_context() needs a tenant id',
                 'A missing tenant id is an error, never a default');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT is((SELECT array_agg(slug) FROM app.tenants), ARRAY['ctx-a'], 'With a context only that tenant''s row is visible');
SELECT is(app.current_tenant_id(), :'tenant_a'::uuid, 'The accessor returns the tenant set for this transaction');
SELECT is(app.current_user_id(), :'admin_a'::uuid, 'The accessor returns the person set for this transaction');

SELECT * FROM finish();
ROLLBACK;

-- The context is bound and signed: values written by hand (app.tenant_id, app.user_id, even a
-- copied or made-up app.context_stamp) are no context; only app.set_context() makes one.
BEGIN;
SELECT plan(6);

SELECT tests.create_tenant('bound-a') AS tenant_a \gset
SELECT tests.create_tenant('bound-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
SELECT tests.create_user(:'tenant_b', 'admin') AS admin_b \gset

SELECT tests.act_as(NULL, NULL);
SELECT set_config('app.tenant_id', :'tenant_a', true), set_config('app.user_id', :'admin_a', true);
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'The settings written by hand, without a stamp, are no context');
SELECT 'stamp: ' || set_config('app.context_stamp', pg_backend_pid() || ':' || ((date_part('epoch', now()) * 1000000)::bigint) || ':' || repeat('0', 64), true);
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'A stamp with the right binding but a guessed signature is no context');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT ok((SELECT count(*) FROM app.users) > 0, 'app.set_context() makes a context: the admin sees the roster');
SELECT set_config('app.tenant_id', :'tenant_b', true);
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'Swapping the tenant after set_context() breaks the signature: no context');
SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT set_config('app.user_id', :'admin_b', true);
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'Swapping the person after set_context() breaks the signature: no context');
SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT 'stamp: ' || set_config('app.context_stamp', '1:1:' || split_part(current_setting('app.context_stamp'), ':', 3), true);
SELECT throws_ok('SELECT count(*) FROM app.users', '42501', NULL,
                 'A signature moved onto another binding (another backend or transaction) is no context');
SELECT * FROM finish();
ROLLBACK;

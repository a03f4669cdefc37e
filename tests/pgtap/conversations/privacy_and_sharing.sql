-- Conversations are private: an educator cannot read a student's chat, an admin can
-- (compliance), a message cannot be slipped into someone else's conversation, and a share token
-- opens exactly one conversation while sharing is on - never one of another tenant.
BEGIN;
SELECT plan(12);

SELECT tests.create_tenant('chat-a') AS tenant_a \gset
SELECT tests.create_tenant('chat-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS classmate_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
SELECT tests.create_user(:'tenant_b', 'student') AS student_b \gset
SELECT tests.create_conversation(:'tenant_a', :'student_a', 4) AS chat_a \gset
SELECT tests.create_conversation(:'tenant_b', :'student_b', 2) AS chat_b \gset

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT is_empty('SELECT * FROM app.messages', 'An educator cannot read a student''s chat messages');
SELECT is_empty('SELECT * FROM app.conversations', 'An educator cannot see a student''s conversations');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT is((SELECT count(*) FROM app.messages), 4::bigint, 'An admin reads every message of the tenant (compliance), none of tenant B');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT lives_ok(format($$INSERT INTO app.messages (tenant_id, conversation_id, role, content) VALUES (%L, %L, 'user', 'hello')$$,
                       :'tenant_a', :'chat_a'),
                'A student writes into their own conversation without naming its owner (filled in)');
SELECT tests.share_token AS token FROM (SELECT app.share_conversation(:'chat_a') AS share_token) AS tests \gset
SELECT is(length(:'token'), 64, 'Sharing returns a 64-character token once');
SELECT is((SELECT count(*) FROM app.conversations WHERE share_token_sha256 = sha256(convert_to(:'token', 'UTF8'))), 1::bigint,
          'Only the token''s SHA-256 is stored');

SELECT tests.act_as(:'tenant_a', :'classmate_a');
SELECT throws_ok(format($$INSERT INTO app.messages (tenant_id, conversation_id, role, content) VALUES (%L, %L, 'user', 'boo')$$,
                        :'tenant_a', :'chat_a'),
                 '42501', NULL, 'A classmate cannot write into someone else''s conversation');
SELECT is((SELECT count(*) FROM app.read_shared_conversation(:'token')), 5::bigint,
          'A classmate holding the token reads the shared conversation');
SELECT is_empty('SELECT * FROM app.messages', '... but still not through the table');
SELECT is_empty($$SELECT * FROM app.read_shared_conversation('not-the-token')$$, 'A wrong token opens nothing');

SELECT tests.act_as(:'tenant_b', :'student_b');
SELECT is_empty(format('SELECT * FROM app.read_shared_conversation(%L)', :'token'),
                'The token opens nothing from another tenant');

SELECT tests.act_as(:'tenant_a', :'student_a');
UPDATE app.conversations SET share_enabled = false WHERE id = :'chat_a';
SELECT tests.act_as(:'tenant_a', :'classmate_a');
SELECT is_empty(format('SELECT * FROM app.read_shared_conversation(%L)', :'token'),
                'After sharing is turned off the token opens nothing');

SELECT * FROM finish();
ROLLBACK;

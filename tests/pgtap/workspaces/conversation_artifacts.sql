-- Traceability links: a person links their own conversation to an artifact they can see, never
-- someone else's conversation or an artifact of a workspace they are not in; a linked message
-- must belong to the linked conversation; admins see every link of the tenant.
BEGIN;
SELECT plan(8);

SELECT tests.create_tenant('trace-a') AS tenant_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS classmate_a \gset
SELECT tests.create_user(:'tenant_a', 'admin') AS admin_a \gset
INSERT INTO app.workspaces (tenant_id, name) VALUES (:'tenant_a', 'Project') RETURNING id AS project \gset
INSERT INTO app.workspaces (tenant_id, name) VALUES (:'tenant_a', 'Secret') RETURNING id AS secret \gset
INSERT INTO app.workspace_members (tenant_id, workspace_id, user_id, member_role) VALUES (:'tenant_a', :'project', :'student_a', 'viewer');
INSERT INTO app.artifacts (tenant_id, workspace_id, name, artifact_type) VALUES (:'tenant_a', :'project', 'PRD', 'prd') RETURNING id AS prd \gset
INSERT INTO app.artifacts (tenant_id, workspace_id, name, artifact_type) VALUES (:'tenant_a', :'secret', 'Plan', 'design') RETURNING id AS plan_artifact \gset
SELECT tests.create_conversation(:'tenant_a', :'student_a', 2) AS chat \gset
SELECT tests.create_conversation(:'tenant_a', :'classmate_a', 2) AS other_chat \gset
SELECT id AS other_message FROM app.messages WHERE conversation_id = :'other_chat' LIMIT 1 \gset
SELECT tests.create_conversation(:'tenant_a', :'student_a', 1) AS second_chat \gset
SELECT id AS second_chat_message FROM app.messages WHERE conversation_id = :'second_chat' LIMIT 1 \gset

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT lives_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, artifact_id, workspace_id)
                         VALUES (%L, %L, %L, %L, %L)$$, :'tenant_a', :'chat', :'student_a', :'prd', :'project'),
                'A student links their own conversation to an artifact of their workspace');
SELECT throws_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, artifact_id, workspace_id)
                          VALUES (%L, %L, %L, %L, %L)$$, :'tenant_a', :'chat', :'student_a', :'plan_artifact', :'secret'),
                 '42501', NULL, '... but not to an artifact of a workspace they are not in');
SELECT throws_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, artifact_id, workspace_id)
                          VALUES (%L, %L, %L, %L, %L)$$, :'tenant_a', :'other_chat', :'classmate_a', :'prd', :'project'),
                 '42501', NULL, '... nor someone else''s conversation');
SELECT throws_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, message_id, artifact_id, workspace_id)
                          VALUES (%L, %L, %L, %L, %L, %L)$$, :'tenant_a', :'chat', :'student_a', :'other_message', :'prd', :'project'),
                 '23503', NULL, 'A message of someone else''s conversation is never linked');
SELECT throws_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, message_id, artifact_id, workspace_id)
                          VALUES (%L, %L, %L, %L, %L, %L)$$, :'tenant_a', :'chat', :'student_a', :'second_chat_message', :'prd', :'project'),
                 '23503', NULL, 'A linked message must belong to the linked conversation');
SELECT throws_ok(format($$INSERT INTO app.conversation_artifacts (tenant_id, conversation_id, user_id, artifact_id, workspace_id)
                          VALUES (%L, %L, %L, %L, %L)$$, :'tenant_a', :'chat', :'student_a', :'prd', :'secret'),
                 '42501', NULL, 'An artifact cannot be claimed for another workspace');

SELECT tests.act_as(:'tenant_a', :'classmate_a');
SELECT is_empty('SELECT * FROM app.conversation_artifacts', 'A classmate sees nobody else''s links');

SELECT tests.act_as(:'tenant_a', :'admin_a');
SELECT is((SELECT count(*) FROM app.conversation_artifacts), 1::bigint, 'An admin sees every link of the tenant');

SELECT * FROM finish();
ROLLBACK;

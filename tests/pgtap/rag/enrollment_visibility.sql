-- Course content follows enrollment: a student sees a course's documents and chunks exactly
-- while enrolled; staff see everything of the tenant; nothing of another tenant is visible,
-- and a chunk cannot be attached to a course other than its document's.
BEGIN;
SELECT plan(9);

SELECT tests.create_tenant('rag-a') AS tenant_a \gset
SELECT tests.create_tenant('rag-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_user(:'tenant_a', 'coach') AS coach_a \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
INSERT INTO app.courses (tenant_id, code, name) VALUES (:'tenant_a', 'BIO-1', 'Biology') RETURNING id AS bio \gset
INSERT INTO app.courses (tenant_id, code, name) VALUES (:'tenant_a', 'CHEM-1', 'Chemistry') RETURNING id AS chem \gset
INSERT INTO app.courses (tenant_id, code, name) VALUES (:'tenant_b', 'BIO-1', 'Biology B') RETURNING id AS bio_b \gset
INSERT INTO app.documents (tenant_id, course_id, title, file_path, content_type) VALUES
    (:'tenant_a', :'bio', 'Cells', 'bio/cells.pdf', 'application/pdf'),
    (:'tenant_a', :'chem', 'Atoms', 'chem/atoms.pdf', 'application/pdf'),
    (:'tenant_b', :'bio_b', 'Cells B', 'bio/cells.pdf', 'application/pdf');
INSERT INTO app.document_chunks (tenant_id, document_id, chunk_id, content, embedding, embedding_model, embedding_version)
SELECT d.tenant_id, d.id, 0, d.title || ' chunk', array_fill(0.1, ARRAY[384])::real[]::public.vector, 'test', '1'
FROM app.documents d
WHERE d.tenant_id IN (:'tenant_a', :'tenant_b');  -- this file's documents only: the database may hold others (a seeded one, a Citus run)
INSERT INTO app.enrollments (tenant_id, user_id, course_id) VALUES (:'tenant_a', :'student_a', :'bio');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT results_eq('SELECT code FROM app.courses', $$VALUES ('BIO-1'::text)$$, 'A student sees only the course they are enrolled in');
SELECT results_eq('SELECT title FROM app.documents', $$VALUES ('Cells'::text)$$, 'A student sees only documents of their course');
SELECT results_eq('SELECT content FROM app.document_chunks', $$VALUES ('Cells chunk'::text)$$, 'A student sees only chunks of their course');
SELECT is((SELECT count(*) FROM app.search_chunks(array_fill(0.1, ARRAY[384])::real[]::public.vector, 10)), 1::bigint,
          'Vector search returns only chunks the student may see');

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT lives_ok(format('DELETE FROM app.enrollments WHERE user_id = %L', :'student_a'), 'An educator unenrolls the student');
SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is_empty('SELECT * FROM app.v_rag_documents', 'Once unenrolled, the student sees no document of the course');

SELECT tests.act_as(:'tenant_a', :'coach_a');
SELECT is((SELECT count(*) FROM app.v_rag_chunks), 2::bigint, 'A coach sees every chunk of the tenant, none of tenant B');
SELECT throws_ok(format($$INSERT INTO app.documents (tenant_id, course_id, title, file_path, content_type) VALUES (%L, %L, 'X', 'x.pdf', 'application/pdf')$$,
                        :'tenant_a', :'bio'),
                 '42501', NULL, 'A coach cannot add documents');

SELECT tests.act_as_superuser();
SELECT throws_ok(format($$INSERT INTO app.document_chunks (tenant_id, document_id, course_id, chunk_id, content, embedding, embedding_model, embedding_version)
                          SELECT tenant_id, id, %L, 1, 'moved', array_fill(0.1, ARRAY[384])::real[]::public.vector, 'test', '1'
                          FROM app.documents WHERE title = 'Cells'$$, :'chem'),
                 '23503', NULL, 'A chunk cannot claim a course other than its document''s (composite foreign key)');

SELECT * FROM finish();
ROLLBACK;

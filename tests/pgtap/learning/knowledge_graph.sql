-- The knowledge graph: prerequisites stay inside the tenant, a cycle (of any length) is rejected
-- with a message naming it, and one call returns every transitive prerequisite, nearest first.
BEGIN;
SELECT plan(10);

SELECT tests.create_tenant('graph-a') AS tenant_a \gset
SELECT tests.create_tenant('graph-b') AS tenant_b \gset
SELECT tests.create_user(:'tenant_a', 'educator') AS educator_a \gset
SELECT tests.create_user(:'tenant_a', 'student') AS student_a \gset
SELECT tests.create_concept(:'tenant_a', 'Numbers') AS numbers \gset
SELECT tests.create_concept(:'tenant_a', 'Fractions') AS fractions \gset
SELECT tests.create_concept(:'tenant_a', 'Ratios') AS ratios \gset
SELECT tests.create_concept(:'tenant_a', 'Algebra') AS algebra \gset
SELECT tests.create_concept(:'tenant_b', 'Secret concept') AS foreign_concept \gset

SELECT tests.act_as(:'tenant_a', :'educator_a');
SELECT lives_ok(format($$INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id) VALUES
                          (%1$L, %2$L, %3$L), (%1$L, %4$L, %2$L), (%1$L, %5$L, %4$L), (%1$L, %5$L, %3$L)$$,
                       :'tenant_a', :'fractions', :'numbers', :'ratios', :'algebra'),
                'An educator adds prerequisites: Fractions <- Numbers, Ratios <- Fractions, Algebra <- Ratios and Numbers');
SELECT throws_ok(format($$INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id) VALUES (%L, %L, %L)$$,
                        :'tenant_a', :'numbers', :'algebra'),
                 '23514', 'prerequisite cycle: Numbers -> Algebra -> Numbers (a concept would be its own prerequisite)',
                 'A cycle is rejected with its shortest path');
SELECT throws_ok(format($$INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id) VALUES (%L, %L, %L)$$,
                        :'tenant_a', :'fractions', :'ratios'),
                 '23514', 'prerequisite cycle: Fractions -> Ratios -> Fractions (a concept would be its own prerequisite)',
                 'A two-step cycle is rejected');
SELECT throws_ok(format($$INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id) VALUES (%L, %L, %L)$$,
                        :'tenant_a', :'numbers', :'numbers'),
                 '23514', NULL, 'A concept cannot be its own direct prerequisite');
SELECT throws_ok(format($$UPDATE app.concept_prerequisites SET prerequisite_id = %L WHERE concept_id = %L AND prerequisite_id = %L$$,
                        :'ratios', :'fractions', :'numbers'),
                 '23514', NULL, 'An UPDATE that would close a cycle is rejected too');
SELECT throws_ok(format($$INSERT INTO app.concept_prerequisites (tenant_id, concept_id, prerequisite_id) VALUES (%L, %L, %L)$$,
                        :'tenant_a', :'algebra', :'foreign_concept'),
                 '23503', NULL, 'A prerequisite from another tenant does not exist here (composite foreign key)');
SELECT results_eq(format($$SELECT name, depth FROM app.concept_prerequisites_of(%L)$$, :'algebra'),
                  $$VALUES ('Numbers'::text, 1), ('Ratios', 1), ('Fractions', 2)$$,
                  'All transitive prerequisites come from one call, each at its nearest depth');
SELECT is_empty(format($$SELECT * FROM app.concept_prerequisites_of(%L)$$, :'numbers'),
                'A concept without prerequisites has none');

SELECT tests.act_as(:'tenant_a', :'student_a');
SELECT is((SELECT count(*) FROM app.concept_prerequisites_of(:'algebra')), 3::bigint,
          'A student reads the same graph');
SELECT throws_ok(format($$INSERT INTO app.concepts (tenant_id, name) VALUES (%L, 'Mine')$$, :'tenant_a'),
                 '42501', NULL, 'A student cannot edit the knowledge graph');

SELECT * FROM finish();
ROLLBACK;

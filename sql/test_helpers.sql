-- Test-only helpers for pgTAP files. The test runner installs them into the template database
-- after deploying the plan; the plan never does, so no production database has them.
-- Call them while still connected as the superuser (setup), then tests.act_as(...) to become a
-- client role: from then on every statement is checked by RLS like a real client's.

CREATE EXTENSION IF NOT EXISTS pgtap WITH SCHEMA public;

CREATE SCHEMA tests;
COMMENT ON SCHEMA tests IS 'Test-only helpers for pgTAP files (installed by the test runner, never by the plan).';
GRANT USAGE ON SCHEMA tests TO PUBLIC;

CREATE FUNCTION tests.create_tenant(slug text, name text DEFAULT NULL)
RETURNS uuid
LANGUAGE sql
AS $$
    INSERT INTO app.tenants (slug, name) VALUES (slug, coalesce(name, initcap(slug)))
    RETURNING id
$$;
COMMENT ON FUNCTION tests.create_tenant(text, text) IS 'Creates a tenant (call before act_as) and returns its id.';

CREATE FUNCTION tests.create_user(tenant uuid, person_role text DEFAULT 'student', email text DEFAULT NULL)
RETURNS uuid
LANGUAGE sql
AS $$
    INSERT INTO app.users (tenant_id, email, display_name, role)
    VALUES (tenant,
            coalesce(email, person_role || '-' || left(gen_random_uuid()::text, 8) || '@test.example'),
            initcap(person_role) || ' ' || left(gen_random_uuid()::text, 4),
            person_role)
    RETURNING id
$$;
COMMENT ON FUNCTION tests.create_user(uuid, text, text) IS 'Creates a user of a tenant with a role (call before act_as) and returns its id.';

CREATE FUNCTION tests.act_as(tenant uuid, person uuid DEFAULT NULL, db_role text DEFAULT 'tenantdb_app')
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    -- The context first, as the session's superuser: tenantdb_client cannot call set_context
    -- (its own path is app.set_token). NULL tenant: the role without any context.
    RESET ROLE;
    IF tenant IS NULL THEN
        PERFORM tests.clear_context();
    ELSE
        PERFORM app.set_context(tenant, person);
    END IF;
    EXECUTE format('SET LOCAL ROLE %I', db_role);
END
$$;
COMMENT ON FUNCTION tests.act_as(uuid, uuid, text) IS
    'Becomes a client role (default tenantdb_app) for the rest of the transaction, with the tenant and user context set by app.set_context (NULL tenant: no context).';

CREATE FUNCTION tests.act_as_service(tenant uuid)
RETURNS void
LANGUAGE sql
AS $$ SELECT tests.act_as(tenant, NULL, 'tenantdb_service') $$;
COMMENT ON FUNCTION tests.act_as_service(uuid) IS 'Becomes the service role with a tenant context.';

CREATE FUNCTION tests.clear_context()
RETURNS void
LANGUAGE sql
AS $$
    SELECT set_config('app.tenant_id', '', true), set_config('app.user_id', '', true),
           set_config('app.context_stamp', '', true);
$$;
COMMENT ON FUNCTION tests.clear_context() IS 'Removes the tenant and user context and its stamp (the role stays).';

CREATE FUNCTION tests.act_as_superuser()
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    RESET ROLE;
    PERFORM tests.clear_context();
END
$$;
COMMENT ON FUNCTION tests.act_as_superuser() IS 'Back to the session''s superuser (to set up more rows mid-test).';

CREATE FUNCTION tests.sqlstate_of(statement text)
RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE statement;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$$;
COMMENT ON FUNCTION tests.sqlstate_of(text) IS 'Runs a statement; returns the SQLSTATE it raised, or NULL when it succeeded (its effects then stay).';

CREATE FUNCTION tests.create_learner_profile(tenant uuid, person uuid DEFAULT NULL, lti_sub text DEFAULT NULL)
RETURNS uuid
LANGUAGE sql
AS $$
    INSERT INTO app.learner_profiles (tenant_id, user_id, lti_user_id)
    VALUES (tenant,
            coalesce(person, tests.create_user(tenant, 'student')),
            coalesce(lti_sub, 'lti-' || left(gen_random_uuid()::text, 12)))
    RETURNING id
$$;
COMMENT ON FUNCTION tests.create_learner_profile(uuid, uuid, text) IS
    'Creates a learner profile (and a student, when no person is given) and returns its id; call before act_as.';

CREATE FUNCTION tests.create_concept(tenant uuid, concept_name text)
RETURNS uuid
LANGUAGE sql
AS $$
    INSERT INTO app.concepts (tenant_id, name) VALUES (tenant, concept_name) RETURNING id
$$;
COMMENT ON FUNCTION tests.create_concept(uuid, text) IS 'Creates a knowledge-graph concept and returns its id; call before act_as.';

CREATE FUNCTION tests.create_conversation(tenant uuid, person uuid, message_count integer DEFAULT 0)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    conversation uuid;
BEGIN
    INSERT INTO app.conversations (tenant_id, user_id, title) VALUES (tenant, person, 'Test conversation')
    RETURNING id INTO conversation;
    INSERT INTO app.messages (tenant_id, conversation_id, user_id, role, content, created_at)
    SELECT tenant, conversation, person, CASE WHEN i % 2 = 1 THEN 'user' ELSE 'assistant' END,
           'message ' || i, now() - make_interval(mins => message_count - i)
    FROM generate_series(1, message_count) AS i;
    RETURN conversation;
END
$$;
COMMENT ON FUNCTION tests.create_conversation(uuid, uuid, integer) IS
    'Creates a conversation of a person with message_count alternating user/assistant messages; returns its id; call before act_as.';

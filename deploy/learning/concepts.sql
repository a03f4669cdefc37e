-- Deploy tenantdb:learning/concepts to pg
-- The nodes of a tenant's knowledge graph (the source's knowledge_graph rows); the edges are
-- app.concept_prerequisites. Course content, not personal data: everyone in the tenant reads
-- it, educators and admins edit it.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.concepts (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    name text NOT NULL,
    description text,
    course_contexts text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT concepts_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT concepts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT concepts_name_key UNIQUE (tenant_id, name),
    CONSTRAINT concepts_name_length CHECK (char_length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT concepts_description_length CHECK (char_length(description) <= 5000),
    CONSTRAINT concepts_course_contexts_no_nulls CHECK (array_position(course_contexts, NULL) IS NULL)
);

COMMENT ON TABLE app.concepts IS
    'Concepts of a tenant''s knowledge graph (the source''s knowledge_graph); prerequisites are in app.concept_prerequisites. Everyone in the tenant reads them; educators and admins edit them.';
COMMENT ON COLUMN app.concepts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.concepts.id IS 'Concept id (the source''s concept_id).';
COMMENT ON COLUMN app.concepts.name IS 'Concept name (the source''s concept_name), unique within the tenant.';
COMMENT ON COLUMN app.concepts.description IS 'What the concept covers.';
COMMENT ON COLUMN app.concepts.course_contexts IS 'LTI context ids (courses) that use the concept.';
COMMENT ON COLUMN app.concepts.created_at IS 'When the concept was added.';
COMMENT ON COLUMN app.concepts.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT concepts_name_key ON app.concepts IS 'Concept names are unique within a tenant.';
COMMENT ON CONSTRAINT concepts_name_length ON app.concepts IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT concepts_description_length ON app.concepts IS 'Descriptions are at most 5000 characters.';
COMMENT ON CONSTRAINT concepts_course_contexts_no_nulls ON app.concepts IS 'The list of LTI contexts has no NULL entries.';

SELECT app_private.guard_tenant_table('app.concepts');

CREATE POLICY concepts_select_app ON app.concepts
    FOR SELECT TO tenantdb_app
    USING (true);
COMMENT ON POLICY concepts_select_app ON app.concepts IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';

CREATE POLICY concepts_insert_app ON app.concepts
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concepts_insert_app ON app.concepts IS 'Educators and admins add concepts.';

CREATE POLICY concepts_update_app ON app.concepts
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concepts_update_app ON app.concepts IS 'Educators and admins edit concepts.';

CREATE POLICY concepts_delete_app ON app.concepts
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concepts_delete_app ON app.concepts IS 'Educators and admins remove concepts (their prerequisite edges go with them).';

CREATE POLICY concepts_all_service ON app.concepts
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY concepts_all_service ON app.concepts IS 'The service role reads and writes every concept of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.concepts TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:learning/concept_prerequisites to pg
-- The edges of the knowledge graph: concept_id needs prerequisite_id first (the source's
-- knowledge_graph.dependencies). Both ends are concepts of the same tenant (composite foreign
-- keys). A concept can never be, even transitively, its own prerequisite: a row trigger walks
-- the graph before each insert or update and rejects a cycle naming its path. Writers of one
-- tenant take a transaction-level advisory lock, so two concurrent edges cannot close a cycle
-- that neither saw alone.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.concept_prerequisites (
    tenant_id uuid NOT NULL,
    concept_id uuid NOT NULL,
    prerequisite_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT concept_prerequisites_pkey PRIMARY KEY (tenant_id, concept_id, prerequisite_id),
    CONSTRAINT concept_prerequisites_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT concept_prerequisites_concept_fkey FOREIGN KEY (tenant_id, concept_id)
        REFERENCES app.concepts (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT concept_prerequisites_prerequisite_fkey FOREIGN KEY (tenant_id, prerequisite_id)
        REFERENCES app.concepts (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT concept_prerequisites_not_self CHECK (concept_id <> prerequisite_id)
);

COMMENT ON TABLE app.concept_prerequisites IS
    'Prerequisite edges of the knowledge graph: concept_id needs prerequisite_id first. Same tenant at both ends; no cycles (trigger concept_prerequisites_no_cycle).';
COMMENT ON COLUMN app.concept_prerequisites.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.concept_prerequisites.concept_id IS 'The concept that has the prerequisite.';
COMMENT ON COLUMN app.concept_prerequisites.prerequisite_id IS 'The concept to learn first.';
COMMENT ON COLUMN app.concept_prerequisites.created_at IS 'When the edge was added.';
COMMENT ON CONSTRAINT concept_prerequisites_concept_fkey ON app.concept_prerequisites IS 'The dependent concept, of the same tenant; the edge goes with it.';
COMMENT ON CONSTRAINT concept_prerequisites_prerequisite_fkey ON app.concept_prerequisites IS 'The prerequisite concept, of the same tenant; the edge goes with it.';
COMMENT ON CONSTRAINT concept_prerequisites_not_self ON app.concept_prerequisites IS 'A concept is not its own prerequisite (longer cycles: trigger).';

CREATE INDEX concept_prerequisites_prerequisite_idx ON app.concept_prerequisites (tenant_id, prerequisite_id);
COMMENT ON INDEX app.concept_prerequisites_prerequisite_idx IS 'Concepts that depend on a given concept; covers the prerequisite foreign key.';

SELECT app_private.guard_tenant_table('app.concept_prerequisites');

CREATE FUNCTION app_private.concept_prerequisites_reject_cycle()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    cycle_path text;
BEGIN
    -- One writer of a tenant's graph at a time: two edges added concurrently could otherwise
    -- each pass this check and together close a cycle.
    PERFORM pg_catalog.pg_advisory_xact_lock(
        pg_catalog.hashtextextended('app.concept_prerequisites:' || NEW.tenant_id::text, 0));

    -- Walk from the new prerequisite through its own prerequisites; reaching the dependent
    -- concept means the new edge closes a cycle.
    WITH RECURSIVE reachable (concept_id, path) AS (
        SELECT NEW.prerequisite_id, ARRAY[NEW.concept_id, NEW.prerequisite_id]
        UNION ALL
        SELECT e.prerequisite_id, r.path || e.prerequisite_id
        FROM reachable r
        JOIN app.concept_prerequisites e
          ON e.tenant_id = NEW.tenant_id AND e.concept_id = r.concept_id
        WHERE e.prerequisite_id <> ALL (r.path[2:])
    )
    SELECT pg_catalog.string_agg(coalesce(c.name, p.id::text), ' -> ' ORDER BY p.ord)
    INTO cycle_path
    FROM (SELECT r.path FROM reachable r WHERE r.concept_id = NEW.concept_id
          ORDER BY pg_catalog.cardinality(r.path), r.path::text LIMIT 1) hit
    CROSS JOIN LATERAL unnest(hit.path) WITH ORDINALITY AS p(id, ord)
    LEFT JOIN app.concepts c ON c.tenant_id = NEW.tenant_id AND c.id = p.id;

    IF cycle_path IS NOT NULL THEN
        RAISE EXCEPTION 'prerequisite cycle: % (a concept would be its own prerequisite)', cycle_path
            USING ERRCODE = 'check_violation',
                  DETAIL = 'Path of the cycle: ' || cycle_path,
                  HINT = 'A concept cannot be, even transitively, its own prerequisite. Remove one edge of the cycle first.',
                  CONSTRAINT = 'concept_prerequisites_no_cycle',
                  TABLE = 'concept_prerequisites',
                  SCHEMA = 'app';
    END IF;
    RETURN NEW;
END
$function$;
COMMENT ON FUNCTION app_private.concept_prerequisites_reject_cycle() IS
    'Trigger of app.concept_prerequisites: rejects (23514) an edge that would make a concept its own prerequisite, naming the cycle. Serialises writers per tenant with an advisory transaction lock.';
REVOKE ALL ON FUNCTION app_private.concept_prerequisites_reject_cycle() FROM PUBLIC;

CREATE TRIGGER concept_prerequisites_no_cycle
    BEFORE INSERT OR UPDATE OF concept_id, prerequisite_id ON app.concept_prerequisites
    FOR EACH ROW
    EXECUTE FUNCTION app_private.concept_prerequisites_reject_cycle();
COMMENT ON TRIGGER concept_prerequisites_no_cycle ON app.concept_prerequisites IS
    'Keeps the knowledge graph acyclic: no concept is, even transitively, its own prerequisite.';

CREATE POLICY concept_prerequisites_select_app ON app.concept_prerequisites
    FOR SELECT TO tenantdb_app
    USING (true);
COMMENT ON POLICY concept_prerequisites_select_app ON app.concept_prerequisites IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';

CREATE POLICY concept_prerequisites_insert_app ON app.concept_prerequisites
    FOR INSERT TO tenantdb_app
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concept_prerequisites_insert_app ON app.concept_prerequisites IS 'Educators and admins add prerequisites.';

CREATE POLICY concept_prerequisites_update_app ON app.concept_prerequisites
    FOR UPDATE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'))
    WITH CHECK ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concept_prerequisites_update_app ON app.concept_prerequisites IS 'Educators and admins change prerequisites.';

CREATE POLICY concept_prerequisites_delete_app ON app.concept_prerequisites
    FOR DELETE TO tenantdb_app
    USING ((SELECT app_private.current_person_role()) IN ('educator', 'admin'));
COMMENT ON POLICY concept_prerequisites_delete_app ON app.concept_prerequisites IS 'Educators and admins remove prerequisites.';

CREATE POLICY concept_prerequisites_all_service ON app.concept_prerequisites
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY concept_prerequisites_all_service ON app.concept_prerequisites IS 'The service role reads and writes every prerequisite of the transaction''s tenant.';

GRANT SELECT, INSERT, UPDATE, DELETE ON app.concept_prerequisites TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

CREATE FUNCTION app.concept_prerequisites_of(concept uuid)
RETURNS TABLE (prerequisite_id uuid, name text, depth integer)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH RECURSIVE walk (concept_id, depth) AS (
        SELECT e.prerequisite_id, 1
        FROM app.concept_prerequisites e
        WHERE e.tenant_id = app.current_tenant_id() AND e.concept_id = concept
        UNION
        SELECT e.prerequisite_id, w.depth + 1
        FROM walk w
        JOIN app.concept_prerequisites e ON e.tenant_id = app.current_tenant_id() AND e.concept_id = w.concept_id
        WHERE w.depth < 1000
    )
    SELECT c.id, c.name, pg_catalog.min(w.depth)::integer
    FROM walk w
    JOIN app.concepts c ON c.tenant_id = app.current_tenant_id() AND c.id = w.concept_id
    GROUP BY c.id, c.name
    ORDER BY pg_catalog.min(w.depth), c.name;
END;
COMMENT ON FUNCTION app.concept_prerequisites_of(uuid) IS
    'All transitive prerequisites of a concept in the caller''s tenant, nearest first: depth 1 = direct prerequisite. Invoker: RLS applies.';
REVOKE ALL ON FUNCTION app.concept_prerequisites_of(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.concept_prerequisites_of(uuid) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

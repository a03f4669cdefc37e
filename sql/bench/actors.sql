-- bench.actors: the students the benchmark workloads act as (tenantdb bench load creates it;
-- never part of the Sqitch plan). Run as the superuser after the data is loaded.
CREATE SCHEMA IF NOT EXISTS bench;
COMMENT ON SCHEMA bench IS 'Benchmark-only objects of tenantdb bench (never part of the Sqitch plan).';
DROP TABLE IF EXISTS bench.actors;
CREATE TABLE bench.actors (
    n integer PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    educator_id uuid NOT NULL,
    lti_user_id text NOT NULL,
    learner_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    write_conversation_id uuid NOT NULL,
    email text NOT NULL,
    course_code text NOT NULL,
    document_id uuid NOT NULL,
    query_embedding text NOT NULL,
    workspace_id uuid NOT NULL,
    workspace_owner_id uuid NOT NULL,
    workspace_member_id uuid NOT NULL,
    session_id uuid NOT NULL,
    api_token text NOT NULL,
    cohort text NOT NULL,
    search_word text NOT NULL,
    title_pattern text NOT NULL
);
COMMENT ON TABLE bench.actors IS 'A deterministic sample of students (with an educator of their tenant, their learner profile, one conversation the reads read and another that the message-insert workloads write to (so a run leaves what the reads see unchanged), an enrolled course, a document of it, a query embedding near it, their workspace with its owner and a member the owner manages, a login session, the plaintext of their API token, their cohort and a topic word of that document with an ILIKE pattern for it) that the workloads act as; n runs from 1.';
GRANT USAGE ON SCHEMA bench TO tenantdb_app, tenantdb_service, tenantdb_maintenance;
GRANT SELECT ON bench.actors TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO tenantdb_owner;
COMMENT ON SCHEMA app IS 'tenantdb product schema: tenant tables (RLS forced), read models and client-callable functions.';
CREATE SCHEMA app_private;
ALTER SCHEMA app_private OWNER TO tenantdb_owner;
COMMENT ON SCHEMA app_private IS 'tenantdb internals: definer functions used inside policies and trigger functions. No client role has USAGE.';
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';
CREATE FUNCTION app_private.context_uuid(setting_name text) RETURNS uuid
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $_$
DECLARE
    raw_value text := pg_catalog.current_setting(setting_name, true);
BEGIN
    IF raw_value IS NULL OR raw_value = '' THEN
        RETURN NULL;
    END IF;
    IF raw_value !~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN
        RAISE EXCEPTION 'invalid tenant context: % is %, which is not a uuid', setting_name, pg_catalog.quote_literal(raw_value)
            USING ERRCODE = 'invalid_text_representation',
                  HINT = pg_catalog.format('Set it per transaction to a canonical uuid: SET LOCAL %s = ''xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx''', setting_name);
    END IF;
    RETURN raw_value::uuid;
END
$_$;
ALTER FUNCTION app_private.context_uuid(setting_name text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_uuid(setting_name text) IS 'Reads a uuid-valued context setting: NULL when unset or empty, the uuid when canonical, error 22P02 naming the setting otherwise.';
CREATE FUNCTION app.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN app_private.context_uuid('app.tenant_id'::text);
ALTER FUNCTION app.current_tenant_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.current_tenant_id() IS 'The tenant of the current transaction (setting app.tenant_id), NULL when none is set. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';
CREATE TABLE app.concept_prerequisites (
    tenant_id uuid NOT NULL,
    concept_id uuid NOT NULL,
    prerequisite_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT concept_prerequisites_not_self CHECK ((concept_id <> prerequisite_id))
);
ALTER TABLE ONLY app.concept_prerequisites FORCE ROW LEVEL SECURITY;
ALTER TABLE app.concept_prerequisites OWNER TO tenantdb_owner;
COMMENT ON TABLE app.concept_prerequisites IS 'Prerequisite edges of the knowledge graph: concept_id needs prerequisite_id first. Same tenant at both ends; no cycles (trigger concept_prerequisites_no_cycle).';
COMMENT ON COLUMN app.concept_prerequisites.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.concept_prerequisites.concept_id IS 'The concept that has the prerequisite.';
COMMENT ON COLUMN app.concept_prerequisites.prerequisite_id IS 'The concept to learn first.';
COMMENT ON COLUMN app.concept_prerequisites.created_at IS 'When the edge was added.';
COMMENT ON CONSTRAINT concept_prerequisites_not_self ON app.concept_prerequisites IS 'A concept is not its own prerequisite (longer cycles: trigger).';
CREATE TABLE app.concepts (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text,
    course_contexts text[] DEFAULT '{}'::text[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT concepts_course_contexts_no_nulls CHECK ((array_position(course_contexts, NULL::text) IS NULL)),
    CONSTRAINT concepts_description_length CHECK ((char_length(description) <= 5000)),
    CONSTRAINT concepts_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200)))
);
ALTER TABLE ONLY app.concepts FORCE ROW LEVEL SECURITY;
ALTER TABLE app.concepts OWNER TO tenantdb_owner;
COMMENT ON TABLE app.concepts IS 'Concepts of a tenant''s knowledge graph (the source''s knowledge_graph); prerequisites are in app.concept_prerequisites. Everyone in the tenant reads them; educators and admins edit them.';
COMMENT ON COLUMN app.concepts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.concepts.id IS 'Concept id (the source''s concept_id).';
COMMENT ON COLUMN app.concepts.name IS 'Concept name (the source''s concept_name), unique within the tenant.';
COMMENT ON COLUMN app.concepts.description IS 'What the concept covers.';
COMMENT ON COLUMN app.concepts.course_contexts IS 'LTI context ids (courses) that use the concept.';
COMMENT ON COLUMN app.concepts.created_at IS 'When the concept was added.';
COMMENT ON COLUMN app.concepts.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT concepts_course_contexts_no_nulls ON app.concepts IS 'The list of LTI contexts has no NULL entries.';
COMMENT ON CONSTRAINT concepts_description_length ON app.concepts IS 'Descriptions are at most 5000 characters.';
COMMENT ON CONSTRAINT concepts_name_length ON app.concepts IS 'Names are 1-200 characters, not blank.';
CREATE FUNCTION app.concept_prerequisites_of(concept uuid) RETURNS TABLE(prerequisite_id uuid, name text, depth integer)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 WITH RECURSIVE walk(concept_id, depth) AS (
          SELECT e.prerequisite_id,
             1 AS "?column?"
            FROM app.concept_prerequisites e
           WHERE ((e.tenant_id = app.current_tenant_id()) AND (e.concept_id = concept_prerequisites_of.concept))
         UNION
          SELECT e.prerequisite_id,
             (w_1.depth + 1)
            FROM (walk w_1
              JOIN app.concept_prerequisites e ON (((e.tenant_id = app.current_tenant_id()) AND (e.concept_id = w_1.concept_id))))
           WHERE (w_1.depth < 1000)
         )
  SELECT c.id,
     c.name,
     min(w.depth) AS min
    FROM (walk w
      JOIN app.concepts c ON (((c.tenant_id = app.current_tenant_id()) AND (c.id = w.concept_id))))
   GROUP BY c.id, c.name
   ORDER BY (min(w.depth)), c.name;
END;
ALTER FUNCTION app.concept_prerequisites_of(concept uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.concept_prerequisites_of(concept uuid) IS 'All transitive prerequisites of a concept in the caller''s tenant, nearest first: depth 1 = direct prerequisite. Invoker: RLS applies.';
CREATE TABLE app.auth_tokens (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    token_sha256 bytea NOT NULL,
    single_use boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT auth_tokens_expiry_after_creation CHECK ((expires_at > created_at)),
    CONSTRAINT auth_tokens_hash_is_sha256 CHECK ((octet_length(token_sha256) = 32)),
    CONSTRAINT auth_tokens_purpose_known CHECK ((purpose = ANY (ARRAY['password_reset'::text, 'email_verification'::text, 'magic_link'::text, 'api'::text, 'refresh'::text]))),
    CONSTRAINT auth_tokens_used_only_if_single_use CHECK (((used_at IS NULL) OR single_use))
);
ALTER TABLE ONLY app.auth_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE app.auth_tokens OWNER TO tenantdb_owner;
COMMENT ON TABLE app.auth_tokens IS 'Authentication tokens of users, stored as SHA-256 hashes only (never plaintext), with expiry; single-use tokens are consumed by app.consume_auth_token().';
COMMENT ON COLUMN app.auth_tokens.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.auth_tokens.id IS 'Token id (not the token).';
COMMENT ON COLUMN app.auth_tokens.user_id IS 'The user the token authenticates.';
COMMENT ON COLUMN app.auth_tokens.purpose IS 'What the token is for: password_reset, email_verification, magic_link, api or refresh.';
COMMENT ON COLUMN app.auth_tokens.token_sha256 IS 'SHA-256 of the token (32 bytes). The token itself is never stored.';
COMMENT ON COLUMN app.auth_tokens.single_use IS 'True when the token is spent by its first use (reset links, magic links).';
COMMENT ON COLUMN app.auth_tokens.created_at IS 'When the token was issued.';
COMMENT ON COLUMN app.auth_tokens.expires_at IS 'After this time the token is refused.';
COMMENT ON COLUMN app.auth_tokens.used_at IS 'When a single-use token was spent; NULL while unused.';
COMMENT ON CONSTRAINT auth_tokens_expiry_after_creation ON app.auth_tokens IS 'A token expires after it was issued.';
COMMENT ON CONSTRAINT auth_tokens_hash_is_sha256 ON app.auth_tokens IS 'Exactly 32 bytes: a SHA-256 digest, so a plaintext token cannot be stored here.';
COMMENT ON CONSTRAINT auth_tokens_purpose_known ON app.auth_tokens IS 'Only the known token purposes.';
COMMENT ON CONSTRAINT auth_tokens_used_only_if_single_use ON app.auth_tokens IS 'Only single-use tokens are marked as used.';
CREATE FUNCTION app.consume_auth_token(token text, expected_purpose text) RETURNS uuid
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 UPDATE app.auth_tokens t SET used_at =
         CASE
             WHEN t.single_use THEN now()
             ELSE NULL::timestamp with time zone
         END
   WHERE ((t.tenant_id = app.current_tenant_id()) AND (t.token_sha256 = sha256(convert_to(consume_auth_token.token, 'UTF8'::name))) AND (t.purpose = consume_auth_token.expected_purpose) AND (t.expires_at > now()) AND (t.used_at IS NULL))
   RETURNING t.user_id;
END;
ALTER FUNCTION app.consume_auth_token(token text, expected_purpose text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.consume_auth_token(token text, expected_purpose text) IS 'Checks a presented token (hashes it, never stores it) for the purpose; returns the user id, or NULL when it is unknown, expired, already used or for another purpose. A single-use token is spent atomically: two concurrent uses, one wins.';
CREATE FUNCTION app.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN app_private.context_uuid('app.user_id'::text);
ALTER FUNCTION app.current_user_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.current_user_id() IS 'The acting person of the current transaction (setting app.user_id), NULL when none is set.';
CREATE TABLE app.user_sessions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_accessed_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    user_agent text,
    client_ip inet,
    CONSTRAINT user_sessions_access_not_before_creation CHECK ((last_accessed_at >= created_at)),
    CONSTRAINT user_sessions_expiry_after_creation CHECK ((expires_at > created_at)),
    CONSTRAINT user_sessions_user_agent_length CHECK ((char_length(user_agent) <= 1000))
);
ALTER TABLE ONLY app.user_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE app.user_sessions OWNER TO tenantdb_owner;
COMMENT ON TABLE app.user_sessions IS 'Login sessions of users (deleted with the user). A session is active while expires_at is in the future; expired ones are removed by app.delete_expired_sessions().';
COMMENT ON COLUMN app.user_sessions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.user_sessions.id IS 'Session id (the server-side handle; the cookie carries it, never a password).';
COMMENT ON COLUMN app.user_sessions.user_id IS 'The person logged in.';
COMMENT ON COLUMN app.user_sessions.created_at IS 'Login time.';
COMMENT ON COLUMN app.user_sessions.last_accessed_at IS 'Time of the last request in this session.';
COMMENT ON COLUMN app.user_sessions.expires_at IS 'End of the session; after it the session is inactive and may be deleted.';
COMMENT ON COLUMN app.user_sessions.user_agent IS 'User agent of the client that logged in (for the person''s "your sessions" list).';
COMMENT ON COLUMN app.user_sessions.client_ip IS 'Client address at login.';
COMMENT ON CONSTRAINT user_sessions_access_not_before_creation ON app.user_sessions IS 'A session is not used before it exists.';
COMMENT ON CONSTRAINT user_sessions_expiry_after_creation ON app.user_sessions IS 'A session expires after it was created.';
COMMENT ON CONSTRAINT user_sessions_user_agent_length ON app.user_sessions IS 'User agents are at most 1000 characters.';
CREATE FUNCTION app.delete_expired_sessions(batch_size integer DEFAULT 10000) RETURNS bigint
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 WITH expired AS (
          SELECT s.tenant_id,
             s.id
            FROM app.user_sessions s
           WHERE (s.expires_at <= now())
           ORDER BY s.expires_at
          LIMIT delete_expired_sessions.batch_size
         ), deleted AS (
          DELETE FROM app.user_sessions s
            USING expired e
           WHERE ((s.tenant_id = e.tenant_id) AND (s.id = e.id))
           RETURNING 1 AS "?column?"
         )
  SELECT count(*) AS count
    FROM deleted;
END;
ALTER FUNCTION app.delete_expired_sessions(batch_size integer) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.delete_expired_sessions(batch_size integer) IS 'Deletes up to batch_size expired sessions, oldest first, and returns how many. Invoker: the maintenance role cleans every tenant, the service role its tenant. Call repeatedly until it returns 0.';
CREATE TABLE app.conversations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    title text DEFAULT 'New conversation'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    share_token_sha256 bytea,
    share_enabled boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT conversations_share_token_is_sha256 CHECK ((octet_length(share_token_sha256) = 32)),
    CONSTRAINT conversations_sharing_needs_token CHECK (((NOT share_enabled) OR (share_token_sha256 IS NOT NULL))),
    CONSTRAINT conversations_status_known CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
    CONSTRAINT conversations_title_length CHECK (((char_length(btrim(title)) >= 1) AND (char_length(btrim(title)) <= 300)))
);
ALTER TABLE ONLY app.conversations FORCE ROW LEVEL SECURITY;
ALTER TABLE app.conversations OWNER TO tenantdb_owner;
COMMENT ON TABLE app.conversations IS 'AI coach conversations of a person (deleted with the person). Everyone sees only their own; admins see all of the tenant''s (compliance); a conversation shared by token is readable through app.read_shared_conversation().';
COMMENT ON COLUMN app.conversations.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.conversations.id IS 'Conversation id.';
COMMENT ON COLUMN app.conversations.user_id IS 'The person who owns the conversation.';
COMMENT ON COLUMN app.conversations.title IS 'Title shown in the conversation list (1-300 characters).';
COMMENT ON COLUMN app.conversations.status IS 'active or archived.';
COMMENT ON COLUMN app.conversations.share_token_sha256 IS 'SHA-256 of the share token (the source''s share_token); the token itself is never stored.';
COMMENT ON COLUMN app.conversations.share_enabled IS 'While true, a holder of the share token can read the conversation.';
COMMENT ON COLUMN app.conversations.created_at IS 'When the conversation started.';
COMMENT ON COLUMN app.conversations.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT conversations_share_token_is_sha256 ON app.conversations IS 'Exactly 32 bytes: a SHA-256 digest, so a plaintext token cannot be stored here.';
COMMENT ON CONSTRAINT conversations_sharing_needs_token ON app.conversations IS 'Sharing is on only with a token.';
COMMENT ON CONSTRAINT conversations_status_known ON app.conversations IS 'Only active or archived.';
COMMENT ON CONSTRAINT conversations_title_length ON app.conversations IS 'Titles are 1-300 characters, not blank.';
CREATE TABLE app.messages (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    content text NOT NULL,
    citations jsonb DEFAULT '[]'::jsonb NOT NULL,
    domains text[] DEFAULT '{}'::text[] NOT NULL,
    feedback_score smallint,
    input_tokens integer DEFAULT 0 NOT NULL,
    output_tokens integer DEFAULT 0 NOT NULL,
    cost_usd numeric(12,6) DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT messages_citations_array CHECK ((jsonb_typeof(citations) = 'array'::text)),
    CONSTRAINT messages_content_length CHECK (((char_length(content) >= 1) AND (char_length(content) <= 200000))),
    CONSTRAINT messages_cost_not_negative CHECK ((cost_usd >= (0)::numeric)),
    CONSTRAINT messages_domains_no_nulls CHECK ((array_position(domains, NULL::text) IS NULL)),
    CONSTRAINT messages_feedback_score_range CHECK (((feedback_score >= '-1'::integer) AND (feedback_score <= 1))),
    CONSTRAINT messages_role_known CHECK ((role = ANY (ARRAY['user'::text, 'assistant'::text, 'system'::text]))),
    CONSTRAINT messages_tokens_not_negative CHECK (((input_tokens >= 0) AND (output_tokens >= 0)))
);
ALTER TABLE ONLY app.messages FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages OWNER TO tenantdb_owner;
COMMENT ON TABLE app.messages IS 'Messages of AI coach conversations (deleted with the conversation). Visible exactly when the conversation is: its owner, the tenant''s admins, or a share-token holder through app.read_shared_conversation().';
COMMENT ON COLUMN app.messages.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.messages.id IS 'Message id.';
COMMENT ON COLUMN app.messages.conversation_id IS 'The conversation the message belongs to.';
COMMENT ON COLUMN app.messages.user_id IS 'Owner of the conversation (not the author: see role). Filled in from the conversation when omitted; the foreign key keeps it equal.';
COMMENT ON COLUMN app.messages.role IS 'Who wrote it: user, assistant or system.';
COMMENT ON COLUMN app.messages.content IS 'The message text (1-200000 characters).';
COMMENT ON COLUMN app.messages.citations IS 'JSON array of the sources an assistant answer cites.';
COMMENT ON COLUMN app.messages.domains IS 'Knowledge domains the answer drew on.';
COMMENT ON COLUMN app.messages.feedback_score IS 'The person''s rating of an answer: -1 (bad), 0 (neutral), 1 (good); NULL when not rated.';
COMMENT ON COLUMN app.messages.input_tokens IS 'Model input tokens spent on the message.';
COMMENT ON COLUMN app.messages.output_tokens IS 'Model output tokens spent on the message.';
COMMENT ON COLUMN app.messages.cost_usd IS 'Model cost of the message in US dollars.';
COMMENT ON COLUMN app.messages.created_at IS 'When the message was written.';
COMMENT ON CONSTRAINT messages_citations_array ON app.messages IS 'Citations are a JSON array.';
COMMENT ON CONSTRAINT messages_content_length ON app.messages IS 'Messages are 1-200000 characters.';
COMMENT ON CONSTRAINT messages_cost_not_negative ON app.messages IS 'Costs are never negative.';
COMMENT ON CONSTRAINT messages_domains_no_nulls ON app.messages IS 'The list of domains has no NULL entries.';
COMMENT ON CONSTRAINT messages_feedback_score_range ON app.messages IS 'Ratings are -1, 0 or 1.';
COMMENT ON CONSTRAINT messages_role_known ON app.messages IS 'Only user, assistant or system.';
COMMENT ON CONSTRAINT messages_tokens_not_negative ON app.messages IS 'Token counts are never negative.';
CREATE FUNCTION app_private.shared_conversation_messages(token text) RETURNS TABLE(conversation_id uuid, title text, message_id uuid, role text, content text, citations jsonb, created_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT c.id,
     c.title,
     m.id,
     m.role,
     m.content,
     m.citations,
     m.created_at
    FROM (app.conversations c
      JOIN app.messages m ON (((m.tenant_id = c.tenant_id) AND (m.conversation_id = c.id))))
   WHERE ((c.tenant_id = app.current_tenant_id()) AND (c.share_token_sha256 = sha256(convert_to(shared_conversation_messages.token, 'UTF8'::name))) AND c.share_enabled)
   ORDER BY m.created_at, m.id;
END;
ALTER FUNCTION app_private.shared_conversation_messages(token text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.shared_conversation_messages(token text) IS 'Definer half of app.read_shared_conversation(): messages of the conversation whose share token hashes to the given one, in the transaction''s tenant, while sharing is on.';
CREATE FUNCTION app.read_shared_conversation(token text) RETURNS TABLE(conversation_id uuid, title text, message_id uuid, role text, content text, citations jsonb, created_at timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT s.conversation_id,
     s.title,
     s.message_id,
     s.role,
     s.content,
     s.citations,
     s.created_at
    FROM app_private.shared_conversation_messages(read_shared_conversation.token) s(conversation_id, title, message_id, role, content, citations, created_at);
END;
ALTER FUNCTION app.read_shared_conversation(token text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.read_shared_conversation(token text) IS 'Messages of the conversation shared with this token, oldest first, for anyone of the same tenant holding it; no rows when the token is unknown, of another tenant, or sharing is off.';
CREATE FUNCTION app.search_chunks(query public.vector, k integer DEFAULT 10) RETURNS TABLE(chunk_uuid uuid, document_id uuid, chunk_id integer, content text, distance double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $$
BEGIN
    IF k IS NULL OR k < 1 OR k > 1000 THEN
        RAISE EXCEPTION 'k must be between 1 and 1000, not %', coalesce(k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the k nearest chunks, e.g. app.search_chunks(query, 10).';
    END IF;
    RETURN QUERY
    WITH approximate AS MATERIALIZED (
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY c.embedding OPERATOR(public.<=>) query
        LIMIT k
    ), enough AS (
        SELECT pg_catalog.count(*) >= k AS ok FROM approximate
    ), exact AS MATERIALIZED (
        -- "+ 0" hides the ordering from the HNSW index: an exact top-k of the visible chunks.
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = app.current_tenant_id()
        ORDER BY (c.embedding OPERATOR(public.<=>) query) + 0
        LIMIT k
    )
    SELECT a.id, a.document_id, a.chunk_id, a.content, a.distance FROM approximate a WHERE (SELECT ok FROM enough)
    UNION ALL
    SELECT e.id, e.document_id, e.chunk_id, e.content, e.distance FROM exact e WHERE NOT (SELECT ok FROM enough)
    ORDER BY 5, 1;
END
$$;
ALTER FUNCTION app.search_chunks(query public.vector, k integer) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.search_chunks(query public.vector, k integer) IS 'The k nearest chunks (cosine distance) to the query embedding, within the caller''s tenant and visibility (RLS applies). HNSW with iterative scans; an exact search answers when the index finds fewer than k, so k rows come back whenever the caller can see k chunks.';
CREATE FUNCTION app.share_conversation(conversation uuid) RETURNS text
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 WITH fresh AS (
          SELECT encode((uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'hex'::text) AS token
         )
  UPDATE app.conversations c SET share_token_sha256 = sha256(convert_to(f.token, 'UTF8'::name)), share_enabled = true
    FROM fresh f
   WHERE ((c.tenant_id = app.current_tenant_id()) AND (c.id = share_conversation.conversation))
   RETURNING f.token;
END;
ALTER FUNCTION app.share_conversation(conversation uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.share_conversation(conversation uuid) IS 'Turns sharing on with a new random token (244 random bits, 64 hex characters) and returns it; only its SHA-256 is stored, so show it now. Invoker: only someone who may update the conversation can share it. NULL when the conversation is not visible. To stop sharing: UPDATE app.conversations SET share_enabled = false.';
CREATE FUNCTION app_private.concept_prerequisites_reject_cycle() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;
ALTER FUNCTION app_private.concept_prerequisites_reject_cycle() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.concept_prerequisites_reject_cycle() IS 'Trigger of app.concept_prerequisites: rejects (23514) an edge that would make a concept its own prerequisite, naming the cycle. Serialises writers per tenant with an advisory transaction lock.';
CREATE TABLE app.enrollments (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    course_id uuid NOT NULL,
    enrolled_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY app.enrollments FORCE ROW LEVEL SECURITY;
ALTER TABLE app.enrollments OWNER TO tenantdb_owner;
COMMENT ON TABLE app.enrollments IS 'Enrollments of people in courses (one per person and course). A person sees their own; educators, coaches and admins all; educators and admins manage them.';
COMMENT ON COLUMN app.enrollments.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.enrollments.id IS 'Enrollment id.';
COMMENT ON COLUMN app.enrollments.user_id IS 'The enrolled person.';
COMMENT ON COLUMN app.enrollments.course_id IS 'The course.';
COMMENT ON COLUMN app.enrollments.enrolled_at IS 'When the person was enrolled.';
CREATE FUNCTION app_private.current_course_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT COALESCE(array_agg(e.course_id ORDER BY e.course_id), '{}'::uuid[]) AS "coalesce"
    FROM app.enrollments e
   WHERE ((e.tenant_id = app.current_tenant_id()) AND (e.user_id = app.current_user_id()));
END;
ALTER FUNCTION app_private.current_course_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_course_ids() IS 'Ids of the courses the acting person (app.user_id) is enrolled in, in the transaction''s tenant; empty without a user context. Definer, fixed search_path; used inside policies only.';
CREATE TABLE app.learner_profiles (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    lti_user_id text NOT NULL,
    cognitive_profile jsonb DEFAULT '{}'::jsonb NOT NULL,
    privacy_settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT learner_profiles_cognitive_profile_shape CHECK (((jsonb_typeof(cognitive_profile) = 'object'::text) AND (COALESCE(jsonb_typeof((cognitive_profile -> 'memory_patterns'::text)), 'object'::text) = 'object'::text) AND
CASE COALESCE(jsonb_typeof((cognitive_profile -> 'learning_velocity'::text)), 'absent'::text)
    WHEN 'absent'::text THEN true
    WHEN 'number'::text THEN (((cognitive_profile ->> 'learning_velocity'::text))::numeric >= (0)::numeric)
    ELSE false
END)),
    CONSTRAINT learner_profiles_lti_user_id_length CHECK (((char_length(lti_user_id) >= 1) AND (char_length(lti_user_id) <= 255))),
    CONSTRAINT learner_profiles_privacy_settings_shape CHECK (((jsonb_typeof(privacy_settings) = 'object'::text) AND (COALESCE(jsonb_typeof((privacy_settings -> 'consent'::text)), 'object'::text) = 'object'::text) AND (NOT jsonb_path_exists(privacy_settings, '$."consent".*?(@.type() != "boolean")'::jsonpath)) AND (COALESCE((privacy_settings ->> 'data_sharing'::text), 'none'::text) = ANY (ARRAY['none'::text, 'institution'::text, 'research'::text]))))
);
ALTER TABLE ONLY app.learner_profiles FORCE ROW LEVEL SECURITY;
ALTER TABLE app.learner_profiles OWNER TO tenantdb_owner;
COMMENT ON TABLE app.learner_profiles IS 'Cognitive profile of a learner (one per person, keyed by LTI subject). Students read and update their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.learner_profiles.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.learner_profiles.id IS 'Learner id, referenced by learning sessions, struggle events and interventions.';
COMMENT ON COLUMN app.learner_profiles.user_id IS 'The person this profile describes (one profile per person); decides "own" in the policies.';
COMMENT ON COLUMN app.learner_profiles.lti_user_id IS 'LTI 1.3 "sub" claim of the launch, unique per tenant.';
COMMENT ON COLUMN app.learner_profiles.cognitive_profile IS 'JSON object: memory_patterns (object), learning_velocity (number >= 0) and other model outputs.';
COMMENT ON COLUMN app.learner_profiles.privacy_settings IS 'JSON object: consent (object of booleans, e.g. {"analytics": true}), data_sharing (none, institution or research).';
COMMENT ON COLUMN app.learner_profiles.created_at IS 'When the profile was created (first launch).';
COMMENT ON COLUMN app.learner_profiles.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT learner_profiles_cognitive_profile_shape ON app.learner_profiles IS 'An object; memory_patterns, when present, is an object; learning_velocity, when present, is a number >= 0.';
COMMENT ON CONSTRAINT learner_profiles_lti_user_id_length ON app.learner_profiles IS 'LTI subjects are 1-255 characters.';
COMMENT ON CONSTRAINT learner_profiles_privacy_settings_shape ON app.learner_profiles IS 'An object; consent, when present, is an object of booleans; data_sharing is none, institution or research.';
CREATE FUNCTION app_private.current_learner_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT lp.id
    FROM app.learner_profiles lp
   WHERE ((lp.tenant_id = app.current_tenant_id()) AND (lp.user_id = app.current_user_id()));
END;
ALTER FUNCTION app_private.current_learner_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_learner_id() IS 'Learner profile id of the acting person (app.user_id) in the transaction''s tenant; NULL when they have none. Definer, fixed search_path; used inside policies only.';
CREATE TABLE app.users (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email public.citext NOT NULL,
    display_name text NOT NULL,
    role text DEFAULT 'student'::text NOT NULL,
    sso_provider text,
    sso_id text,
    lti_user_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    last_login_at timestamp with time zone,
    CONSTRAINT users_display_name_length CHECK (((char_length(btrim(display_name)) >= 1) AND (char_length(btrim(display_name)) <= 200))),
    CONSTRAINT users_email_format CHECK (((char_length((email)::text) <= 320) AND (email OPERATOR(public.~) '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'::public.citext))),
    CONSTRAINT users_lti_user_id_length CHECK (((char_length(lti_user_id) >= 1) AND (char_length(lti_user_id) <= 255))),
    CONSTRAINT users_role_known CHECK ((role = ANY (ARRAY['student'::text, 'educator'::text, 'coach'::text, 'admin'::text]))),
    CONSTRAINT users_sso_id_length CHECK (((char_length(sso_id) >= 1) AND (char_length(sso_id) <= 255))),
    CONSTRAINT users_sso_pair CHECK (((sso_provider IS NULL) = (sso_id IS NULL))),
    CONSTRAINT users_sso_provider_known CHECK ((sso_provider = ANY (ARRAY['azure_ad'::text, 'google'::text, 'saml'::text, 'oidc'::text])))
);
ALTER TABLE ONLY app.users FORCE ROW LEVEL SECURITY;
ALTER TABLE app.users OWNER TO tenantdb_owner;
COMMENT ON TABLE app.users IS 'People of a tenant (students, educators, coaches, admins). Students see their own row; educators and coaches read the tenant''s roster; admins manage it.';
COMMENT ON COLUMN app.users.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.users.id IS 'User id: the value clients put in app.user_id.';
COMMENT ON COLUMN app.users.email IS 'Login email, case-insensitive, unique within the tenant (not across tenants).';
COMMENT ON COLUMN app.users.display_name IS 'Name shown to others (1-200 characters).';
COMMENT ON COLUMN app.users.role IS 'Role in the tenant: student, educator, coach or admin. Only a tenant admin (or the service role) changes it.';
COMMENT ON COLUMN app.users.sso_provider IS 'SSO identity provider (azure_ad, google, saml, oidc), set together with sso_id.';
COMMENT ON COLUMN app.users.sso_id IS 'Subject at the SSO provider (Azure AD object id, ...), unique per tenant and provider.';
COMMENT ON COLUMN app.users.lti_user_id IS 'LTI 1.3 "sub" claim of the platform launch, unique per tenant.';
COMMENT ON COLUMN app.users.created_at IS 'When the user was created.';
COMMENT ON COLUMN app.users.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.users.last_login_at IS 'Time of the last successful login, NULL before the first.';
COMMENT ON CONSTRAINT users_display_name_length ON app.users IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT users_email_format ON app.users IS 'Looks like an email: local@domain.tld, at most 320 characters.';
COMMENT ON CONSTRAINT users_lti_user_id_length ON app.users IS 'LTI subjects are 1-255 characters (LTI 1.3 limit).';
COMMENT ON CONSTRAINT users_role_known ON app.users IS 'Only the four roles of the access matrix.';
COMMENT ON CONSTRAINT users_sso_id_length ON app.users IS 'SSO subjects are 1-255 characters.';
COMMENT ON CONSTRAINT users_sso_pair ON app.users IS 'sso_provider and sso_id are both set or both empty.';
COMMENT ON CONSTRAINT users_sso_provider_known ON app.users IS 'Only supported identity providers.';
CREATE FUNCTION app_private.current_person_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT u.role
    FROM app.users u
   WHERE ((u.tenant_id = app.current_tenant_id()) AND (u.id = app.current_user_id()));
END;
ALTER FUNCTION app_private.current_person_role() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_person_role() IS 'Role (student, educator, coach, admin) of the acting person (app.user_id) in the transaction''s tenant; NULL without a user context. Definer, fixed search_path; used inside policies only.';
CREATE FUNCTION app_private.document_chunks_fill_course() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.course_id IS NULL THEN
        SELECT d.course_id INTO NEW.course_id
        FROM app.documents d
        WHERE d.tenant_id = NEW.tenant_id AND d.id = NEW.document_id;
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.document_chunks_fill_course() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.document_chunks_fill_course() IS 'Trigger of app.document_chunks: fills course_id from the document the writer can see. Invoker: an invisible document leaves it NULL and the insert fails.';
CREATE FUNCTION app_private.forbid_tenant_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'tenant_id of %.% cannot change: a row never moves to another tenant', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Copy the row into the other tenant (maintenance role) instead.';
END
$$;
ALTER FUNCTION app_private.forbid_tenant_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.forbid_tenant_change() IS 'Row trigger of every tenant table: any UPDATE that changes tenant_id fails with 42501.';
CREATE FUNCTION app_private.guard_tenant_table(target regclass) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute
                   WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped) THEN
        RAISE EXCEPTION '% has no tenant_id column', target;
    END IF;
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE pg_catalog.format(
        'CREATE POLICY tenant_isolation ON %s AS RESTRICTIVE FOR ALL TO PUBLIC'
        ' USING (tenant_id = (SELECT app.current_tenant_id()))'
        ' WITH CHECK (tenant_id = (SELECT app.current_tenant_id()))', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON POLICY tenant_isolation ON %s IS %L', target,
        'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).');
    EXECUTE pg_catalog.format(
        'CREATE TRIGGER tenant_context_required BEFORE INSERT OR UPDATE OR DELETE ON %s'
        ' FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context()', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON TRIGGER tenant_context_required ON %s IS %L', target,
        'Writes without app.tenant_id fail with 42501.');
    EXECUTE pg_catalog.format(
        'CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON %s FOR EACH ROW'
        ' WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id) EXECUTE FUNCTION app_private.forbid_tenant_change()', target);
    EXECUTE pg_catalog.format(
        'COMMENT ON TRIGGER tenant_id_immutable ON %s IS %L', target,
        'A row never moves to another tenant.');
    IF EXISTS (SELECT FROM pg_catalog.pg_attribute
               WHERE attrelid = target AND attname = 'updated_at' AND NOT attisdropped) THEN
        EXECUTE pg_catalog.format(
            'CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at()',
            target);
        EXECUTE pg_catalog.format(
            'COMMENT ON TRIGGER set_updated_at ON %s IS %L', target, 'Keeps updated_at at the time of the last UPDATE.');
    END IF;
END
$$;
ALTER FUNCTION app_private.guard_tenant_table(target regclass) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.guard_tenant_table(target regclass) IS 'Deploy-time helper: forces RLS on a tenant table and adds the tenant_isolation policy and the tenant triggers. Called once per tenant table by its deploy script.';
CREATE FUNCTION app_private.messages_fill_owner() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.user_id IS NULL THEN
        SELECT c.user_id INTO NEW.user_id
        FROM app.conversations c
        WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.conversation_id;
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.messages_fill_owner() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.messages_fill_owner() IS 'Trigger of app.messages: fills user_id from the conversation the writer can see. Invoker: a conversation the writer cannot see leaves it NULL, and the insert fails.';
CREATE FUNCTION app_private.require_tenant_context() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF app.current_tenant_id() IS NULL
       AND NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RAISE EXCEPTION '% on %.% needs a tenant context', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Set the tenant per transaction: SET LOCAL app.tenant_id = ''<tenant uuid>''';
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION app_private.require_tenant_context() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.require_tenant_context() IS 'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when no tenant context is set (roles with BYPASSRLS excepted).';
CREATE FUNCTION app_private.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.set_updated_at() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.set_updated_at() IS 'Row trigger: sets updated_at to the transaction time on every UPDATE.';
CREATE FUNCTION app_private.users_guard_role_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF app.current_user_id() IS NOT NULL
       AND app_private.current_person_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only a tenant admin can change a user''s role'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Ask an admin of the tenant to change the role.';
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.users_guard_role_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.users_guard_role_change() IS 'Trigger of app.users: a role change needs the acting person to be a tenant admin (or no acting person: the platform itself). Definer so it can read the acting person''s role.';
CREATE TABLE app.courses (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    description text,
    semester text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT courses_code_format CHECK ((code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'::text)),
    CONSTRAINT courses_description_length CHECK ((char_length(description) <= 5000)),
    CONSTRAINT courses_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT courses_semester_length CHECK (((char_length(semester) >= 1) AND (char_length(semester) <= 40)))
);
ALTER TABLE ONLY app.courses FORCE ROW LEVEL SECURITY;
ALTER TABLE app.courses OWNER TO tenantdb_owner;
COMMENT ON TABLE app.courses IS 'Courses of a tenant. Students see the courses they are enrolled in; educators, coaches and admins all; educators and admins manage them.';
COMMENT ON COLUMN app.courses.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.courses.id IS 'Course id.';
COMMENT ON COLUMN app.courses.code IS 'Short course code (e.g. MATH-101), unique within the tenant.';
COMMENT ON COLUMN app.courses.name IS 'Course name.';
COMMENT ON COLUMN app.courses.description IS 'What the course covers.';
COMMENT ON COLUMN app.courses.semester IS 'Semester or term label (e.g. "Fall term", "FS27"); NULL for self-paced courses.';
COMMENT ON COLUMN app.courses.created_at IS 'When the course was created.';
COMMENT ON COLUMN app.courses.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT courses_code_format ON app.courses IS 'Codes are 1-40 letters, digits, dots, dashes or underscores.';
COMMENT ON CONSTRAINT courses_description_length ON app.courses IS 'Descriptions are at most 5000 characters.';
COMMENT ON CONSTRAINT courses_name_length ON app.courses IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT courses_semester_length ON app.courses IS 'Semester labels are 1-40 characters.';
CREATE TABLE app.document_chunks (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    document_id uuid NOT NULL,
    course_id uuid NOT NULL,
    chunk_id integer NOT NULL,
    content text NOT NULL,
    embedding public.vector(384) NOT NULL,
    embedding_model text NOT NULL,
    embedding_version text NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT document_chunks_chunk_id_not_negative CHECK ((chunk_id >= 0)),
    CONSTRAINT document_chunks_content_length CHECK (((char_length(content) >= 1) AND (char_length(content) <= 100000))),
    CONSTRAINT document_chunks_embedding_model_length CHECK (((char_length(embedding_model) >= 1) AND (char_length(embedding_model) <= 200))),
    CONSTRAINT document_chunks_embedding_version_length CHECK (((char_length(embedding_version) >= 1) AND (char_length(embedding_version) <= 100))),
    CONSTRAINT document_chunks_metadata_object CHECK ((jsonb_typeof(metadata) = 'object'::text))
);
ALTER TABLE ONLY app.document_chunks FORCE ROW LEVEL SECURITY;
ALTER TABLE app.document_chunks OWNER TO tenantdb_owner;
COMMENT ON TABLE app.document_chunks IS 'Chunks of documents with their embeddings and metadata (the source''s vector_metadata). Visible like their document''s course; searched by app.search_chunks().';
COMMENT ON COLUMN app.document_chunks.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.document_chunks.id IS 'Chunk id (the views'' metadata_id).';
COMMENT ON COLUMN app.document_chunks.document_id IS 'The document the chunk was cut from.';
COMMENT ON COLUMN app.document_chunks.course_id IS 'The document''s course (kept equal by the foreign key; filled in when omitted); decides who sees the chunk.';
COMMENT ON COLUMN app.document_chunks.chunk_id IS 'Position of the chunk within its document (0, 1, ...), unique per document.';
COMMENT ON COLUMN app.document_chunks.content IS 'The chunk''s text, as embedded and as returned to the RAG prompt.';
COMMENT ON COLUMN app.document_chunks.embedding IS 'Embedding of the content, 384 dimensions, compared by cosine distance.';
COMMENT ON COLUMN app.document_chunks.embedding_model IS 'Model that produced the embedding (e.g. all-MiniLM-L6-v2).';
COMMENT ON COLUMN app.document_chunks.embedding_version IS 'Version of the model or of the chunking pipeline, to find chunks to re-embed.';
COMMENT ON COLUMN app.document_chunks.metadata IS 'JSON object of chunk metadata (page, section, offsets, ...).';
COMMENT ON COLUMN app.document_chunks.created_at IS 'When the chunk was embedded.';
COMMENT ON CONSTRAINT document_chunks_chunk_id_not_negative ON app.document_chunks IS 'Chunk positions start at 0.';
COMMENT ON CONSTRAINT document_chunks_content_length ON app.document_chunks IS 'Chunks are 1-100000 characters.';
COMMENT ON CONSTRAINT document_chunks_embedding_model_length ON app.document_chunks IS 'Model names are 1-200 characters.';
COMMENT ON CONSTRAINT document_chunks_embedding_version_length ON app.document_chunks IS 'Versions are 1-100 characters.';
COMMENT ON CONSTRAINT document_chunks_metadata_object ON app.document_chunks IS 'Metadata is a JSON object.';
CREATE TABLE app.documents (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    course_id uuid NOT NULL,
    title text NOT NULL,
    file_path text NOT NULL,
    content_type text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT documents_content_type_format CHECK ((content_type ~ '^[a-z]+/[a-z0-9.+-]+$'::text)),
    CONSTRAINT documents_file_path_format CHECK ((((char_length(file_path) >= 1) AND (char_length(file_path) <= 1024)) AND (file_path !~ '(^|/)\.\.(/|$)'::text))),
    CONSTRAINT documents_title_length CHECK (((char_length(btrim(title)) >= 1) AND (char_length(btrim(title)) <= 500)))
);
ALTER TABLE ONLY app.documents FORCE ROW LEVEL SECURITY;
ALTER TABLE app.documents OWNER TO tenantdb_owner;
COMMENT ON TABLE app.documents IS 'Course documents for retrieval (RAG). Visible like their course: enrolled students, educators, coaches, admins; educators and admins manage them.';
COMMENT ON COLUMN app.documents.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.documents.id IS 'Document id.';
COMMENT ON COLUMN app.documents.course_id IS 'The course the document belongs to; decides who sees it.';
COMMENT ON COLUMN app.documents.title IS 'Document title.';
COMMENT ON COLUMN app.documents.file_path IS 'Path of the file in the tenant''s object store (relative, no "..").';
COMMENT ON COLUMN app.documents.content_type IS 'MIME type, e.g. application/pdf.';
COMMENT ON COLUMN app.documents.created_at IS 'When the document was added.';
COMMENT ON COLUMN app.documents.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT documents_content_type_format ON app.documents IS 'A MIME type: type/subtype in lower case.';
COMMENT ON CONSTRAINT documents_file_path_format ON app.documents IS 'Paths are 1-1024 characters and never climb out with "..".';
COMMENT ON CONSTRAINT documents_title_length ON app.documents IS 'Titles are 1-500 characters, not blank.';
CREATE TABLE app.interactions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    service_type text NOT NULL,
    request_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    response_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    latency_ms integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT interactions_latency_not_negative CHECK ((latency_ms >= 0)),
    CONSTRAINT interactions_request_data_object CHECK ((jsonb_typeof(request_data) = 'object'::text)),
    CONSTRAINT interactions_response_data_object CHECK ((jsonb_typeof(response_data) = 'object'::text)),
    CONSTRAINT interactions_service_type_known CHECK ((service_type = ANY (ARRAY['rag_query'::text, 'chat'::text, 'summary'::text, 'quiz'::text, 'feedback'::text, 'embedding'::text])))
);
ALTER TABLE ONLY app.interactions FORCE ROW LEVEL SECURITY;
ALTER TABLE app.interactions OWNER TO tenantdb_owner;
COMMENT ON TABLE app.interactions IS 'Requests of people to the AI services and the responses, with latency. Students see their own; educators, coaches and admins all of the tenant''s.';
COMMENT ON COLUMN app.interactions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.interactions.id IS 'Interaction id.';
COMMENT ON COLUMN app.interactions.user_id IS 'The person who made the request.';
COMMENT ON COLUMN app.interactions.service_type IS 'Which service answered: rag_query, chat, summary, quiz, feedback or embedding.';
COMMENT ON COLUMN app.interactions.request_data IS 'The request, a JSON object.';
COMMENT ON COLUMN app.interactions.response_data IS 'The response, a JSON object.';
COMMENT ON COLUMN app.interactions.latency_ms IS 'Time to answer in milliseconds; NULL when unknown.';
COMMENT ON COLUMN app.interactions.created_at IS 'When the request was made.';
COMMENT ON CONSTRAINT interactions_latency_not_negative ON app.interactions IS 'Latency is never negative.';
COMMENT ON CONSTRAINT interactions_request_data_object ON app.interactions IS 'Requests are JSON objects.';
COMMENT ON CONSTRAINT interactions_response_data_object ON app.interactions IS 'Responses are JSON objects.';
COMMENT ON CONSTRAINT interactions_service_type_known ON app.interactions IS 'Only the known services.';
CREATE TABLE app.intervention_logs (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    learner_id uuid NOT NULL,
    session_id uuid NOT NULL,
    struggle_event_id uuid,
    intervention_type text NOT NULL,
    content jsonb DEFAULT '{}'::jsonb NOT NULL,
    outcome text,
    delivered_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT intervention_logs_content_object CHECK ((jsonb_typeof(content) = 'object'::text)),
    CONSTRAINT intervention_logs_outcome_known CHECK ((outcome = ANY (ARRAY['accepted'::text, 'dismissed'::text, 'ignored'::text]))),
    CONSTRAINT intervention_logs_type_known CHECK ((intervention_type = ANY (ARRAY['hint'::text, 'worked_example'::text, 'prerequisite_review'::text, 'encouragement'::text, 'educator_alert'::text])))
);
ALTER TABLE ONLY app.intervention_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE app.intervention_logs OWNER TO tenantdb_owner;
COMMENT ON TABLE app.intervention_logs IS 'Interventions delivered to learners, linked to the session and, where one caused it, the struggle event. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.intervention_logs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.intervention_logs.id IS 'Intervention id.';
COMMENT ON COLUMN app.intervention_logs.learner_id IS 'The learner who received it.';
COMMENT ON COLUMN app.intervention_logs.session_id IS 'The learning session it was delivered in (of the same learner).';
COMMENT ON COLUMN app.intervention_logs.struggle_event_id IS 'The struggle that triggered it, if any (of the same learner); NULL when the event is removed.';
COMMENT ON COLUMN app.intervention_logs.intervention_type IS 'What was shown: hint, worked_example, prerequisite_review, encouragement or educator_alert.';
COMMENT ON COLUMN app.intervention_logs.content IS 'JSON object describing what was shown.';
COMMENT ON COLUMN app.intervention_logs.outcome IS 'How the learner responded: accepted, dismissed or ignored; NULL until known.';
COMMENT ON COLUMN app.intervention_logs.delivered_at IS 'When it was delivered.';
COMMENT ON CONSTRAINT intervention_logs_content_object ON app.intervention_logs IS 'Content is a JSON object.';
COMMENT ON CONSTRAINT intervention_logs_outcome_known ON app.intervention_logs IS 'Only the known outcomes (or NULL while unknown).';
COMMENT ON CONSTRAINT intervention_logs_type_known ON app.intervention_logs IS 'Only the known intervention types.';
CREATE TABLE app.learning_sessions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    learner_id uuid NOT NULL,
    course_context text NOT NULL,
    session_start timestamp with time zone DEFAULT now() NOT NULL,
    session_end timestamp with time zone,
    behavioral_signals jsonb DEFAULT '{}'::jsonb NOT NULL,
    interventions_delivered integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT learning_sessions_behavioral_signals_object CHECK ((jsonb_typeof(behavioral_signals) = 'object'::text)),
    CONSTRAINT learning_sessions_course_context_length CHECK (((char_length(course_context) >= 1) AND (char_length(course_context) <= 255))),
    CONSTRAINT learning_sessions_end_after_start CHECK ((session_end >= session_start)),
    CONSTRAINT learning_sessions_interventions_delivered_not_negative CHECK ((interventions_delivered >= 0))
);
ALTER TABLE ONLY app.learning_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE app.learning_sessions OWNER TO tenantdb_owner;
COMMENT ON TABLE app.learning_sessions IS 'Learning sessions: one LTI launch of a learner into a course context, with behavioural signals. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.learning_sessions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.learning_sessions.id IS 'Session id.';
COMMENT ON COLUMN app.learning_sessions.learner_id IS 'The learner (app.learner_profiles); deleted with the profile.';
COMMENT ON COLUMN app.learning_sessions.course_context IS 'LTI context_id of the course the launch came from.';
COMMENT ON COLUMN app.learning_sessions.session_start IS 'Launch time.';
COMMENT ON COLUMN app.learning_sessions.session_end IS 'When the session ended; NULL while it is open.';
COMMENT ON COLUMN app.learning_sessions.behavioral_signals IS 'JSON object of signals collected in the session (hover times, scroll patterns, ...).';
COMMENT ON COLUMN app.learning_sessions.interventions_delivered IS 'How many interventions (help) were shown during the session; details in app.intervention_logs.';
COMMENT ON COLUMN app.learning_sessions.created_at IS 'When the row was written.';
COMMENT ON CONSTRAINT learning_sessions_behavioral_signals_object ON app.learning_sessions IS 'Signals are a JSON object.';
COMMENT ON CONSTRAINT learning_sessions_course_context_length ON app.learning_sessions IS 'LTI context ids are 1-255 characters.';
COMMENT ON CONSTRAINT learning_sessions_end_after_start ON app.learning_sessions IS 'A session ends after it starts.';
COMMENT ON CONSTRAINT learning_sessions_interventions_delivered_not_negative ON app.learning_sessions IS 'A count is never negative.';
CREATE TABLE app.struggle_events (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    learner_id uuid NOT NULL,
    session_id uuid NOT NULL,
    concept_id uuid,
    kind text NOT NULL,
    severity numeric(3,2) NOT NULL,
    signals jsonb DEFAULT '{}'::jsonb NOT NULL,
    detected_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT struggle_events_kind_known CHECK ((kind = ANY (ARRAY['repeated_error'::text, 'long_pause'::text, 'help_request'::text, 'rapid_guessing'::text, 'abandonment'::text]))),
    CONSTRAINT struggle_events_severity_range CHECK (((severity >= (0)::numeric) AND (severity <= (1)::numeric))),
    CONSTRAINT struggle_events_signals_object CHECK ((jsonb_typeof(signals) = 'object'::text))
);
ALTER TABLE ONLY app.struggle_events FORCE ROW LEVEL SECURITY;
ALTER TABLE app.struggle_events OWNER TO tenantdb_owner;
COMMENT ON TABLE app.struggle_events IS 'Struggles detected in a learner''s session. Students read their own; educators and coaches read all of the tenant''s; admins manage them.';
COMMENT ON COLUMN app.struggle_events.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.struggle_events.id IS 'Event id.';
COMMENT ON COLUMN app.struggle_events.learner_id IS 'The learner who struggled.';
COMMENT ON COLUMN app.struggle_events.session_id IS 'The learning session it happened in (of the same learner).';
COMMENT ON COLUMN app.struggle_events.concept_id IS 'The concept the learner struggled with, when known; NULL when the concept is removed.';
COMMENT ON COLUMN app.struggle_events.kind IS 'What was detected: repeated_error, long_pause, help_request, rapid_guessing or abandonment.';
COMMENT ON COLUMN app.struggle_events.severity IS 'How strong the signal was, from 0 (weak) to 1 (certain).';
COMMENT ON COLUMN app.struggle_events.signals IS 'JSON object of the raw signals behind the detection.';
COMMENT ON COLUMN app.struggle_events.detected_at IS 'When the struggle was detected.';
COMMENT ON CONSTRAINT struggle_events_kind_known ON app.struggle_events IS 'Only the known kinds of struggle.';
COMMENT ON CONSTRAINT struggle_events_severity_range ON app.struggle_events IS 'Severity is between 0 and 1.';
COMMENT ON CONSTRAINT struggle_events_signals_object ON app.struggle_events IS 'Signals are a JSON object.';
CREATE TABLE app.tenants (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenants_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT tenants_settings_is_object CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT tenants_slug_format CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT tenants_status_known CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'archived'::text])))
);
ALTER TABLE ONLY app.tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE app.tenants OWNER TO tenantdb_owner;
COMMENT ON TABLE app.tenants IS 'Institutions (tenants). Every other tenant table carries tenant_id referencing this table. Clients read only their own tenant''s row; the maintenance role provisions.';
COMMENT ON COLUMN app.tenants.id IS 'Tenant id: the value clients put in app.tenant_id.';
COMMENT ON COLUMN app.tenants.slug IS 'Stable URL-safe name (lowercase letters, digits, inner hyphens; 1-63 characters), unique across tenants.';
COMMENT ON COLUMN app.tenants.name IS 'Display name of the institution (1-200 characters).';
COMMENT ON COLUMN app.tenants.status IS 'active, suspended or archived.';
COMMENT ON COLUMN app.tenants.settings IS 'Tenant-wide settings as a JSON object (retention defaults, feature flags).';
COMMENT ON COLUMN app.tenants.created_at IS 'When the tenant was provisioned.';
COMMENT ON COLUMN app.tenants.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT tenants_name_length ON app.tenants IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT tenants_settings_is_object ON app.tenants IS 'settings is a JSON object, never an array or scalar.';
COMMENT ON CONSTRAINT tenants_slug_format ON app.tenants IS 'Slugs are DNS-label shaped.';
COMMENT ON CONSTRAINT tenants_status_known ON app.tenants IS 'Only known lifecycle states.';
CREATE TABLE app.user_profiles (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    bio text,
    avatar_url text,
    locale text DEFAULT 'en'::text NOT NULL,
    time_zone text DEFAULT 'UTC'::text NOT NULL,
    preferences jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_profiles_avatar_url_format CHECK (((avatar_url ~ '^https://'::text) AND (char_length(avatar_url) <= 2048))),
    CONSTRAINT user_profiles_bio_length CHECK ((char_length(bio) <= 2000)),
    CONSTRAINT user_profiles_locale_format CHECK ((locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'::text)),
    CONSTRAINT user_profiles_preferences_object CHECK ((jsonb_typeof(preferences) = 'object'::text)),
    CONSTRAINT user_profiles_time_zone_length CHECK (((char_length(time_zone) >= 1) AND (char_length(time_zone) <= 64)))
);
ALTER TABLE ONLY app.user_profiles FORCE ROW LEVEL SECURITY;
ALTER TABLE app.user_profiles OWNER TO tenantdb_owner;
COMMENT ON TABLE app.user_profiles IS 'Profile and preferences of a user (one row per user, deleted with the user). The person and the tenant''s admins read and update it.';
COMMENT ON COLUMN app.user_profiles.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.user_profiles.user_id IS 'The user this profile belongs to (one profile per user).';
COMMENT ON COLUMN app.user_profiles.bio IS 'Free text the person writes about themselves (at most 2000 characters).';
COMMENT ON COLUMN app.user_profiles.avatar_url IS 'HTTPS address of the avatar picture.';
COMMENT ON COLUMN app.user_profiles.locale IS 'Language for the interface, e.g. en or de-CH.';
COMMENT ON COLUMN app.user_profiles.time_zone IS 'IANA time zone for showing times (stored times are UTC).';
COMMENT ON COLUMN app.user_profiles.preferences IS 'Interface and notification preferences, a JSON object.';
COMMENT ON COLUMN app.user_profiles.created_at IS 'When the profile was created.';
COMMENT ON COLUMN app.user_profiles.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT user_profiles_avatar_url_format ON app.user_profiles IS 'Avatars are HTTPS addresses of at most 2048 characters.';
COMMENT ON CONSTRAINT user_profiles_bio_length ON app.user_profiles IS 'Bios are at most 2000 characters.';
COMMENT ON CONSTRAINT user_profiles_locale_format ON app.user_profiles IS 'A BCP 47 language tag: language, optionally -REGION.';
COMMENT ON CONSTRAINT user_profiles_preferences_object ON app.user_profiles IS 'Preferences are a JSON object.';
COMMENT ON CONSTRAINT user_profiles_time_zone_length ON app.user_profiles IS 'Time zone names are 1-64 characters.';
CREATE VIEW app.v_rag_chunks WITH (security_invoker='true') AS
 SELECT ch.id AS metadata_id,
    ch.document_id,
    ch.chunk_id,
    ch.embedding_model,
    ch.metadata,
    d.title AS document_title
   FROM (app.document_chunks ch
     JOIN app.documents d ON (((d.tenant_id = ch.tenant_id) AND (d.id = ch.document_id))));
ALTER VIEW app.v_rag_chunks OWNER TO tenantdb_owner;
COMMENT ON VIEW app.v_rag_chunks IS 'Chunk metadata with the document title, as the caller may see it (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_rag_chunks.metadata_id IS 'Chunk id (the source''s vector_metadata id).';
COMMENT ON COLUMN app.v_rag_chunks.document_id IS 'The chunk''s document.';
COMMENT ON COLUMN app.v_rag_chunks.chunk_id IS 'Position of the chunk within its document.';
COMMENT ON COLUMN app.v_rag_chunks.embedding_model IS 'Model that produced the embedding.';
COMMENT ON COLUMN app.v_rag_chunks.metadata IS 'Chunk metadata (JSON object).';
COMMENT ON COLUMN app.v_rag_chunks.document_title IS 'Title of the chunk''s document.';
CREATE VIEW app.v_rag_documents WITH (security_invoker='true') AS
 SELECT d.id AS document_id,
    d.title,
    d.file_path,
    c.code AS course_code,
    c.name AS course_name,
    d.created_at
   FROM (app.documents d
     JOIN app.courses c ON (((c.tenant_id = d.tenant_id) AND (c.id = d.course_id))));
ALTER VIEW app.v_rag_documents OWNER TO tenantdb_owner;
COMMENT ON VIEW app.v_rag_documents IS 'Documents with their course, as the caller may see them (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_rag_documents.document_id IS 'Document id.';
COMMENT ON COLUMN app.v_rag_documents.title IS 'Document title.';
COMMENT ON COLUMN app.v_rag_documents.file_path IS 'Path of the file in the tenant''s object store.';
COMMENT ON COLUMN app.v_rag_documents.course_code IS 'Code of the document''s course.';
COMMENT ON COLUMN app.v_rag_documents.course_name IS 'Name of the document''s course.';
COMMENT ON COLUMN app.v_rag_documents.created_at IS 'When the document was added.';
CREATE VIEW app.v_user_interactions WITH (security_invoker='true') AS
 SELECT i.id AS interaction_id,
    u.email AS user_email,
    u.role AS user_role,
    i.service_type,
    i.latency_ms,
    i.created_at
   FROM (app.interactions i
     JOIN app.users u ON (((u.tenant_id = i.tenant_id) AND (u.id = i.user_id))));
ALTER VIEW app.v_user_interactions OWNER TO tenantdb_owner;
COMMENT ON VIEW app.v_user_interactions IS 'Interactions with who made them, as the caller may see them (security_invoker: the caller''s RLS applies).';
COMMENT ON COLUMN app.v_user_interactions.interaction_id IS 'Interaction id.';
COMMENT ON COLUMN app.v_user_interactions.user_email IS 'Email of the person who made the request.';
COMMENT ON COLUMN app.v_user_interactions.user_role IS 'Role of that person in the tenant.';
COMMENT ON COLUMN app.v_user_interactions.service_type IS 'Which service answered.';
COMMENT ON COLUMN app.v_user_interactions.latency_ms IS 'Time to answer in milliseconds.';
COMMENT ON COLUMN app.v_user_interactions.created_at IS 'When the request was made.';
ALTER TABLE ONLY app.auth_tokens
    ADD CONSTRAINT auth_tokens_hash_key UNIQUE (tenant_id, token_sha256);
COMMENT ON CONSTRAINT auth_tokens_hash_key ON app.auth_tokens IS 'A token hash identifies one token within the tenant.';
ALTER TABLE ONLY app.auth_tokens
    ADD CONSTRAINT auth_tokens_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_pkey PRIMARY KEY (tenant_id, concept_id, prerequisite_id);
ALTER TABLE ONLY app.concepts
    ADD CONSTRAINT concepts_name_key UNIQUE (tenant_id, name);
COMMENT ON CONSTRAINT concepts_name_key ON app.concepts IS 'Concept names are unique within a tenant.';
ALTER TABLE ONLY app.concepts
    ADD CONSTRAINT concepts_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_owner_key UNIQUE (tenant_id, id, user_id);
COMMENT ON CONSTRAINT conversations_owner_key ON app.conversations IS 'Target of the messages'' foreign key: every message carries its conversation''s owner, so message policies need no join.';
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_share_token_key UNIQUE (tenant_id, share_token_sha256);
COMMENT ON CONSTRAINT conversations_share_token_key ON app.conversations IS 'A share token opens one conversation of the tenant.';
ALTER TABLE ONLY app.courses
    ADD CONSTRAINT courses_code_key UNIQUE (tenant_id, code);
COMMENT ON CONSTRAINT courses_code_key ON app.courses IS 'Course codes are unique within a tenant (not across tenants).';
ALTER TABLE ONLY app.courses
    ADD CONSTRAINT courses_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.document_chunks
    ADD CONSTRAINT document_chunks_chunk_key UNIQUE (tenant_id, document_id, chunk_id);
COMMENT ON CONSTRAINT document_chunks_chunk_key ON app.document_chunks IS 'One chunk per position within a document.';
ALTER TABLE ONLY app.document_chunks
    ADD CONSTRAINT document_chunks_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.documents
    ADD CONSTRAINT documents_course_key UNIQUE (tenant_id, id, course_id);
COMMENT ON CONSTRAINT documents_course_key ON app.documents IS 'Target of the chunks'' foreign key: a chunk carries its document''s course, so chunk policies need no join.';
ALTER TABLE ONLY app.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.enrollments
    ADD CONSTRAINT enrollments_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.enrollments
    ADD CONSTRAINT enrollments_user_course_key UNIQUE (tenant_id, user_id, course_id);
COMMENT ON CONSTRAINT enrollments_user_course_key ON app.enrollments IS 'One enrollment per person and course; also the index for "my courses" (tenant_id, user_id leads).';
ALTER TABLE ONLY app.interactions
    ADD CONSTRAINT interactions_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.intervention_logs
    ADD CONSTRAINT intervention_logs_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.learner_profiles
    ADD CONSTRAINT learner_profiles_lti_user_id_key UNIQUE (tenant_id, lti_user_id);
COMMENT ON CONSTRAINT learner_profiles_lti_user_id_key ON app.learner_profiles IS 'One profile per LTI subject within a tenant; also the index for lookup by LTI subject (tenant_id leads).';
ALTER TABLE ONLY app.learner_profiles
    ADD CONSTRAINT learner_profiles_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.learner_profiles
    ADD CONSTRAINT learner_profiles_user_key UNIQUE (tenant_id, user_id);
COMMENT ON CONSTRAINT learner_profiles_user_key ON app.learner_profiles IS 'One learner profile per person.';
ALTER TABLE ONLY app.learning_sessions
    ADD CONSTRAINT learning_sessions_learner_key UNIQUE (tenant_id, id, learner_id);
COMMENT ON CONSTRAINT learning_sessions_learner_key ON app.learning_sessions IS 'Target of the composite foreign keys of struggle events and interventions: an event of a session belongs to that session''s learner.';
ALTER TABLE ONLY app.learning_sessions
    ADD CONSTRAINT learning_sessions_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_learner_key UNIQUE (tenant_id, id, learner_id);
COMMENT ON CONSTRAINT struggle_events_learner_key ON app.struggle_events IS 'Target of intervention_logs'' foreign key: an intervention for an event is for that event''s learner.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);
ALTER TABLE ONLY app.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);
ALTER TABLE ONLY app.user_profiles
    ADD CONSTRAINT user_profiles_pkey PRIMARY KEY (tenant_id, user_id);
ALTER TABLE ONLY app.user_sessions
    ADD CONSTRAINT user_sessions_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_email_key UNIQUE (tenant_id, email);
COMMENT ON CONSTRAINT users_email_key ON app.users IS 'Email unique per tenant only: no cross-tenant existence oracle.';
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_lti_user_id_key UNIQUE (tenant_id, lti_user_id);
COMMENT ON CONSTRAINT users_lti_user_id_key ON app.users IS 'One user per LTI subject within a tenant.';
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_sso_identity_key UNIQUE (tenant_id, sso_provider, sso_id);
COMMENT ON CONSTRAINT users_sso_identity_key ON app.users IS 'One user per SSO identity within a tenant.';
CREATE INDEX auth_tokens_expiry_idx ON app.auth_tokens USING btree (expires_at);
COMMENT ON INDEX app.auth_tokens_expiry_idx IS 'Cleanup of expired tokens across tenants (maintenance role).';
CREATE INDEX auth_tokens_user_idx ON app.auth_tokens USING btree (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.auth_tokens_user_idx IS 'Tokens of a person (their API tokens list, revocation); covers the user foreign key.';
CREATE INDEX concept_prerequisites_prerequisite_idx ON app.concept_prerequisites USING btree (tenant_id, prerequisite_id);
COMMENT ON INDEX app.concept_prerequisites_prerequisite_idx IS 'Concepts that depend on a given concept; covers the prerequisite foreign key.';
CREATE INDEX conversations_user_updated_idx ON app.conversations USING btree (tenant_id, user_id, updated_at DESC);
COMMENT ON INDEX app.conversations_user_updated_idx IS 'A person''s conversations, most recent first (the source''s index on user_id, led by tenant_id); covers the user foreign key.';
CREATE INDEX document_chunks_course_idx ON app.document_chunks USING btree (tenant_id, course_id, document_id);
COMMENT ON INDEX app.document_chunks_course_idx IS 'Chunks of a course (the enrollment policy) and of a document; covers the document foreign key; exact search of a small tenant reads its chunks through it.';
CREATE INDEX document_chunks_embedding_idx ON app.document_chunks USING hnsw (embedding public.vector_cosine_ops);
COMMENT ON INDEX app.document_chunks_embedding_idx IS 'HNSW over every tenant''s embeddings (cosine). app.search_chunks() reads it with iterative scans, so the tenant and visibility filters still get k rows, and falls back to an exact search when the index finds fewer.';
CREATE INDEX documents_course_created_idx ON app.documents USING btree (tenant_id, course_id, created_at DESC);
COMMENT ON INDEX app.documents_course_created_idx IS 'Documents of a course, newest first (the enrollment policy filters by course); covers the course foreign key.';
CREATE INDEX enrollments_course_idx ON app.enrollments USING btree (tenant_id, course_id);
COMMENT ON INDEX app.enrollments_course_idx IS 'Enrollments of a course (class lists); covers the course foreign key.';
CREATE INDEX interactions_created_idx ON app.interactions USING btree (tenant_id, created_at DESC);
COMMENT ON INDEX app.interactions_created_idx IS 'The tenant''s interactions by time (dashboards, retention).';
CREATE INDEX interactions_user_created_idx ON app.interactions USING btree (tenant_id, user_id, created_at DESC);
COMMENT ON INDEX app.interactions_user_created_idx IS 'A person''s interactions, newest first (the student''s own-row policy); covers the user foreign key.';
CREATE INDEX intervention_logs_learner_delivered_idx ON app.intervention_logs USING btree (tenant_id, learner_id, delivered_at DESC);
COMMENT ON INDEX app.intervention_logs_learner_delivered_idx IS 'A learner''s interventions, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX intervention_logs_session_idx ON app.intervention_logs USING btree (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.intervention_logs_session_idx IS 'Interventions of a session; covers the session foreign key.';
CREATE INDEX intervention_logs_struggle_event_idx ON app.intervention_logs USING btree (tenant_id, struggle_event_id, learner_id);
COMMENT ON INDEX app.intervention_logs_struggle_event_idx IS 'Interventions caused by a struggle; covers the struggle foreign key.';
CREATE INDEX learning_sessions_learner_start_idx ON app.learning_sessions USING btree (tenant_id, learner_id, session_start DESC);
COMMENT ON INDEX app.learning_sessions_learner_start_idx IS 'A learner''s sessions, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX learning_sessions_start_idx ON app.learning_sessions USING btree (tenant_id, session_start DESC);
COMMENT ON INDEX app.learning_sessions_start_idx IS 'Sessions of the tenant by time (the source''s index on session timestamps; dashboards).';
CREATE INDEX messages_conversation_created_idx ON app.messages USING btree (tenant_id, conversation_id, created_at);
COMMENT ON INDEX app.messages_conversation_created_idx IS 'A conversation''s messages in order (the source''s index (conversation_id, created_at), led by tenant_id); the last 50 are a backward scan.';
CREATE INDEX messages_owner_conversation_idx ON app.messages USING btree (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.messages_owner_conversation_idx IS 'Messages of a person''s conversations (the own-row policies compare user_id); covers the conversation foreign key (cascading deletes and owner changes).';
CREATE INDEX struggle_events_concept_idx ON app.struggle_events USING btree (tenant_id, concept_id);
COMMENT ON INDEX app.struggle_events_concept_idx IS 'Struggles per concept (where a class gets stuck); covers the concept foreign key.';
CREATE INDEX struggle_events_learner_detected_idx ON app.struggle_events USING btree (tenant_id, learner_id, detected_at DESC);
COMMENT ON INDEX app.struggle_events_learner_detected_idx IS 'A learner''s struggles, newest first (the student''s own-row policy); covers the learner foreign key.';
CREATE INDEX struggle_events_session_idx ON app.struggle_events USING btree (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.struggle_events_session_idx IS 'Struggles of a session; covers the session foreign key.';
CREATE INDEX user_sessions_expiry_idx ON app.user_sessions USING btree (expires_at);
COMMENT ON INDEX app.user_sessions_expiry_idx IS 'Cleanup of expired sessions across tenants (maintenance role): a range scan from the oldest expiry.';
CREATE INDEX user_sessions_user_expiry_idx ON app.user_sessions USING btree (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.user_sessions_user_expiry_idx IS 'Active sessions of a person: WHERE user_id = $1 AND expires_at > now() is one index range (replaces the invalid partial index on now()); also covers the user foreign key.';
CREATE TRIGGER concept_prerequisites_no_cycle BEFORE INSERT OR UPDATE OF concept_id, prerequisite_id ON app.concept_prerequisites FOR EACH ROW EXECUTE FUNCTION app_private.concept_prerequisites_reject_cycle();
COMMENT ON TRIGGER concept_prerequisites_no_cycle ON app.concept_prerequisites IS 'Keeps the knowledge graph acyclic: no concept is, even transitively, its own prerequisite.';
CREATE TRIGGER document_chunks_fill_course BEFORE INSERT ON app.document_chunks FOR EACH ROW EXECUTE FUNCTION app_private.document_chunks_fill_course();
COMMENT ON TRIGGER document_chunks_fill_course ON app.document_chunks IS 'Writers give document_id only; the course follows from it.';
CREATE TRIGGER messages_fill_owner BEFORE INSERT ON app.messages FOR EACH ROW EXECUTE FUNCTION app_private.messages_fill_owner();
COMMENT ON TRIGGER messages_fill_owner ON app.messages IS 'Writers give conversation_id only; the owner column follows from it.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.concepts FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.concepts IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.conversations FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.conversations IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.courses FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.courses IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.documents FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.documents IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.learner_profiles FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.learner_profiles IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.tenants FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.tenants IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.user_profiles FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.user_profiles IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.users IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.auth_tokens FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.auth_tokens IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.concept_prerequisites FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.concept_prerequisites IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.concepts FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.concepts IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.conversations FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.conversations IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.courses FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.courses IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.document_chunks FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.document_chunks IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.documents FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.documents IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.enrollments FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.enrollments IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.interactions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.interactions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.intervention_logs FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.intervention_logs IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.learner_profiles FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.learner_profiles IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.learning_sessions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.learning_sessions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.messages FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.messages IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.struggle_events FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.struggle_events IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.user_profiles FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.user_profiles IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.user_sessions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.user_sessions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.users IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.auth_tokens FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.auth_tokens IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.concept_prerequisites FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.concept_prerequisites IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.concepts FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.concepts IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.conversations FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.conversations IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.courses FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.courses IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.document_chunks FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.document_chunks IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.documents FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.documents IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.enrollments FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.enrollments IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.interactions FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.interactions IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.intervention_logs FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.intervention_logs IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.learner_profiles FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.learner_profiles IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.learning_sessions FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.learning_sessions IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.messages FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.messages IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.struggle_events FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.struggle_events IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.user_profiles FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.user_profiles IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.user_sessions FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.user_sessions IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.users FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.users IS 'A row never moves to another tenant.';
CREATE TRIGGER users_role_change_guard BEFORE UPDATE OF role ON app.users FOR EACH ROW WHEN ((old.role IS DISTINCT FROM new.role)) EXECUTE FUNCTION app_private.users_guard_role_change();
COMMENT ON TRIGGER users_role_change_guard ON app.users IS 'Students (and educators, coaches) cannot change anyone''s role, their own included.';
ALTER TABLE ONLY app.auth_tokens
    ADD CONSTRAINT auth_tokens_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.auth_tokens
    ADD CONSTRAINT auth_tokens_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT auth_tokens_user_fkey ON app.auth_tokens IS 'Token of a user of the same tenant; deleted with the user.';
ALTER TABLE ONLY app.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_concept_fkey FOREIGN KEY (tenant_id, concept_id) REFERENCES app.concepts(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT concept_prerequisites_concept_fkey ON app.concept_prerequisites IS 'The dependent concept, of the same tenant; the edge goes with it.';
ALTER TABLE ONLY app.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_prerequisite_fkey FOREIGN KEY (tenant_id, prerequisite_id) REFERENCES app.concepts(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT concept_prerequisites_prerequisite_fkey ON app.concept_prerequisites IS 'The prerequisite concept, of the same tenant; the edge goes with it.';
ALTER TABLE ONLY app.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.concepts
    ADD CONSTRAINT concepts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversations_user_fkey ON app.conversations IS 'Conversation of a person of the same tenant; deleted with the person.';
ALTER TABLE ONLY app.courses
    ADD CONSTRAINT courses_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.document_chunks
    ADD CONSTRAINT document_chunks_document_fkey FOREIGN KEY (tenant_id, document_id, course_id) REFERENCES app.documents(tenant_id, id, course_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT document_chunks_document_fkey ON app.document_chunks IS 'A document of the same tenant, with its course; chunks go with their document and follow a course change.';
ALTER TABLE ONLY app.document_chunks
    ADD CONSTRAINT document_chunks_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.documents
    ADD CONSTRAINT documents_course_fkey FOREIGN KEY (tenant_id, course_id) REFERENCES app.courses(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT documents_course_fkey ON app.documents IS 'A course of the same tenant; documents go with their course.';
ALTER TABLE ONLY app.documents
    ADD CONSTRAINT documents_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.enrollments
    ADD CONSTRAINT enrollments_course_fkey FOREIGN KEY (tenant_id, course_id) REFERENCES app.courses(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT enrollments_course_fkey ON app.enrollments IS 'A course of the same tenant; the enrollment goes with the course.';
ALTER TABLE ONLY app.enrollments
    ADD CONSTRAINT enrollments_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.enrollments
    ADD CONSTRAINT enrollments_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT enrollments_user_fkey ON app.enrollments IS 'A person of the same tenant; the enrollment goes with the person.';
ALTER TABLE ONLY app.interactions
    ADD CONSTRAINT interactions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.interactions
    ADD CONSTRAINT interactions_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT interactions_user_fkey ON app.interactions IS 'A person of the same tenant; their interactions go with them.';
ALTER TABLE ONLY app.intervention_logs
    ADD CONSTRAINT intervention_logs_learner_fkey FOREIGN KEY (tenant_id, learner_id) REFERENCES app.learner_profiles(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT intervention_logs_learner_fkey ON app.intervention_logs IS 'Intervention for a learner of the same tenant; deleted with the learner.';
ALTER TABLE ONLY app.intervention_logs
    ADD CONSTRAINT intervention_logs_session_fkey FOREIGN KEY (tenant_id, session_id, learner_id) REFERENCES app.learning_sessions(tenant_id, id, learner_id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT intervention_logs_session_fkey ON app.intervention_logs IS 'The session is the same learner''s, in the same tenant; deleted with the session.';
ALTER TABLE ONLY app.intervention_logs
    ADD CONSTRAINT intervention_logs_struggle_event_fkey FOREIGN KEY (tenant_id, struggle_event_id, learner_id) REFERENCES app.struggle_events(tenant_id, id, learner_id) ON DELETE SET NULL (struggle_event_id);
COMMENT ON CONSTRAINT intervention_logs_struggle_event_fkey ON app.intervention_logs IS 'The causing struggle is the same learner''s; removing it keeps the intervention without the link.';
ALTER TABLE ONLY app.intervention_logs
    ADD CONSTRAINT intervention_logs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.learner_profiles
    ADD CONSTRAINT learner_profiles_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.learner_profiles
    ADD CONSTRAINT learner_profiles_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT learner_profiles_user_fkey ON app.learner_profiles IS 'Profile of a person of the same tenant; deleted with the person.';
ALTER TABLE ONLY app.learning_sessions
    ADD CONSTRAINT learning_sessions_learner_fkey FOREIGN KEY (tenant_id, learner_id) REFERENCES app.learner_profiles(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT learning_sessions_learner_fkey ON app.learning_sessions IS 'Session of a learner of the same tenant; deleted with the learner.';
ALTER TABLE ONLY app.learning_sessions
    ADD CONSTRAINT learning_sessions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.messages
    ADD CONSTRAINT messages_conversation_fkey FOREIGN KEY (tenant_id, conversation_id, user_id) REFERENCES app.conversations(tenant_id, id, user_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT messages_conversation_fkey ON app.messages IS 'Message of a conversation of the same tenant, carrying its owner; deleted with the conversation.';
ALTER TABLE ONLY app.messages
    ADD CONSTRAINT messages_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_concept_fkey FOREIGN KEY (tenant_id, concept_id) REFERENCES app.concepts(tenant_id, id) ON DELETE SET NULL (concept_id);
COMMENT ON CONSTRAINT struggle_events_concept_fkey ON app.struggle_events IS 'A concept of the same tenant; removing the concept keeps the event without it.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_learner_fkey FOREIGN KEY (tenant_id, learner_id) REFERENCES app.learner_profiles(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT struggle_events_learner_fkey ON app.struggle_events IS 'Event of a learner of the same tenant; deleted with the learner.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_session_fkey FOREIGN KEY (tenant_id, session_id, learner_id) REFERENCES app.learning_sessions(tenant_id, id, learner_id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT struggle_events_session_fkey ON app.struggle_events IS 'The session is the same learner''s, in the same tenant; deleted with the session.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.user_profiles
    ADD CONSTRAINT user_profiles_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.user_profiles
    ADD CONSTRAINT user_profiles_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT user_profiles_user_fkey ON app.user_profiles IS 'Profile of a user of the same tenant; deleted with the user.';
ALTER TABLE ONLY app.user_sessions
    ADD CONSTRAINT user_sessions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.user_sessions
    ADD CONSTRAINT user_sessions_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT user_sessions_user_fkey ON app.user_sessions IS 'Session of a user of the same tenant; deleted with the user.';
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE app.auth_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY auth_tokens_all_service ON app.auth_tokens TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY auth_tokens_all_service ON app.auth_tokens IS 'The service role (the authentication flows) issues, checks and consumes tokens of the transaction''s tenant.';
CREATE POLICY auth_tokens_delete_app ON app.auth_tokens FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY auth_tokens_delete_app ON app.auth_tokens IS 'A person revokes their own tokens; admins revoke anyone''s.';
CREATE POLICY auth_tokens_select_app ON app.auth_tokens FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY auth_tokens_select_app ON app.auth_tokens IS 'A person sees their own tokens (hashes, purpose, expiry); admins see every token of the tenant.';
ALTER TABLE app.concept_prerequisites ENABLE ROW LEVEL SECURITY;
CREATE POLICY concept_prerequisites_all_service ON app.concept_prerequisites TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY concept_prerequisites_all_service ON app.concept_prerequisites IS 'The service role reads and writes every prerequisite of the transaction''s tenant.';
CREATE POLICY concept_prerequisites_delete_app ON app.concept_prerequisites FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_delete_app ON app.concept_prerequisites IS 'Educators and admins remove prerequisites.';
CREATE POLICY concept_prerequisites_insert_app ON app.concept_prerequisites FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_insert_app ON app.concept_prerequisites IS 'Educators and admins add prerequisites.';
CREATE POLICY concept_prerequisites_select_app ON app.concept_prerequisites FOR SELECT TO tenantdb_app USING (true);
COMMENT ON POLICY concept_prerequisites_select_app ON app.concept_prerequisites IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';
CREATE POLICY concept_prerequisites_update_app ON app.concept_prerequisites FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_update_app ON app.concept_prerequisites IS 'Educators and admins change prerequisites.';
ALTER TABLE app.concepts ENABLE ROW LEVEL SECURITY;
CREATE POLICY concepts_all_service ON app.concepts TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY concepts_all_service ON app.concepts IS 'The service role reads and writes every concept of the transaction''s tenant.';
CREATE POLICY concepts_delete_app ON app.concepts FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_delete_app ON app.concepts IS 'Educators and admins remove concepts (their prerequisite edges go with them).';
CREATE POLICY concepts_insert_app ON app.concepts FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_insert_app ON app.concepts IS 'Educators and admins add concepts.';
CREATE POLICY concepts_select_app ON app.concepts FOR SELECT TO tenantdb_app USING (true);
COMMENT ON POLICY concepts_select_app ON app.concepts IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';
CREATE POLICY concepts_update_app ON app.concepts FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_update_app ON app.concepts IS 'Educators and admins edit concepts.';
ALTER TABLE app.conversations ENABLE ROW LEVEL SECURITY;
CREATE POLICY conversations_all_service ON app.conversations TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY conversations_all_service ON app.conversations IS 'The service role (the AI back end) reads and writes every conversation of the transaction''s tenant.';
CREATE POLICY conversations_delete_app ON app.conversations FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_delete_app ON app.conversations IS 'A person deletes their own conversations; admins delete any of the tenant''s.';
CREATE POLICY conversations_insert_app ON app.conversations FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY conversations_insert_app ON app.conversations IS 'A person starts conversations for themselves only.';
CREATE POLICY conversations_select_app ON app.conversations FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_select_app ON app.conversations IS 'A person reads their own conversations (educators and coaches too: chats are private); admins read all of the tenant''s (compliance).';
CREATE POLICY conversations_select_for_definer ON app.conversations FOR SELECT TO tenantdb_owner USING (share_enabled);
COMMENT ON POLICY conversations_select_for_definer ON app.conversations IS 'Lets the owner-run reader of shared conversations see conversations whose sharing is on, in the current tenant only.';
CREATE POLICY conversations_update_app ON app.conversations FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_update_app ON app.conversations IS 'A person renames, archives and shares their own conversations; admins may too (compliance).';
ALTER TABLE app.courses ENABLE ROW LEVEL SECURITY;
CREATE POLICY courses_all_service ON app.courses TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY courses_all_service ON app.courses IS 'The service role reads and writes every course of the transaction''s tenant.';
CREATE POLICY courses_delete_app ON app.courses FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_delete_app ON app.courses IS 'Educators and admins delete courses (with their enrollments, documents and chunks).';
CREATE POLICY courses_insert_app ON app.courses FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_insert_app ON app.courses IS 'Educators and admins create courses.';
CREATE POLICY courses_select_app ON app.courses FOR SELECT TO tenantdb_app USING (((id = ANY (( SELECT app_private.current_course_ids() AS current_course_ids)::uuid[])) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY courses_select_app ON app.courses IS 'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant.';
CREATE POLICY courses_update_app ON app.courses FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_update_app ON app.courses IS 'Educators and admins edit courses.';
ALTER TABLE app.document_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY document_chunks_all_service ON app.document_chunks TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY document_chunks_all_service ON app.document_chunks IS 'The service role (the RAG indexer) reads and writes every chunk of the transaction''s tenant.';
CREATE POLICY document_chunks_delete_app ON app.document_chunks FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_delete_app ON app.document_chunks IS 'Educators and admins delete chunks.';
CREATE POLICY document_chunks_insert_app ON app.document_chunks FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_insert_app ON app.document_chunks IS 'Educators and admins add chunks (the indexer uses the service role).';
CREATE POLICY document_chunks_select_app ON app.document_chunks FOR SELECT TO tenantdb_app USING (((course_id = ANY (( SELECT app_private.current_course_ids() AS current_course_ids)::uuid[])) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS 'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';
CREATE POLICY document_chunks_update_app ON app.document_chunks FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_update_app ON app.document_chunks IS 'Educators and admins edit chunks.';
ALTER TABLE app.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_all_service ON app.documents TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY documents_all_service ON app.documents IS 'The service role (the RAG indexer) reads and writes every document of the transaction''s tenant.';
CREATE POLICY documents_delete_app ON app.documents FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_delete_app ON app.documents IS 'Educators and admins delete documents (with their chunks).';
CREATE POLICY documents_insert_app ON app.documents FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_insert_app ON app.documents IS 'Educators and admins add documents.';
CREATE POLICY documents_select_app ON app.documents FOR SELECT TO tenantdb_app USING (((course_id = ANY (( SELECT app_private.current_course_ids() AS current_course_ids)::uuid[])) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY documents_select_app ON app.documents IS 'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s.';
CREATE POLICY documents_update_app ON app.documents FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_update_app ON app.documents IS 'Educators and admins edit documents.';
ALTER TABLE app.enrollments ENABLE ROW LEVEL SECURITY;
CREATE POLICY enrollments_all_service ON app.enrollments TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY enrollments_all_service ON app.enrollments IS 'The service role reads and writes every enrollment of the transaction''s tenant.';
CREATE POLICY enrollments_delete_app ON app.enrollments FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_delete_app ON app.enrollments IS 'Educators and admins remove enrollments.';
CREATE POLICY enrollments_insert_app ON app.enrollments FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_insert_app ON app.enrollments IS 'Educators and admins enroll people.';
CREATE POLICY enrollments_select_app ON app.enrollments FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY enrollments_select_app ON app.enrollments IS 'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant.';
CREATE POLICY enrollments_select_for_definer ON app.enrollments FOR SELECT TO tenantdb_owner USING ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY enrollments_select_for_definer ON app.enrollments IS 'Lets owner-run definer functions (current_course_ids) read the acting person''s own enrollments, in the current tenant only.';
CREATE POLICY enrollments_update_app ON app.enrollments FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_update_app ON app.enrollments IS 'Educators and admins correct enrollments.';
ALTER TABLE app.interactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY interactions_all_service ON app.interactions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY interactions_all_service ON app.interactions IS 'The service role records and reads every interaction of the transaction''s tenant.';
CREATE POLICY interactions_delete_app ON app.interactions FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY interactions_delete_app ON app.interactions IS 'Admins delete interactions (records are not edited).';
CREATE POLICY interactions_insert_app ON app.interactions FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY interactions_insert_app ON app.interactions IS 'A person''s own requests are recorded as theirs only.';
CREATE POLICY interactions_select_app ON app.interactions FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY interactions_select_app ON app.interactions IS 'Students see their own interactions; educators, coaches and admins see all of the tenant''s.';
ALTER TABLE app.intervention_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY intervention_logs_all_service ON app.intervention_logs TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY intervention_logs_all_service ON app.intervention_logs IS 'The service role records and reads every intervention of the transaction''s tenant.';
CREATE POLICY intervention_logs_delete_app ON app.intervention_logs FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_delete_app ON app.intervention_logs IS 'Admins delete interventions.';
CREATE POLICY intervention_logs_insert_app ON app.intervention_logs FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_insert_app ON app.intervention_logs IS 'Admins add interventions (the platform records them through the service role).';
CREATE POLICY intervention_logs_select_app ON app.intervention_logs FOR SELECT TO tenantdb_app USING (((learner_id = ( SELECT app_private.current_learner_id() AS current_learner_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS 'A student reads their own interventions; educators, coaches and admins read every learner''s.';
CREATE POLICY intervention_logs_update_app ON app.intervention_logs FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_update_app ON app.intervention_logs IS 'Admins correct interventions.';
ALTER TABLE app.learner_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_profiles_all_service ON app.learner_profiles TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY learner_profiles_all_service ON app.learner_profiles IS 'The service role reads and writes every learner profile of the transaction''s tenant.';
CREATE POLICY learner_profiles_delete_app ON app.learner_profiles FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY learner_profiles_delete_app ON app.learner_profiles IS 'Only admins delete learner profiles.';
CREATE POLICY learner_profiles_insert_app ON app.learner_profiles FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY learner_profiles_insert_app ON app.learner_profiles IS 'Admins create learner profiles (launches create them through the service role).';
CREATE POLICY learner_profiles_select_app ON app.learner_profiles FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS 'A student reads their own profile; educators, coaches and admins read every learner of the tenant.';
CREATE POLICY learner_profiles_select_for_definer ON app.learner_profiles FOR SELECT TO tenantdb_owner USING ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY learner_profiles_select_for_definer ON app.learner_profiles IS 'Lets owner-run definer functions (current_learner_id) read the acting person''s own learner profile, in the current tenant only.';
CREATE POLICY learner_profiles_update_app ON app.learner_profiles FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY learner_profiles_update_app ON app.learner_profiles IS 'A student updates their own profile (their privacy settings); admins update any of the tenant.';
ALTER TABLE app.learning_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY learning_sessions_all_service ON app.learning_sessions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY learning_sessions_all_service ON app.learning_sessions IS 'The service role records and reads every session of the transaction''s tenant.';
CREATE POLICY learning_sessions_delete_app ON app.learning_sessions FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_delete_app ON app.learning_sessions IS 'Admins delete sessions.';
CREATE POLICY learning_sessions_insert_app ON app.learning_sessions FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_insert_app ON app.learning_sessions IS 'Admins add sessions (the platform records them through the service role).';
CREATE POLICY learning_sessions_select_app ON app.learning_sessions FOR SELECT TO tenantdb_app USING (((learner_id = ( SELECT app_private.current_learner_id() AS current_learner_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS 'A student reads their own sessions; educators, coaches and admins read every learner''s.';
CREATE POLICY learning_sessions_update_app ON app.learning_sessions FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_update_app ON app.learning_sessions IS 'Admins correct sessions.';
ALTER TABLE app.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_all_service ON app.messages TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY messages_all_service ON app.messages IS 'The service role (the AI back end) reads and writes every message of the transaction''s tenant.';
CREATE POLICY messages_delete_app ON app.messages FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_delete_app ON app.messages IS 'A person deletes messages of their own conversations; admins delete any of the tenant''s.';
CREATE POLICY messages_insert_app ON app.messages FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY messages_insert_app ON app.messages IS 'A person writes into their own conversations only.';
CREATE POLICY messages_select_app ON app.messages FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_select_app ON app.messages IS 'Messages of the person''s own conversations; admins read all of the tenant''s (compliance).';
CREATE POLICY messages_select_for_definer ON app.messages FOR SELECT TO tenantdb_owner USING ((conversation_id IN ( SELECT c.id
   FROM app.conversations c
  WHERE c.share_enabled)));
COMMENT ON POLICY messages_select_for_definer ON app.messages IS 'Lets the owner-run reader of shared conversations see messages of conversations whose sharing is on, in the current tenant only.';
CREATE POLICY messages_update_app ON app.messages FOR UPDATE TO tenantdb_app USING ((user_id = ( SELECT app.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY messages_update_app ON app.messages IS 'A person updates messages of their own conversations (e.g. rates an answer).';
ALTER TABLE app.struggle_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY struggle_events_all_service ON app.struggle_events TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY struggle_events_all_service ON app.struggle_events IS 'The service role records and reads every event of the transaction''s tenant.';
CREATE POLICY struggle_events_delete_app ON app.struggle_events FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_delete_app ON app.struggle_events IS 'Admins delete events.';
CREATE POLICY struggle_events_insert_app ON app.struggle_events FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_insert_app ON app.struggle_events IS 'Admins add events (detectors write them through the service role).';
CREATE POLICY struggle_events_select_app ON app.struggle_events FOR SELECT TO tenantdb_app USING (((learner_id = ( SELECT app_private.current_learner_id() AS current_learner_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS 'A student reads their own struggle events; educators, coaches and admins read every learner''s.';
CREATE POLICY struggle_events_update_app ON app.struggle_events FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_update_app ON app.struggle_events IS 'Admins correct events.';
CREATE POLICY tenant_isolation ON app.auth_tokens AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.auth_tokens IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.concept_prerequisites AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.concept_prerequisites IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.concepts AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.concepts IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.conversations AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.conversations IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.courses AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.courses IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.document_chunks AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.document_chunks IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.documents AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.documents IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.enrollments AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.enrollments IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.interactions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.interactions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.intervention_logs AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.intervention_logs IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.learner_profiles AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.learner_profiles IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.learning_sessions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.learning_sessions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.messages AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.messages IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.struggle_events AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.struggle_events IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.user_profiles AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.user_profiles IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.user_sessions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.user_sessions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.users AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.users IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
ALTER TABLE app.tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_select_app ON app.tenants FOR SELECT TO tenantdb_app USING ((id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenants_select_app ON app.tenants IS 'People see only the row of the transaction''s tenant.';
CREATE POLICY tenants_select_service ON app.tenants FOR SELECT TO tenantdb_service USING ((id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenants_select_service ON app.tenants IS 'The service role sees only the row of the transaction''s tenant.';
ALTER TABLE app.user_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_profiles_all_service ON app.user_profiles TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY user_profiles_all_service ON app.user_profiles IS 'The service role reads and writes every profile of the transaction''s tenant.';
CREATE POLICY user_profiles_delete_app ON app.user_profiles FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY user_profiles_delete_app ON app.user_profiles IS 'Only admins delete profiles (a profile goes with its user).';
CREATE POLICY user_profiles_insert_app ON app.user_profiles FOR INSERT TO tenantdb_app WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_insert_app ON app.user_profiles IS 'A person creates their own profile; admins create anyone''s.';
CREATE POLICY user_profiles_select_app ON app.user_profiles FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_select_app ON app.user_profiles IS 'A person reads their own profile; admins read every profile of the tenant.';
CREATE POLICY user_profiles_update_app ON app.user_profiles FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_update_app ON app.user_profiles IS 'A person updates their own profile; admins update anyone''s.';
ALTER TABLE app.user_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_sessions_all_service ON app.user_sessions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY user_sessions_all_service ON app.user_sessions IS 'The service role (the login flow) creates, touches and ends sessions of the transaction''s tenant.';
CREATE POLICY user_sessions_delete_app ON app.user_sessions FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY user_sessions_delete_app ON app.user_sessions IS 'A person logs out their own sessions; admins end anyone''s.';
CREATE POLICY user_sessions_select_app ON app.user_sessions FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY user_sessions_select_app ON app.user_sessions IS 'A person sees their own sessions; admins see every session of the tenant.';
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_all_service ON app.users TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY users_all_service ON app.users IS 'The service role reads and writes every user of the transaction''s tenant.';
CREATE POLICY users_delete_app ON app.users FOR DELETE TO tenantdb_app USING ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY users_delete_app ON app.users IS 'Only tenant admins delete users.';
CREATE POLICY users_insert_app ON app.users FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text));
COMMENT ON POLICY users_insert_app ON app.users IS 'Only tenant admins add users.';
CREATE POLICY users_select_app ON app.users FOR SELECT TO tenantdb_app USING (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text]))));
COMMENT ON POLICY users_select_app ON app.users IS 'A person reads their own row; educators, coaches and admins read the tenant''s roster.';
CREATE POLICY users_select_for_definer ON app.users FOR SELECT TO tenantdb_owner USING ((id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY users_select_for_definer ON app.users IS 'Lets owner-run definer functions (current_person_role) read the acting person''s own row, in the current tenant only.';
CREATE POLICY users_update_app ON app.users FOR UPDATE TO tenantdb_app USING (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text))) WITH CHECK (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.current_person_role() AS current_person_role) = 'admin'::text)));
COMMENT ON POLICY users_update_app ON app.users IS 'A person updates their own row (never their role: see trigger users_role_change_guard); admins update any user of the tenant.';
GRANT USAGE ON SCHEMA app TO tenantdb_app;
GRANT USAGE ON SCHEMA app TO tenantdb_service;
GRANT USAGE ON SCHEMA app TO tenantdb_maintenance;
GRANT USAGE ON SCHEMA app_private TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.context_uuid(setting_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.current_tenant_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concept_prerequisites TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concept_prerequisites TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concept_prerequisites TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concepts TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concepts TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concepts TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_service;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.auth_tokens TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.auth_tokens TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.auth_tokens TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.consume_auth_token(token text, expected_purpose text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.consume_auth_token(token text, expected_purpose text) TO tenantdb_service;
REVOKE ALL ON FUNCTION app.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.user_sessions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_sessions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_sessions TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) TO tenantdb_service;
GRANT ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversations TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversations TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversations TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.shared_conversation_messages(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.shared_conversation_messages(token text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.shared_conversation_messages(token text) TO tenantdb_service;
REVOKE ALL ON FUNCTION app.read_shared_conversation(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.read_shared_conversation(token text) TO tenantdb_app;
GRANT ALL ON FUNCTION app.read_shared_conversation(token text) TO tenantdb_service;
REVOKE ALL ON FUNCTION app.search_chunks(query public.vector, k integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app.search_chunks(query public.vector, k integer) TO tenantdb_app;
GRANT ALL ON FUNCTION app.search_chunks(query public.vector, k integer) TO tenantdb_service;
GRANT ALL ON FUNCTION app.search_chunks(query public.vector, k integer) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.share_conversation(conversation uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app.share_conversation(conversation uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app.share_conversation(conversation uuid) TO tenantdb_service;
REVOKE ALL ON FUNCTION app_private.concept_prerequisites_reject_cycle() FROM PUBLIC;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.enrollments TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.enrollments TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.enrollments TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.current_course_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_course_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_course_ids() TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learner_profiles TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learner_profiles TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learner_profiles TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.current_learner_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_learner_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_learner_id() TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.current_person_role() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_service;
REVOKE ALL ON FUNCTION app_private.document_chunks_fill_course() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.forbid_tenant_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.guard_tenant_table(target regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.messages_fill_owner() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.require_tenant_context() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.set_updated_at() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.users_guard_role_change() FROM PUBLIC;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.courses TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.courses TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.courses TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.document_chunks TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.document_chunks TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.document_chunks TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.documents TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.documents TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.documents TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE ON TABLE app.interactions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.tenants TO tenantdb_app;
GRANT SELECT ON TABLE app.tenants TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.tenants TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_profiles TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_profiles TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_profiles TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_app;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_service;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_app;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_service;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_app;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_service;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_maintenance;
ALTER DEFAULT PRIVILEGES FOR ROLE tenantdb_owner REVOKE ALL ON FUNCTIONS FROM PUBLIC;

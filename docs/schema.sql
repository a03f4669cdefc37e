CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO tenantdb_owner;
COMMENT ON SCHEMA app IS 'tenantdb product schema: tenant tables (RLS forced), read models and client-callable functions.';
CREATE SCHEMA app_private;
ALTER SCHEMA app_private OWNER TO tenantdb_owner;
COMMENT ON SCHEMA app_private IS 'tenantdb internals: definer functions used inside policies and trigger functions. No client role has USAGE.';
CREATE SCHEMA archive;
ALTER SCHEMA archive OWNER TO tenantdb_owner;
COMMENT ON SCHEMA archive IS 'Cold storage of rows removed by retention, and the retention registry. Maintenance role only.';
CREATE SCHEMA cache_private;
ALTER SCHEMA cache_private OWNER TO tenantdb_owner;
COMMENT ON SCHEMA cache_private IS 'tenantdb cache invalidation: the outbox of changed objects and people. No client role has USAGE; the maintenance role drains it.';
CREATE SCHEMA tenantdb_context;
ALTER SCHEMA tenantdb_context OWNER TO tenantdb_owner;
COMMENT ON SCHEMA tenantdb_context IS 'The tenantdb_context extension (C): remember_bound_context() (tenantdb_owner only, called by bind_context()), bound_context_is_remembered() and the remembered_*() readers the context accessors inline.';
CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
COMMENT ON EXTENSION citext IS 'data type for case-insensitive character strings';
CREATE EXTENSION IF NOT EXISTS tenantdb_context WITH SCHEMA tenantdb_context;
COMMENT ON EXTENSION tenantdb_context IS 'tenantdb: the context bound by app_private.bind_context(), remembered for the rest of the transaction so the policy accessors answer without re-checking the stamp';
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;
COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';
CREATE FUNCTION app.apply_tenant_limits() RETURNS text
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT app_private.apply_tenant_limits(app.current_tenant_id());
$$;
ALTER FUNCTION app.apply_tenant_limits() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.apply_tenant_limits() IS 'Applies the limits of the tenant of the current context (app.tenant_id) for the rest of the transaction; returns the tier, NULL without a tier or context. The Python helpers call it after setting the context.';
CREATE FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS '$libdir/tenantdb_context', 'remembered_value';
ALTER FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) IS 'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s field (tenant_id, person_id, learner_id) when the settings are one, else the rare branch: NULL for a NULL unbound, app_private.unbound_context_uuid(unbound) for tenant_id and person_id, app_private.unbound_resolved_value(unbound)::uuid otherwise, EXECUTE on it checked as the caller''s.';
CREATE FUNCTION app.bound_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('tenant_id'::text, NULL::text);
ALTER FUNCTION app.bound_tenant_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.bound_tenant_id() IS 'The tenant of a context bound to this transaction (app.set_context / app.set_token; for tenantdb_client sessions with a right HMAC), as app.current_tenant_id() returns it, else NULL instead of 42501. The accessor''s own test, written out (SQL-standard body: client sessions run it without USAGE on app_private). For checks (the write guard''s fast path, perf/write_guard_fast_path), not for queries: a query must fail without a context, so policies and queries use app.current_tenant_id(). (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: NULL.';
CREATE FUNCTION app.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('tenant_id'::text, 'app.tenant_id'::text);
ALTER FUNCTION app.current_tenant_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.current_tenant_id() IS 'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. A bound context is cast directly (bind_context wrote it from a uuid); only superuser sessions with hand-set values go through context_uuid(). Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_context_uuid(''app.tenant_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
CREATE FUNCTION app.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('person_id'::text, 'app.user_id'::text);
ALTER FUNCTION app.current_user_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.current_user_id() IS 'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. A bound context is cast directly; only superuser sessions with hand-set values go through context_uuid(). Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_context_uuid(''app.user_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
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
CREATE TABLE app.workspace_members (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    user_id uuid NOT NULL,
    member_role text DEFAULT 'viewer'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workspace_members_role_known CHECK ((member_role = ANY (ARRAY['owner'::text, 'editor'::text, 'viewer'::text])))
);
ALTER TABLE ONLY app.workspace_members FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workspace_members OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workspace_members IS 'Membership of people in workspaces with a member role: viewer reads, editor also writes content, owner also manages members.';
COMMENT ON COLUMN app.workspace_members.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_members.id IS 'Membership id.';
COMMENT ON COLUMN app.workspace_members.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.workspace_members.user_id IS 'The member (a person of the same tenant).';
COMMENT ON COLUMN app.workspace_members.member_role IS 'owner, editor or viewer.';
COMMENT ON COLUMN app.workspace_members.created_at IS 'When the person joined.';
COMMENT ON COLUMN app.workspace_members.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspace_members_role_known ON app.workspace_members IS 'Only owner, editor or viewer.';
CREATE FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT u.role,
     md5(((u.role || ';'::text) || COALESCE(( SELECT string_agg((((m.workspace_id)::text || ':'::text) || m.member_role), ','::text ORDER BY m.workspace_id) AS string_agg
            FROM app.workspace_members m
           WHERE ((m.tenant_id = u.tenant_id) AND (m.user_id = u.id))), ''::text))) AS md5
    FROM app.users u
   WHERE ((u.tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)) AND (u.id = ( SELECT app.current_user_id() AS current_user_id)));
END;
ALTER FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) IS 'Role of the acting person (app.user_id) and an md5 digest of role and workspace memberships, for cache keys; no row when the context names no person of the tenant (service role), 42501 without a context (app.set_context), like every accessor. Invoker: RLS shows the caller only their own row and memberships.';
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
CREATE FUNCTION app.open_shared_conversation(token text) RETURNS TABLE(tenant_id uuid, conversation_id uuid, title text, message_id uuid, role text, content text, citations jsonb, created_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    link app_private.conversation_share_links%ROWTYPE;
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
    outer_person text := pg_catalog.current_setting('app.user_id', true);
    outer_stamp text := pg_catalog.current_setting('app.context_stamp', true);
BEGIN
    IF token IS NULL OR pg_catalog.length(token) > 256 THEN
        RETURN;
    END IF;
    SELECT l.* INTO link FROM app_private.conversation_share_links l
    WHERE l.token_sha256 = pg_catalog.sha256(pg_catalog.convert_to(token, 'UTF8'));
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM app_private.bind_context(link.tenant_id, NULL);
    RETURN QUERY
        SELECT link.tenant_id, s.conversation_id, s.title, s.message_id, s.role, s.content, s.citations, s.created_at
        FROM app_private.shared_conversation_messages(token) s
        WHERE s.conversation_id = link.conversation_id;
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true),
            pg_catalog.set_config('app.user_id', coalesce(outer_person, ''), true),
            pg_catalog.set_config('app.context_stamp', coalesce(outer_stamp, ''), true);
END
$$;
ALTER FUNCTION app.open_shared_conversation(token text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.open_shared_conversation(token text) IS 'Bearer link: the messages of the conversation shared with this token, oldest first, with its tenant, for anyone holding the token, no tenant context needed (the caller''s context is left as it was). No rows for an unknown, guessed or revoked token.';
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
    workspace_id uuid,
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
COMMENT ON COLUMN app.conversations.workspace_id IS 'Workspace the conversation belongs to (NULL: none). Its messages follow that workspace''s chat_history_days, else the tenant''s. Set only by the owner as a member of the workspace (or the service role for an owner who is a member); cleared when the workspace is deleted.';
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
)
PARTITION BY RANGE (created_at);
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
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
DECLARE
    -- Once per call, not per row; the statements below are planned for this tenant.
    tenant constant uuid := app.current_tenant_id();
    ids uuid[];
    document_ids uuid[];
    chunk_ids integer[];
    contents text[];
    distances double precision[];
BEGIN
    IF k IS NULL OR k < 1 OR k > 1000 THEN
        RAISE EXCEPTION 'k must be between 1 and 1000, not %', coalesce(k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Ask for the k nearest chunks, e.g. app.search_chunks(query, 10).';
    END IF;
    -- The approximate top k (HNSW, iterative scan): one statement under the caller's policies.
    SELECT pg_catalog.array_agg(a.id), pg_catalog.array_agg(a.document_id), pg_catalog.array_agg(a.chunk_id),
           pg_catalog.array_agg(a.content), pg_catalog.array_agg(a.distance)
    INTO ids, document_ids, chunk_ids, contents, distances
    FROM (
        SELECT c.id, c.document_id, c.chunk_id, c.content,
               (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
        FROM app.document_chunks c
        WHERE c.tenant_id = tenant
        ORDER BY c.embedding OPERATOR(public.<=>) query
        LIMIT k
    ) a;
    IF pg_catalog.cardinality(ids) >= k THEN
        RETURN QUERY
        SELECT r.id, r.document_id, r.chunk_id, r.content, r.distance
        FROM unnest(ids, document_ids, chunk_ids, contents, distances) AS r (id, document_id, chunk_id, content, distance)
        ORDER BY 5, 1;
        RETURN;
    END IF;
    -- Fewer than k (a small tenant next to big ones, or max_scan_tuples reached): the exact top k
    -- of the visible chunks; planned and run only then. "+ 0" hides the ordering from the HNSW index.
    RETURN QUERY
    SELECT c.id, c.document_id, c.chunk_id, c.content,
           (c.embedding OPERATOR(public.<=>) query)::double precision AS distance
    FROM app.document_chunks c
    WHERE c.tenant_id = tenant
    ORDER BY (c.embedding OPERATOR(public.<=>) query) + 0, c.id
    LIMIT k;
END
$$;
ALTER FUNCTION app.search_chunks(query public.vector, k integer) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.search_chunks(query public.vector, k integer) IS 'The k nearest chunks (cosine distance) to the query embedding, within the caller''s tenant and visibility (RLS applies). The tenant is read once per call and each call is planned for it: HNSW with iterative scans for a tenant with many chunks, an exact read of a small tenant''s; an exact search answers when the index finds fewer than k, so k rows come back whenever the caller can see k chunks.';
CREATE FUNCTION app.set_context(tenant uuid, person uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    limits record;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'app.set_context() needs a tenant id'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'SELECT app.set_context(''<tenant uuid>'', ''<user uuid>''); nothing ever falls back to a default tenant.';
    END IF;
    IF pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
       AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user) THEN
        RAISE EXCEPTION 'a tenantdb_client login cannot choose its own context'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Present a token instead: SELECT app.set_token(''<token>'').';
    END IF;
    PERFORM app_private.bind_context(tenant, person);
    -- The tenant's tier (statement and idle-in-transaction timeouts, ops/tenant_limits), for the
    -- rest of the transaction: every client that sets a context gets its tenant's limits.
    -- apply_tenant_limits()'s statement written out (perf/set_context_limits_inline): the
    -- same statement under the same owner and search_path, without a nested definer call.
    SELECT t.statement_timeout_ms, t.idle_in_transaction_timeout_ms INTO limits
    FROM app_private.tenant_limits l JOIN app_private.tenant_tiers t ON t.name = l.tier
    WHERE l.tenant_id = tenant;
    IF FOUND THEN
        PERFORM pg_catalog.set_config('statement_timeout', limits.statement_timeout_ms || 'ms', true),
                pg_catalog.set_config('idle_in_transaction_session_timeout', limits.idle_in_transaction_timeout_ms || 'ms', true);
    END IF;
END
$$;
ALTER FUNCTION app.set_context(tenant uuid, person uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.set_context(tenant uuid, person uuid) IS 'The tenant-context contract in one call, first in every transaction: SELECT app.set_context(tenant, person). Sets app.tenant_id and app.user_id transaction-locally with a stamp binding them to this transaction; person is the acting user (tenantdb_app), NULL for the service role; then applies the tenant''s tier (statement and idle-in-transaction timeouts; apply_tenant_limits()''s statement written out, perf/set_context_limits_inline). Not executable by tenantdb_client (it uses app.set_token).';
CREATE FUNCTION app.set_token(token text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    parts text[];
    header jsonb;
    claims jsonb;
    signature bytea;
    signing_key app_private.token_keys%ROWTYPE;
    claimed_tenant uuid;
    claimed_person uuid;
    expires numeric;
    token_id text;
    bound_tenant uuid;
    binding text := app_private.transaction_binding();
    first_use text;
BEGIN
    IF token IS NULL OR pg_catalog.length(token) > 4096 THEN
        PERFORM app_private.refuse_token('malformed', 'no token, or longer than 4096 characters');
    END IF;
    IF token !~ '^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{43}$' THEN
        PERFORM app_private.refuse_token('malformed', 'not header.claims.signature in base64url with a 32-byte signature (truncated or altered?)');
    END IF;
    parts := pg_catalog.string_to_array(token, '.');
    BEGIN
        header := pg_catalog.convert_from(app_private.base64url_decode(parts[1]), 'UTF8')::jsonb;
        claims := pg_catalog.convert_from(app_private.base64url_decode(parts[2]), 'UTF8')::jsonb;
        signature := app_private.base64url_decode(parts[3]);
    EXCEPTION WHEN OTHERS THEN
        PERFORM app_private.refuse_token('malformed', 'a part does not decode to JSON');
    END;
    IF pg_catalog.jsonb_typeof(header) IS DISTINCT FROM 'object' OR pg_catalog.jsonb_typeof(claims) IS DISTINCT FROM 'object' THEN
        PERFORM app_private.refuse_token('malformed', 'header and claims must be JSON objects');
    END IF;
    IF header ->> 'alg' IS DISTINCT FROM 'HS256' OR pg_catalog.jsonb_typeof(header -> 'alg') IS DISTINCT FROM 'string' THEN
        PERFORM app_private.refuse_token('algorithm', 'only alg HS256 is accepted');
    END IF;
    SELECT k.* INTO signing_key FROM app_private.token_keys k
    WHERE k.kid = header ->> 'kid' AND k.retired_at IS NULL;
    IF NOT FOUND THEN
        PERFORM app_private.refuse_token('key', 'the key id is unknown or retired');
    END IF;
    IF NOT app_private.constant_time_equal(
               signature,
               app_private.hmac_sha256(signing_key.inner_pad, signing_key.outer_pad,
                                       pg_catalog.convert_to(parts[1] || '.' || parts[2], 'UTF8'))) THEN
        PERFORM app_private.refuse_token('signature', 'the signature does not match (tampered, or signed with another key)');
    END IF;
    -- From here on the claims are the issuer's.
    BEGIN
        claimed_tenant := (claims ->> 'tid')::uuid;
        claimed_person := (claims ->> 'sub')::uuid;
        expires := (claims ->> 'exp')::numeric;
    EXCEPTION WHEN OTHERS THEN
        PERFORM app_private.refuse_token('claims', 'tid and sub must be uuids, exp a number');
    END;
    token_id := claims ->> 'jti';
    IF claimed_tenant IS NULL OR claimed_person IS NULL OR expires IS NULL
       OR token_id IS NULL OR pg_catalog.length(token_id) NOT BETWEEN 16 AND 128 THEN
        PERFORM app_private.refuse_token('claims', 'tid, sub, exp and jti (16-128 characters) are required');
    END IF;
    IF expires <= pg_catalog.date_part('epoch', pg_catalog.clock_timestamp()) THEN
        PERFORM app_private.refuse_token('expired', 'the token has expired');
    END IF;
    SELECT c.tenant_id INTO bound_tenant FROM app_private.client_logins c WHERE c.login = session_user;
    IF bound_tenant IS NULL THEN
        PERFORM app_private.refuse_token('login', 'this login is not bound to a tenant (tenantdb role add NAME --as client --tenant T)');
    ELSIF bound_tenant <> claimed_tenant THEN
        PERFORM app_private.refuse_token('login', 'the token is for another tenant than the one this login is bound to');
    END IF;
    INSERT INTO app_private.spent_token_ids (jti, expires_at, spent_in)
    VALUES (token_id, pg_catalog.to_timestamp(expires::double precision), binding)
    ON CONFLICT (jti) DO NOTHING;
    IF NOT FOUND THEN
        SELECT s.spent_in INTO first_use FROM app_private.spent_token_ids s WHERE s.jti = token_id;
        IF first_use IS DISTINCT FROM binding THEN
            PERFORM app_private.refuse_token('replayed', 'the token was already used in another transaction');
        END IF;
    END IF;
    PERFORM app_private.bind_context(claimed_tenant, claimed_person);
    -- The tenant's tier (statement and idle-in-transaction timeouts, ops/tenant_limits).
    PERFORM app_private.apply_tenant_limits(claimed_tenant);
END
$_$;
ALTER FUNCTION app.set_token(token text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.set_token(token text) IS 'Verified context for tenantdb_client logins, first in every transaction: SELECT app.set_token(token). Verifies the HMAC-SHA256 token (alg HS256, kid, exp, single-use jti, tenant bound to the login) inside the database and sets the signed, transaction-bound context; raises 42501 naming the failed check otherwise.';
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
CREATE FUNCTION app_private.apply_tenant_limits(tenant uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    limits record;
BEGIN
    SELECT t.name, t.statement_timeout_ms, t.idle_in_transaction_timeout_ms INTO limits
    FROM app_private.tenant_limits l JOIN app_private.tenant_tiers t ON t.name = l.tier
    WHERE l.tenant_id = tenant;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM pg_catalog.set_config('statement_timeout', limits.statement_timeout_ms || 'ms', true);
    PERFORM pg_catalog.set_config('idle_in_transaction_session_timeout', limits.idle_in_transaction_timeout_ms || 'ms', true);
    RETURN limits.name;
END
$$;
ALTER FUNCTION app_private.apply_tenant_limits(tenant uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.apply_tenant_limits(tenant uuid) IS 'Applies the tier of `tenant` (statement_timeout, idle_in_transaction_session_timeout) for the rest of the transaction and returns the tier name, NULL when the tenant has none. Call it after app.tenant_id is set: only the context''s tenant is readable. Definer: the context function calls it.';
CREATE FUNCTION app_private.audit_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    row_tenant uuid;
    before_image jsonb;
    after_image jsonb;
    actor uuid;
    outer_tenant text := pg_catalog.current_setting('app.tenant_id', true);
    outer_person text := pg_catalog.current_setting('app.user_id', true);
    outer_stamp text := pg_catalog.current_setting('app.context_stamp', true);
BEGIN
    -- Retention deletes are summarised once per run (operation RETENTION) instead of per row;
    -- only a login of the maintenance group (not a superuser, not a client) can ask for that
    -- (as audit/maintenance_logins decided).
    IF coalesce(pg_catalog.current_setting('tenantdb.retention_run_id', true), '') <> ''
       AND EXISTS (SELECT FROM pg_catalog.pg_roles r
                   WHERE r.rolname = session_user AND NOT r.rolsuper
                     AND pg_catalog.pg_has_role(r.oid, 'tenantdb_maintenance', 'USAGE')) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        before_image := pg_catalog.to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]);
        row_tenant := OLD.tenant_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        after_image := pg_catalog.to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]);
        row_tenant := NEW.tenant_id;
    END IF;
    -- The acting person only from a bound context (a maintenance job has none).
    IF pg_catalog.current_setting('is_superuser', true) = 'on' OR app_private.context_is_bound() THEN
        actor := app_private.context_uuid('app.user_id');
    END IF;
    -- The owner obeys RLS: write under the audited row's tenant (a bound context of the owner's
    -- own), then restore the caller's settings.
    PERFORM app_private.bind_context(row_tenant, actor);
    INSERT INTO app.audit_log (tenant_id, actor_user_id, actor_db_role, table_name, operation, row_key, old_values, new_values)
    VALUES (row_tenant, actor, session_user, coalesce(pg_catalog.pg_partition_root(TG_RELID), TG_RELID::pg_catalog.regclass)::pg_catalog.text, TG_OP,
            pg_catalog.jsonb_build_object('id', coalesce(after_image, before_image) -> 'id'),
            before_image, after_image);
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true),
            pg_catalog.set_config('app.user_id', coalesce(outer_person, ''), true),
            pg_catalog.set_config('app.context_stamp', coalesce(outer_stamp, ''), true);
    RETURN NULL;
END
$$;
ALTER FUNCTION app_private.audit_row_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.audit_row_change() IS 'AFTER ROW trigger: appends who (the bound context''s user, session_user), what (table, operation, id) and the before/after images to app.audit_log; trigger arguments name columns to leave out (secrets, bulky content). Definer, so clients need no INSERT on the log.';
CREATE FUNCTION app_private.base64url_decode(encoded text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN decode(rpad(translate(encoded, '-_'::text, '+/'::text), (((length(encoded) + 3) / 4) * 4), '='::text), 'base64'::text);
ALTER FUNCTION app_private.base64url_decode(encoded text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.base64url_decode(encoded text) IS 'Decodes unpadded base64url (RFC 4648 section 5), as in token parts; raises on invalid input.';
CREATE FUNCTION app_private.bind_client_login(login name, tenant uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    role_row record;
BEGIN
    SELECT r.rolcanlogin, r.rolsuper, r.rolbypassrls INTO role_row FROM pg_catalog.pg_roles r WHERE r.rolname = login;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role % does not exist', login USING ERRCODE = 'undefined_object',
            HINT = 'CREATE ROLE <name> LOGIN IN ROLE tenantdb_client first';
    END IF;
    IF NOT role_row.rolcanlogin OR role_row.rolsuper OR role_row.rolbypassrls
       OR NOT pg_catalog.pg_has_role(login, 'tenantdb_client', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_service', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_maintenance', 'MEMBER')
       OR pg_catalog.pg_has_role(login, 'tenantdb_owner', 'MEMBER') THEN
        RAISE EXCEPTION 'role % is not a plain tenantdb_client login', login USING ERRCODE = 'invalid_parameter_value',
            HINT = 'a client login can log in, is a member of tenantdb_client and of no other tenantdb group, and neither is a superuser nor bypasses RLS';
    END IF;
    INSERT INTO app_private.client_logins (login, tenant_id) VALUES (login, tenant)
    ON CONFLICT ON CONSTRAINT client_logins_pkey DO NOTHING;
    IF NOT FOUND AND (SELECT c.tenant_id FROM app_private.client_logins c WHERE c.login = bind_client_login.login) <> tenant THEN
        RAISE EXCEPTION 'login % is already bound to another tenant', login USING ERRCODE = 'unique_violation',
            HINT = 'a client login serves one tenant for life: create a new login for the other tenant';
    END IF;
END
$$;
ALTER FUNCTION app_private.bind_client_login(login name, tenant uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.bind_client_login(login name, tenant uuid) IS 'Binds a tenantdb_client login to its one tenant (idempotent; refuses rebinding and roles that are not plain client logins). Maintenance role only; tenantdb.tokens.bind_login() and `tenantdb role add NAME --as client --tenant T` call it.';
CREATE FUNCTION app_private.bind_context(tenant uuid, person uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    binding text := app_private.transaction_binding();
    tenant_text text := coalesce(tenant::text, '');
    person_text text := coalesce(person::text, '');
    stamp text := pg_catalog.current_setting('app.context_stamp', true);
    -- The signing key, read once (resolved_context_signature()'s HMAC written out below).
    key_inner_pad bytea;
    key_outer_pad bytea;
    resolved record;
    -- Without a person: no role, learner, course or workspace ids, and every learner-data bound
    -- NULL (perf/learner_data_bounds_in_stamp: fields 9 to 12, nothing matches).
    unsigned_stamp text := binding || ':::{}:{}:{}:{}::::';
BEGIN
    -- Already the bound context of this transaction and called from a trigger (the audit
    -- trigger binds the row's tenant and the acting person around its insert): keep the
    -- resolved values, nothing to look up per row. app.set_context() always resolves afresh.
    IF pg_catalog.pg_trigger_depth() > 0
       AND pg_catalog.starts_with(coalesce(stamp, ''), binding || ':')
       AND pg_catalog.current_setting('app.tenant_id', true) = tenant_text
       AND pg_catalog.current_setting('app.user_id', true) = person_text
       AND app_private.context_signature_is_valid() THEN
        -- Remembered already, unless a savepoint rolled it back (then remembered again).
        PERFORM tenantdb_context.remember_bound_context();
        RETURN;
    END IF;
    SELECT k.inner_pad, k.outer_pad INTO key_inner_pad, key_outer_pad FROM app_private.context_signing_key k;
    IF person IS NOT NULL THEN
        -- The lookups read as the owner, under RLS: the ids must be bound first. Only sessions
        -- whose accessors check the HMAC (tenantdb_client members; superusers are members of
        -- every role) need it signed now; for the others the binding is the check, and a wrong
        -- guess here fails closed (42501 in the lookup), never open. Signed below in every case.
        PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
                pg_catalog.set_config('app.user_id', person_text, true),
                pg_catalog.set_config('app.context_stamp', unsigned_stamp || ':' ||
                    CASE WHEN pg_catalog.pg_has_role(session_user, 'tenantdb_client', 'MEMBER')
                         THEN pg_catalog.encode(app_private.hmac_sha256(key_inner_pad, key_outer_pad,
                                  pg_catalog.convert_to('tenantdb-context-v2|' || tenant_text || '|' || person_text || '|' || unsigned_stamp, 'UTF8')), 'hex')
                         ELSE pg_catalog.repeat('0', 64) END, true);
        -- perf/context_cache: the accessors of the lookup below read the context from memory.
        PERFORM tenantdb_context.remember_bound_context();
        -- lookup_person_context()'s statement, run here with the ids just bound (the policies of
        -- the four tables still check the bound context): one statement, four index probes.
        SELECT (SELECT u.role FROM app.users u WHERE u.tenant_id = tenant AND u.id = person)::text AS person_role,
               (SELECT lp.id FROM app.learner_profiles lp WHERE lp.tenant_id = tenant AND lp.user_id = person) AS learner_id,
               (SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
                FROM app.enrollments e WHERE e.tenant_id = tenant AND e.user_id = person)::uuid[] AS course_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id), '{}')::uuid[] AS viewer_workspace_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role IN ('editor', 'owner')), '{}')::uuid[] AS editor_workspace_ids,
               coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role = 'owner'), '{}')::uuid[] AS owner_workspace_ids
        INTO resolved
        FROM app.workspace_members m WHERE m.tenant_id = tenant AND m.user_id = person;
        -- Fields never contain ':' (a role name, a uuid, uuid arrays); NULL is ''.
        unsigned_stamp := binding || ':' || coalesce(resolved.person_role, '') || ':' || coalesce(resolved.learner_id::text, '')
                          || ':' || resolved.course_ids::text || ':' || resolved.viewer_workspace_ids::text
                          || ':' || resolved.editor_workspace_ids::text || ':' || resolved.owner_workspace_ids::text
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'learner_lo')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'learner_hi')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'key_hi')::text, '')
                          || ':' || coalesce(app_private.learner_data_bound(resolved.person_role, resolved.learner_id, 'staff_own_key')::text, '');
    END IF;
    PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
            pg_catalog.set_config('app.user_id', person_text, true),
            pg_catalog.set_config('app.context_stamp', unsigned_stamp || ':' ||
                pg_catalog.encode(app_private.hmac_sha256(key_inner_pad, key_outer_pad,
                    pg_catalog.convert_to('tenantdb-context-v2|' || tenant_text || '|' || person_text || '|' || unsigned_stamp, 'UTF8')), 'hex'),
                true);
    -- perf/context_cache: the accessors answer from exactly these settings for the rest of the
    -- transaction (copied into backend memory).
    PERFORM tenantdb_context.remember_bound_context();
END
$$;
ALTER FUNCTION app_private.bind_context(tenant uuid, person uuid) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.bind_context(tenant uuid, person uuid) IS 'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed version-2 stamp app.context_stamp, which carries the acting person''s role, learner id, course and workspace ids and the four learner-data bounds (learner_data_bound()) resolved once here. Signs with the key of app_private.context_signing_key read once, the HMAC of resolved_context_signature() written out, and looks the person up with lookup_person_context()''s statement run here (perf/bind_context_no_nested_calls: no nested definer calls). A no-op when that context is already bound. Each time it sets the context it has tenantdb_context.remember_bound_context() remember the settings (perf/context_cache): the accessors answer only from a remembered context. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';
CREATE FUNCTION app_private.check_conversation_workspace() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    person uuid;
BEGIN
    IF NEW.workspace_id IS NULL
       OR (TG_OP = 'UPDATE' AND NEW.workspace_id IS NOT DISTINCT FROM OLD.workspace_id) THEN
        RETURN NEW;
    END IF;
    -- Maintenance jobs (tenant import, restore) and superusers copy rows that were checked when
    -- they were written, in an order (foreign keys only) that may load a conversation before the
    -- membership it relies on.
    IF (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN NEW;
    END IF;
    -- The acting person; none for the service role, and none for a maintenance job without a
    -- context (the accessor raises 42501 then).
    BEGIN
        person := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        person := NULL;
    END;
    IF person IS NOT NULL AND NEW.user_id IS DISTINCT FROM person THEN
        RAISE EXCEPTION 'only the owner of conversation % may attach it to a workspace', NEW.id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'The conversation''s owner attaches it to a workspace they are a member of; others may only detach it (workspace_id = NULL).';
    END IF;
    -- A person sees their own memberships (workspace_members_select_app), the service role the
    -- tenant's, the maintenance role all: the owner's membership is visible to each.
    IF NOT EXISTS (SELECT FROM app.workspace_members m
                   WHERE m.tenant_id = NEW.tenant_id AND m.workspace_id = NEW.workspace_id AND m.user_id = NEW.user_id) THEN
        RAISE EXCEPTION 'the owner of conversation % is not a member of workspace %', NEW.id, NEW.workspace_id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A conversation goes only into a workspace its owner is a member of.';
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.check_conversation_workspace() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.check_conversation_workspace() IS 'Trigger of app.conversations: a conversation is attached to a workspace (workspace_id set or changed) only by its owner as a member of that workspace, or, without an acting person (service role, maintenance), only to a workspace its owner is a member of; 42501 otherwise. Detaching is not checked, nor are rows written by roles with BYPASSRLS (tenant import, restore). Invoker: reads the context and the caller''s view of app.workspace_members, where the owner''s own membership is always visible.';
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
CREATE FUNCTION app_private.constant_time_equal(left_bytes bytea, right_bytes bytea) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    difference integer := 0;
BEGIN
    -- The length is public (a signature is 32 bytes); every byte is compared, whatever differs.
    IF pg_catalog.length(left_bytes) <> pg_catalog.length(right_bytes) THEN
        RETURN false;
    END IF;
    FOR i IN 0 .. pg_catalog.length(left_bytes) - 1 LOOP
        difference := difference | (pg_catalog.get_byte(left_bytes, i) # pg_catalog.get_byte(right_bytes, i));
    END LOOP;
    RETURN difference = 0;
END
$$;
ALTER FUNCTION app_private.constant_time_equal(left_bytes bytea, right_bytes bytea) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.constant_time_equal(left_bytes bytea, right_bytes bytea) IS 'Byte strings equal? Compares every byte (OR of XORs), so the time taken does not depend on where they differ.';
CREATE FUNCTION app_private.transaction_binding() RETURNS text
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN concat_ws(':'::text, pg_backend_pid(), ((date_part('epoch'::text, now()) * (1000000)::double precision))::bigint);
ALTER FUNCTION app_private.transaction_binding() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.transaction_binding() IS 'This backend and this transaction as text, ''<pid>:<transaction start in microseconds>'': the part of app.context_stamp that binds a context to the transaction that set it. One concat_ws() call (inlined into every lookup: each call is set up per statement). Parallel restricted (a worker has another pid).';
CREATE FUNCTION app_private.context_is_current() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN starts_with(COALESCE(current_setting('app.context_stamp'::text, true), ''::text), (app_private.transaction_binding() || ':'::text));
ALTER FUNCTION app_private.context_is_current() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_is_current() IS 'True when app.context_stamp names this backend and this transaction (the context was set in this transaction). Never NULL: an unset or empty stamp is false (coalesce to '''', which starts with no binding). Inlined into the accessors; app.current_user_id() needs no more (see context_is_bound).';
CREATE TABLE app_private.context_signing_key (
    singleton boolean DEFAULT true NOT NULL,
    inner_pad bytea NOT NULL,
    outer_pad bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT context_signing_key_inner_pad_64_bytes CHECK ((length(inner_pad) = 64)),
    CONSTRAINT context_signing_key_one_row CHECK (singleton),
    CONSTRAINT context_signing_key_outer_pad_64_bytes CHECK ((length(outer_pad) = 64))
);
ALTER TABLE app_private.context_signing_key OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.context_signing_key IS 'The database''s secret key that signs tenant contexts (app.context_stamp), as its two HMAC pads. One row. No client role can read it; only owner-run definer functions do.';
COMMENT ON COLUMN app_private.context_signing_key.singleton IS 'Always true: the table holds exactly one key.';
COMMENT ON COLUMN app_private.context_signing_key.inner_pad IS 'HMAC inner pad: the 32-byte random key, zero-filled to 64 bytes, XOR 0x36.';
COMMENT ON COLUMN app_private.context_signing_key.outer_pad IS 'HMAC outer pad: the same key XOR 0x5c.';
COMMENT ON COLUMN app_private.context_signing_key.created_at IS 'When the key was generated (deploy, or the last rotation by the maintenance role).';
COMMENT ON CONSTRAINT context_signing_key_inner_pad_64_bytes ON app_private.context_signing_key IS 'An HMAC-SHA256 pad is one 64-byte block.';
COMMENT ON CONSTRAINT context_signing_key_one_row ON app_private.context_signing_key IS 'Exactly one key row.';
COMMENT ON CONSTRAINT context_signing_key_outer_pad_64_bytes ON app_private.context_signing_key IS 'An HMAC-SHA256 pad is one 64-byte block.';
CREATE FUNCTION app_private.context_signature_is_valid() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    BEGIN ATOMIC
 SELECT COALESCE((sha256(substr(textsend(current_setting('app.context_stamp'::text, true)), (octet_length(current_setting('app.context_stamp'::text, true)) - 63))) = sha256(textsend(encode(sha256((k.outer_pad || sha256(((k.inner_pad || textsend((((('tenantdb-context-v2|'::text || current_setting('app.tenant_id'::text, true)) || '|'::text) || current_setting('app.user_id'::text, true)) || '|'::text))) || substr(textsend(current_setting('app.context_stamp'::text, true)), 1, GREATEST((octet_length(current_setting('app.context_stamp'::text, true)) - 65), 0)))))), 'hex'::text)))), false) AS "coalesce"
    FROM app_private.context_signing_key k;
END;
ALTER FUNCTION app_private.context_signature_is_valid() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_signature_is_valid() IS 'True when app.context_stamp carries the right HMAC (version 2) for the current app.tenant_id, app.user_id, its binding and the resolved values it carries, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. The stamp is cut by bytes, not characters (perf/client_hmac_check); the given HMAC must be the lower-case hex bind_context() wrote. Compares SHA-256 of both hex strings (timing reveals nothing useful). Definer (reads the key); per statement for tenantdb_client sessions.';
CREATE FUNCTION app_private.context_is_bound() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN (app_private.context_is_current() AND ((NOT (pg_has_role(SESSION_USER, 'tenantdb_client'::name, 'MEMBER'::text) OR pg_has_role(CURRENT_USER, 'tenantdb_client'::name, 'MEMBER'::text))) OR app_private.context_signature_is_valid()));
ALTER FUNCTION app_private.context_is_bound() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_is_bound() IS 'True when the context was set in this transaction of this backend and, for sessions of tenantdb_client members (and superuser sessions), its HMAC over tenant, person and binding is right. Never NULL. Inlined into app.current_tenant_id(), which every tenant row passes (restrictive tenant_isolation) and every write checks (tenant_context_required): a person changed by hand breaks the HMAC there, so app.current_user_id() checks only the binding.';
CREATE FUNCTION app_private.hmac_sha256(inner_pad bytea, outer_pad bytea, message bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN sha256((outer_pad || sha256((inner_pad || message))));
ALTER FUNCTION app_private.hmac_sha256(inner_pad bytea, outer_pad bytea, message bytea) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.hmac_sha256(inner_pad bytea, outer_pad bytea, message bytea) IS 'HMAC-SHA256 of a message from the key''s precomputed pads (see hmac_sha256_pad): sha256(outer_pad || sha256(inner_pad || message)).';
CREATE FUNCTION app_private.context_signature(tenant text, person text, binding text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT encode(app_private.hmac_sha256(k.inner_pad, k.outer_pad, convert_to(((((('tenantdb-context-v1|'::text || context_signature.tenant) || '|'::text) || context_signature.person) || '|'::text) || context_signature.binding), 'UTF8'::name)), 'hex'::text) AS encode
    FROM app_private.context_signing_key k;
END;
ALTER FUNCTION app_private.context_signature(tenant text, person text, binding text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_signature(tenant text, person text, binding text) IS 'HMAC-SHA256 (hex) of a context: tenant id, user id ('''' for none) and transaction binding, keyed by app_private.context_signing_key. Definer (reads the key); no client role may execute it.';
CREATE FUNCTION app_private.reject_context(setting_name text, raw_value text) RETURNS uuid
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'invalid tenant context: % is %, which is not a uuid', setting_name, pg_catalog.quote_literal(raw_value)
        USING ERRCODE = 'invalid_text_representation',
              HINT = pg_catalog.format('Set it per transaction to a canonical uuid: SET LOCAL %s = ''xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx''', setting_name);
END
$$;
ALTER FUNCTION app_private.reject_context(setting_name text, raw_value text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.reject_context(setting_name text, raw_value text) IS 'Raises 22P02 naming a context setting whose value is not a canonical uuid; called by context_uuid() for malformed values only.';
CREATE FUNCTION app_private.context_uuid(setting_name text) RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN (NULLIF(current_setting(setting_name, true), ''::text) IS NULL) THEN NULL::uuid WHEN (NULLIF(current_setting(setting_name, true), ''::text) ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'::text) THEN (NULLIF(current_setting(setting_name, true), ''::text))::uuid ELSE app_private.reject_context(setting_name, NULLIF(current_setting(setting_name, true), ''::text)) END;
ALTER FUNCTION app_private.context_uuid(setting_name text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.context_uuid(setting_name text) IS 'Reads a uuid-valued context setting: NULL when unset or empty, the uuid when canonical, error 22P02 naming the setting otherwise.';
CREATE FUNCTION app_private.conversation_artifacts_fill_message_time() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.message_id IS NULL THEN
        NEW.message_created_at := NULL;
    ELSIF TG_OP = 'INSERT' OR NEW.message_id IS DISTINCT FROM OLD.message_id
          OR NEW.conversation_id IS DISTINCT FROM OLD.conversation_id THEN
        -- By the message alone: whether it belongs to the conversation is the foreign key's to
        -- say (23503), as before the table was partitioned.
        NEW.message_created_at := (SELECT m.created_at FROM app.messages m
                                   WHERE m.tenant_id = NEW.tenant_id AND m.id = NEW.message_id);
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.conversation_artifacts_fill_message_time() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.conversation_artifacts_fill_message_time() IS 'Trigger of app.conversation_artifacts: message_created_at follows message_id from the message the writer can see (invoker); an invisible message leaves it NULL (conversation_artifacts_require_message_time then refuses the row with 23503).';
CREATE FUNCTION app_private.conversation_artifacts_require_message_time() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'insert or update on table "conversation_artifacts" violates foreign key constraint "conversation_artifacts_message_fkey"'
        USING ERRCODE = 'foreign_key_violation', DETAIL = 'The message is not a message of the linked conversation.';
END
$$;
ALTER FUNCTION app_private.conversation_artifacts_require_message_time() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.conversation_artifacts_require_message_time() IS 'Trigger of app.conversation_artifacts: a link naming a message without its created_at (a message the writer cannot see) fails with 23503, as the foreign key would.';
CREATE FUNCTION app_private.copy_partition_guards(part regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    parent regclass;
    r record;
    bound text;
BEGIN
    SELECT i.inhparent::regclass INTO parent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = part;
    IF parent IS NULL THEN
        RAISE EXCEPTION '% is not a partition', part USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = parent) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', part);
    END IF;
    IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = parent) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', part);
    END IF;
    -- Policies: every policy of the parent, same name, kind, command, roles and expressions.
    FOR r IN
        SELECT p.polname, p.polpermissive, p.polcmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
               (SELECT pg_catalog.string_agg(CASE WHEN x.rid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(a.rolname) END, ', ' ORDER BY x.ord)
                FROM unnest(p.polroles) WITH ORDINALITY x(rid, ord) LEFT JOIN pg_catalog.pg_roles a ON a.oid = x.rid) AS roles,
               pg_catalog.obj_description(p.oid, 'pg_policy') AS note
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = parent
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_policy q WHERE q.polrelid = part AND q.polname = p.polname)
        ORDER BY p.polname
    LOOP
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', r.polname, part,
            CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            r.roles,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', r.polname, part, r.note);
    END LOOP;
    -- Grants: the parent's table privileges and column privileges, grantee by grantee.
    PERFORM app_private.copy_table_grants(parent, part);
    -- Statement triggers are not cloned by PostgreSQL (row triggers are): copy them.
    FOR r IN
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, pg_catalog.obj_description(t.oid, 'pg_trigger') AS note
        FROM pg_catalog.pg_trigger t
        WHERE t.tgrelid = parent AND NOT t.tgisinternal AND (t.tgtype & 1) = 0
          AND NOT EXISTS (SELECT FROM pg_catalog.pg_trigger u WHERE u.tgrelid = part AND u.tgname = t.tgname)
    LOOP
        EXECUTE pg_catalog.replace(r.def, ' ON ' || parent::text || ' ', ' ON ' || part::text || ' ');
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, part, r.note);
    END LOOP;
    -- Comments: the table says what it is; columns and indexes say what the parent's say.
    SELECT pg_catalog.pg_get_expr(c.relpartbound, c.oid) INTO bound FROM pg_catalog.pg_class c WHERE c.oid = part;
    EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', part,
        pg_catalog.format('Partition of %s (%s). Forced RLS, policies, grants and statement triggers copied from the parent by app_private.copy_partition_guards(); read and write through the parent.', parent, bound));
    FOR r IN
        SELECT a.attname, pg_catalog.col_description(parent, a.attnum) AS note
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = parent AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON COLUMN %s.%I IS %L', part, r.attname, r.note);
    END LOOP;
    FOR r IN
        SELECT ci.inhrelid::regclass AS child_index, pg_catalog.obj_description(ci.inhparent, 'pg_class') AS note
        FROM pg_catalog.pg_index x
        JOIN pg_catalog.pg_inherits ci ON ci.inhrelid = x.indexrelid
        WHERE x.indrelid = part
    LOOP
        EXECUTE pg_catalog.format('COMMENT ON INDEX %s IS %L', r.child_index, r.note);
    END LOOP;
END
$$;
ALTER FUNCTION app_private.copy_partition_guards(part regclass) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.copy_partition_guards(part regclass) IS 'Gives a partition everything its parent has that PostgreSQL does not clone: RLS enabled and forced, every policy, the table and column grants, the statement triggers and the comments. Idempotent; read from the catalog when it runs.';
CREATE FUNCTION app_private.copy_table_grants(source regclass, target regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    r record;
    owner_name name;
BEGIN
    SELECT a.rolname INTO owner_name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles a ON a.oid = c.relowner WHERE c.oid = target;
    IF (SELECT c.relacl IS NOT NULL FROM pg_catalog.pg_class c WHERE c.oid = source) THEN
        -- The owner's own entry may be narrower than "all" (app.audit_log): start from nothing.
        EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM %I', target, owner_name);
    END IF;
    FOR r IN
        SELECT CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(g.rolname) END AS grantee,
               pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type) AS privileges,
               pg_catalog.bool_or(x.is_grantable) AS grantable
        FROM pg_catalog.pg_class c
        CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) WITH ORDINALITY x(grantor, grantee, privilege_type, is_grantable, ord)
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = x.grantee
        WHERE c.oid = source
        GROUP BY x.grantee, g.rolname
        ORDER BY min(x.ord)
    LOOP
        EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', r.privileges, target, r.grantee,
                                  CASE WHEN r.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
    FOR r IN
        SELECT a.attname,
               CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(g.rolname) END AS grantee,
               pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type) AS privileges
        FROM pg_catalog.pg_attribute a
        CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) WITH ORDINALITY x(grantor, grantee, privilege_type, is_grantable, ord)
        LEFT JOIN pg_catalog.pg_roles g ON g.oid = x.grantee
        WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
        GROUP BY a.attnum, a.attname, x.grantee, g.rolname
        ORDER BY a.attnum, min(x.ord)
    LOOP
        EXECUTE pg_catalog.format('GRANT %s (%I) ON %s TO %s', r.privileges, r.attname, target, r.grantee);
    END LOOP;
END
$$;
ALTER FUNCTION app_private.copy_table_grants(source regclass, target regclass) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.copy_table_grants(source regclass, target regclass) IS 'Copies the table privileges (the owner''s own entry included) and the column privileges of one table to another, grantee by grantee in the source''s order.';
CREATE FUNCTION app_private.create_history_partitions(ahead interval DEFAULT '3 mons'::interval, since timestamp with time zone DEFAULT NULL::timestamp with time zone, only_table regclass DEFAULT NULL::regclass) RETURNS SETOF regclass
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    t record;
    month_start timestamptz;
    last_start timestamptz;
    part_name text;
    part regclass;
BEGIN
    IF ahead IS NULL OR ahead < interval '0' OR ahead > interval '5 years' THEN
        RAISE EXCEPTION 'ahead must be between 0 and 5 years, not %', ahead
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Partitions are monthly: 3 months ahead is the default.';
    END IF;
    IF since < pg_catalog.now() - interval '10 years' THEN
        RAISE EXCEPTION 'since must be within the last 10 years, not %', since
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Older rows live in the DEFAULT partition.';
    END IF;
    FOR t IN
        SELECT c.oid::regclass AS parent, c.relname, a.attname
        FROM pg_catalog.pg_partitioned_table p
        JOIN pg_catalog.pg_class c ON c.oid = p.partrelid
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
        WHERE c.relnamespace = 'app'::regnamespace AND p.partstrat = 'r' AND p.partnatts = 1
          AND a.atttypid = 'timestamptz'::regtype AND NOT c.relispartition
          AND (only_table IS NULL OR c.oid = only_table)
        ORDER BY c.relname
    LOOP
        month_start := pg_catalog.date_trunc('month', coalesce(since, pg_catalog.now()), 'UTC');
        last_start := pg_catalog.date_trunc('month', pg_catalog.now() + ahead, 'UTC');
        WHILE month_start <= last_start LOOP
            part_name := t.relname || '_p' || pg_catalog.to_char(month_start AT TIME ZONE 'UTC', 'YYYYMM');
            IF NOT EXISTS (
                SELECT FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
                WHERE i.inhparent = t.parent AND k.relname = part_name) THEN
                BEGIN
                    EXECUTE pg_catalog.format('CREATE TABLE app.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                        part_name, t.parent, month_start, month_start + interval '1 month');
                    part := pg_catalog.format('app.%I', part_name)::regclass;
                EXCEPTION WHEN check_violation THEN
                    -- Rows of that month were written before it had a partition: they stay in the
                    -- default partition (retention expires them row by row); the other months go on.
                    RAISE WARNING 'partition % not created: the default partition of % holds rows of that month', part_name, t.parent
                        USING HINT = 'Those rows expire row by row (tenantdb retention run); the month gets no partition of its own.';
                    part := NULL;
                END;
                IF part IS NOT NULL THEN
                    PERFORM app_private.copy_partition_guards(part);
                    RETURN NEXT part;
                END IF;
            END IF;
            month_start := month_start + interval '1 month';
        END LOOP;
        part_name := t.relname || '_default';
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
                       WHERE i.inhparent = t.parent AND k.relname = part_name) THEN
            EXECUTE pg_catalog.format('CREATE TABLE app.%I PARTITION OF %s DEFAULT', part_name, t.parent);
            part := pg_catalog.format('app.%I', part_name)::regclass;
            PERFORM app_private.copy_partition_guards(part);
            RETURN NEXT part;
        END IF;
    END LOOP;
END
$$;
ALTER FUNCTION app_private.create_history_partitions(ahead interval, since timestamp with time zone, only_table regclass) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.create_history_partitions(ahead interval, since timestamp with time zone, only_table regclass) IS 'The only way history partitions are made: monthly (UTC) partitions of every RANGE-partitioned app table (or only_table) from the month of since (default now) to now() + ahead, and its DEFAULT partition, each guarded by copy_partition_guards() before it is returned. Maintenance role; idempotent.';
CREATE FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) RETURNS uuid[]
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS '$libdir/tenantdb_context', 'remembered_value';
ALTER FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) IS 'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s course_ids, or workspace_ids at the member role unbound (viewer, editor, owner; empty for another), when the settings are one, else app_private.unbound_resolved_value(unbound)::uuid[], EXECUTE on it checked as the caller''s.';
CREATE FUNCTION app_private.resolved_course_ids() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuids('course_ids'::text, 'course_ids'::text);
ALTER FUNCTION app_private.resolved_course_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_course_ids() IS 'Ids of the courses the acting person is enrolled in, in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''course_ids'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
CREATE FUNCTION app_private.current_course_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT app_private.resolved_course_ids() AS resolved_course_ids;
END;
ALTER FUNCTION app_private.current_course_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_course_ids() IS 'Ids of the courses the acting person (app.user_id) is enrolled in, in the transaction''s tenant, as resolved once per transaction (resolved_course_ids); empty without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_course_ids()).';
CREATE FUNCTION app_private.resolved_learner_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuid('learner_id'::text, 'learner_id'::text);
ALTER FUNCTION app_private.resolved_learner_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_learner_id() IS 'Learner profile id of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; NULL when they have none; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''learner_id'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
CREATE FUNCTION app_private.current_learner_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT app_private.resolved_learner_id() AS resolved_learner_id;
END;
ALTER FUNCTION app_private.current_learner_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_learner_id() IS 'Learner profile id of the acting person (app.user_id) in the transaction''s tenant, as resolved once per transaction (resolved_learner_id); NULL when they have none. Definer, fixed search_path; for triggers and functions (policies inline resolved_learner_id()).';
CREATE FUNCTION tenantdb_context.remembered_text(field text, unbound text) RETURNS text
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS '$libdir/tenantdb_context', 'remembered_value';
ALTER FUNCTION tenantdb_context.remembered_text(field text, unbound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) IS 'An accessor in one call (C, the tenantdb_context library; declared by perf/context_cache reworked after @v0.2.0): the remembered context''s person_role when the settings are one, else app_private.unbound_resolved_value(unbound), EXECUTE on it checked as the caller''s.';
CREATE FUNCTION app_private.resolved_person_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_text('person_role'::text, 'person_role'::text);
ALTER FUNCTION app_private.resolved_person_role() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_person_role() IS 'Role (student, educator, coach, admin) of the acting person in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp (no query per statement); NULL without a person; 42501 without a context. For tenantdb_client sessions the stamp''s HMAC, which covers it, is checked once per statement by app.current_tenant_id(). Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(''person_role'') (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
CREATE FUNCTION app_private.current_person_role() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT app_private.resolved_person_role() AS resolved_person_role;
END;
ALTER FUNCTION app_private.current_person_role() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_person_role() IS 'Role (student, educator, coach, admin) of the acting person (app.user_id) in the transaction''s tenant, as resolved once per transaction (resolved_person_role); NULL without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_person_role()).';
CREATE FUNCTION app_private.resolved_workspace_ids(min_member_role text) RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN tenantdb_context.remembered_uuids('workspace_ids'::text, min_member_role);
ALTER FUNCTION app_private.resolved_workspace_ids(min_member_role text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) IS 'Ids of the workspaces where the acting person has at least the given member role (viewer < editor < owner), in the transaction''s tenant, resolved once by bind_context() and read from the bound stamp; empty without a person or for an unknown member role; 42501 without a context. Inlined into policies. (perf/context_cache, reworked after @v0.2.0) One call of the tenantdb_context library: the value of the context bind_context() remembered in this transaction (the settings byte for byte what it set); without one, the rare branch the library calls: app_private.unbound_resolved_value(min_member_role) (a superuser''s hand-set ids, else 42501), its EXECUTE checked as the caller''s.';
CREATE FUNCTION app_private.current_workspace_ids(min_member_role text) RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT app_private.resolved_workspace_ids(min_member_role) AS resolved_workspace_ids;
END;
ALTER FUNCTION app_private.current_workspace_ids(min_member_role text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.current_workspace_ids(min_member_role text) IS 'Ids of the workspaces where the acting person (app.user_id) has at least the given member role (viewer < editor < owner), in the transaction''s tenant, as resolved once per transaction (resolved_workspace_ids); empty without a user context. Definer, fixed search_path; for triggers and functions (policies inline resolved_workspace_ids()).';
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
CREATE FUNCTION app_private.drop_history_partition(part regclass) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    parent regclass;
    is_default boolean;
    fk record;
    referenced bigint := 0;
    n bigint;
BEGIN
    SELECT i.inhparent::regclass, pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
    INTO parent, is_default
    FROM pg_catalog.pg_inherits i
    JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
    JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
    WHERE i.inhrelid = part AND c.relkind = 'r' AND pc.relkind = 'p' AND pc.relnamespace = 'app'::regnamespace;
    IF parent IS NULL THEN
        RAISE EXCEPTION '% is not a partition of a partitioned table of schema app', part
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF is_default THEN
        RAISE EXCEPTION '% is the default partition of %: it is never dropped', part, parent
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Rows of the default partition expire row by row (tenantdb retention run).';
    END IF;
    IF NOT pg_catalog.has_table_privilege(session_user, parent, 'DELETE') THEN
        RAISE EXCEPTION 'login % may not delete from %, so it may not drop its partition %', session_user, parent, part
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- The owner reads and deletes past the partition's RLS, and without its statement guard
    -- (no tenant context here): the partition is dropped at the end of this function.
    EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', part);
    EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER tenant_context_required', part);
    FOR fk IN
        SELECT k.conrelid::regclass AS referencing,
               (SELECT pg_catalog.string_agg(pg_catalog.format('r.%I = p.%I', ra.attname, pa.attname), ' AND ')
                FROM unnest(k.conkey, k.confkey) x(r_att, p_att)
                JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.conrelid AND ra.attnum = x.r_att
                JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = x.p_att) AS join_on
        FROM pg_catalog.pg_constraint k
        WHERE k.contype = 'f' AND k.confrelid = parent AND k.conparentid = 0
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', fk.referencing);
        EXECUTE pg_catalog.format('DELETE FROM %s p WHERE EXISTS (SELECT FROM %s r WHERE %s)', part, fk.referencing, fk.join_on);
        GET DIAGNOSTICS n = ROW_COUNT;
        referenced := referenced + n;
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', fk.referencing);
    END LOOP;
    EXECUTE pg_catalog.format('SELECT count(*) FROM %s', part) INTO n;
    EXECUTE pg_catalog.format('ALTER TABLE %s DETACH PARTITION %s', parent, part);
    EXECUTE pg_catalog.format('DROP TABLE %s', part);
    RETURN n + referenced;
END
$$;
ALTER FUNCTION app_private.drop_history_partition(part regclass) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.drop_history_partition(part regclass) IS 'Retention by partition: detaches and drops a monthly partition of an app table the calling login may DELETE from (never a DEFAULT partition, never app.audit_log), after deleting the rows other tables reference (their ON DELETE actions run). Returns the rows it removed. The caller (tenantdb retention run, maintenance role) decides that every row is expired and archives them first, in the same transaction.';
CREATE FUNCTION app_private.erase_tenant_records(target uuid) RETURNS TABLE(table_name text, rows_deleted bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    n bigint;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'erase_tenant_records needs a tenant id' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', target::text, true);
    DELETE FROM app.audit_log a WHERE a.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'app.audit_log'; rows_deleted := n; RETURN NEXT;
    DELETE FROM archive.archived_rows r WHERE r.tenant_id = target;
    GET DIAGNOSTICS n = ROW_COUNT;
    table_name := 'archive.archived_rows'; rows_deleted := n; RETURN NEXT;
    PERFORM pg_catalog.set_config('tenantdb.erasing_tenant', '', true);
END
$$;
ALTER FUNCTION app_private.erase_tenant_records(target uuid) OWNER TO tenantdb_audit_eraser;
COMMENT ON FUNCTION app_private.erase_tenant_records(target uuid) IS 'Part of erasing a tenant: deletes its rows from the append-only app.audit_log and archive.archived_rows and returns the counts. Definer owned by tenantdb_audit_eraser (the only role that may delete audit rows), executable by the maintenance role only; run it after the tenant''s other rows are deleted, in the same transaction, and record the receipt in archive.tenant_erasures.';
CREATE FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name DEFAULT 'tenantdb_app'::name) RETURNS TABLE(section text, item text, command text, expression text, value boolean, detail text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    key_columns text[];
    key_values text[] := string_to_array(row_key, ',');
    key_where text;
    -- a partitioned table: the primary key's partition columns (NULL: not partitioned)
    partition_columns text[];
    -- the key columns row_key names: all of key_columns, or those without the partition columns
    named_columns text[];
    key_type text;
    found_values text[];
    first_values text[];
    matches int := 0;
    row_ctid tid;
    row_tenant uuid;
    has_tenant boolean;
    rls_on boolean;
    rls_forced boolean;
    bypass boolean;
    pol record;
    clause record;
    result boolean;
    -- per command: any permissive policy true, every restrictive policy true
    perm_using jsonb := '{}';
    restr_using jsonb := '{}';
    perm_check jsonb := '{}';
    restr_check jsonb := '{}';
    verdict_select boolean;
    grant_any boolean;
    cmd text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_class WHERE oid = target AND relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION '% is not a table', target USING ERRCODE = 'wrong_object_type',
            HINT = 'For a view, explain the row of its base table (views run with the caller''s rights).';
    END IF;
    SELECT array_agg(a.attname::text ORDER BY k.ord) INTO key_columns
    FROM pg_catalog.pg_constraint c
    CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
    WHERE c.conrelid = target AND c.contype = 'p' AND (a.attname <> 'tenant_id' OR cardinality(c.conkey) = 1);
    IF key_columns IS NULL THEN
        RAISE EXCEPTION '% has no primary key to find a row by', target USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A partitioned table's primary key must hold its partition columns (the history tables:
    -- (tenant_id, id, <time>)). A row may be named without them, by its id alone (a uuid, so at
    -- most one row): the partition columns come from the catalog, their values from the row.
    SELECT array_agg(a.attname::text ORDER BY k.attnum) INTO partition_columns
    FROM pg_catalog.pg_partitioned_table pt
    CROSS JOIN LATERAL unnest(pt.partattrs::int2[]) AS k(attnum)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum
    WHERE pt.partrelid = target AND a.attname::text = ANY (key_columns);
    IF cardinality(key_values) IS NOT DISTINCT FROM cardinality(key_columns) THEN
        named_columns := key_columns;
    ELSIF partition_columns IS NOT NULL
          AND cardinality(key_values) = cardinality(key_columns) - cardinality(partition_columns) THEN
        SELECT array_agg(u.col ORDER BY u.ord) INTO named_columns
        FROM unnest(key_columns) WITH ORDINALITY AS u(col, ord)
        WHERE u.col <> ALL (partition_columns);
    ELSE
        RAISE EXCEPTION 'a row of % is named by % value(s) (%), got %', target, cardinality(key_columns),
            array_to_string(key_columns, ', '), coalesce(row_key, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Separate several key values with commas, in that order.'
                || CASE WHEN partition_columns IS NULL THEN ''
                        ELSE format(' The partition column(s) (%s) may be left out.', array_to_string(partition_columns, ', ')) END;
    END IF;
    -- Each value must be of its column's type: a clear error naming the column, not a cast's.
    FOR i IN 1 .. cardinality(named_columns) LOOP
        SELECT format_type(a.atttypid, a.atttypmod) INTO key_type
        FROM pg_catalog.pg_attribute a WHERE a.attrelid = target AND a.attname = named_columns[i];
        BEGIN
            EXECUTE format('SELECT %L::%s', btrim(key_values[i]), key_type);
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION 'key value % is not a valid % (column % of %)', quote_literal(btrim(key_values[i])),
                key_type, named_columns[i], target
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Name the row by ' || array_to_string(named_columns, ', ')
                             || CASE WHEN cardinality(named_columns) > 1 THEN ' (comma-separated, in that order).' ELSE '.' END;
        END;
    END LOOP;
    SELECT string_agg(format('%I = %L::%s', a.attname, btrim(key_values[i]), format_type(a.atttypid, a.atttypmod)), ' AND ')
    INTO key_where
    FROM generate_subscripts(named_columns, 1) AS i
    JOIN pg_catalog.pg_attribute a ON a.attrelid = target AND a.attname = named_columns[i];
    IF cardinality(named_columns) < cardinality(key_columns) THEN
        -- The whole key of the row the named columns find (none: "no row has this key" below).
        FOR found_values IN EXECUTE format('SELECT ARRAY[%s] FROM %s WHERE %s LIMIT 2',
                (SELECT string_agg(format('%I::text', u.col), ', ' ORDER BY u.ord)
                 FROM unnest(key_columns) WITH ORDINALITY AS u(col, ord)), target, key_where) LOOP
            matches := matches + 1;
            first_values := coalesce(first_values, found_values);
        END LOOP;
        IF matches > 1 THEN
            RAISE EXCEPTION 'more than one row of % has %', target, key_where USING ERRCODE = 'invalid_parameter_value',
                HINT = format('Name the row by its whole key: %s, comma-separated.', array_to_string(key_columns, ', '));
        ELSIF matches = 1 THEN
            key_values := first_values;
            SELECT string_agg(format('%I = %L::%s', a.attname, key_values[i], format_type(a.atttypid, a.atttypmod)), ' AND ')
            INTO key_where
            FROM generate_subscripts(key_columns, 1) AS i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = target AND a.attname = key_columns[i];
        END IF;
    END IF;
    has_tenant := EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped);
    EXECUTE format('SELECT ctid, %s FROM %s WHERE %s LIMIT 1', CASE WHEN has_tenant THEN 'tenant_id' ELSE 'id' END,
                   target, key_where) INTO row_ctid, row_tenant;
    -- The context the policies read.
    RETURN QUERY VALUES
        ('context', 'app.tenant_id', NULL::text, NULL::text, NULL::boolean, app.current_tenant_id()::text),
        ('context', 'app.user_id', NULL, NULL, NULL, app.current_user_id()::text),
        ('context', 'person role', NULL, NULL, NULL, app_private.current_person_role()),
        ('context', 'learner id', NULL, NULL, NULL, app_private.current_learner_id()::text),
        ('context', 'course ids', NULL, NULL, NULL, app_private.current_course_ids()::text),
        ('context', 'workspace ids (viewer+)', NULL, NULL, NULL, app_private.current_workspace_ids('viewer')::text),
        ('context', 'workspace ids (editor+)', NULL, NULL, NULL, app_private.current_workspace_ids('editor')::text),
        ('context', 'workspace ids (owner)', NULL, NULL, NULL, app_private.current_workspace_ids('owner')::text);
    RETURN QUERY VALUES ('row', 'exists', NULL::text, key_where, row_ctid IS NOT NULL,
                         CASE WHEN row_ctid IS NULL THEN 'no row of ' || target::text || ' has this key' END);
    IF row_ctid IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY VALUES ('row', 'tenant check', NULL::text,
                         'row tenant ' || row_tenant::text || ' = app.tenant_id',
                         row_tenant IS NOT DISTINCT FROM app.current_tenant_id(), NULL::text);
    SELECT relrowsecurity, relforcerowsecurity INTO rls_on, rls_forced FROM pg_catalog.pg_class WHERE oid = target;
    SELECT rolbypassrls INTO bypass FROM pg_catalog.pg_roles WHERE rolname = client_role;
    RETURN QUERY VALUES
        ('table', 'row level security', NULL::text, NULL::text, rls_on, CASE WHEN rls_forced THEN 'forced' ELSE 'not forced' END),
        ('table', client_role::text || ' bypasses RLS', NULL, NULL, coalesce(bypass, false), NULL);
    -- Every policy that applies to the client role, each clause evaluated against the row.
    FOR pol IN
        SELECT p.polname::text AS name, p.polpermissive AS permissive,
               CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS cmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using_expr,
               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check_expr
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = target
          AND EXISTS (SELECT FROM unnest(p.polroles) r WHERE r = 0 OR pg_catalog.pg_has_role(client_role, r, 'MEMBER'))
        ORDER BY NOT p.polpermissive, p.polname
    LOOP
        FOR clause IN
            SELECT * FROM (VALUES ('USING', pol.using_expr), ('WITH CHECK', coalesce(pol.check_expr, pol.using_expr))) AS c(kind, expr)
            WHERE c.expr IS NOT NULL
              AND NOT (c.kind = 'USING' AND pol.cmd = 'INSERT')
              AND NOT (c.kind = 'WITH CHECK' AND pol.cmd IN ('SELECT', 'DELETE'))
        LOOP
            EXECUTE format('SELECT (%s) FROM %s WHERE ctid = $1', clause.expr, target) INTO result USING row_ctid;
            RETURN QUERY VALUES ('policy', pol.name, pol.cmd, clause.expr, coalesce(result, false),
                                 CASE WHEN pol.permissive THEN 'permissive ' ELSE 'restrictive ' END || clause.kind
                                 || CASE WHEN clause.kind = 'WITH CHECK' AND pol.check_expr IS NULL THEN ' (its USING)' ELSE '' END
                                 || CASE WHEN result IS NULL THEN ': NULL counts as false' ELSE '' END);
            FOREACH cmd IN ARRAY CASE WHEN pol.cmd = 'ALL' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] ELSE ARRAY[pol.cmd] END LOOP
                IF clause.kind = 'USING' AND pol.permissive THEN
                    perm_using := perm_using || jsonb_build_object(cmd, coalesce((perm_using ->> cmd)::boolean, false) OR coalesce(result, false));
                ELSIF clause.kind = 'USING' THEN
                    restr_using := restr_using || jsonb_build_object(cmd, coalesce((restr_using ->> cmd)::boolean, true) AND coalesce(result, false));
                ELSIF pol.permissive THEN
                    perm_check := perm_check || jsonb_build_object(cmd, coalesce((perm_check ->> cmd)::boolean, false) OR coalesce(result, false));
                ELSE
                    restr_check := restr_check || jsonb_build_object(cmd, coalesce((restr_check ->> cmd)::boolean, true) AND coalesce(result, false));
                END IF;
            END LOOP;
        END LOOP;
    END LOOP;
    -- Grants: table-wide, or the columns granted.
    FOREACH cmd IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] LOOP
        grant_any := pg_catalog.has_table_privilege(client_role, target, cmd)
                     OR (cmd <> 'DELETE' AND pg_catalog.has_any_column_privilege(client_role, target, cmd));
        RETURN QUERY
        SELECT 'grant', cmd, cmd, NULL::text, grant_any,
               CASE WHEN cmd = 'DELETE' THEN CASE WHEN grant_any THEN 'granted' ELSE 'no grant' END
                    WHEN pg_catalog.has_table_privilege(client_role, target, cmd) THEN 'every column'
                    ELSE coalesce('columns: ' || (
                        SELECT string_agg(a.attname::text, ', ' ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = target AND a.attnum > 0 AND NOT a.attisdropped
                          AND pg_catalog.has_column_privilege(client_role, target, a.attnum, cmd)), 'no grant') END;
    END LOOP;
    -- Verdicts: the grant, then (under RLS) some permissive and every restrictive policy.
    FOREACH cmd IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] LOOP
        grant_any := pg_catalog.has_table_privilege(client_role, target, cmd)
                     OR (cmd <> 'DELETE' AND pg_catalog.has_any_column_privilege(client_role, target, cmd));
        IF NOT rls_on OR coalesce(bypass, false) THEN
            result := grant_any;
        ELSIF cmd = 'INSERT' THEN
            result := grant_any AND coalesce((perm_check ->> cmd)::boolean, false) AND coalesce((restr_check ->> cmd)::boolean, true);
        ELSE
            result := grant_any AND coalesce((perm_using ->> cmd)::boolean, false) AND coalesce((restr_using ->> cmd)::boolean, true);
            IF cmd = 'UPDATE' THEN
                result := result AND coalesce((perm_check ->> cmd)::boolean, false) AND coalesce((restr_check ->> cmd)::boolean, true);
            END IF;
            IF cmd <> 'SELECT' THEN
                result := result AND verdict_select;  -- a WHERE that finds the row reads it under the SELECT policies
            END IF;
        END IF;
        IF cmd = 'SELECT' THEN
            verdict_select := result;
        END IF;
        RETURN QUERY VALUES ('verdict', lower(cmd), cmd, NULL::text, result,
                             CASE cmd WHEN 'SELECT' THEN 'the person sees this row'
                                      WHEN 'INSERT' THEN 'the person may insert this row as it is'
                                      WHEN 'UPDATE' THEN 'the person may update this row (unchanged values)'
                                      ELSE 'the person may delete this row' END);
    END LOOP;
END
$_$;
ALTER FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name) IS 'Why the person of the current context can or cannot see, insert, update or delete one row (key: primary key values without tenant_id, comma-separated; on a partitioned table the partition columns may be left out, so a history row is named by its id alone) as client_role: context values, tenant check, each applicable policy clause with its value for the row, grants and column grants, verdicts. Maintenance role only (BYPASSRLS reads the row); set the context in the same transaction first. Invoker.';
CREATE FUNCTION app_private.fill_created_by_from_context() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    actor uuid;
BEGIN
    -- Without a context (a maintenance job, a superuser) the accessor raises 42501 once the
    -- context is bound to its transaction (security/bound_context): then the given value stays.
    -- A client's write without a context is refused by the table guard before this runs.
    BEGIN
        actor := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        actor := NULL;
    END;
    IF actor IS NOT NULL THEN
        NEW.created_by := actor;
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.fill_created_by_from_context() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.fill_created_by_from_context() IS 'Row trigger: sets created_by to the acting person (app.user_id) when one acts; leaves the given value for the service role. Invoker: reads only the context.';
CREATE FUNCTION app_private.fill_learner_data_key() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    shares boolean;
BEGIN
    -- FOR SHARE waits for a consent change of this learner that is in flight and then reads
    -- the committed decision, so a row written meanwhile never keeps the old key.
    SELECT coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none' INTO shares
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = NEW.tenant_id AND lp.id = NEW.learner_id
    FOR SHARE;
    NEW.learner_data_key := CASE WHEN shares THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE NEW.learner_id END;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.fill_learner_data_key() OWNER TO tenantdb_learner_data_keeper;
COMMENT ON FUNCTION app_private.fill_learner_data_key() IS 'Trigger learner_data_key_fill (perf/learner_data_key): sets learner_data_key of a learning session, struggle event or intervention from its learner''s profile (nil uuid when shared, else the learner_id), overwriting whatever the writer gave. Runs as tenantdb_learner_data_keeper, reads only that profile.';
CREATE FUNCTION app_private.forbid_audit_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_user = 'tenantdb_audit_eraser'
       AND coalesce(pg_catalog.current_setting('tenantdb.erasing_tenant', true), '') <> '' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'app.audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Audit rows are never changed or removed; add a new row instead.';
END
$$;
ALTER FUNCTION app_private.forbid_audit_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.forbid_audit_change() IS 'Trigger of app.audit_log: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them (the owner too, which holds no such privilege either); the one exception is app_private.erase_tenant_records() (role tenantdb_audit_eraser) deleting the rows of the tenant it erases.';
CREATE FUNCTION app_private.forbid_receipt_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'archive.tenant_erasures is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Erasure receipts are never changed or removed.';
END
$$;
ALTER FUNCTION app_private.forbid_receipt_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.forbid_receipt_change() IS 'Trigger of archive.tenant_erasures: rejects UPDATE, DELETE and TRUNCATE with 42501, whoever runs them.';
CREATE FUNCTION app_private.forbid_tenant_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'tenant_id of %.% cannot change: a row never moves to another tenant', TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Copy the row into the other tenant (maintenance role) instead.';
END
$$;
ALTER FUNCTION app_private.forbid_tenant_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.forbid_tenant_change() IS 'Row trigger of every tenant table: any UPDATE that changes tenant_id fails with 42501.';
CREATE TABLE app_private.spent_token_ids (
    jti text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    spent_in text NOT NULL
);
ALTER TABLE app_private.spent_token_ids OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.spent_token_ids IS 'Token ids (jti) already presented, until their token expires: a token works in one transaction only. Rows past expires_at can be deleted (app_private.forget_expired_token_ids).';
COMMENT ON COLUMN app_private.spent_token_ids.jti IS 'The token''s jti claim.';
COMMENT ON COLUMN app_private.spent_token_ids.expires_at IS 'The token''s exp claim; after it the token is refused anyway.';
COMMENT ON COLUMN app_private.spent_token_ids.spent_in IS 'Binding (backend pid and transaction start) of the transaction that presented it.';
CREATE FUNCTION app_private.forget_expired_token_ids() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 WITH gone AS (
          DELETE FROM app_private.spent_token_ids
           WHERE (spent_token_ids.expires_at < now())
           RETURNING 1 AS "?column?"
         )
  SELECT count(*) AS count
    FROM gone;
END;
ALTER FUNCTION app_private.forget_expired_token_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.forget_expired_token_ids() IS 'Deletes spent token ids whose tokens have expired (they are refused as expired anyway); returns how many. Maintenance role only.';
CREATE FUNCTION app_private.guard_tenant_table(target regclass) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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
CREATE FUNCTION app_private.hmac_sha256_pad(key bytea, pad_byte integer) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
 SELECT decode(string_agg(lpad(to_hex((get_byte(k.block, i.i) # hmac_sha256_pad.pad_byte)), 2, '0'::text), ''::text ORDER BY i.i), 'hex'::text) AS decode
    FROM ((( SELECT
                 CASE
                     WHEN (length(hmac_sha256_pad.key) > 64) THEN sha256(hmac_sha256_pad.key)
                     ELSE hmac_sha256_pad.key
                 END AS short_key) s
      CROSS JOIN LATERAL ( SELECT (s.short_key || decode(repeat('00'::text, (64 - length(s.short_key))), 'hex'::text)) AS block) k)
      CROSS JOIN generate_series(0, 63) i(i));
END;
ALTER FUNCTION app_private.hmac_sha256_pad(key bytea, pad_byte integer) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.hmac_sha256_pad(key bytea, pad_byte integer) IS 'One HMAC-SHA256 pad (RFC 2104): the key (hashed when longer than 64 bytes, zero-filled to 64) XOR the pad byte (54 = 0x36 inner, 92 = 0x5c outer). Computed once per key, never per message.';
CREATE FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN (person_role IS NULL) THEN NULL::uuid WHEN (bound = 'learner_lo'::text) THEN CASE WHEN (person_role = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE learner END WHEN (bound = 'learner_hi'::text) THEN CASE WHEN (person_role = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE learner END WHEN (bound = 'key_hi'::text) THEN CASE WHEN (person_role = ANY (ARRAY['educator'::text, 'coach'::text])) THEN COALESCE(learner, '00000000-0000-0000-0000-000000000000'::uuid) ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid END WHEN (bound = 'staff_own_key'::text) THEN CASE WHEN (person_role = ANY (ARRAY['educator'::text, 'coach'::text])) THEN learner ELSE NULL::uuid END ELSE NULL::uuid END;
ALTER FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) IS 'A bound of the learner-data select policies for a person of the given role and learner profile id (the truth table of perf/learner_data_key_policies): learner_lo/learner_hi, the learner_id range (a student''s own learner id; nil to max uuid for educators, coaches and admins); key_hi, the highest learner_data_key (nil for educators and coaches, their own learner id if they have one; max uuid for students and admins); staff_own_key, the own learner id of an educator or coach, else NULL. NULL for every bound without a role (nothing matches). Computed once per transaction by bind_context() into the stamp (perf/learner_data_bounds_in_stamp); reads nothing.';
CREATE FUNCTION app_private.load_token_key(key_id text, key_bytes bytea) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    inner_pad bytea;
    outer_pad bytea;
    existing app_private.token_keys%ROWTYPE;
BEGIN
    IF key_bytes IS NULL OR pg_catalog.length(key_bytes) < 32 THEN
        RAISE EXCEPTION 'token key % is shorter than 32 bytes', key_id
            USING ERRCODE = 'invalid_parameter_value', HINT = 'generate one with: openssl rand -base64 32';
    END IF;
    inner_pad := app_private.hmac_sha256_pad(key_bytes, 54);
    outer_pad := app_private.hmac_sha256_pad(key_bytes, 92);
    SELECT k.* INTO existing FROM app_private.token_keys k WHERE k.kid = key_id;
    IF NOT FOUND THEN
        INSERT INTO app_private.token_keys (kid, inner_pad, outer_pad) VALUES (key_id, inner_pad, outer_pad);
        RETURN 'loaded';
    END IF;
    IF NOT app_private.constant_time_equal(existing.inner_pad, inner_pad) THEN
        RAISE EXCEPTION 'token key id % is already loaded with another key', key_id
            USING ERRCODE = 'unique_violation', HINT = 'a key id must never name two keys: give the new key a new id';
    END IF;
    RETURN CASE WHEN existing.retired_at IS NULL THEN 'unchanged' ELSE 'retired' END;
END
$$;
ALTER FUNCTION app_private.load_token_key(key_id text, key_bytes bytea) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.load_token_key(key_id text, key_bytes bytea) IS 'Loads a token-signing key under its id (idempotent); refuses a key id already loaded with another key and keys under 32 bytes. Returns loaded, unchanged or retired. Maintenance role only.';
CREATE FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    tenant uuid := app.current_tenant_id();
    person uuid := app.current_user_id();
BEGIN
    course_ids := '{}';
    viewer_workspace_ids := '{}';
    editor_workspace_ids := '{}';
    owner_workspace_ids := '{}';
    IF tenant IS NULL OR person IS NULL THEN
        RETURN;
    END IF;
    -- One statement (one plan, cached for the session), four index probes.
    SELECT (SELECT u.role FROM app.users u WHERE u.tenant_id = tenant AND u.id = person),
           (SELECT lp.id FROM app.learner_profiles lp WHERE lp.tenant_id = tenant AND lp.user_id = person),
           (SELECT coalesce(pg_catalog.array_agg(e.course_id ORDER BY e.course_id), '{}')
            FROM app.enrollments e WHERE e.tenant_id = tenant AND e.user_id = person),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id), '{}'),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role IN ('editor', 'owner')), '{}'),
           coalesce(pg_catalog.array_agg(m.workspace_id ORDER BY m.workspace_id) FILTER (WHERE m.member_role = 'owner'), '{}')
    INTO person_role, learner_id, course_ids, viewer_workspace_ids, editor_workspace_ids, owner_workspace_ids
    FROM app.workspace_members m WHERE m.tenant_id = tenant AND m.user_id = person;
END
$$;
ALTER FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) IS 'The acting person''s role, learner profile id, course ids and workspace ids (viewer+, editor+, owner) in the transaction''s tenant, read from the tables; empty without a person. Run once per transaction by bind_context(), and by the accessors only for superuser sessions whose ids were set by hand. Definer (owner, under its *_for_definer policies).';
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
CREATE FUNCTION app_private.own_visible_learner_ids() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN array_remove(ARRAY[app_private.resolved_learner_id()], NULL::uuid);
ALTER FUNCTION app_private.own_visible_learner_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.own_visible_learner_ids() IS 'The acting person''s own learner profile id as a one-element array (empty without one), from the bound context: the part of the visible learner ids a policy compares by id. Inlinable, no query; for the roster policy of app.learner_profiles, which decides everyone else''s visibility from the row.';
CREATE FUNCTION app_private.policy_expression_with_resolved_lookups(expression text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    RETURN regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(expression, 'app_private\.current_person_role\(\)( AS current_person_role)?'::text, 'app_private.resolved_person_role()'::text, 'g'::text), 'app_private\.current_learner_id\(\)( AS current_learner_id)?'::text, 'app_private.resolved_learner_id()'::text, 'g'::text), 'app_private\.current_course_ids\(\)( AS current_course_ids)?'::text, 'app_private.resolved_course_ids()'::text, 'g'::text), 'app_private\.current_workspace_ids\((''[a-z]+''::text)\)( AS current_workspace_ids)?'::text, 'app_private.resolved_workspace_ids(\1)'::text, 'g'::text), 'app_private\.visible_learner_ids\(\)( AS visible_learner_ids)?'::text, 'app_private.resolved_visible_learner_ids()'::text, 'g'::text);
ALTER FUNCTION app_private.policy_expression_with_resolved_lookups(expression text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.policy_expression_with_resolved_lookups(expression text) IS 'A policy expression with every definer lookup (current_person_role, current_learner_id, current_course_ids, current_workspace_ids, visible_learner_ids) replaced by its inlinable resolved_* twin. Used by perf/resolved_context to rewrite the policies; the revert maps them back.';
CREATE FUNCTION app_private.rebind_resolved_context() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    tenant_text text := pg_catalog.current_setting('app.tenant_id', true);
    person_text text := pg_catalog.current_setting('app.user_id', true);
BEGIN
    IF coalesce(person_text, '') <> '' AND coalesce(tenant_text, '') <> ''
       AND app_private.context_is_current() AND app_private.context_signature_is_valid() THEN
        -- bind_context() would keep the stamp (same context): resolve explicitly.
        PERFORM pg_catalog.set_config('app.context_stamp', '', true);
        PERFORM app_private.bind_context(tenant_text::uuid, person_text::uuid);
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION app_private.rebind_resolved_context() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.rebind_resolved_context() IS 'Statement-level AFTER trigger of users, learner_profiles, enrollments and workspace_members (inserts, deletes, and updates of the columns resolved from them): when the transaction has a bound context with a person, resolves role, learner, course and workspace ids again, so a write changing them (an enrollment, a demotion, a dropped membership) holds from the next statement. Contexts not set by bind_context (superuser by hand, none) are left alone.';
CREATE FUNCTION app_private.rebuild_history_table(target regclass, partition_column name) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
DECLARE
    schema_name name;
    table_name name;
    old_name text;
    old regclass;
    fresh regclass;
    old_part_column name;
    key_column name;
    r record;
    cols text;
    first_month timestamptz;
    restore_sql text[] := '{}';
    incoming text[] := '{}';
    stmt text;
BEGIN
    SELECT n.nspname, c.relname INTO schema_name, table_name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = target;
    SELECT a.attname INTO old_part_column
    FROM pg_catalog.pg_partitioned_table p JOIN pg_catalog.pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = target;
    key_column := coalesce(partition_column, old_part_column);
    -- 1. What reads the table from outside: views, SQL-standard functions, other tables' policies.
    --    Each is replaced by a stub (same signature, owner, grants and comment) while the table is
    --    swapped, then re-created from its own definition.
    FOR r IN
        SELECT DISTINCT v.oid::regclass AS view_oid
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite w ON w.oid = d.objid JOIN pg_catalog.pg_class v ON v.oid = w.ev_class
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target AND v.oid <> target
    LOOP
        SELECT pg_catalog.string_agg(pg_catalog.format('NULL::%s AS %I', pg_catalog.format_type(a.atttypid, a.atttypmod), a.attname), ', ' ORDER BY a.attnum),
               coalesce(' WITH (' || pg_catalog.array_to_string(c.reloptions, ', ') || ')', '')
        INTO cols, stmt
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.oid = r.view_oid GROUP BY c.reloptions;
        restore_sql := restore_sql || pg_catalog.format('CREATE OR REPLACE VIEW %s%s AS %s', r.view_oid, stmt,
                                                        pg_catalog.rtrim(pg_catalog.pg_get_viewdef(r.view_oid), ';'));
        EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW %s%s AS SELECT %s WHERE false', r.view_oid, stmt, cols);
    END LOOP;
    PERFORM pg_catalog.set_config('check_function_bodies', 'off', true);
    FOR r IN
        SELECT DISTINCT p.oid::regprocedure AS fn, p.oid
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_proc p ON p.oid = d.objid
        WHERE d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target
    LOOP
        restore_sql := restore_sql || pg_catalog.pg_get_functiondef(r.oid);
        EXECUTE pg_catalog.format('CREATE OR REPLACE FUNCTION %s(%s) RETURNS %s LANGUAGE sql AS %L',
            r.oid::regproc, pg_catalog.pg_get_function_arguments(r.oid), pg_catalog.pg_get_function_result(r.oid),
            'SELECT 1 WHERE false');
    END LOOP;
    FOR r IN
        SELECT DISTINCT p.polname, p.polrelid::regclass AS rel,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
        FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_policy p ON p.oid = d.objid
        WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = target AND p.polrelid <> target
    LOOP
        restore_sql := restore_sql || pg_catalog.format('ALTER POLICY %I ON %s%s%s', r.polname, r.rel,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('ALTER POLICY %I ON %s%s%s', r.polname, r.rel,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (false)' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (false)' ELSE '' END);
    END LOOP;
    -- Foreign keys of other tables to this one: dropped now, re-added (same definition) at the end.
    FOR r IN
        SELECT k.conname, k.conrelid::regclass AS rel, pg_catalog.pg_get_constraintdef(k.oid) AS def,
               pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k
        WHERE k.contype = 'f' AND k.confrelid = target AND k.conrelid <> target AND k.conparentid = 0
    LOOP
        incoming := incoming || pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.rel, r.conname, r.def)
                             || pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.rel, r.note);
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', r.rel, r.conname);
    END LOOP;
    -- 2. The old table steps aside: it and its indexes get a temporary name.
    old_name := pg_catalog.left(table_name, 50) || '_rebuilt';
    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME TO %I', target, old_name);
    old := target;
    FOR r IN SELECT x.indexrelid::regclass AS idx, c.relname FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
             WHERE x.indrelid = old
    LOOP
        EXECUTE pg_catalog.format('ALTER INDEX %s RENAME TO %I', r.idx, pg_catalog.left(r.relname, 50) || '_rebuilt');
    END LOOP;
    -- 3. The new table: same columns, defaults, checks, not-nulls and column comments.
    EXECUTE pg_catalog.format(
        'CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY'
        ' INCLUDING STORAGE INCLUDING COMPRESSION INCLUDING COMMENTS)%s',
        schema_name, table_name, old, CASE WHEN partition_column IS NOT NULL THEN pg_catalog.format(' PARTITION BY RANGE (%I)', partition_column) ELSE '' END);
    fresh := pg_catalog.format('%I.%I', schema_name, table_name)::regclass;
    EXECUTE pg_catalog.format('COMMENT ON TABLE %s IS %L', fresh, pg_catalog.obj_description(old, 'pg_class'));
    -- 4. Keys (the partition column appended to, or removed from, every primary and unique key)
    --    and indexes, with their comments.
    FOR r IN
        SELECT pg_catalog.regexp_replace(k.conname, '_rebuilt$', '') AS conname, k.contype, pg_catalog.pg_get_constraintdef(k.oid) AS def, k.conindid,
               (SELECT pg_catalog.array_agg(a.attname ORDER BY x.ord) FROM unnest(k.conkey) WITH ORDINALITY x(attnum, ord)
                JOIN pg_catalog.pg_attribute a ON a.attrelid = old AND a.attnum = x.attnum) AS key_columns,
               pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k WHERE k.conrelid = old AND k.contype IN ('p', 'u') ORDER BY k.conname
    LOOP
        IF partition_column IS NOT NULL AND NOT partition_column = ANY (r.key_columns) THEN
            r.key_columns := r.key_columns || partition_column;
        ELSIF partition_column IS NULL AND old_part_column IS NOT NULL AND r.key_columns[pg_catalog.array_length(r.key_columns, 1)] = old_part_column THEN
            r.key_columns := r.key_columns[1:pg_catalog.array_length(r.key_columns, 1) - 1];
        END IF;
        SELECT pg_catalog.string_agg(pg_catalog.quote_ident(c), ', ') INTO cols FROM unnest(r.key_columns) c;
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s (%s)', fresh, r.conname,
            CASE WHEN r.contype = 'p' THEN 'PRIMARY KEY' WHEN r.def LIKE 'UNIQUE NULLS NOT DISTINCT%' THEN 'UNIQUE NULLS NOT DISTINCT' ELSE 'UNIQUE' END, cols);
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, fresh, r.note);
        EXECUTE pg_catalog.format('COMMENT ON INDEX %I.%I IS %L', schema_name, r.conname, pg_catalog.obj_description(r.conindid, 'pg_class'));
    END LOOP;
    FOR r IN
        SELECT x.indexrelid, pg_catalog.pg_get_indexdef(x.indexrelid) AS def, pg_catalog.obj_description(x.indexrelid, 'pg_class') AS note,
               pg_catalog.left(c.relname, pg_catalog.length(c.relname) - 8) AS original_name
        FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = old AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = old)
        ORDER BY c.relname
    LOOP
        EXECUTE pg_catalog.format('CREATE %sINDEX %I ON %s %s',
            CASE WHEN r.def LIKE 'CREATE UNIQUE %' THEN 'UNIQUE ' ELSE '' END, r.original_name, fresh,
            pg_catalog.substring(r.def, ' USING .*$'));
        EXECUTE pg_catalog.format('COMMENT ON INDEX %I.%I IS %L', schema_name, r.original_name, r.note);
    END LOOP;
    -- Foreign keys before the rows: each copied row is checked by the key's trigger (which
    -- reads past RLS), where validating afterwards would scan the parent table under it.
    FOR r IN
        SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid) AS def, pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
        FROM pg_catalog.pg_constraint k WHERE k.conrelid = old AND k.contype = 'f' ORDER BY k.conname
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', fresh, r.conname, r.def);
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, fresh, r.note);
    END LOOP;
    -- 5. Partitions for every month that holds rows, up to three months ahead, and the default.
    --    The old table is read past its RLS (the owner's, inside this transaction only).
    EXECUTE pg_catalog.format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', old);
    IF partition_column IS NOT NULL THEN
        EXECUTE pg_catalog.format('SELECT min(%I) FROM %s', partition_column, old) INTO first_month;
        PERFORM app_private.create_history_partitions(interval '3 months',
            greatest(least(first_month, pg_catalog.now()), pg_catalog.now() - interval '10 years' + interval '1 month'), fresh);
    END IF;
    -- 6. The rows.
    EXECUTE pg_catalog.format('INSERT INTO %s SELECT * FROM %s', fresh, old);
    -- 7. RLS, policies, triggers and grants, as the old table had them.
    IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = old) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', fresh);
        EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', fresh);
    END IF;
    FOR r IN
        SELECT p.polname, p.polpermissive, p.polcmd,
               pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
               (SELECT pg_catalog.string_agg(CASE WHEN x.rid = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(a.rolname) END, ', ' ORDER BY x.ord)
                FROM unnest(p.polroles) WITH ORDINALITY x(rid, ord) LEFT JOIN pg_catalog.pg_roles a ON a.oid = x.rid) AS roles,
               pg_catalog.obj_description(p.oid, 'pg_policy') AS note
        FROM pg_catalog.pg_policy p WHERE p.polrelid = old ORDER BY p.polname
    LOOP
        EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s', r.polname, fresh,
            CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
            CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
            r.roles,
            CASE WHEN r.qual IS NOT NULL THEN ' USING (' || r.qual || ')' ELSE '' END,
            CASE WHEN r.with_check IS NOT NULL THEN ' WITH CHECK (' || r.with_check || ')' ELSE '' END);
        EXECUTE pg_catalog.format('COMMENT ON POLICY %I ON %s IS %L', r.polname, fresh, r.note);
    END LOOP;
    FOR r IN
        SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, pg_catalog.obj_description(t.oid, 'pg_trigger') AS note
        FROM pg_catalog.pg_trigger t WHERE t.tgrelid = old AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY t.tgname
    LOOP
        EXECUTE pg_catalog.replace(r.def, ' ON ' || old::text || ' ', ' ON ' || fresh::text || ' ');
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, fresh, r.note);
    END LOOP;
    PERFORM app_private.copy_table_grants(old, fresh);
    -- Every partition (made in step 5) now gets what its parent has.
    FOR r IN SELECT i.inhrelid::regclass AS part FROM pg_catalog.pg_inherits i WHERE i.inhparent = fresh LOOP
        PERFORM app_private.copy_partition_guards(r.part);
    END LOOP;
    -- 8. The old table goes; what read it reads the new one.
    EXECUTE pg_catalog.format('DROP TABLE %s', old);
    PERFORM pg_catalog.set_config('check_function_bodies', 'on', true);
    FOREACH stmt IN ARRAY restore_sql || incoming LOOP
        EXECUTE stmt;
    END LOOP;
END
$_$;
ALTER FUNCTION app_private.rebuild_history_table(target regclass, partition_column name) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.rebuild_history_table(target regclass, partition_column name) IS 'Deploy/revert helper of partitions/*: rebuilds a table RANGE-partitioned by month on the column (NULL: as a plain table again), keeping rows, columns, keys (partition column appended to, or removed from, each primary and unique key), indexes, foreign keys in both directions, RLS, policies, triggers, grants, comments and what reads the table (views, SQL-standard functions, policies). Not granted to anyone.';
CREATE FUNCTION app_private.refuse_admin_only_columns() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    actor uuid;
BEGIN
    -- No context (a maintenance job): no person acts. Once the context is bound to its
    -- transaction (security/bound_context) the accessor raises 42501 there instead of NULL.
    BEGIN
        actor := app.current_user_id();
    EXCEPTION WHEN insufficient_privilege THEN
        actor := NULL;
    END;
    IF actor IS NOT NULL
       AND app_private.current_person_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only a tenant admin may set % of %.%',
                        array_to_string(TG_ARGV, ', '), TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'These columns bind an account or record what the platform computed: an admin of the tenant or the service role writes them.';
    END IF;
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.refuse_admin_only_columns() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.refuse_admin_only_columns() IS 'Row trigger: an UPDATE naming the columns of the trigger (its arguments, for the message) fails with 42501 unless the acting person is a tenant admin or no person acts (service role). Definer so it can read the acting person''s role.';
CREATE FUNCTION app_private.refuse_delete_with_audit_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF EXISTS (SELECT FROM app.audit_log a WHERE a.tenant_id = OLD.id) THEN
        RAISE EXCEPTION 'tenant % still has audit rows', OLD.id
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'Erase the tenant with tenantdb tenant erase (app_private.erase_tenant_records() removes its audit rows first).';
    END IF;
    RETURN OLD;
END
$$;
ALTER FUNCTION app_private.refuse_delete_with_audit_rows() OWNER TO tenantdb_audit_eraser;
COMMENT ON FUNCTION app_private.refuse_delete_with_audit_rows() IS 'Trigger of app.tenants: refuses to delete a tenant that still has rows in app.audit_log (what the foreign key did). Definer owned by tenantdb_audit_eraser, which may read audit_log.tenant_id across tenants.';
CREATE FUNCTION app_private.refuse_token(failed_check text, reason text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    RAISE EXCEPTION 'token refused (%): %', failed_check, reason
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Present a fresh token for this login''s tenant, issued by your server (tenantdb token issue); a token works in one transaction.';
END
$$;
ALTER FUNCTION app_private.refuse_token(failed_check text, reason text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.refuse_token(failed_check text, reason text) IS 'Raises 42501 "token refused (<check>): <reason>" for app.set_token(); never names a tenant or person.';
CREATE FUNCTION app_private.reject_missing_context(setting_name text) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    stamp text := NULLIF(pg_catalog.current_setting('app.context_stamp', true), '');
    reason text;
BEGIN
    IF stamp IS NULL THEN
        reason := 'app.set_context() was not called in this transaction';
    ELSIF NOT pg_catalog.starts_with(stamp, app_private.transaction_binding() || ':') THEN
        reason := 'the context was set for another transaction (a session-level SET, or an earlier borrower of a pooled connection)';
    ELSE
        reason := 'the context was not set by app.set_context() or app.set_token() (values set by hand are not a context)';
    END IF;
    RAISE EXCEPTION 'no tenant context: % is not set for this transaction', setting_name
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = reason || '.',
              HINT = 'Begin every transaction with SELECT app.set_context(''<tenant uuid>'', ''<user uuid>'') (tenantdb_client logins: SELECT app.set_token(''<token>'')).';
END
$$;
ALTER FUNCTION app_private.reject_missing_context(setting_name text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.reject_missing_context(setting_name text) IS 'Raises 42501 naming the context setting a query needs, why the transaction has none (never set, set for another transaction, not signed) and the fix; called by the accessors only. Definer only to reach app_private.transaction_binding(); reads nothing but the caller''s own settings.';
CREATE FUNCTION app_private.require_tenant_context() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        reason text;
    BEGIN
        -- Only the statement a client issued is checked (trigger depth 1). Deeper writes are part of
        -- a statement that already passed: foreign-key actions (ON DELETE CASCADE / SET NULL), which
        -- run as the table owner, and the schema's own triggers (clients cannot add triggers).
        IF pg_catalog.pg_trigger_depth() <> 1 THEN
            RETURN NULL;
        END IF;
        -- Fast path, for roles RLS applies to: a bound context's tenant (the accessor's cast:
        -- 22P02 for a value edited by hand, as before) passes without a subtransaction.
        -- Two IFs, not one AND: the executor checks EXECUTE on every function of an expression
        -- when it sets the expression up, so roles RLS does not apply to and that may not call
        -- app.bound_tenant_id() (the BYPASSRLS function owners, e.g. the audit eraser deleting a
        -- tenant's audit rows) must never reach the inner one.
        IF pg_catalog.row_security_active(TG_RELID) THEN
            IF app.bound_tenant_id() IS NOT NULL THEN
                RETURN NULL;
            END IF;
        END IF;
        -- Anything else: the landed check, unchanged (same error, detail and hint).
        IF NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
            -- The accessor raises 42501 without a bound context; say which statement needed it.
            BEGIN
                PERFORM app.current_tenant_id();
            EXCEPTION WHEN insufficient_privilege THEN
                GET STACKED DIAGNOSTICS reason = PG_EXCEPTION_DETAIL;
                RAISE EXCEPTION '% on %.% needs a tenant context', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
                    USING ERRCODE = 'insufficient_privilege',
                          DETAIL = 'app.tenant_id is not set for this transaction: ' || reason,
                          HINT = 'Begin every transaction with SELECT app.set_context(''<tenant uuid>'', ''<user uuid>'') (tenantdb_client logins: SELECT app.set_token(''<token>'')).';
            END;
        END IF;
        RETURN NULL;
    END
    $$;
ALTER FUNCTION app_private.require_tenant_context() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.require_tenant_context() IS 'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when the transaction has no bound tenant context (app.set_context); roles with BYPASSRLS excepted; writes made by foreign-key actions and the schema''s triggers inside an accepted statement are not re-checked. A bound context (app.bound_tenant_id()) passes without a subtransaction or a catalog query for roles RLS applies to (perf/write_guard_fast_path); everything else takes the landed exception block that names the statement.';
CREATE FUNCTION app_private.resolved_context_signature(tenant text, person text, unsigned_stamp text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT encode(app_private.hmac_sha256(k.inner_pad, k.outer_pad, convert_to(((((('tenantdb-context-v2|'::text || resolved_context_signature.tenant) || '|'::text) || resolved_context_signature.person) || '|'::text) || resolved_context_signature.unsigned_stamp), 'UTF8'::name)), 'hex'::text) AS encode
    FROM app_private.context_signing_key k;
END;
ALTER FUNCTION app_private.resolved_context_signature(tenant text, person text, unsigned_stamp text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_context_signature(tenant text, person text, unsigned_stamp text) IS 'HMAC-SHA256 (hex) of a version-2 context: tenant id, user id ('''' for none) and the stamp before its HMAC (binding and resolved role, learner id, course and workspace ids), keyed by app_private.context_signing_key. Definer (reads the key); no client role may execute it.';
CREATE FUNCTION app_private.staff_visible_learner_ids() RETURNS uuid[]
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    tenant uuid := app.current_tenant_id();
    person uuid := app.current_user_id();
    person_role text := app_private.resolved_person_role();
    visible uuid[];
BEGIN
    SELECT coalesce(pg_catalog.array_agg(lp.id ORDER BY lp.id), '{}') INTO visible
    FROM app.learner_profiles lp
    WHERE lp.tenant_id = tenant
      AND (lp.user_id = person
           OR person_role = 'admin'
           OR (person_role IN ('educator', 'coach')
               AND coalesce(lp.privacy_settings ->> 'data_sharing', 'none') <> 'none'));
    RETURN visible;
END
$$;
ALTER FUNCTION app_private.staff_visible_learner_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.staff_visible_learner_ids() IS 'Learner profile ids an educator, coach or admin may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Definer (owner, under learner_profiles_select_for_definer); called by resolved_visible_learner_ids() for those roles only.';
CREATE FUNCTION app_private.unbound_resolved_value(resolved_field text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    RETURN CASE WHEN (NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) THEN CASE resolved_field WHEN 'person_role'::text THEN (app_private.lookup_person_context()).person_role WHEN 'learner_id'::text THEN ((app_private.lookup_person_context()).learner_id)::text WHEN 'course_ids'::text THEN ((app_private.lookup_person_context()).course_ids)::text WHEN 'viewer'::text THEN ((app_private.lookup_person_context()).viewer_workspace_ids)::text WHEN 'editor'::text THEN ((app_private.lookup_person_context()).editor_workspace_ids)::text WHEN 'owner'::text THEN ((app_private.lookup_person_context()).owner_workspace_ids)::text WHEN 'visible_learner_ids'::text THEN CASE WHEN ((app_private.lookup_person_context()).person_role = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN (app_private.staff_visible_learner_ids())::text ELSE (array_remove(ARRAY[(app_private.lookup_person_context()).learner_id], NULL::uuid))::text END ELSE '{}'::text END ELSE (app_private.reject_missing_context('app.tenant_id'::text))::text END;
ALTER FUNCTION app_private.unbound_resolved_value(resolved_field text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.unbound_resolved_value(resolved_field text) IS 'A resolved value (person_role, learner_id, course_ids, visible_learner_ids, or the workspace ids of a member role viewer/editor/owner; ''{}'' for an unknown one) as text, without a context bound to this transaction: looked up for superuser sessions with hand-set ids (lookup_person_context), 42501 for everyone else. The rare branch of the resolved_* lookups, kept out of their inlined expression.';
CREATE FUNCTION app_private.resolved_visible_learner_ids() RETURNS uuid[]
    LANGUAGE sql STABLE PARALLEL RESTRICTED
    RETURN CASE WHEN app_private.context_is_current() THEN CASE WHEN (NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, 3), ''::text) = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN app_private.staff_visible_learner_ids() ELSE array_remove(ARRAY[(NULLIF(split_part(current_setting('app.context_stamp'::text, true), ':'::text, 4), ''::text))::uuid], NULL::uuid) END ELSE (app_private.unbound_resolved_value('visible_learner_ids'::text))::uuid[] END;
ALTER FUNCTION app_private.resolved_visible_learner_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.resolved_visible_learner_ids() IS 'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Inlinable: students read their own id from the bound stamp; only educators, coaches and admins run a query (staff_visible_learner_ids). Inlined into policies (once per statement).';
CREATE TABLE app_private.token_keys (
    kid text NOT NULL,
    inner_pad bytea NOT NULL,
    outer_pad bytea NOT NULL,
    loaded_at timestamp with time zone DEFAULT now() NOT NULL,
    retired_at timestamp with time zone,
    CONSTRAINT token_keys_inner_pad_64_bytes CHECK ((length(inner_pad) = 64)),
    CONSTRAINT token_keys_kid_format CHECK ((kid ~ '^[A-Za-z0-9_.-]{1,64}$'::text)),
    CONSTRAINT token_keys_outer_pad_64_bytes CHECK ((length(outer_pad) = 64))
);
ALTER TABLE app_private.token_keys OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.token_keys IS 'Keys that sign client tokens, by key id (kid), as HMAC-SHA256 pads; loaded by the maintenance role (tenantdb token rotate) from TENANTDB_TOKEN_KEYS. No client role can read it.';
COMMENT ON COLUMN app_private.token_keys.kid IS 'Key id named in a token''s header; never reused for another key.';
COMMENT ON COLUMN app_private.token_keys.inner_pad IS 'HMAC inner pad of the key (key XOR 0x36).';
COMMENT ON COLUMN app_private.token_keys.outer_pad IS 'HMAC outer pad of the key (key XOR 0x5c).';
COMMENT ON COLUMN app_private.token_keys.loaded_at IS 'When the key was loaded.';
COMMENT ON COLUMN app_private.token_keys.retired_at IS 'When the key was retired; tokens naming a retired key are refused. NULL while in use.';
COMMENT ON CONSTRAINT token_keys_inner_pad_64_bytes ON app_private.token_keys IS 'An HMAC-SHA256 pad is one 64-byte block.';
COMMENT ON CONSTRAINT token_keys_kid_format ON app_private.token_keys IS 'Key ids are 1-64 characters of A-Z a-z 0-9 _ . -';
COMMENT ON CONSTRAINT token_keys_outer_pad_64_bytes ON app_private.token_keys IS 'An HMAC-SHA256 pad is one 64-byte block.';
CREATE FUNCTION app_private.retire_token_key(key_id text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 UPDATE app_private.token_keys SET retired_at = now()
   WHERE ((token_keys.kid = retire_token_key.key_id) AND (token_keys.retired_at IS NULL))
   RETURNING true;
END;
ALTER FUNCTION app_private.retire_token_key(key_id text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.retire_token_key(key_id text) IS 'Retires a token-signing key: tokens naming it are refused from now on. True when it was in use. Maintenance role only.';
CREATE FUNCTION app_private.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    NEW.updated_at := pg_catalog.now();
    RETURN NEW;
END
$$;
ALTER FUNCTION app_private.set_updated_at() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.set_updated_at() IS 'Row trigger: sets updated_at to the transaction time on every UPDATE.';
CREATE FUNCTION app_private.sync_conversation_share_link() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM app_private.conversation_share_links l
        WHERE l.tenant_id = OLD.tenant_id AND l.conversation_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.share_enabled AND NEW.share_token_sha256 IS NOT NULL THEN
        INSERT INTO app_private.conversation_share_links (token_sha256, tenant_id, conversation_id)
        VALUES (NEW.share_token_sha256, NEW.tenant_id, NEW.id);
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION app_private.sync_conversation_share_link() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.sync_conversation_share_link() IS 'Trigger of app.conversations: keeps app_private.conversation_share_links equal to the shares that are on. Definer (clients cannot write the registry).';
CREATE FUNCTION app_private.sync_learner_data_key() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    new_key uuid := CASE WHEN coalesce(NEW.privacy_settings ->> 'data_sharing', 'none') <> 'none'
                     THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE NEW.id END;
BEGIN
    UPDATE app.learning_sessions SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    UPDATE app.struggle_events SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    UPDATE app.intervention_logs SET learner_data_key = new_key
    WHERE tenant_id = NEW.tenant_id AND learner_id = NEW.id AND learner_data_key <> new_key;
    RETURN NULL;
END
$$;
ALTER FUNCTION app_private.sync_learner_data_key() OWNER TO tenantdb_learner_data_keeper;
COMMENT ON FUNCTION app_private.sync_learner_data_key() IS 'Trigger learner_data_key_sync (perf/learner_data_key): when a learner''s data_sharing decision flips, rewrites learner_data_key on that learner''s sessions, struggle events and interventions in the same statement. Runs as tenantdb_learner_data_keeper, touches only that learner''s rows.';
CREATE FUNCTION app_private.tenant_table_usage() RETURNS TABLE(tenant_id uuid, table_name text, row_count bigint, row_bytes bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    target record;
BEGIN
    FOR target IN
        SELECT n.nspname, c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspowner = 'tenantdb_owner'::regrole AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY 1, 2
    LOOP
        RETURN QUERY EXECUTE pg_catalog.format(
            'SELECT t.tenant_id, %L::text, count(*), sum(pg_catalog.pg_column_size(t.*))::bigint FROM %I.%I AS t GROUP BY t.tenant_id',
            target.nspname || '.' || target.relname, target.nspname, target.relname);
    END LOOP;
END
$$;
ALTER FUNCTION app_private.tenant_table_usage() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.tenant_table_usage() IS 'Rows and bytes (sum of pg_column_size of the rows; indexes not included) per tenant per tenant table, found from the catalog. Invoker: run by the maintenance role, which sees every tenant.';
CREATE FUNCTION app_private.token_key_ids() RETURNS TABLE(kid text, in_use boolean, loaded_at timestamp with time zone, retired_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT k.kid,
     (k.retired_at IS NULL),
     k.loaded_at,
     k.retired_at
    FROM app_private.token_keys k
   ORDER BY k.kid;
END;
ALTER FUNCTION app_private.token_key_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.token_key_ids() IS 'The loaded token keys by id, in use or retired, without the key material. Maintenance role only (tenantdb token rotate).';
CREATE FUNCTION app_private.unbound_context_uuid(setting_name text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    RETURN CASE WHEN (NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) THEN app_private.context_uuid(setting_name) ELSE app_private.reject_missing_context(setting_name) END;
ALTER FUNCTION app_private.unbound_context_uuid(setting_name text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.unbound_context_uuid(setting_name text) IS 'A uuid context setting read without a context bound to this transaction: for superuser sessions the hand-set value (validated by context_uuid(), 22P02 naming the setting), for everyone else 42501 (reject_missing_context). The rare branch of app.current_tenant_id() and app.current_user_id(), kept out of their inlined expression.';
CREATE FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    RETURN CASE WHEN (NULLIF(current_setting('is_superuser'::text, true), ''::text) = 'on'::text) THEN app_private.learner_data_bound((app_private.lookup_person_context()).person_role, (app_private.lookup_person_context()).learner_id, bound) ELSE app_private.reject_missing_context('app.tenant_id'::text) END;
ALTER FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) IS 'A learner-data bound (learner_data_bound()) without a context bound to this transaction: looked up for superuser sessions with hand-set ids (lookup_person_context), 42501 for everyone else. The rare branch of the learner-data select policies'' bounds (perf/learner_data_bounds_in_stamp), taken when the stamp is not bound to this transaction.';
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
CREATE FUNCTION app_private.visible_learner_ids() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    BEGIN ATOMIC
 SELECT app_private.resolved_visible_learner_ids() AS resolved_visible_learner_ids;
END;
ALTER FUNCTION app_private.visible_learner_ids() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.visible_learner_ids() IS 'Learner profile ids the acting person may read: their own; for educators and coaches those whose privacy_settings.data_sharing is not none (consent); for admins all of the tenant. Empty without a person. Definer, fixed search_path; for functions (policies inline resolved_visible_learner_ids()).';
CREATE FUNCTION app_private.visible_learner_ids_bound(bound text) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    person_role text := app_private.resolved_person_role();
    learner uuid := app_private.resolved_learner_id();
BEGIN
    RETURN CASE
        WHEN person_role IS NULL THEN NULL
        WHEN bound = 'learner_lo' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN '00000000-0000-0000-0000-000000000000'::uuid ELSE learner END
        WHEN bound = 'learner_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach', 'admin') THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE learner END
        WHEN bound = 'key_hi' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN coalesce(learner, '00000000-0000-0000-0000-000000000000'::uuid)
                 ELSE 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid END
        WHEN bound = 'staff_own_key' THEN
            CASE WHEN person_role IN ('educator', 'coach') THEN learner END
    END;
END
$$;
ALTER FUNCTION app_private.visible_learner_ids_bound(bound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app_private.visible_learner_ids_bound(bound text) IS 'A bound of the learner-data select policies for the acting person (PL/pgSQL, from the resolved role and learner id). No policy calls it since perf/learner_data_bounds_in_stamp (they read the bounds from the stamp); kept so that change''s revert can point the policies back at it. Definer only because client roles have no USAGE on app_private.';
CREATE FUNCTION cache_private.record_person_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, 'viewer', OLD.id);
    RETURN NULL;
END
$$;
ALTER FUNCTION cache_private.record_person_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION cache_private.record_person_change() IS 'AFTER ROW trigger of app.users (role changed, or person deleted): record a viewer invalidation (everything cached for the person).';
CREATE FUNCTION cache_private.record_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    kind text := TG_ARGV[0];
    key_column text := TG_ARGV[1];
    old_key uuid;
    new_key uuid;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_key := (pg_catalog.to_jsonb(OLD) ->> key_column)::uuid;
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, kind, old_key);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_key := (pg_catalog.to_jsonb(NEW) ->> key_column)::uuid;
        IF TG_OP = 'INSERT' OR new_key IS DISTINCT FROM old_key OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
            INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (NEW.tenant_id, kind, new_key);
        END IF;
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION cache_private.record_row_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION cache_private.record_row_change() IS 'AFTER ROW trigger of cached tables: records (tenant, kind, key) of the old and new row in cache_private.invalidations. Arguments: the cache kind and the column that keys the cache entry. Definer, so writers need no grant on the outbox.';
CREATE FUNCTION cache_private.record_visibility_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (OLD.tenant_id, 'viewer', OLD.user_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND (NEW.tenant_id, NEW.user_id) IS DISTINCT FROM (OLD.tenant_id, OLD.user_id)) THEN
        INSERT INTO cache_private.invalidations (tenant_id, kind, object_id) VALUES (NEW.tenant_id, 'viewer', NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;
ALTER FUNCTION cache_private.record_visibility_change() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION cache_private.record_visibility_change() IS 'AFTER ROW trigger of workspace_members: the person''s memberships changed, so record a viewer invalidation (everything cached for them).';
CREATE FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS '$libdir/tenantdb_context', 'remembered_else_unbound_learner_data_bound';
ALTER FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) IS 'A learner-data bound of the select policies in one call (C, the tenantdb_context library; declared by perf/learner_data_bounds_remembered reworked after @v0.3.0): stamp field 9 to 12 of the remembered context the settings are now (learner_lo, learner_hi, key_hi, staff_own_key; NULL for another name), else app_private.unbound_visible_learner_ids_bound(bound), EXECUTE on it checked as the caller''s.';
CREATE FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) RETURNS uuid
    LANGUAGE c STABLE PARALLEL RESTRICTED
    AS '$libdir/tenantdb_context', 'remembered_learner_data_bound';
ALTER FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) OWNER TO tenantdb_owner;
COMMENT ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) IS 'Stamp fields 9 to 12 of the remembered context the settings are now: the learner-data bound learner_lo, learner_hi, key_hi or staff_own_key (NULL for another name or an empty field); 42501 when they are none. C, in the tenantdb_context library; declared by perf/learner_data_bounds_remembered.';
CREATE TABLE app.agents (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    name text NOT NULL,
    agent_role text NOT NULL,
    model text NOT NULL,
    instructions text DEFAULT ''::text NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT agents_instructions_length CHECK ((char_length(instructions) <= 20000)),
    CONSTRAINT agents_model_length CHECK (((char_length(btrim(model)) >= 1) AND (char_length(btrim(model)) <= 200))),
    CONSTRAINT agents_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT agents_role_known CHECK ((agent_role = ANY (ARRAY['analyst'::text, 'product_manager'::text, 'architect'::text, 'developer'::text, 'tester'::text, 'reviewer'::text, 'other'::text])))
);
ALTER TABLE ONLY app.agents FORCE ROW LEVEL SECURITY;
ALTER TABLE app.agents OWNER TO tenantdb_owner;
COMMENT ON TABLE app.agents IS 'AI agents of a workspace (role, model, instructions). Workspace viewers read, editors write; tenant admins all; the service role (agent runtime) the tenant.';
COMMENT ON COLUMN app.agents.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.agents.id IS 'Agent id.';
COMMENT ON COLUMN app.agents.workspace_id IS 'The workspace the agent works in (decides who sees it).';
COMMENT ON COLUMN app.agents.name IS 'Name, unique in the workspace (1-200 characters).';
COMMENT ON COLUMN app.agents.agent_role IS 'analyst, product_manager, architect, developer, tester, reviewer or other.';
COMMENT ON COLUMN app.agents.model IS 'Model identifier the agent runs on (1-200 characters).';
COMMENT ON COLUMN app.agents.instructions IS 'System instructions (at most 20000 characters).';
COMMENT ON COLUMN app.agents.is_active IS 'false: kept for history, not run.';
COMMENT ON COLUMN app.agents.created_at IS 'When the agent was created.';
COMMENT ON COLUMN app.agents.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT agents_instructions_length ON app.agents IS 'Instructions are at most 20000 characters.';
COMMENT ON CONSTRAINT agents_model_length ON app.agents IS 'Model identifiers are 1-200 characters.';
COMMENT ON CONSTRAINT agents_name_length ON app.agents IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT agents_role_known ON app.agents IS 'Only the known agent roles.';
CREATE TABLE app.artifact_versions (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    artifact_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    version_number integer NOT NULL,
    content text NOT NULL,
    change_note text DEFAULT ''::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT artifact_versions_change_note_length CHECK ((char_length(change_note) <= 1000)),
    CONSTRAINT artifact_versions_content_size CHECK ((octet_length(content) <= 10485760)),
    CONSTRAINT artifact_versions_number_positive CHECK ((version_number > 0))
);
ALTER TABLE ONLY app.artifact_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE app.artifact_versions OWNER TO tenantdb_owner;
COMMENT ON TABLE app.artifact_versions IS 'Immutable content versions of an artifact (no UPDATE for clients). Visible and writable like the artifact; retention keeps the newest N per artifact.';
COMMENT ON COLUMN app.artifact_versions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.artifact_versions.id IS 'Version id.';
COMMENT ON COLUMN app.artifact_versions.artifact_id IS 'The artifact.';
COMMENT ON COLUMN app.artifact_versions.workspace_id IS 'The artifact''s workspace (copied, kept in step by the foreign key), so policies need no join.';
COMMENT ON COLUMN app.artifact_versions.version_number IS '1, 2, ... per artifact.';
COMMENT ON COLUMN app.artifact_versions.content IS 'The content of this version (at most 10 MiB).';
COMMENT ON COLUMN app.artifact_versions.change_note IS 'What changed (at most 1000 characters).';
COMMENT ON COLUMN app.artifact_versions.created_by IS 'Author of the version; NULL once that person is deleted.';
COMMENT ON COLUMN app.artifact_versions.created_at IS 'When the version was written.';
COMMENT ON CONSTRAINT artifact_versions_change_note_length ON app.artifact_versions IS 'Change notes are at most 1000 characters.';
COMMENT ON CONSTRAINT artifact_versions_content_size ON app.artifact_versions IS 'Content is at most 10 MiB; larger files belong in object storage.';
COMMENT ON CONSTRAINT artifact_versions_number_positive ON app.artifact_versions IS 'Version numbers start at 1.';
CREATE TABLE app.artifacts (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    created_by uuid,
    name text NOT NULL,
    artifact_type text NOT NULL,
    file_path text DEFAULT ''::text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    github_sync_status text DEFAULT 'pending'::text NOT NULL,
    sharepoint_sync_status text DEFAULT 'pending'::text NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT artifacts_file_path_length CHECK ((char_length(file_path) <= 1000)),
    CONSTRAINT artifacts_github_sync_status_known CHECK ((github_sync_status = ANY (ARRAY['pending'::text, 'syncing'::text, 'synced'::text, 'failed'::text, 'disabled'::text]))),
    CONSTRAINT artifacts_metadata_is_object CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT artifacts_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 300))),
    CONSTRAINT artifacts_sharepoint_sync_status_known CHECK ((sharepoint_sync_status = ANY (ARRAY['pending'::text, 'syncing'::text, 'synced'::text, 'failed'::text, 'disabled'::text]))),
    CONSTRAINT artifacts_status_known CHECK ((status = ANY (ARRAY['draft'::text, 'review'::text, 'published'::text, 'archived'::text]))),
    CONSTRAINT artifacts_type_known CHECK ((artifact_type = ANY (ARRAY['prd'::text, 'architecture'::text, 'user_story'::text, 'epic'::text, 'test_plan'::text, 'design'::text, 'code'::text, 'document'::text, 'other'::text])))
);
ALTER TABLE ONLY app.artifacts FORCE ROW LEVEL SECURITY;
ALTER TABLE app.artifacts OWNER TO tenantdb_owner;
COMMENT ON TABLE app.artifacts IS 'Work products of a workspace with lifecycle and sync status; content lives in app.artifact_versions. Workspace viewers read, editors write; tenant admins all.';
COMMENT ON COLUMN app.artifacts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.artifacts.id IS 'Artifact id.';
COMMENT ON COLUMN app.artifacts.workspace_id IS 'The workspace the artifact belongs to (decides who sees it).';
COMMENT ON COLUMN app.artifacts.created_by IS 'The person who created it; NULL once that person is deleted.';
COMMENT ON COLUMN app.artifacts.name IS 'Name (1-300 characters).';
COMMENT ON COLUMN app.artifacts.artifact_type IS 'prd, architecture, user_story, epic, test_plan, design, code, document or other.';
COMMENT ON COLUMN app.artifacts.file_path IS 'Path of the artifact''s file in the synced repository or library (at most 1000 characters; empty until placed).';
COMMENT ON COLUMN app.artifacts.status IS 'Lifecycle: draft (default), review, published, archived.';
COMMENT ON COLUMN app.artifacts.github_sync_status IS 'Sync to GitHub: pending (default), syncing, synced, failed, disabled.';
COMMENT ON COLUMN app.artifacts.sharepoint_sync_status IS 'Sync to SharePoint: pending (default), syncing, synced, failed, disabled.';
COMMENT ON COLUMN app.artifacts.metadata IS 'Free-form attributes (a JSON object).';
COMMENT ON COLUMN app.artifacts.created_at IS 'When the artifact was created.';
COMMENT ON COLUMN app.artifacts.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT artifacts_file_path_length ON app.artifacts IS 'File paths are at most 1000 characters.';
COMMENT ON CONSTRAINT artifacts_github_sync_status_known ON app.artifacts IS 'Only the known sync states.';
COMMENT ON CONSTRAINT artifacts_metadata_is_object ON app.artifacts IS 'Metadata is a JSON object.';
COMMENT ON CONSTRAINT artifacts_name_length ON app.artifacts IS 'Names are 1-300 characters, not blank.';
COMMENT ON CONSTRAINT artifacts_sharepoint_sync_status_known ON app.artifacts IS 'Only the known sync states.';
COMMENT ON CONSTRAINT artifacts_status_known ON app.artifacts IS 'Only draft, review, published or archived.';
COMMENT ON CONSTRAINT artifacts_type_known ON app.artifacts IS 'Only the known artifact types.';
CREATE TABLE app.audit_log (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    actor_user_id uuid,
    actor_db_role text DEFAULT SESSION_USER NOT NULL,
    table_name text NOT NULL,
    operation text NOT NULL,
    row_key jsonb DEFAULT '{}'::jsonb NOT NULL,
    old_values jsonb,
    new_values jsonb,
    CONSTRAINT audit_log_new_values_is_object CHECK (((new_values IS NULL) OR (jsonb_typeof(new_values) = 'object'::text))),
    CONSTRAINT audit_log_old_values_is_object CHECK (((old_values IS NULL) OR (jsonb_typeof(old_values) = 'object'::text))),
    CONSTRAINT audit_log_operation_known CHECK ((operation = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text, 'RETENTION'::text, 'ROTATE'::text]))),
    CONSTRAINT audit_log_row_key_is_object CHECK ((jsonb_typeof(row_key) = 'object'::text)),
    CONSTRAINT audit_log_table_name_length CHECK (((char_length(table_name) >= 1) AND (char_length(table_name) <= 200)))
)
PARTITION BY RANGE (occurred_at);
ALTER TABLE ONLY app.audit_log FORCE ROW LEVEL SECURITY;
ALTER TABLE app.audit_log OWNER TO tenantdb_owner;
COMMENT ON TABLE app.audit_log IS 'Append-only audit trail per tenant: deletions, role changes, membership and credential changes, retention runs. No UPDATE/DELETE/TRUNCATE for anyone; tenant admins read their tenant''s rows.';
COMMENT ON COLUMN app.audit_log.tenant_id IS 'Tenant the audited row belongs to.';
COMMENT ON COLUMN app.audit_log.id IS 'Audit row id.';
COMMENT ON COLUMN app.audit_log.occurred_at IS 'Start of the transaction that made the change.';
COMMENT ON COLUMN app.audit_log.actor_user_id IS 'Acting person (app.user_id) when there was one; no foreign key, the entry outlives the person.';
COMMENT ON COLUMN app.audit_log.actor_db_role IS 'Login that connected (session_user): a service''s own login (tenantdb role add), whose group is tenantdb_app, tenantdb_service or tenantdb_maintenance.';
COMMENT ON COLUMN app.audit_log.table_name IS 'Schema-qualified table the change was made to.';
COMMENT ON COLUMN app.audit_log.operation IS 'INSERT, UPDATE, DELETE (row changes), RETENTION (a retention run''s summary) or ROTATE (credential key rotation summary).';
COMMENT ON COLUMN app.audit_log.row_key IS 'Key of the changed row ({"id": ...}); empty for summaries.';
COMMENT ON COLUMN app.audit_log.old_values IS 'The row before the change (secrets and bulky columns left out); NULL for inserts.';
COMMENT ON COLUMN app.audit_log.new_values IS 'The row after the change, or a summary''s figures; NULL for deletions.';
COMMENT ON CONSTRAINT audit_log_new_values_is_object ON app.audit_log IS 'After images are JSON objects.';
COMMENT ON CONSTRAINT audit_log_old_values_is_object ON app.audit_log IS 'Before images are JSON objects.';
COMMENT ON CONSTRAINT audit_log_operation_known ON app.audit_log IS 'Only the known operations.';
COMMENT ON CONSTRAINT audit_log_row_key_is_object ON app.audit_log IS 'Row keys are JSON objects.';
COMMENT ON CONSTRAINT audit_log_table_name_length ON app.audit_log IS 'Table names are 1-200 characters.';
CREATE TABLE app.audit_log_default (
    tenant_id uuid CONSTRAINT audit_log_tenant_id_not_null NOT NULL,
    id uuid DEFAULT gen_random_uuid() CONSTRAINT audit_log_id_not_null NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() CONSTRAINT audit_log_occurred_at_not_null NOT NULL,
    actor_user_id uuid,
    actor_db_role text DEFAULT SESSION_USER CONSTRAINT audit_log_actor_db_role_not_null NOT NULL,
    table_name text CONSTRAINT audit_log_table_name_not_null NOT NULL,
    operation text CONSTRAINT audit_log_operation_not_null NOT NULL,
    row_key jsonb DEFAULT '{}'::jsonb CONSTRAINT audit_log_row_key_not_null NOT NULL,
    old_values jsonb,
    new_values jsonb,
    CONSTRAINT audit_log_new_values_is_object CHECK (((new_values IS NULL) OR (jsonb_typeof(new_values) = 'object'::text))),
    CONSTRAINT audit_log_old_values_is_object CHECK (((old_values IS NULL) OR (jsonb_typeof(old_values) = 'object'::text))),
    CONSTRAINT audit_log_operation_known CHECK ((operation = ANY (ARRAY['INSERT'::text, 'UPDATE'::text, 'DELETE'::text, 'RETENTION'::text, 'ROTATE'::text]))),
    CONSTRAINT audit_log_row_key_is_object CHECK ((jsonb_typeof(row_key) = 'object'::text)),
    CONSTRAINT audit_log_table_name_length CHECK (((char_length(table_name) >= 1) AND (char_length(table_name) <= 200)))
);
ALTER TABLE ONLY app.audit_log_default FORCE ROW LEVEL SECURITY;
ALTER TABLE app.audit_log_default OWNER TO tenantdb_owner;
COMMENT ON TABLE app.audit_log_default IS 'Partition of app.audit_log (DEFAULT). Forced RLS, policies, grants and statement triggers copied from the parent by app_private.copy_partition_guards(); read and write through the parent.';
COMMENT ON COLUMN app.audit_log_default.tenant_id IS 'Tenant the audited row belongs to.';
COMMENT ON COLUMN app.audit_log_default.id IS 'Audit row id.';
COMMENT ON COLUMN app.audit_log_default.occurred_at IS 'Start of the transaction that made the change.';
COMMENT ON COLUMN app.audit_log_default.actor_user_id IS 'Acting person (app.user_id) when there was one; no foreign key, the entry outlives the person.';
COMMENT ON COLUMN app.audit_log_default.actor_db_role IS 'Login that connected (session_user): a service''s own login (tenantdb role add), whose group is tenantdb_app, tenantdb_service or tenantdb_maintenance.';
COMMENT ON COLUMN app.audit_log_default.table_name IS 'Schema-qualified table the change was made to.';
COMMENT ON COLUMN app.audit_log_default.operation IS 'INSERT, UPDATE, DELETE (row changes), RETENTION (a retention run''s summary) or ROTATE (credential key rotation summary).';
COMMENT ON COLUMN app.audit_log_default.row_key IS 'Key of the changed row ({"id": ...}); empty for summaries.';
COMMENT ON COLUMN app.audit_log_default.old_values IS 'The row before the change (secrets and bulky columns left out); NULL for inserts.';
COMMENT ON COLUMN app.audit_log_default.new_values IS 'The row after the change, or a summary''s figures; NULL for deletions.';
CREATE TABLE app.conversation_artifacts (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    conversation_id uuid NOT NULL,
    user_id uuid NOT NULL,
    message_id uuid,
    artifact_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    relation text DEFAULT 'created_from'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    message_created_at timestamp with time zone,
    CONSTRAINT conversation_artifacts_relation_known CHECK ((relation = ANY (ARRAY['created_from'::text, 'references'::text, 'updated_from'::text])))
);
ALTER TABLE ONLY app.conversation_artifacts FORCE ROW LEVEL SECURITY;
ALTER TABLE app.conversation_artifacts OWNER TO tenantdb_owner;
COMMENT ON TABLE app.conversation_artifacts IS 'Links between AI conversations (and messages) and workspace artifacts, for traceability. The conversation owner sees and manages their links to artifacts they can see; tenant admins see all.';
COMMENT ON COLUMN app.conversation_artifacts.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.conversation_artifacts.id IS 'Link id.';
COMMENT ON COLUMN app.conversation_artifacts.conversation_id IS 'The conversation.';
COMMENT ON COLUMN app.conversation_artifacts.user_id IS 'Owner of the conversation (kept equal by the foreign key); decides "own" in the policies.';
COMMENT ON COLUMN app.conversation_artifacts.message_id IS 'The message of that conversation the artifact came from, when known; NULL when the message is deleted.';
COMMENT ON COLUMN app.conversation_artifacts.artifact_id IS 'The artifact.';
COMMENT ON COLUMN app.conversation_artifacts.workspace_id IS 'The artifact''s workspace (kept equal by the foreign key); decides visibility.';
COMMENT ON COLUMN app.conversation_artifacts.relation IS 'How they relate: created_from, references or updated_from.';
COMMENT ON COLUMN app.conversation_artifacts.created_at IS 'When the link was made.';
COMMENT ON COLUMN app.conversation_artifacts.message_created_at IS 'created_at of the linked message (part of its key, app.messages being partitioned by it); filled from the message by a trigger, NULL exactly when message_id is.';
COMMENT ON CONSTRAINT conversation_artifacts_relation_known ON app.conversation_artifacts IS 'Only the known relations.';
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
CREATE TABLE app.external_connections (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    service_type text NOT NULL,
    display_name text NOT NULL,
    service_config jsonb DEFAULT '{}'::jsonb NOT NULL,
    credential_key_id text NOT NULL,
    credential_ciphertext bytea NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT external_connections_ciphertext_is_aes_gcm CHECK (((octet_length(credential_ciphertext) >= 29) AND (octet_length(credential_ciphertext) <= 65536))),
    CONSTRAINT external_connections_display_name_length CHECK (((char_length(btrim(display_name)) >= 1) AND (char_length(btrim(display_name)) <= 200))),
    CONSTRAINT external_connections_key_id_format CHECK ((credential_key_id ~ '^[A-Za-z0-9_.-]{1,64}$'::text)),
    CONSTRAINT external_connections_service_config_is_object CHECK ((jsonb_typeof(service_config) = 'object'::text)),
    CONSTRAINT external_connections_service_type_known CHECK ((service_type = ANY (ARRAY['github'::text, 'sharepoint'::text, 'ignis_platform'::text]))),
    CONSTRAINT external_connections_status_known CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text, 'error'::text])))
);
ALTER TABLE ONLY app.external_connections FORCE ROW LEVEL SECURITY;
ALTER TABLE app.external_connections OWNER TO tenantdb_owner;
COMMENT ON TABLE app.external_connections IS 'Connections to outside systems with encrypted credentials (ciphertext and key id only; keys are in the application environment). Tenant admins only; the service role reads them to sync.';
COMMENT ON COLUMN app.external_connections.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.external_connections.id IS 'Connection id.';
COMMENT ON COLUMN app.external_connections.workspace_id IS 'The workspace the connection serves (deleted with it).';
COMMENT ON COLUMN app.external_connections.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.external_connections.display_name IS 'Name shown to admins (1-200 characters), unique per workspace and service.';
COMMENT ON COLUMN app.external_connections.service_config IS 'Non-secret settings (repository, site URL, branch) as a JSON object; never a credential.';
COMMENT ON COLUMN app.external_connections.credential_key_id IS 'Id of the key in TENANTDB_CREDENTIAL_KEYS that encrypted the credential (rotation moves rows to a new id).';
COMMENT ON COLUMN app.external_connections.credential_ciphertext IS 'AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag; the tenant and connection ids are the associated data, so a ciphertext copied to another row does not decrypt.';
COMMENT ON COLUMN app.external_connections.status IS 'active, disabled or error.';
COMMENT ON COLUMN app.external_connections.created_by IS 'Admin who created the connection; NULL once that person is deleted.';
COMMENT ON COLUMN app.external_connections.created_at IS 'When the connection was created.';
COMMENT ON COLUMN app.external_connections.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT external_connections_ciphertext_is_aes_gcm ON app.external_connections IS 'At least nonce (12) + tag (16) + 1 byte: an empty or plaintext-sized-zero value cannot be stored.';
COMMENT ON CONSTRAINT external_connections_display_name_length ON app.external_connections IS 'Display names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT external_connections_key_id_format ON app.external_connections IS 'Key ids are 1-64 characters of letters, digits, dot, dash, underscore.';
COMMENT ON CONSTRAINT external_connections_service_config_is_object ON app.external_connections IS 'Settings are a JSON object.';
COMMENT ON CONSTRAINT external_connections_service_type_known ON app.external_connections IS 'Only the supported services.';
COMMENT ON CONSTRAINT external_connections_status_known ON app.external_connections IS 'Only active, disabled or error.';
CREATE TABLE app.integration_configs (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    service_type text NOT NULL,
    is_enabled boolean DEFAULT true NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT integration_configs_config_is_object CHECK ((jsonb_typeof(config) = 'object'::text)),
    CONSTRAINT integration_configs_service_type_known CHECK ((service_type = ANY (ARRAY['github'::text, 'sharepoint'::text, 'ignis_platform'::text])))
);
ALTER TABLE ONLY app.integration_configs FORCE ROW LEVEL SECURITY;
ALTER TABLE app.integration_configs OWNER TO tenantdb_owner;
COMMENT ON TABLE app.integration_configs IS 'Tenant-wide, non-secret settings per outside service (app id, tenant URL, scopes). Tenant admins only; the service role reads them.';
COMMENT ON COLUMN app.integration_configs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.integration_configs.id IS 'Row id.';
COMMENT ON COLUMN app.integration_configs.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.integration_configs.is_enabled IS 'false: the service is switched off for the tenant.';
COMMENT ON COLUMN app.integration_configs.config IS 'Settings (a JSON object; never a credential).';
COMMENT ON COLUMN app.integration_configs.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.integration_configs.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT integration_configs_config_is_object ON app.integration_configs IS 'Settings are a JSON object.';
COMMENT ON CONSTRAINT integration_configs_service_type_known ON app.integration_configs IS 'Only the supported services.';
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
)
PARTITION BY RANGE (created_at);
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
CREATE TABLE app.interactions_default (
    tenant_id uuid CONSTRAINT interactions_tenant_id_not_null NOT NULL,
    id uuid DEFAULT gen_random_uuid() CONSTRAINT interactions_id_not_null NOT NULL,
    user_id uuid CONSTRAINT interactions_user_id_not_null NOT NULL,
    service_type text CONSTRAINT interactions_service_type_not_null NOT NULL,
    request_data jsonb DEFAULT '{}'::jsonb CONSTRAINT interactions_request_data_not_null NOT NULL,
    response_data jsonb DEFAULT '{}'::jsonb CONSTRAINT interactions_response_data_not_null NOT NULL,
    latency_ms integer,
    created_at timestamp with time zone DEFAULT now() CONSTRAINT interactions_created_at_not_null NOT NULL,
    CONSTRAINT interactions_latency_not_negative CHECK ((latency_ms >= 0)),
    CONSTRAINT interactions_request_data_object CHECK ((jsonb_typeof(request_data) = 'object'::text)),
    CONSTRAINT interactions_response_data_object CHECK ((jsonb_typeof(response_data) = 'object'::text)),
    CONSTRAINT interactions_service_type_known CHECK ((service_type = ANY (ARRAY['rag_query'::text, 'chat'::text, 'summary'::text, 'quiz'::text, 'feedback'::text, 'embedding'::text])))
);
ALTER TABLE ONLY app.interactions_default FORCE ROW LEVEL SECURITY;
ALTER TABLE app.interactions_default OWNER TO tenantdb_owner;
COMMENT ON TABLE app.interactions_default IS 'Partition of app.interactions (DEFAULT). Forced RLS, policies, grants and statement triggers copied from the parent by app_private.copy_partition_guards(); read and write through the parent.';
COMMENT ON COLUMN app.interactions_default.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.interactions_default.id IS 'Interaction id.';
COMMENT ON COLUMN app.interactions_default.user_id IS 'The person who made the request.';
COMMENT ON COLUMN app.interactions_default.service_type IS 'Which service answered: rag_query, chat, summary, quiz, feedback or embedding.';
COMMENT ON COLUMN app.interactions_default.request_data IS 'The request, a JSON object.';
COMMENT ON COLUMN app.interactions_default.response_data IS 'The response, a JSON object.';
COMMENT ON COLUMN app.interactions_default.latency_ms IS 'Time to answer in milliseconds; NULL when unknown.';
COMMENT ON COLUMN app.interactions_default.created_at IS 'When the request was made.';
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
    learner_data_key uuid NOT NULL,
    CONSTRAINT intervention_logs_content_object CHECK ((jsonb_typeof(content) = 'object'::text)),
    CONSTRAINT intervention_logs_learner_data_key_shape CHECK (((learner_data_key = '00000000-0000-0000-0000-000000000000'::uuid) OR (learner_data_key = learner_id))),
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
COMMENT ON COLUMN app.intervention_logs.learner_data_key IS 'Consent key of the row (perf/learner_data_key): the nil uuid when its learner shares their data with the institution (learner_profiles.privacy_settings.data_sharing not none), else the learner_id. Written only by the triggers learner_data_key_fill and learner_data_key_sync; the select policies compare it with the person''s key range (perf/learner_data_key_policies).';
COMMENT ON CONSTRAINT intervention_logs_content_object ON app.intervention_logs IS 'Content is a JSON object.';
COMMENT ON CONSTRAINT intervention_logs_learner_data_key_shape ON app.intervention_logs IS 'The consent key is either the nil uuid (shared) or the row''s learner_id (not shared); the triggers decide which.';
COMMENT ON CONSTRAINT intervention_logs_outcome_known ON app.intervention_logs IS 'Only the known outcomes (or NULL while unknown).';
COMMENT ON CONSTRAINT intervention_logs_type_known ON app.intervention_logs IS 'Only the known intervention types.';
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
    learner_data_key uuid NOT NULL,
    CONSTRAINT learning_sessions_behavioral_signals_object CHECK ((jsonb_typeof(behavioral_signals) = 'object'::text)),
    CONSTRAINT learning_sessions_course_context_length CHECK (((char_length(course_context) >= 1) AND (char_length(course_context) <= 255))),
    CONSTRAINT learning_sessions_end_after_start CHECK ((session_end >= session_start)),
    CONSTRAINT learning_sessions_interventions_delivered_not_negative CHECK ((interventions_delivered >= 0)),
    CONSTRAINT learning_sessions_learner_data_key_shape CHECK (((learner_data_key = '00000000-0000-0000-0000-000000000000'::uuid) OR (learner_data_key = learner_id)))
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
COMMENT ON COLUMN app.learning_sessions.learner_data_key IS 'Consent key of the row (perf/learner_data_key): the nil uuid when its learner shares their data with the institution (learner_profiles.privacy_settings.data_sharing not none), else the learner_id. Written only by the triggers learner_data_key_fill and learner_data_key_sync; the select policies compare it with the person''s key range (perf/learner_data_key_policies).';
COMMENT ON CONSTRAINT learning_sessions_behavioral_signals_object ON app.learning_sessions IS 'Signals are a JSON object.';
COMMENT ON CONSTRAINT learning_sessions_course_context_length ON app.learning_sessions IS 'LTI context ids are 1-255 characters.';
COMMENT ON CONSTRAINT learning_sessions_end_after_start ON app.learning_sessions IS 'A session ends after it starts.';
COMMENT ON CONSTRAINT learning_sessions_interventions_delivered_not_negative ON app.learning_sessions IS 'A count is never negative.';
COMMENT ON CONSTRAINT learning_sessions_learner_data_key_shape ON app.learning_sessions IS 'The consent key is either the nil uuid (shared) or the row''s learner_id (not shared); the triggers decide which.';
CREATE TABLE app.messages_default (
    tenant_id uuid CONSTRAINT messages_tenant_id_not_null NOT NULL,
    id uuid DEFAULT gen_random_uuid() CONSTRAINT messages_id_not_null NOT NULL,
    conversation_id uuid CONSTRAINT messages_conversation_id_not_null NOT NULL,
    user_id uuid CONSTRAINT messages_user_id_not_null NOT NULL,
    role text CONSTRAINT messages_role_not_null NOT NULL,
    content text CONSTRAINT messages_content_not_null NOT NULL,
    citations jsonb DEFAULT '[]'::jsonb CONSTRAINT messages_citations_not_null NOT NULL,
    domains text[] DEFAULT '{}'::text[] CONSTRAINT messages_domains_not_null NOT NULL,
    feedback_score smallint,
    input_tokens integer DEFAULT 0 CONSTRAINT messages_input_tokens_not_null NOT NULL,
    output_tokens integer DEFAULT 0 CONSTRAINT messages_output_tokens_not_null NOT NULL,
    cost_usd numeric(12,6) DEFAULT 0 CONSTRAINT messages_cost_usd_not_null NOT NULL,
    created_at timestamp with time zone DEFAULT now() CONSTRAINT messages_created_at_not_null NOT NULL,
    CONSTRAINT messages_citations_array CHECK ((jsonb_typeof(citations) = 'array'::text)),
    CONSTRAINT messages_content_length CHECK (((char_length(content) >= 1) AND (char_length(content) <= 200000))),
    CONSTRAINT messages_cost_not_negative CHECK ((cost_usd >= (0)::numeric)),
    CONSTRAINT messages_domains_no_nulls CHECK ((array_position(domains, NULL::text) IS NULL)),
    CONSTRAINT messages_feedback_score_range CHECK (((feedback_score >= '-1'::integer) AND (feedback_score <= 1))),
    CONSTRAINT messages_role_known CHECK ((role = ANY (ARRAY['user'::text, 'assistant'::text, 'system'::text]))),
    CONSTRAINT messages_tokens_not_negative CHECK (((input_tokens >= 0) AND (output_tokens >= 0)))
);
ALTER TABLE ONLY app.messages_default FORCE ROW LEVEL SECURITY;
ALTER TABLE app.messages_default OWNER TO tenantdb_owner;
COMMENT ON TABLE app.messages_default IS 'Partition of app.messages (DEFAULT). Forced RLS, policies, grants and statement triggers copied from the parent by app_private.copy_partition_guards(); read and write through the parent.';
COMMENT ON COLUMN app.messages_default.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.messages_default.id IS 'Message id.';
COMMENT ON COLUMN app.messages_default.conversation_id IS 'The conversation the message belongs to.';
COMMENT ON COLUMN app.messages_default.user_id IS 'Owner of the conversation (not the author: see role). Filled in from the conversation when omitted; the foreign key keeps it equal.';
COMMENT ON COLUMN app.messages_default.role IS 'Who wrote it: user, assistant or system.';
COMMENT ON COLUMN app.messages_default.content IS 'The message text (1-200000 characters).';
COMMENT ON COLUMN app.messages_default.citations IS 'JSON array of the sources an assistant answer cites.';
COMMENT ON COLUMN app.messages_default.domains IS 'Knowledge domains the answer drew on.';
COMMENT ON COLUMN app.messages_default.feedback_score IS 'The person''s rating of an answer: -1 (bad), 0 (neutral), 1 (good); NULL when not rated.';
COMMENT ON COLUMN app.messages_default.input_tokens IS 'Model input tokens spent on the message.';
COMMENT ON COLUMN app.messages_default.output_tokens IS 'Model output tokens spent on the message.';
COMMENT ON COLUMN app.messages_default.cost_usd IS 'Model cost of the message in US dollars.';
COMMENT ON COLUMN app.messages_default.created_at IS 'When the message was written.';
CREATE TABLE app.phases (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workflow_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    "position" integer NOT NULL,
    name text NOT NULL,
    agent_id uuid,
    status text DEFAULT 'pending'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT phases_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT phases_position_positive CHECK (("position" > 0)),
    CONSTRAINT phases_status_known CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'done'::text, 'skipped'::text, 'failed'::text])))
);
ALTER TABLE ONLY app.phases FORCE ROW LEVEL SECURITY;
ALTER TABLE app.phases OWNER TO tenantdb_owner;
COMMENT ON TABLE app.phases IS 'Ordered phases of a workflow, each optionally run by an agent of the tenant. Visible and writable like the workflow.';
COMMENT ON COLUMN app.phases.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.phases.id IS 'Phase id.';
COMMENT ON COLUMN app.phases.workflow_id IS 'The workflow.';
COMMENT ON COLUMN app.phases.workspace_id IS 'The workflow''s workspace (kept equal by the foreign key), so policies need no join.';
COMMENT ON COLUMN app.phases."position" IS 'Order within the workflow: 1, 2, ...; unique per workflow.';
COMMENT ON COLUMN app.phases.name IS 'Name (1-200 characters).';
COMMENT ON COLUMN app.phases.agent_id IS 'Agent that runs the phase; NULL for a human step or once the agent is deleted.';
COMMENT ON COLUMN app.phases.status IS 'pending (default), running, done, skipped or failed.';
COMMENT ON COLUMN app.phases.created_at IS 'When the phase was created.';
COMMENT ON COLUMN app.phases.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT phases_name_length ON app.phases IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT phases_position_positive ON app.phases IS 'Positions start at 1.';
COMMENT ON CONSTRAINT phases_status_known ON app.phases IS 'Only the known phase states.';
CREATE TABLE app.retention_policies (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid,
    chat_history_days integer,
    artifact_versions_to_keep integer,
    interactions_days integer,
    sync_logs_days integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    archive_days integer,
    CONSTRAINT retention_policies_archive_days_range CHECK (((archive_days >= 1) AND (archive_days <= 36500))),
    CONSTRAINT retention_policies_artifact_versions_range CHECK (((artifact_versions_to_keep >= 1) AND (artifact_versions_to_keep <= 100000))),
    CONSTRAINT retention_policies_chat_history_days_range CHECK (((chat_history_days >= 1) AND (chat_history_days <= 36500))),
    CONSTRAINT retention_policies_interactions_days_range CHECK (((interactions_days >= 1) AND (interactions_days <= 36500))),
    CONSTRAINT retention_policies_sync_logs_days_range CHECK (((sync_logs_days >= 1) AND (sync_logs_days <= 36500)))
);
ALTER TABLE ONLY app.retention_policies FORCE ROW LEVEL SECURITY;
ALTER TABLE app.retention_policies OWNER TO tenantdb_owner;
COMMENT ON TABLE app.retention_policies IS 'Retention per tenant (workspace_id NULL) and per workspace (overrides the tenant''s values where set). NULL = keep forever. Tenant admins manage them; the service role reads them.';
COMMENT ON COLUMN app.retention_policies.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.retention_policies.id IS 'Policy id.';
COMMENT ON COLUMN app.retention_policies.workspace_id IS 'The workspace this row overrides; NULL for the tenant''s default row.';
COMMENT ON COLUMN app.retention_policies.chat_history_days IS 'Chat messages older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.artifact_versions_to_keep IS 'Newest versions kept per artifact; older ones are archived (1-100000; NULL keeps all).';
COMMENT ON COLUMN app.retention_policies.interactions_days IS 'Interactions older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.sync_logs_days IS 'Sync logs older than this many days are archived (1-36500; NULL keeps them).';
COMMENT ON COLUMN app.retention_policies.created_at IS 'When the policy was created.';
COMMENT ON COLUMN app.retention_policies.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON COLUMN app.retention_policies.archive_days IS 'Archived rows (archive.archived_rows) older than this many days since archiving are purged (1-36500; NULL keeps them). Read from the tenant''s default row only.';
COMMENT ON CONSTRAINT retention_policies_archive_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
COMMENT ON CONSTRAINT retention_policies_artifact_versions_range ON app.retention_policies IS 'At least the newest version is kept, or NULL.';
COMMENT ON CONSTRAINT retention_policies_chat_history_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
COMMENT ON CONSTRAINT retention_policies_interactions_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
COMMENT ON CONSTRAINT retention_policies_sync_logs_days_range ON app.retention_policies IS 'Between 1 day and 100 years, or NULL.';
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
    learner_data_key uuid NOT NULL,
    CONSTRAINT struggle_events_kind_known CHECK ((kind = ANY (ARRAY['repeated_error'::text, 'long_pause'::text, 'help_request'::text, 'rapid_guessing'::text, 'abandonment'::text]))),
    CONSTRAINT struggle_events_learner_data_key_shape CHECK (((learner_data_key = '00000000-0000-0000-0000-000000000000'::uuid) OR (learner_data_key = learner_id))),
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
COMMENT ON COLUMN app.struggle_events.learner_data_key IS 'Consent key of the row (perf/learner_data_key): the nil uuid when its learner shares their data with the institution (learner_profiles.privacy_settings.data_sharing not none), else the learner_id. Written only by the triggers learner_data_key_fill and learner_data_key_sync; the select policies compare it with the person''s key range (perf/learner_data_key_policies).';
COMMENT ON CONSTRAINT struggle_events_kind_known ON app.struggle_events IS 'Only the known kinds of struggle.';
COMMENT ON CONSTRAINT struggle_events_learner_data_key_shape ON app.struggle_events IS 'The consent key is either the nil uuid (shared) or the row''s learner_id (not shared); the triggers decide which.';
COMMENT ON CONSTRAINT struggle_events_severity_range ON app.struggle_events IS 'Severity is between 0 and 1.';
COMMENT ON CONSTRAINT struggle_events_signals_object ON app.struggle_events IS 'Signals are a JSON object.';
CREATE TABLE app.sync_logs (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    artifact_id uuid,
    connection_id uuid,
    operation_type text NOT NULL,
    service_type text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    operation_details jsonb DEFAULT '{}'::jsonb NOT NULL,
    error_message text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sync_logs_error_message_length CHECK (((char_length(error_message) >= 1) AND (char_length(error_message) <= 4000))),
    CONSTRAINT sync_logs_failure_has_message CHECK (((status <> 'failed'::text) OR (error_message IS NOT NULL))),
    CONSTRAINT sync_logs_operation_details_is_object CHECK ((jsonb_typeof(operation_details) = 'object'::text)),
    CONSTRAINT sync_logs_operation_type_known CHECK ((operation_type = ANY (ARRAY['save'::text, 'publish'::text, 'sync_from_git'::text]))),
    CONSTRAINT sync_logs_service_type_known CHECK ((service_type = ANY (ARRAY['github'::text, 'sharepoint'::text, 'ignis_platform'::text]))),
    CONSTRAINT sync_logs_status_known CHECK ((status = ANY (ARRAY['pending'::text, 'success'::text, 'failed'::text])))
);
ALTER TABLE ONLY app.sync_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE app.sync_logs OWNER TO tenantdb_owner;
COMMENT ON TABLE app.sync_logs IS 'Sync operations of a workspace (save, publish, sync_from_git) and their outcome. The service role writes; tenant admins read and delete; retention archives old rows.';
COMMENT ON COLUMN app.sync_logs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.sync_logs.id IS 'Log row id.';
COMMENT ON COLUMN app.sync_logs.workspace_id IS 'The workspace synced (deleted with it).';
COMMENT ON COLUMN app.sync_logs.artifact_id IS 'The artifact synced, when the operation was for one; NULL once the artifact is deleted.';
COMMENT ON COLUMN app.sync_logs.connection_id IS 'The connection used; NULL once the connection is deleted.';
COMMENT ON COLUMN app.sync_logs.operation_type IS 'save, publish or sync_from_git.';
COMMENT ON COLUMN app.sync_logs.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.sync_logs.status IS 'pending (default), success or failed.';
COMMENT ON COLUMN app.sync_logs.operation_details IS 'What was transferred (commit, files, counts) as a JSON object; never a credential.';
COMMENT ON COLUMN app.sync_logs.error_message IS 'Why it failed (1-4000 characters); required when status is failed.';
COMMENT ON COLUMN app.sync_logs.created_at IS 'When the operation was logged; retention ages rows by it.';
COMMENT ON CONSTRAINT sync_logs_error_message_length ON app.sync_logs IS 'Error messages are 1-4000 characters (NULL when none).';
COMMENT ON CONSTRAINT sync_logs_failure_has_message ON app.sync_logs IS 'A failed operation says why.';
COMMENT ON CONSTRAINT sync_logs_operation_details_is_object ON app.sync_logs IS 'Details are a JSON object.';
COMMENT ON CONSTRAINT sync_logs_operation_type_known ON app.sync_logs IS 'Only save, publish or sync_from_git.';
COMMENT ON CONSTRAINT sync_logs_service_type_known ON app.sync_logs IS 'Only the supported services.';
COMMENT ON CONSTRAINT sync_logs_status_known ON app.sync_logs IS 'Only pending, success or failed.';
CREATE TABLE app.sync_status (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    service_type text NOT NULL,
    sync_state text DEFAULT 'idle'::text NOT NULL,
    last_synced_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sync_status_error_length CHECK (((char_length(last_error) >= 1) AND (char_length(last_error) <= 4000))),
    CONSTRAINT sync_status_service_type_known CHECK ((service_type = ANY (ARRAY['github'::text, 'sharepoint'::text, 'ignis_platform'::text]))),
    CONSTRAINT sync_status_state_known CHECK ((sync_state = ANY (ARRAY['idle'::text, 'syncing'::text, 'error'::text])))
);
ALTER TABLE ONLY app.sync_status FORCE ROW LEVEL SECURITY;
ALTER TABLE app.sync_status OWNER TO tenantdb_owner;
COMMENT ON TABLE app.sync_status IS 'Current sync state per workspace and service (history: app.sync_logs). Tenant admins only; the service role keeps it current.';
COMMENT ON COLUMN app.sync_status.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.sync_status.id IS 'Row id.';
COMMENT ON COLUMN app.sync_status.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.sync_status.service_type IS 'github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.sync_status.sync_state IS 'idle (default), syncing or error.';
COMMENT ON COLUMN app.sync_status.last_synced_at IS 'End of the last successful sync; NULL before the first.';
COMMENT ON COLUMN app.sync_status.last_error IS 'Last error (1-4000 characters); NULL when none.';
COMMENT ON COLUMN app.sync_status.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.sync_status.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT sync_status_error_length ON app.sync_status IS 'Errors are 1-4000 characters (NULL when none).';
COMMENT ON CONSTRAINT sync_status_service_type_known ON app.sync_status IS 'Only the supported services.';
COMMENT ON CONSTRAINT sync_status_state_known ON app.sync_status IS 'Only idle, syncing or error.';
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
CREATE TABLE app.workflows (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workflows_description_length CHECK ((char_length(description) <= 4000)),
    CONSTRAINT workflows_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT workflows_status_known CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'completed'::text, 'archived'::text])))
);
ALTER TABLE ONLY app.workflows FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workflows OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workflows IS 'AI agent workflows of a workspace; steps are app.phases in order. Workspace viewers read, editors write; tenant admins all.';
COMMENT ON COLUMN app.workflows.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workflows.id IS 'Workflow id.';
COMMENT ON COLUMN app.workflows.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workflows.name IS 'Name, unique in the workspace (1-200 characters).';
COMMENT ON COLUMN app.workflows.description IS 'What the workflow produces (at most 4000 characters).';
COMMENT ON COLUMN app.workflows.status IS 'draft (default), active, completed or archived.';
COMMENT ON COLUMN app.workflows.created_at IS 'When the workflow was created.';
COMMENT ON COLUMN app.workflows.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workflows_description_length ON app.workflows IS 'Descriptions are at most 4000 characters.';
COMMENT ON CONSTRAINT workflows_name_length ON app.workflows IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT workflows_status_known ON app.workflows IS 'Only draft, active, completed or archived.';
CREATE TABLE app.workspace_configs (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    config_type text NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workspace_configs_config_is_object CHECK ((jsonb_typeof(config) = 'object'::text)),
    CONSTRAINT workspace_configs_type_known CHECK ((config_type = ANY (ARRAY['general'::text, 'ai'::text, 'github'::text, 'sharepoint'::text, 'ignis_platform'::text])))
);
ALTER TABLE ONLY app.workspace_configs FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workspace_configs OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workspace_configs IS 'Configuration of a workspace, one JSON object per config_type (never a secret: credentials live encrypted in external_connections). Members read; owners change; tenant admins all.';
COMMENT ON COLUMN app.workspace_configs.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_configs.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_configs.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workspace_configs.config_type IS 'general, ai, github, sharepoint or ignis_platform.';
COMMENT ON COLUMN app.workspace_configs.config IS 'The configuration (a JSON object).';
COMMENT ON COLUMN app.workspace_configs.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_configs.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspace_configs_config_is_object ON app.workspace_configs IS 'Configurations are JSON objects.';
COMMENT ON CONSTRAINT workspace_configs_type_known ON app.workspace_configs IS 'Only the known configuration types.';
CREATE TABLE app.workspace_integrations (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    connection_id uuid NOT NULL,
    integration_status text DEFAULT 'pending'::text NOT NULL,
    last_sync_at timestamp with time zone,
    sync_metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workspace_integrations_metadata_is_object CHECK ((jsonb_typeof(sync_metadata) = 'object'::text)),
    CONSTRAINT workspace_integrations_status_known CHECK ((integration_status = ANY (ARRAY['pending'::text, 'active'::text, 'error'::text, 'disabled'::text])))
);
ALTER TABLE ONLY app.workspace_integrations FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workspace_integrations OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workspace_integrations IS 'Workspace-to-connection links with their integration state. Tenant admins only; the service role updates them while syncing.';
COMMENT ON COLUMN app.workspace_integrations.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_integrations.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_integrations.workspace_id IS 'The workspace.';
COMMENT ON COLUMN app.workspace_integrations.connection_id IS 'The connection it syncs with.';
COMMENT ON COLUMN app.workspace_integrations.integration_status IS 'pending (default), active, error or disabled.';
COMMENT ON COLUMN app.workspace_integrations.last_sync_at IS 'End of the last successful sync; NULL before the first.';
COMMENT ON COLUMN app.workspace_integrations.sync_metadata IS 'Cursor, last commit, counts (a JSON object).';
COMMENT ON COLUMN app.workspace_integrations.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_integrations.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspace_integrations_metadata_is_object ON app.workspace_integrations IS 'Metadata is a JSON object.';
COMMENT ON CONSTRAINT workspace_integrations_status_known ON app.workspace_integrations IS 'Only the known states.';
CREATE TABLE app.workspace_settings (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workspace_id uuid NOT NULL,
    setting_key text NOT NULL,
    setting_value jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workspace_settings_key_format CHECK ((setting_key ~ '^[a-z][a-z0-9_.]{0,99}$'::text)),
    CONSTRAINT workspace_settings_value_size CHECK ((octet_length((setting_value)::text) <= 65536))
);
ALTER TABLE ONLY app.workspace_settings FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workspace_settings OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workspace_settings IS 'Named settings of a workspace (one JSON value per key). Members read; workspace owners change; tenant admins all.';
COMMENT ON COLUMN app.workspace_settings.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspace_settings.id IS 'Row id.';
COMMENT ON COLUMN app.workspace_settings.workspace_id IS 'The workspace (decides who sees it).';
COMMENT ON COLUMN app.workspace_settings.setting_key IS 'Setting name: lower case, digits, dot, underscore (1-100 characters).';
COMMENT ON COLUMN app.workspace_settings.setting_value IS 'Setting value (any JSON, at most 64 KiB).';
COMMENT ON COLUMN app.workspace_settings.created_at IS 'When the row was created.';
COMMENT ON COLUMN app.workspace_settings.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspace_settings_key_format ON app.workspace_settings IS 'Keys are identifiers like ui.theme.';
COMMENT ON CONSTRAINT workspace_settings_value_size ON app.workspace_settings IS 'Values are at most 64 KiB.';
CREATE TABLE app.workspaces (
    tenant_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workspaces_description_length CHECK ((char_length(description) <= 4000)),
    CONSTRAINT workspaces_name_length CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200)))
);
ALTER TABLE ONLY app.workspaces FORCE ROW LEVEL SECURITY;
ALTER TABLE app.workspaces OWNER TO tenantdb_owner;
COMMENT ON TABLE app.workspaces IS 'Shared project spaces of a tenant. Members see them with what their member role allows (viewer reads, editor writes content, owner manages members); tenant admins see all.';
COMMENT ON COLUMN app.workspaces.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.workspaces.id IS 'Workspace id.';
COMMENT ON COLUMN app.workspaces.name IS 'Name, unique in the tenant (1-200 characters).';
COMMENT ON COLUMN app.workspaces.description IS 'Free description (at most 4000 characters).';
COMMENT ON COLUMN app.workspaces.created_by IS 'The person who created the workspace; NULL once that person is deleted.';
COMMENT ON COLUMN app.workspaces.created_at IS 'When the workspace was created.';
COMMENT ON COLUMN app.workspaces.updated_at IS 'Time of the last update (maintained by trigger).';
COMMENT ON CONSTRAINT workspaces_description_length ON app.workspaces IS 'Descriptions are at most 4000 characters.';
COMMENT ON CONSTRAINT workspaces_name_length ON app.workspaces IS 'Names are 1-200 characters, not blank.';
CREATE TABLE app_private.client_logins (
    login name NOT NULL,
    tenant_id uuid NOT NULL,
    bound_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE app_private.client_logins OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.client_logins IS 'Which tenant each tenantdb_client login is bound to: app.set_token() refuses tokens of any other tenant on that login. Written by app_private.bind_client_login() (maintenance); no client role can read it.';
COMMENT ON COLUMN app_private.client_logins.login IS 'A login role that is a member of tenantdb_client.';
COMMENT ON COLUMN app_private.client_logins.tenant_id IS 'The only tenant whose tokens this login accepts.';
COMMENT ON COLUMN app_private.client_logins.bound_at IS 'When the login was bound.';
CREATE TABLE app_private.conversation_share_links (
    token_sha256 bytea NOT NULL,
    tenant_id uuid NOT NULL,
    conversation_id uuid NOT NULL,
    CONSTRAINT conversation_share_links_token_is_sha256 CHECK ((octet_length(token_sha256) = 32))
);
ALTER TABLE app_private.conversation_share_links OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.conversation_share_links IS 'Shares that are on, by SHA-256 of their token: where a bearer link leads (tenant and conversation). Kept by the trigger conversations_share_link_sync; read only by app.open_shared_conversation() (definer). No client role can read it.';
COMMENT ON COLUMN app_private.conversation_share_links.token_sha256 IS 'SHA-256 of the share token (the token itself is never stored).';
COMMENT ON COLUMN app_private.conversation_share_links.tenant_id IS 'Tenant of the shared conversation.';
COMMENT ON COLUMN app_private.conversation_share_links.conversation_id IS 'The shared conversation.';
COMMENT ON CONSTRAINT conversation_share_links_token_is_sha256 ON app_private.conversation_share_links IS 'A SHA-256 is 32 bytes.';
CREATE TABLE app_private.tenant_limits (
    tenant_id uuid NOT NULL,
    tier text NOT NULL
);
ALTER TABLE ONLY app_private.tenant_limits FORCE ROW LEVEL SECURITY;
ALTER TABLE app_private.tenant_limits OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.tenant_limits IS 'The tier of a tenant (no row: the server''s own timeouts). Maintenance role manages it; the context function reads it.';
COMMENT ON COLUMN app_private.tenant_limits.tenant_id IS 'Tenant.';
COMMENT ON COLUMN app_private.tenant_limits.tier IS 'Its tier in app_private.tenant_tiers.';
CREATE TABLE app_private.tenant_tiers (
    name text NOT NULL,
    statement_timeout_ms integer NOT NULL,
    idle_in_transaction_timeout_ms integer NOT NULL,
    note text NOT NULL,
    CONSTRAINT tenant_tiers_idle_timeout_range CHECK (((idle_in_transaction_timeout_ms >= 1) AND (idle_in_transaction_timeout_ms <= 86400000))),
    CONSTRAINT tenant_tiers_name_format CHECK ((name ~ '^[a-z][a-z0-9_]{0,39}$'::text)),
    CONSTRAINT tenant_tiers_note_length CHECK (((char_length(note) >= 1) AND (char_length(note) <= 500))),
    CONSTRAINT tenant_tiers_statement_timeout_range CHECK (((statement_timeout_ms >= 1) AND (statement_timeout_ms <= 86400000)))
);
ALTER TABLE app_private.tenant_tiers OWNER TO tenantdb_owner;
COMMENT ON TABLE app_private.tenant_tiers IS 'Resource tiers: the statement and idle-in-transaction timeouts applied to a tenant''s transactions. Maintenance role manages them.';
COMMENT ON COLUMN app_private.tenant_tiers.name IS 'Tier name (lower case, e.g. standard, small).';
COMMENT ON COLUMN app_private.tenant_tiers.statement_timeout_ms IS 'statement_timeout in milliseconds for every statement of the tenant''s transactions.';
COMMENT ON COLUMN app_private.tenant_tiers.idle_in_transaction_timeout_ms IS 'idle_in_transaction_session_timeout in milliseconds: a transaction of the tenant left idle longer is ended (the session is closed).';
COMMENT ON COLUMN app_private.tenant_tiers.note IS 'Who the tier is for.';
COMMENT ON CONSTRAINT tenant_tiers_idle_timeout_range ON app_private.tenant_tiers IS 'From 1 ms to one day.';
COMMENT ON CONSTRAINT tenant_tiers_name_format ON app_private.tenant_tiers IS 'Lower-case names of 1-40 characters.';
COMMENT ON CONSTRAINT tenant_tiers_note_length ON app_private.tenant_tiers IS 'Notes are 1-500 characters.';
COMMENT ON CONSTRAINT tenant_tiers_statement_timeout_range ON app_private.tenant_tiers IS 'From 1 ms to one day.';
CREATE VIEW app_private.tenant_usage WITH (security_invoker='true') AS
 SELECT u.tenant_id,
    t.slug AS tenant_slug,
    u.table_name,
    u.row_count,
    u.row_bytes,
    (sum(u.row_bytes) OVER (PARTITION BY u.tenant_id))::bigint AS tenant_bytes
   FROM (app_private.tenant_table_usage() u(tenant_id, table_name, row_count, row_bytes)
     LEFT JOIN app.tenants t ON ((t.id = u.tenant_id)));
ALTER VIEW app_private.tenant_usage OWNER TO tenantdb_owner;
COMMENT ON VIEW app_private.tenant_usage IS 'Per-tenant usage for the maintenance role: rows and bytes per tenant per table, with the tenant''s total bytes; order by tenant_bytes DESC for the largest tenants first.';
COMMENT ON COLUMN app_private.tenant_usage.tenant_id IS 'Tenant.';
COMMENT ON COLUMN app_private.tenant_usage.tenant_slug IS 'The tenant''s slug.';
COMMENT ON COLUMN app_private.tenant_usage.table_name IS 'Schema-qualified table.';
COMMENT ON COLUMN app_private.tenant_usage.row_count IS 'Rows of the tenant in the table.';
COMMENT ON COLUMN app_private.tenant_usage.row_bytes IS 'Bytes of those rows (pg_column_size; TOAST compressed sizes, no indexes).';
COMMENT ON COLUMN app_private.tenant_usage.tenant_bytes IS 'Bytes of the tenant over all tables.';
CREATE TABLE archive.archived_rows (
    tenant_id uuid NOT NULL,
    source_table text NOT NULL,
    row_id uuid NOT NULL,
    row_data jsonb NOT NULL,
    run_id uuid NOT NULL,
    archived_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT archived_rows_row_data_is_object CHECK ((jsonb_typeof(row_data) = 'object'::text))
);
ALTER TABLE ONLY archive.archived_rows FORCE ROW LEVEL SECURITY;
ALTER TABLE archive.archived_rows OWNER TO tenantdb_owner;
COMMENT ON TABLE archive.archived_rows IS 'Rows removed by retention, as JSON, one copy per row (tenant, table, id): a row archived again after a restore or re-seed replaces its copy with the newer one. Restore with jsonb_populate_record. Maintenance role only.';
COMMENT ON COLUMN archive.archived_rows.tenant_id IS 'Tenant of the archived row.';
COMMENT ON COLUMN archive.archived_rows.source_table IS 'Table the row came from (app.x).';
COMMENT ON COLUMN archive.archived_rows.row_id IS 'The row''s id in its table.';
COMMENT ON COLUMN archive.archived_rows.row_data IS 'The whole row (to_jsonb).';
COMMENT ON COLUMN archive.archived_rows.run_id IS 'The retention run that archived it.';
COMMENT ON COLUMN archive.archived_rows.archived_at IS 'When it was archived.';
COMMENT ON CONSTRAINT archived_rows_row_data_is_object ON archive.archived_rows IS 'Rows are stored as JSON objects.';
CREATE TABLE archive.retention_runs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    run_state text DEFAULT 'running'::text NOT NULL,
    rows_archived bigint DEFAULT 0 NOT NULL,
    CONSTRAINT retention_runs_rows_not_negative CHECK ((rows_archived >= 0)),
    CONSTRAINT retention_runs_state_known CHECK ((run_state = ANY (ARRAY['running'::text, 'finished'::text])))
);
ALTER TABLE archive.retention_runs OWNER TO tenantdb_owner;
COMMENT ON TABLE archive.retention_runs IS 'One row per retention run; a run that crashed stays running (its committed batches are archived, the rest is picked up by the next run).';
COMMENT ON COLUMN archive.retention_runs.id IS 'Run id (also in archived_rows.run_id and the audit summary).';
COMMENT ON COLUMN archive.retention_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN archive.retention_runs.finished_at IS 'When it finished; NULL while running or after a crash.';
COMMENT ON COLUMN archive.retention_runs.run_state IS 'running or finished.';
COMMENT ON COLUMN archive.retention_runs.rows_archived IS 'Rows this run archived (committed batches).';
COMMENT ON CONSTRAINT retention_runs_rows_not_negative ON archive.retention_runs IS 'Counts are not negative.';
COMMENT ON CONSTRAINT retention_runs_state_known ON archive.retention_runs IS 'Only running or finished.';
CREATE TABLE archive.retention_targets (
    table_name text NOT NULL,
    retention_rule text NOT NULL,
    policy_column text NOT NULL,
    age_column text,
    group_column text,
    order_column text,
    workspace_column text,
    note text NOT NULL,
    workspace_parent_table text,
    workspace_parent_column text,
    CONSTRAINT retention_targets_note_length CHECK (((char_length(note) >= 1) AND (char_length(note) <= 500))),
    CONSTRAINT retention_targets_policy_column_known CHECK ((policy_column = ANY (ARRAY['chat_history_days'::text, 'artifact_versions_to_keep'::text, 'interactions_days'::text, 'sync_logs_days'::text]))),
    CONSTRAINT retention_targets_rule_columns CHECK ((((retention_rule = 'max_age'::text) AND (age_column IS NOT NULL)) OR ((retention_rule = 'keep_newest'::text) AND (group_column IS NOT NULL) AND (order_column IS NOT NULL)))),
    CONSTRAINT retention_targets_rule_known CHECK ((retention_rule = ANY (ARRAY['max_age'::text, 'keep_newest'::text]))),
    CONSTRAINT retention_targets_table_name_format CHECK ((table_name ~ '^app\.[a-z_][a-z0-9_]*$'::text)),
    CONSTRAINT retention_targets_workspace_parent_complete CHECK ((((workspace_parent_table IS NULL) = (workspace_parent_column IS NULL)) AND ((workspace_parent_table IS NULL) OR (workspace_column IS NOT NULL)))),
    CONSTRAINT retention_targets_workspace_parent_format CHECK (((workspace_parent_table ~ '^app\.[a-z_][a-z0-9_]*$'::text) AND (workspace_parent_column ~ '^[a-z_][a-z0-9_]*$'::text)))
);
ALTER TABLE archive.retention_targets OWNER TO tenantdb_owner;
COMMENT ON TABLE archive.retention_targets IS 'What retention applies to, one row per table: max_age archives rows whose age_column is older than the policy''s days; keep_newest keeps the newest N per group_column by order_column.';
COMMENT ON COLUMN archive.retention_targets.table_name IS 'Schema-qualified tenant table (app.x) with tenant_id and id columns.';
COMMENT ON COLUMN archive.retention_targets.retention_rule IS 'max_age or keep_newest.';
COMMENT ON COLUMN archive.retention_targets.policy_column IS 'Column of app.retention_policies that holds the limit.';
COMMENT ON COLUMN archive.retention_targets.age_column IS 'max_age: timestamp column compared with now() minus the days.';
COMMENT ON COLUMN archive.retention_targets.group_column IS 'keep_newest: rows are counted per value of this column.';
COMMENT ON COLUMN archive.retention_targets.order_column IS 'keep_newest: higher values are newer.';
COMMENT ON COLUMN archive.retention_targets.workspace_column IS 'Column holding the workspace id, when a per-workspace override applies; NULL: only the tenant default.';
COMMENT ON COLUMN archive.retention_targets.note IS 'Why and how this table is retained.';
COMMENT ON COLUMN archive.retention_targets.workspace_parent_table IS 'When the table has no workspace column of its own: the parent table (app.x, keyed by tenant_id and id) whose workspace_column holds the workspace; NULL: workspace_column is the table''s own.';
COMMENT ON COLUMN archive.retention_targets.workspace_parent_column IS 'Column of the table holding the parent row''s id (messages.conversation_id); set together with workspace_parent_table.';
COMMENT ON CONSTRAINT retention_targets_note_length ON archive.retention_targets IS 'Notes are 1-500 characters.';
COMMENT ON CONSTRAINT retention_targets_policy_column_known ON archive.retention_targets IS 'Only limit columns of app.retention_policies.';
COMMENT ON CONSTRAINT retention_targets_rule_columns ON archive.retention_targets IS 'Each rule names the columns it needs.';
COMMENT ON CONSTRAINT retention_targets_rule_known ON archive.retention_targets IS 'Only max_age or keep_newest.';
COMMENT ON CONSTRAINT retention_targets_table_name_format ON archive.retention_targets IS 'Only tables of schema app.';
COMMENT ON CONSTRAINT retention_targets_workspace_parent_complete ON archive.retention_targets IS 'Parent table and column are set together, and then workspace_column names the parent''s workspace column.';
COMMENT ON CONSTRAINT retention_targets_workspace_parent_format ON archive.retention_targets IS 'A table of schema app and a plain column name.';
CREATE TABLE archive.tenant_erasures (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    erased_tenant_id uuid NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    erased_by text DEFAULT SESSION_USER NOT NULL,
    rows_erased jsonb NOT NULL,
    other_tenants_checksum text NOT NULL,
    CONSTRAINT tenant_erasures_checksum_format CHECK ((other_tenants_checksum ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT tenant_erasures_erased_by_length CHECK (((char_length(erased_by) >= 1) AND (char_length(erased_by) <= 200))),
    CONSTRAINT tenant_erasures_rows_erased_is_object CHECK ((jsonb_typeof(rows_erased) = 'object'::text))
);
ALTER TABLE archive.tenant_erasures OWNER TO tenantdb_owner;
COMMENT ON TABLE archive.tenant_erasures IS 'One receipt per erased tenant: who erased it when, rows deleted per table, and the checksum of every other tenant''s data (equal before and after). No personal data. Append-only; maintenance role only.';
COMMENT ON COLUMN archive.tenant_erasures.id IS 'Receipt id.';
COMMENT ON COLUMN archive.tenant_erasures.erased_tenant_id IS 'The erased tenant''s id (no foreign key: the tenant is gone; not named tenant_id because the receipt belongs to no tenant and is not under RLS).';
COMMENT ON COLUMN archive.tenant_erasures.erased_at IS 'Start of the erasing transaction.';
COMMENT ON COLUMN archive.tenant_erasures.erased_by IS 'Database role that logged in (session_user).';
COMMENT ON COLUMN archive.tenant_erasures.rows_erased IS 'Rows deleted per table, {"app.users": 12, ...}; every table had 0 left afterwards.';
COMMENT ON COLUMN archive.tenant_erasures.other_tenants_checksum IS 'sha256 over the per-table row counts and checksums of all other tenants, the same before and after the erasure.';
COMMENT ON CONSTRAINT tenant_erasures_checksum_format ON archive.tenant_erasures IS 'A sha256 in lower-case hex.';
COMMENT ON CONSTRAINT tenant_erasures_erased_by_length ON archive.tenant_erasures IS 'Role names are 1-200 characters.';
COMMENT ON CONSTRAINT tenant_erasures_rows_erased_is_object ON archive.tenant_erasures IS 'Counts are a JSON object.';
CREATE TABLE cache_private.invalidations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    tenant_id uuid NOT NULL,
    kind text NOT NULL,
    object_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT invalidations_kind_known CHECK ((kind = ANY (ARRAY['user_session'::text, 'workspace_config'::text, 'learner_profile'::text, 'viewer'::text])))
);
ALTER TABLE cache_private.invalidations OWNER TO tenantdb_owner;
COMMENT ON TABLE cache_private.invalidations IS 'Outbox of cache invalidations: one row per changed cached object or per person whose visibility changed, written in the writer''s transaction (so it commits or rolls back with the write), deleted by the cache worker once the keys are gone.';
COMMENT ON COLUMN cache_private.invalidations.id IS 'Row id (a uuid, not a sequence: a counter would tell how much every tenant writes).';
COMMENT ON COLUMN cache_private.invalidations.tenant_id IS 'Tenant of the changed row (cache keys start with it).';
COMMENT ON COLUMN cache_private.invalidations.kind IS 'What to forget: user_session (object = session id), workspace_config (object = workspace id), learner_profile (object = profile id), viewer (object = person whose role or memberships changed: everything cached for them).';
COMMENT ON COLUMN cache_private.invalidations.object_id IS 'Id of the changed object, or of the person for kind viewer.';
COMMENT ON COLUMN cache_private.invalidations.created_at IS 'Clock time of the write (clock_timestamp, not the transaction start), for the worker''s delay figures.';
COMMENT ON CONSTRAINT invalidations_kind_known ON cache_private.invalidations IS 'Only the kinds the cache knows.';
ALTER TABLE ONLY app.audit_log ATTACH PARTITION app.audit_log_default DEFAULT;
ALTER TABLE ONLY app.interactions ATTACH PARTITION app.interactions_default DEFAULT;
ALTER TABLE ONLY app.messages ATTACH PARTITION app.messages_default DEFAULT;
ALTER TABLE ONLY app.agents
    ADD CONSTRAINT agents_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.agents
    ADD CONSTRAINT agents_workspace_name_key UNIQUE (tenant_id, workspace_id, name);
COMMENT ON CONSTRAINT agents_workspace_name_key ON app.agents IS 'Agent names are unique per workspace; covers the workspace foreign key.';
ALTER TABLE ONLY app.artifact_versions
    ADD CONSTRAINT artifact_versions_number_key UNIQUE (tenant_id, artifact_id, version_number);
COMMENT ON CONSTRAINT artifact_versions_number_key ON app.artifact_versions IS 'One version per number and artifact; covers the artifact foreign key and the newest-N retention.';
ALTER TABLE ONLY app.artifact_versions
    ADD CONSTRAINT artifact_versions_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.artifacts
    ADD CONSTRAINT artifacts_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.artifacts
    ADD CONSTRAINT artifacts_workspace_key UNIQUE (tenant_id, id, workspace_id);
COMMENT ON CONSTRAINT artifacts_workspace_key ON app.artifacts IS 'Target of the versions'' foreign key: every version carries its artifact''s workspace, so version policies need no join.';
ALTER TABLE ONLY app.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (tenant_id, id, occurred_at);
ALTER TABLE ONLY app.audit_log_default
    ADD CONSTRAINT audit_log_default_pkey PRIMARY KEY (tenant_id, id, occurred_at);
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
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_link_key UNIQUE NULLS NOT DISTINCT (tenant_id, conversation_id, artifact_id, message_id);
COMMENT ON CONSTRAINT conversation_artifacts_link_key ON app.conversation_artifacts IS 'One link per conversation, artifact and message (no message counts as one value).';
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_pkey PRIMARY KEY (tenant_id, id);
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
ALTER TABLE ONLY app.external_connections
    ADD CONSTRAINT external_connections_name_key UNIQUE (tenant_id, workspace_id, service_type, display_name);
COMMENT ON CONSTRAINT external_connections_name_key ON app.external_connections IS 'Display names are unique per workspace and service; covers the workspace foreign key.';
ALTER TABLE ONLY app.external_connections
    ADD CONSTRAINT external_connections_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.integration_configs
    ADD CONSTRAINT integration_configs_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.integration_configs
    ADD CONSTRAINT integration_configs_service_key UNIQUE (tenant_id, service_type);
COMMENT ON CONSTRAINT integration_configs_service_key ON app.integration_configs IS 'One row per service and tenant.';
ALTER TABLE ONLY app.interactions
    ADD CONSTRAINT interactions_pkey PRIMARY KEY (tenant_id, id, created_at);
ALTER TABLE ONLY app.interactions_default
    ADD CONSTRAINT interactions_default_pkey PRIMARY KEY (tenant_id, id, created_at);
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
    ADD CONSTRAINT messages_conversation_key UNIQUE (tenant_id, id, conversation_id, created_at);
COMMENT ON CONSTRAINT messages_conversation_key ON app.messages IS 'Target of conversation_artifacts'' message foreign key: a linked message belongs to the linked conversation.';
ALTER TABLE ONLY app.messages
    ADD CONSTRAINT messages_pkey PRIMARY KEY (tenant_id, id, created_at);
ALTER TABLE ONLY app.messages_default
    ADD CONSTRAINT messages_default_pkey PRIMARY KEY (tenant_id, id, created_at);
ALTER TABLE ONLY app.messages_default
    ADD CONSTRAINT messages_default_tenant_id_id_conversation_id_created_at_key UNIQUE (tenant_id, id, conversation_id, created_at);
ALTER TABLE ONLY app.phases
    ADD CONSTRAINT phases_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.phases
    ADD CONSTRAINT phases_position_key UNIQUE (tenant_id, workflow_id, "position") DEFERRABLE;
COMMENT ON CONSTRAINT phases_position_key ON app.phases IS 'One phase per position in a workflow (deferrable: reorder in one transaction); covers the workflow lookups.';
ALTER TABLE ONLY app.retention_policies
    ADD CONSTRAINT retention_policies_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.retention_policies
    ADD CONSTRAINT retention_policies_scope_key UNIQUE NULLS NOT DISTINCT (tenant_id, workspace_id);
COMMENT ON CONSTRAINT retention_policies_scope_key ON app.retention_policies IS 'One default row per tenant and at most one override per workspace (NULLs compare equal); covers the workspace foreign key.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_learner_key UNIQUE (tenant_id, id, learner_id);
COMMENT ON CONSTRAINT struggle_events_learner_key ON app.struggle_events IS 'Target of intervention_logs'' foreign key: an intervention for an event is for that event''s learner.';
ALTER TABLE ONLY app.struggle_events
    ADD CONSTRAINT struggle_events_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.sync_logs
    ADD CONSTRAINT sync_logs_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.sync_status
    ADD CONSTRAINT sync_status_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.sync_status
    ADD CONSTRAINT sync_status_service_key UNIQUE (tenant_id, workspace_id, service_type);
COMMENT ON CONSTRAINT sync_status_service_key ON app.sync_status IS 'One state per workspace and service; covers the workspace foreign key.';
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
ALTER TABLE ONLY app.workflows
    ADD CONSTRAINT workflows_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.workflows
    ADD CONSTRAINT workflows_workspace_key UNIQUE (tenant_id, id, workspace_id);
COMMENT ON CONSTRAINT workflows_workspace_key ON app.workflows IS 'Target of the phases'' foreign key: each phase carries its workflow''s workspace, so phase policies need no join.';
ALTER TABLE ONLY app.workflows
    ADD CONSTRAINT workflows_workspace_name_key UNIQUE (tenant_id, workspace_id, name);
COMMENT ON CONSTRAINT workflows_workspace_name_key ON app.workflows IS 'Workflow names are unique per workspace; covers the workspace foreign key.';
ALTER TABLE ONLY app.workspace_configs
    ADD CONSTRAINT workspace_configs_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.workspace_configs
    ADD CONSTRAINT workspace_configs_type_key UNIQUE (tenant_id, workspace_id, config_type);
COMMENT ON CONSTRAINT workspace_configs_type_key ON app.workspace_configs IS 'One block per type and workspace; covers the workspace foreign key.';
ALTER TABLE ONLY app.workspace_integrations
    ADD CONSTRAINT workspace_integrations_pair_key UNIQUE (tenant_id, workspace_id, connection_id);
COMMENT ON CONSTRAINT workspace_integrations_pair_key ON app.workspace_integrations IS 'A connection is linked to a workspace once; covers the workspace foreign key.';
ALTER TABLE ONLY app.workspace_integrations
    ADD CONSTRAINT workspace_integrations_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.workspace_members
    ADD CONSTRAINT workspace_members_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.workspace_members
    ADD CONSTRAINT workspace_members_workspace_user_key UNIQUE (tenant_id, workspace_id, user_id);
COMMENT ON CONSTRAINT workspace_members_workspace_user_key ON app.workspace_members IS 'A person is a member of a workspace once; covers the workspace foreign key.';
ALTER TABLE ONLY app.workspace_settings
    ADD CONSTRAINT workspace_settings_key_key UNIQUE (tenant_id, workspace_id, setting_key);
COMMENT ON CONSTRAINT workspace_settings_key_key ON app.workspace_settings IS 'One value per key and workspace; covers the workspace foreign key.';
ALTER TABLE ONLY app.workspace_settings
    ADD CONSTRAINT workspace_settings_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app.workspaces
    ADD CONSTRAINT workspaces_name_key UNIQUE (tenant_id, name);
COMMENT ON CONSTRAINT workspaces_name_key ON app.workspaces IS 'Workspace names are unique within a tenant.';
ALTER TABLE ONLY app.workspaces
    ADD CONSTRAINT workspaces_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE ONLY app_private.client_logins
    ADD CONSTRAINT client_logins_pkey PRIMARY KEY (login);
ALTER TABLE ONLY app_private.context_signing_key
    ADD CONSTRAINT context_signing_key_pkey PRIMARY KEY (singleton);
ALTER TABLE ONLY app_private.conversation_share_links
    ADD CONSTRAINT conversation_share_links_pkey PRIMARY KEY (token_sha256);
ALTER TABLE ONLY app_private.spent_token_ids
    ADD CONSTRAINT spent_token_ids_pkey PRIMARY KEY (jti);
ALTER TABLE ONLY app_private.tenant_limits
    ADD CONSTRAINT tenant_limits_pkey PRIMARY KEY (tenant_id);
ALTER TABLE ONLY app_private.tenant_tiers
    ADD CONSTRAINT tenant_tiers_pkey PRIMARY KEY (name);
ALTER TABLE ONLY app_private.token_keys
    ADD CONSTRAINT token_keys_pkey PRIMARY KEY (kid);
ALTER TABLE ONLY archive.archived_rows
    ADD CONSTRAINT archived_rows_pkey PRIMARY KEY (tenant_id, source_table, row_id);
ALTER TABLE ONLY archive.retention_runs
    ADD CONSTRAINT retention_runs_pkey PRIMARY KEY (id);
ALTER TABLE ONLY archive.retention_targets
    ADD CONSTRAINT retention_targets_pkey PRIMARY KEY (table_name);
ALTER TABLE ONLY archive.tenant_erasures
    ADD CONSTRAINT tenant_erasures_pkey PRIMARY KEY (id);
ALTER TABLE ONLY cache_private.invalidations
    ADD CONSTRAINT invalidations_pkey PRIMARY KEY (id);
CREATE INDEX artifact_versions_artifact_workspace_idx ON app.artifact_versions USING btree (tenant_id, artifact_id, workspace_id);
COMMENT ON INDEX app.artifact_versions_artifact_workspace_idx IS 'Covers the artifact foreign key (deleting an artifact or moving it to another workspace).';
CREATE INDEX artifact_versions_created_by_idx ON app.artifact_versions USING btree (tenant_id, created_by);
COMMENT ON INDEX app.artifact_versions_created_by_idx IS 'Covers the author foreign key.';
CREATE INDEX artifact_versions_workspace_idx ON app.artifact_versions USING btree (tenant_id, workspace_id);
COMMENT ON INDEX app.artifact_versions_workspace_idx IS 'The versions of a workspace''s artifacts (the column the policies test).';
CREATE INDEX artifacts_created_by_idx ON app.artifacts USING btree (tenant_id, created_by);
COMMENT ON INDEX app.artifacts_created_by_idx IS 'Covers the creator foreign key.';
CREATE INDEX artifacts_status_idx ON app.artifacts USING btree (tenant_id, status);
COMMENT ON INDEX app.artifacts_status_idx IS 'Artifacts by lifecycle status (the source''s index on status, led by tenant_id).';
CREATE INDEX artifacts_sync_status_idx ON app.artifacts USING btree (tenant_id, github_sync_status, sharepoint_sync_status);
COMMENT ON INDEX app.artifacts_sync_status_idx IS 'Sync workers find pending or failed artifacts (the source''s index on both sync statuses, led by tenant_id).';
CREATE INDEX artifacts_type_idx ON app.artifacts USING btree (tenant_id, artifact_type);
COMMENT ON INDEX app.artifacts_type_idx IS 'Artifacts by type (the source''s index on artifact_type, led by tenant_id).';
CREATE INDEX artifacts_workspace_updated_idx ON app.artifacts USING btree (tenant_id, workspace_id, updated_at DESC);
COMMENT ON INDEX app.artifacts_workspace_updated_idx IS 'A workspace''s artifacts, most recently changed first (the source''s index on workspace_id, led by tenant_id); covers the workspace foreign key.';
CREATE INDEX audit_log_occurred_idx ON ONLY app.audit_log USING btree (tenant_id, occurred_at DESC);
COMMENT ON INDEX app.audit_log_occurred_idx IS 'A tenant''s log, newest first (what admins browse).';
CREATE INDEX audit_log_default_tenant_id_occurred_at_idx ON app.audit_log_default USING btree (tenant_id, occurred_at DESC);
COMMENT ON INDEX app.audit_log_default_tenant_id_occurred_at_idx IS 'A tenant''s log, newest first (what admins browse).';
CREATE INDEX audit_log_table_key_idx ON ONLY app.audit_log USING btree (tenant_id, table_name, row_key);
COMMENT ON INDEX app.audit_log_table_key_idx IS 'The history of one row of one table.';
CREATE INDEX audit_log_default_tenant_id_table_name_row_key_idx ON app.audit_log_default USING btree (tenant_id, table_name, row_key);
COMMENT ON INDEX app.audit_log_default_tenant_id_table_name_row_key_idx IS 'The history of one row of one table.';
CREATE INDEX auth_tokens_tenant_expiry_idx ON app.auth_tokens USING btree (tenant_id, expires_at);
COMMENT ON INDEX app.auth_tokens_tenant_expiry_idx IS 'Expired tokens of a tenant; cleanup across tenants (maintenance role) reads it by skip scan. Led by tenant_id so that no client scan visits another tenant''s tokens.';
CREATE INDEX auth_tokens_user_idx ON app.auth_tokens USING btree (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.auth_tokens_user_idx IS 'Tokens of a person (their API tokens list, revocation); covers the user foreign key.';
CREATE INDEX concept_prerequisites_prerequisite_idx ON app.concept_prerequisites USING btree (tenant_id, prerequisite_id);
COMMENT ON INDEX app.concept_prerequisites_prerequisite_idx IS 'Concepts that depend on a given concept; covers the prerequisite foreign key.';
CREATE INDEX conversation_artifacts_artifact_idx ON app.conversation_artifacts USING btree (tenant_id, artifact_id, workspace_id);
COMMENT ON INDEX app.conversation_artifacts_artifact_idx IS 'Conversations behind an artifact (traceability); covers the artifact foreign key.';
CREATE INDEX conversation_artifacts_message_idx ON app.conversation_artifacts USING btree (tenant_id, message_id, conversation_id, message_created_at);
COMMENT ON INDEX app.conversation_artifacts_message_idx IS 'Covers the message foreign key.';
CREATE INDEX conversation_artifacts_owner_idx ON app.conversation_artifacts USING btree (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.conversation_artifacts_owner_idx IS 'A person''s links (the own-row policy); covers the conversation foreign key.';
CREATE INDEX conversation_artifacts_workspace_idx ON app.conversation_artifacts USING btree (tenant_id, workspace_id);
COMMENT ON INDEX app.conversation_artifacts_workspace_idx IS 'Links of a workspace (the visibility policy).';
CREATE INDEX conversations_user_updated_idx ON app.conversations USING btree (tenant_id, user_id, updated_at DESC);
COMMENT ON INDEX app.conversations_user_updated_idx IS 'A person''s conversations, most recent first (the source''s index on user_id, led by tenant_id); covers the user foreign key.';
CREATE INDEX conversations_workspace_idx ON app.conversations USING btree (tenant_id, workspace_id);
COMMENT ON INDEX app.conversations_workspace_idx IS 'A workspace''s conversations (led by tenant_id); covers the workspace foreign key (SET NULL on workspace deletion).';
CREATE INDEX document_chunks_course_idx ON app.document_chunks USING btree (tenant_id, course_id, document_id);
COMMENT ON INDEX app.document_chunks_course_idx IS 'Chunks of a course (the enrollment policy) and of a document; covers the document foreign key; exact search of a small tenant reads its chunks through it.';
CREATE INDEX document_chunks_embedding_idx ON app.document_chunks USING hnsw (embedding public.vector_cosine_ops);
COMMENT ON INDEX app.document_chunks_embedding_idx IS 'HNSW over every tenant''s embeddings (cosine). app.search_chunks() reads it with iterative scans, so the tenant and visibility filters still get k rows, and falls back to an exact search when the index finds fewer.';
CREATE INDEX documents_course_created_idx ON app.documents USING btree (tenant_id, course_id, created_at DESC);
COMMENT ON INDEX app.documents_course_created_idx IS 'Documents of a course, newest first (the enrollment policy filters by course); covers the course foreign key.';
CREATE INDEX enrollments_course_idx ON app.enrollments USING btree (tenant_id, course_id);
COMMENT ON INDEX app.enrollments_course_idx IS 'Enrollments of a course (class lists); covers the course foreign key.';
CREATE INDEX external_connections_created_by_idx ON app.external_connections USING btree (tenant_id, created_by);
COMMENT ON INDEX app.external_connections_created_by_idx IS 'Covers the creator foreign key.';
CREATE INDEX external_connections_service_type_idx ON app.external_connections USING btree (tenant_id, service_type);
COMMENT ON INDEX app.external_connections_service_type_idx IS 'Connections by service (the source''s index on service_type, led by tenant_id).';
CREATE INDEX external_connections_status_idx ON app.external_connections USING btree (tenant_id, status);
COMMENT ON INDEX app.external_connections_status_idx IS 'Connections by status (the source''s index on status, led by tenant_id).';
CREATE INDEX external_connections_tenant_key_id_idx ON app.external_connections USING btree (tenant_id, credential_key_id, id);
COMMENT ON INDEX app.external_connections_tenant_key_id_idx IS 'Rows still encrypted with a given key: key rotation (maintenance role) reads it by skip scan across tenants. Led by tenant_id so that no client scan visits another tenant''s connections.';
CREATE INDEX interactions_created_idx ON ONLY app.interactions USING btree (tenant_id, created_at DESC);
COMMENT ON INDEX app.interactions_created_idx IS 'The tenant''s interactions by time (dashboards, retention).';
CREATE INDEX interactions_default_tenant_id_created_at_idx ON app.interactions_default USING btree (tenant_id, created_at DESC);
COMMENT ON INDEX app.interactions_default_tenant_id_created_at_idx IS 'The tenant''s interactions by time (dashboards, retention).';
CREATE INDEX interactions_user_created_idx ON ONLY app.interactions USING btree (tenant_id, user_id, created_at DESC);
COMMENT ON INDEX app.interactions_user_created_idx IS 'A person''s interactions, newest first (the student''s own-row policy); covers the user foreign key.';
CREATE INDEX interactions_default_tenant_id_user_id_created_at_idx ON app.interactions_default USING btree (tenant_id, user_id, created_at DESC);
COMMENT ON INDEX app.interactions_default_tenant_id_user_id_created_at_idx IS 'A person''s interactions, newest first (the student''s own-row policy); covers the user foreign key.';
CREATE INDEX intervention_logs_data_key_idx ON app.intervention_logs USING btree (tenant_id, learner_data_key, learner_id);
COMMENT ON INDEX app.intervention_logs_data_key_idx IS 'The select policy''s path for tenant-wide reads: the rows of learners who share (nil key), or one learner''s own; an educator''s read never visits a row of a learner who does not share.';
CREATE INDEX intervention_logs_learner_delivered_idx ON app.intervention_logs USING btree (tenant_id, learner_id, learner_data_key, delivered_at DESC);
COMMENT ON INDEX app.intervention_logs_learner_delivered_idx IS 'A learner''s interventions, newest first, with the consent key as an index condition (a learner named by an educator who may not read them is never read); covers the learner foreign key.';
CREATE INDEX intervention_logs_session_idx ON app.intervention_logs USING btree (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.intervention_logs_session_idx IS 'Interventions of a session; covers the session foreign key.';
CREATE INDEX intervention_logs_struggle_event_idx ON app.intervention_logs USING btree (tenant_id, struggle_event_id, learner_id);
COMMENT ON INDEX app.intervention_logs_struggle_event_idx IS 'Interventions caused by a struggle; covers the struggle foreign key.';
CREATE INDEX learning_sessions_data_key_idx ON app.learning_sessions USING btree (tenant_id, learner_data_key, learner_id);
COMMENT ON INDEX app.learning_sessions_data_key_idx IS 'The select policy''s path for tenant-wide reads: the rows of learners who share (nil key), or one learner''s own; an educator''s read never visits a row of a learner who does not share.';
CREATE INDEX learning_sessions_learner_start_idx ON app.learning_sessions USING btree (tenant_id, learner_id, learner_data_key, session_start DESC);
COMMENT ON INDEX app.learning_sessions_learner_start_idx IS 'A learner''s sessions, newest first, with the consent key as an index condition (a learner named by an educator who may not read them is never read); covers the learner foreign key.';
CREATE INDEX learning_sessions_start_idx ON app.learning_sessions USING btree (tenant_id, session_start DESC);
COMMENT ON INDEX app.learning_sessions_start_idx IS 'Sessions of the tenant by time (the source''s index on session timestamps; dashboards).';
CREATE INDEX messages_conversation_created_idx ON ONLY app.messages USING btree (tenant_id, conversation_id, created_at);
COMMENT ON INDEX app.messages_conversation_created_idx IS 'A conversation''s messages in order (the source''s index (conversation_id, created_at), led by tenant_id); the last 50 are a backward scan.';
CREATE INDEX messages_created_idx ON ONLY app.messages USING btree (tenant_id, created_at);
COMMENT ON INDEX app.messages_created_idx IS 'Retention cut-off: a tenant''s messages older than chat_history_days, oldest first, without reading every conversation.';
CREATE INDEX messages_default_tenant_id_conversation_id_created_at_idx ON app.messages_default USING btree (tenant_id, conversation_id, created_at);
COMMENT ON INDEX app.messages_default_tenant_id_conversation_id_created_at_idx IS 'A conversation''s messages in order (the source''s index (conversation_id, created_at), led by tenant_id); the last 50 are a backward scan.';
CREATE INDEX messages_default_tenant_id_created_at_idx ON app.messages_default USING btree (tenant_id, created_at);
COMMENT ON INDEX app.messages_default_tenant_id_created_at_idx IS 'Retention cut-off: a tenant''s messages older than chat_history_days, oldest first, without reading every conversation.';
CREATE INDEX messages_owner_conversation_idx ON ONLY app.messages USING btree (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.messages_owner_conversation_idx IS 'Messages of a person''s conversations (the own-row policies compare user_id); covers the conversation foreign key (cascading deletes and owner changes).';
CREATE INDEX messages_default_tenant_id_user_id_conversation_id_idx ON app.messages_default USING btree (tenant_id, user_id, conversation_id);
COMMENT ON INDEX app.messages_default_tenant_id_user_id_conversation_id_idx IS 'Messages of a person''s conversations (the own-row policies compare user_id); covers the conversation foreign key (cascading deletes and owner changes).';
CREATE INDEX phases_agent_idx ON app.phases USING btree (tenant_id, agent_id);
COMMENT ON INDEX app.phases_agent_idx IS 'Covers the agent foreign key.';
CREATE INDEX phases_workflow_workspace_idx ON app.phases USING btree (tenant_id, workflow_id, workspace_id);
COMMENT ON INDEX app.phases_workflow_workspace_idx IS 'Covers the workflow foreign key.';
CREATE INDEX phases_workspace_idx ON app.phases USING btree (tenant_id, workspace_id);
COMMENT ON INDEX app.phases_workspace_idx IS 'The phases of a workspace (the column the policies test).';
CREATE INDEX struggle_events_concept_idx ON app.struggle_events USING btree (tenant_id, concept_id);
COMMENT ON INDEX app.struggle_events_concept_idx IS 'Struggles per concept (where a class gets stuck); covers the concept foreign key.';
CREATE INDEX struggle_events_data_key_idx ON app.struggle_events USING btree (tenant_id, learner_data_key, learner_id);
COMMENT ON INDEX app.struggle_events_data_key_idx IS 'The select policy''s path for tenant-wide reads: the rows of learners who share (nil key), or one learner''s own; an educator''s read never visits a row of a learner who does not share.';
CREATE INDEX struggle_events_learner_detected_idx ON app.struggle_events USING btree (tenant_id, learner_id, learner_data_key, detected_at DESC);
COMMENT ON INDEX app.struggle_events_learner_detected_idx IS 'A learner''s struggles, newest first, with the consent key as an index condition (a learner named by an educator who may not read them is never read); covers the learner foreign key.';
CREATE INDEX struggle_events_session_idx ON app.struggle_events USING btree (tenant_id, session_id, learner_id);
COMMENT ON INDEX app.struggle_events_session_idx IS 'Struggles of a session; covers the session foreign key.';
CREATE INDEX sync_logs_artifact_idx ON app.sync_logs USING btree (tenant_id, artifact_id);
COMMENT ON INDEX app.sync_logs_artifact_idx IS 'An artifact''s sync history (the source''s index on artifact); covers the artifact foreign key.';
CREATE INDEX sync_logs_connection_idx ON app.sync_logs USING btree (tenant_id, connection_id);
COMMENT ON INDEX app.sync_logs_connection_idx IS 'Covers the connection foreign key.';
CREATE INDEX sync_logs_created_idx ON app.sync_logs USING btree (tenant_id, created_at DESC);
COMMENT ON INDEX app.sync_logs_created_idx IS 'The tenant''s log newest first, and retention''s rows older than a cut-off (the source''s index on created_at DESC).';
CREATE INDEX sync_logs_status_idx ON app.sync_logs USING btree (tenant_id, status);
COMMENT ON INDEX app.sync_logs_status_idx IS 'Pending and failed operations (the source''s index on status, led by tenant_id).';
CREATE INDEX sync_logs_workspace_created_idx ON app.sync_logs USING btree (tenant_id, workspace_id, created_at DESC);
COMMENT ON INDEX app.sync_logs_workspace_created_idx IS 'A workspace''s recent operations (the source''s index on workspace, led by tenant_id); covers the workspace foreign key.';
CREATE INDEX user_sessions_tenant_expiry_idx ON app.user_sessions USING btree (tenant_id, expires_at);
COMMENT ON INDEX app.user_sessions_tenant_expiry_idx IS 'Expired sessions of a tenant, oldest first; cleanup across tenants (maintenance role) reads it by skip scan. Led by tenant_id so that no client scan visits another tenant''s sessions.';
CREATE INDEX user_sessions_user_expiry_idx ON app.user_sessions USING btree (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.user_sessions_user_expiry_idx IS 'Active sessions of a person: WHERE user_id = $1 AND expires_at > now() is one index range (replaces the invalid partial index on now()); also covers the user foreign key.';
CREATE INDEX workspace_integrations_connection_idx ON app.workspace_integrations USING btree (tenant_id, connection_id);
COMMENT ON INDEX app.workspace_integrations_connection_idx IS 'Covers the connection foreign key.';
CREATE INDEX workspace_integrations_tenant_last_sync_idx ON app.workspace_integrations USING btree (tenant_id, last_sync_at);
COMMENT ON INDEX app.workspace_integrations_tenant_last_sync_idx IS 'Integrations of a tenant by last successful sync, stalest (or never synced) first (the source''s index on last_sync_at, led by tenant_id).';
CREATE INDEX workspace_integrations_tenant_status_idx ON app.workspace_integrations USING btree (tenant_id, integration_status);
COMMENT ON INDEX app.workspace_integrations_tenant_status_idx IS 'Integrations of a tenant by state, e.g. the ones in error (the source''s index on status, led by tenant_id).';
CREATE INDEX workspace_members_user_idx ON app.workspace_members USING btree (tenant_id, user_id, workspace_id);
COMMENT ON INDEX app.workspace_members_user_idx IS 'The workspaces of a person (the per-statement membership lookup of every workspace policy); covers the user foreign key.';
CREATE INDEX workspaces_created_by_idx ON app.workspaces USING btree (tenant_id, created_by);
COMMENT ON INDEX app.workspaces_created_by_idx IS 'Covers the creator foreign key (the source''s index on created_by, led by tenant_id).';
CREATE INDEX workspaces_tenant_created_idx ON app.workspaces USING btree (tenant_id, created_at);
COMMENT ON INDEX app.workspaces_tenant_created_idx IS 'Workspaces of a tenant by creation time (the source''s index on created_at, led by tenant_id).';
CREATE INDEX client_logins_tenant_id_idx ON app_private.client_logins USING btree (tenant_id);
COMMENT ON INDEX app_private.client_logins_tenant_id_idx IS 'Finds the logins of a tenant (and serves the foreign key on tenant deletion).';
CREATE UNIQUE INDEX conversation_share_links_conversation_idx ON app_private.conversation_share_links USING btree (tenant_id, conversation_id);
COMMENT ON INDEX app_private.conversation_share_links_conversation_idx IS 'One link per conversation; serves the foreign key.';
CREATE INDEX spent_token_ids_expires_at_idx ON app_private.spent_token_ids USING btree (expires_at);
COMMENT ON INDEX app_private.spent_token_ids_expires_at_idx IS 'Serves the deletion of expired entries.';
CREATE INDEX tenant_limits_tier_idx ON app_private.tenant_limits USING btree (tier);
COMMENT ON INDEX app_private.tenant_limits_tier_idx IS 'Covers the tier foreign key (which tenants are on a tier).';
CREATE INDEX archived_rows_run_idx ON archive.archived_rows USING btree (run_id);
COMMENT ON INDEX archive.archived_rows_run_idx IS 'Covers the run foreign key (what a run archived).';
CREATE INDEX archived_rows_tenant_archived_at_idx ON archive.archived_rows USING btree (tenant_id, archived_at);
COMMENT ON INDEX archive.archived_rows_tenant_archived_at_idx IS 'A tenant''s archived rows by age (what the purge deletes).';
CREATE INDEX tenant_erasures_tenant_idx ON archive.tenant_erasures USING btree (erased_tenant_id);
COMMENT ON INDEX archive.tenant_erasures_tenant_idx IS 'Was this tenant erased, and when.';
CREATE INDEX invalidations_created_at_idx ON cache_private.invalidations USING btree (created_at);
COMMENT ON INDEX cache_private.invalidations_created_at_idx IS 'The worker drains the oldest rows first, a batch at a time.';
ALTER INDEX app.audit_log_pkey ATTACH PARTITION app.audit_log_default_pkey;
ALTER INDEX app.audit_log_occurred_idx ATTACH PARTITION app.audit_log_default_tenant_id_occurred_at_idx;
ALTER INDEX app.audit_log_table_key_idx ATTACH PARTITION app.audit_log_default_tenant_id_table_name_row_key_idx;
ALTER INDEX app.interactions_pkey ATTACH PARTITION app.interactions_default_pkey;
ALTER INDEX app.interactions_created_idx ATTACH PARTITION app.interactions_default_tenant_id_created_at_idx;
ALTER INDEX app.interactions_user_created_idx ATTACH PARTITION app.interactions_default_tenant_id_user_id_created_at_idx;
ALTER INDEX app.messages_pkey ATTACH PARTITION app.messages_default_pkey;
ALTER INDEX app.messages_conversation_created_idx ATTACH PARTITION app.messages_default_tenant_id_conversation_id_created_at_idx;
ALTER INDEX app.messages_created_idx ATTACH PARTITION app.messages_default_tenant_id_created_at_idx;
ALTER INDEX app.messages_conversation_key ATTACH PARTITION app.messages_default_tenant_id_id_conversation_id_created_at_key;
ALTER INDEX app.messages_owner_conversation_idx ATTACH PARTITION app.messages_default_tenant_id_user_id_conversation_id_idx;
CREATE TRIGGER audit_credential_change AFTER INSERT OR DELETE OR UPDATE ON app.external_connections FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('credential_ciphertext');
COMMENT ON TRIGGER audit_credential_change ON app.external_connections IS 'Audits connections and credential changes (key id visible, ciphertext left out of the images).';
CREATE TRIGGER audit_deletion AFTER DELETE ON app.artifact_versions FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('content');
COMMENT ON TRIGGER audit_deletion ON app.artifact_versions IS 'Audits deleted versions (content left out; retention runs are summarised instead).';
CREATE TRIGGER audit_deletion AFTER DELETE ON app.artifacts FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.artifacts IS 'Audits deleted artifacts.';
CREATE TRIGGER audit_deletion AFTER DELETE ON app.sync_logs FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.sync_logs IS 'Audits deleted sync logs (retention runs are summarised instead).';
CREATE TRIGGER audit_deletion AFTER DELETE ON app.workspaces FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_deletion ON app.workspaces IS 'Audits deleted workspaces.';
CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON app.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_append_only ON app.audit_log IS 'Append-only: no UPDATE or DELETE, for any role.';
CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON app.audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_append_only ON app.audit_log_default IS 'Append-only: no UPDATE or DELETE, for any role.';
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON app.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_no_truncate ON app.audit_log IS 'Append-only: no TRUNCATE, for any role.';
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON app.audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_audit_change();
COMMENT ON TRIGGER audit_log_no_truncate ON app.audit_log_default IS 'Append-only: no TRUNCATE, for any role.';
CREATE TRIGGER audit_membership_change AFTER INSERT OR DELETE OR UPDATE ON app.workspace_members FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_membership_change ON app.workspace_members IS 'Audits members joining, changing member role and leaving.';
CREATE TRIGGER audit_policy_change AFTER INSERT OR DELETE OR UPDATE ON app.retention_policies FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_policy_change ON app.retention_policies IS 'Audits changes of retention settings.';
CREATE TRIGGER audit_role_change AFTER UPDATE OF role ON app.users FOR EACH ROW WHEN ((old.role IS DISTINCT FROM new.role)) EXECUTE FUNCTION app_private.audit_row_change();
COMMENT ON TRIGGER audit_role_change ON app.users IS 'Audits every change of a person''s role (who, old and new role).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.conversations FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('title', 'share_token_sha256');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.conversations IS 'Audits deleted conversations (ids, status, dates; title and share token left out).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.documents FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('title', 'file_path');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.documents IS 'Audits deleted documents (ids, type, dates; title and path left out).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.interactions FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('request_data', 'response_data');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.interactions IS 'Audits deleted AI interactions (ids, service, latency; request and response bodies left out; retention runs are summarised instead).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.learner_profiles FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('cognitive_profile', 'privacy_settings', 'lti_user_id');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.learner_profiles IS 'Audits deleted learner profiles (ids and dates; the cognitive profile and privacy settings left out).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.messages FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('content', 'citations', 'domains');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.messages IS 'Audits deleted messages, also when a conversation''s deletion cascades (ids, role, tokens; content left out; retention runs are summarised instead).';
CREATE TRIGGER audit_sensitive_deletion AFTER DELETE ON app.users FOR EACH ROW EXECUTE FUNCTION app_private.audit_row_change('email', 'display_name', 'sso_id', 'lti_user_id');
COMMENT ON TRIGGER audit_sensitive_deletion ON app.users IS 'Audits deleted people (id, role, dates; e-mail, name and external ids left out).';
CREATE TRIGGER cache_invalidation AFTER INSERT OR DELETE OR UPDATE ON app.learner_profiles FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('learner_profile', 'id');
COMMENT ON TRIGGER cache_invalidation ON app.learner_profiles IS 'Cached learner profiles are forgotten when the profile changes.';
CREATE TRIGGER cache_invalidation AFTER INSERT OR DELETE OR UPDATE ON app.user_sessions FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('user_session', 'id');
COMMENT ON TRIGGER cache_invalidation ON app.user_sessions IS 'Cached sessions are forgotten when the session changes or ends.';
CREATE TRIGGER cache_invalidation AFTER INSERT OR DELETE OR UPDATE ON app.workspace_configs FOR EACH ROW EXECUTE FUNCTION cache_private.record_row_change('workspace_config', 'workspace_id');
COMMENT ON TRIGGER cache_invalidation ON app.workspace_configs IS 'A workspace''s cached configuration is forgotten when any of its blocks changes.';
CREATE TRIGGER cache_person_deleted AFTER DELETE ON app.users FOR EACH ROW EXECUTE FUNCTION cache_private.record_person_change();
COMMENT ON TRIGGER cache_person_deleted ON app.users IS 'A deleted person must not be served anything cached for them.';
CREATE TRIGGER cache_role_change AFTER UPDATE OF role ON app.users FOR EACH ROW WHEN ((old.role IS DISTINCT FROM new.role)) EXECUTE FUNCTION cache_private.record_person_change();
COMMENT ON TRIGGER cache_role_change ON app.users IS 'A new role (a demoted admin, a promoted student) changes what the person may see.';
CREATE TRIGGER cache_visibility_change AFTER INSERT OR DELETE OR UPDATE ON app.workspace_members FOR EACH ROW EXECUTE FUNCTION cache_private.record_visibility_change();
COMMENT ON TRIGGER cache_visibility_change ON app.workspace_members IS 'Joining, leaving or changing member role changes what the person may see.';
CREATE TRIGGER check_conversation_workspace BEFORE INSERT OR UPDATE OF workspace_id ON app.conversations FOR EACH ROW EXECUTE FUNCTION app_private.check_conversation_workspace();
COMMENT ON TRIGGER check_conversation_workspace ON app.conversations IS 'A person attaches only their own conversation, and only to a workspace they are a member of.';
CREATE TRIGGER concept_prerequisites_no_cycle BEFORE INSERT OR UPDATE OF concept_id, prerequisite_id ON app.concept_prerequisites FOR EACH ROW EXECUTE FUNCTION app_private.concept_prerequisites_reject_cycle();
COMMENT ON TRIGGER concept_prerequisites_no_cycle ON app.concept_prerequisites IS 'Keeps the knowledge graph acyclic: no concept is, even transitively, its own prerequisite.';
CREATE TRIGGER conversation_artifacts_fill_message_time BEFORE INSERT OR UPDATE OF message_id, conversation_id, message_created_at ON app.conversation_artifacts FOR EACH ROW EXECUTE FUNCTION app_private.conversation_artifacts_fill_message_time();
COMMENT ON TRIGGER conversation_artifacts_fill_message_time ON app.conversation_artifacts IS 'Writers give message_id only; the message''s created_at follows from it.';
CREATE TRIGGER conversation_artifacts_require_message_time AFTER INSERT OR UPDATE OF message_id, message_created_at ON app.conversation_artifacts FOR EACH ROW WHEN (((new.message_id IS NOT NULL) AND (new.message_created_at IS NULL))) EXECUTE FUNCTION app_private.conversation_artifacts_require_message_time();
COMMENT ON TRIGGER conversation_artifacts_require_message_time ON app.conversation_artifacts IS 'A linked message comes with its created_at: otherwise 23503, as the key.';
CREATE TRIGGER conversations_share_link_sync AFTER INSERT OR DELETE OR UPDATE OF share_token_sha256, share_enabled ON app.conversations FOR EACH ROW EXECUTE FUNCTION app_private.sync_conversation_share_link();
COMMENT ON TRIGGER conversations_share_link_sync ON app.conversations IS 'Bearer links follow the conversation: a new token, sharing off, or deletion updates app_private.conversation_share_links.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.artifact_versions FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.artifact_versions IS 'The author is the acting person, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.artifacts FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.artifacts IS 'The creator is the acting person, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.external_connections FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.external_connections IS 'The creator is the acting admin, never chosen by the client.';
CREATE TRIGGER created_by_from_context BEFORE INSERT ON app.workspaces FOR EACH ROW EXECUTE FUNCTION app_private.fill_created_by_from_context();
COMMENT ON TRIGGER created_by_from_context ON app.workspaces IS 'The creator is the acting person, never chosen by the client.';
CREATE TRIGGER document_chunks_fill_course BEFORE INSERT ON app.document_chunks FOR EACH ROW EXECUTE FUNCTION app_private.document_chunks_fill_course();
COMMENT ON TRIGGER document_chunks_fill_course ON app.document_chunks IS 'Writers give document_id only; the course follows from it.';
CREATE TRIGGER enrollments_rebind_resolved_context AFTER INSERT OR DELETE OR UPDATE OF tenant_id, user_id, course_id ON app.enrollments FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER enrollments_rebind_resolved_context ON app.enrollments IS 'An enrollment made or dropped in this transaction holds from the next statement: the resolved course ids are resolved again.';
CREATE TRIGGER learner_data_key_fill BEFORE INSERT OR UPDATE OF learner_id, learner_data_key ON app.intervention_logs FOR EACH ROW EXECUTE FUNCTION app_private.fill_learner_data_key();
COMMENT ON TRIGGER learner_data_key_fill ON app.intervention_logs IS 'Sets learner_data_key from the learner''s consent on every insert and on any update naming learner_id or learner_data_key (a writer cannot choose it).';
CREATE TRIGGER learner_data_key_fill BEFORE INSERT OR UPDATE OF learner_id, learner_data_key ON app.learning_sessions FOR EACH ROW EXECUTE FUNCTION app_private.fill_learner_data_key();
COMMENT ON TRIGGER learner_data_key_fill ON app.learning_sessions IS 'Sets learner_data_key from the learner''s consent on every insert and on any update naming learner_id or learner_data_key (a writer cannot choose it).';
CREATE TRIGGER learner_data_key_fill BEFORE INSERT OR UPDATE OF learner_id, learner_data_key ON app.struggle_events FOR EACH ROW EXECUTE FUNCTION app_private.fill_learner_data_key();
COMMENT ON TRIGGER learner_data_key_fill ON app.struggle_events IS 'Sets learner_data_key from the learner''s consent on every insert and on any update naming learner_id or learner_data_key (a writer cannot choose it).';
CREATE TRIGGER learner_data_key_sync AFTER UPDATE ON app.learner_profiles FOR EACH ROW WHEN (((COALESCE((old.privacy_settings ->> 'data_sharing'::text), 'none'::text) <> 'none'::text) IS DISTINCT FROM (COALESCE((new.privacy_settings ->> 'data_sharing'::text), 'none'::text) <> 'none'::text))) EXECUTE FUNCTION app_private.sync_learner_data_key();
COMMENT ON TRIGGER learner_data_key_sync ON app.learner_profiles IS 'When a learner starts or stops sharing their data, rewrites learner_data_key on their sessions, struggle events and interventions in the same statement (perf/learner_data_key).';
CREATE TRIGGER learner_profiles_rebind_resolved_context AFTER INSERT OR DELETE OR UPDATE OF tenant_id, id, user_id ON app.learner_profiles FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER learner_profiles_rebind_resolved_context ON app.learner_profiles IS 'A learner profile created or removed in this transaction holds from the next statement: the resolved context is resolved again.';
CREATE TRIGGER messages_fill_owner BEFORE INSERT ON app.messages FOR EACH ROW EXECUTE FUNCTION app_private.messages_fill_owner();
COMMENT ON TRIGGER messages_fill_owner ON app.messages IS 'Writers give conversation_id only; the owner column follows from it.';
CREATE TRIGGER refuse_delete_with_audit_rows BEFORE DELETE ON app.tenants FOR EACH ROW EXECUTE FUNCTION app_private.refuse_delete_with_audit_rows();
COMMENT ON TRIGGER refuse_delete_with_audit_rows ON app.tenants IS 'A tenant with audit rows cannot be deleted: erase it (the audit rows go first), as audit_log_tenant_fkey ensured before.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.agents FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.agents IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.artifacts FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.artifacts IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.concepts FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.concepts IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.conversations FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.conversations IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.courses FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.courses IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.documents FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.documents IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.external_connections FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.external_connections IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.integration_configs FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.integration_configs IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.learner_profiles FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.learner_profiles IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.phases FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.phases IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.retention_policies FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.retention_policies IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.sync_status FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.sync_status IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.tenants FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.tenants IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.user_profiles FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.user_profiles IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.users IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workflows FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workflows IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workspace_configs FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workspace_configs IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workspace_integrations FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workspace_integrations IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workspace_members FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workspace_members IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workspace_settings FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workspace_settings IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.workspaces FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.workspaces IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.agents FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.agents IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.artifact_versions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.artifact_versions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.artifacts FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.artifacts IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.audit_log IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.audit_log_default IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.auth_tokens FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.auth_tokens IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.concept_prerequisites FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.concept_prerequisites IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.concepts FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.concepts IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.conversation_artifacts FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.conversation_artifacts IS 'Writes without app.tenant_id fail with 42501.';
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
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.external_connections FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.external_connections IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.integration_configs FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.integration_configs IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.interactions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.interactions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.interactions_default FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.interactions_default IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.intervention_logs FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.intervention_logs IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.learner_profiles FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.learner_profiles IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.learning_sessions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.learning_sessions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.messages FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.messages IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.messages_default FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.messages_default IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.phases FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.phases IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.retention_policies FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.retention_policies IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.struggle_events FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.struggle_events IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.sync_logs FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.sync_logs IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.sync_status FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.sync_status IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.user_profiles FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.user_profiles IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.user_sessions FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.user_sessions IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.users IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workflows FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workflows IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workspace_configs FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workspace_configs IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workspace_integrations FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workspace_integrations IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workspace_members FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workspace_members IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workspace_settings FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workspace_settings IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.workspaces FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.workspaces IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.agents FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.agents IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.artifact_versions FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.artifact_versions IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.artifacts FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.artifacts IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.audit_log FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.audit_log IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.auth_tokens FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.auth_tokens IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.concept_prerequisites FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.concept_prerequisites IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.concepts FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.concepts IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.conversation_artifacts FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.conversation_artifacts IS 'A row never moves to another tenant.';
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
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.external_connections FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.external_connections IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.integration_configs FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.integration_configs IS 'A row never moves to another tenant.';
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
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.phases FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.phases IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.retention_policies FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.retention_policies IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.struggle_events FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.struggle_events IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.sync_logs FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.sync_logs IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.sync_status FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.sync_status IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.user_profiles FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.user_profiles IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.user_sessions FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.user_sessions IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.users FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.users IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workflows FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workflows IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workspace_configs FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workspace_configs IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workspace_integrations FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workspace_integrations IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workspace_members FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workspace_members IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workspace_settings FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workspace_settings IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.workspaces FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.workspaces IS 'A row never moves to another tenant.';
CREATE TRIGGER users_rebind_resolved_context AFTER INSERT OR DELETE OR UPDATE OF tenant_id, id, role ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER users_rebind_resolved_context ON app.users IS 'A role change (or the person''s deletion) in this transaction holds from the next statement: the resolved context is resolved again.';
CREATE TRIGGER users_role_change_guard BEFORE UPDATE OF role ON app.users FOR EACH ROW WHEN ((old.role IS DISTINCT FROM new.role)) EXECUTE FUNCTION app_private.users_guard_role_change();
COMMENT ON TRIGGER users_role_change_guard ON app.users IS 'Students (and educators, coaches) cannot change anyone''s role, their own included.';
CREATE TRIGGER workspace_members_rebind_resolved_context AFTER INSERT OR DELETE OR UPDATE OF tenant_id, workspace_id, user_id, member_role ON app.workspace_members FOR EACH STATEMENT EXECUTE FUNCTION app_private.rebind_resolved_context();
COMMENT ON TRIGGER workspace_members_rebind_resolved_context ON app.workspace_members IS 'A membership added, changed or removed in this transaction holds from the next statement: the resolved workspace ids are resolved again.';
CREATE TRIGGER write_columns_admin_only BEFORE UPDATE OF lti_user_id, cognitive_profile ON app.learner_profiles FOR EACH ROW EXECUTE FUNCTION app_private.refuse_admin_only_columns('lti_user_id', 'cognitive_profile');
COMMENT ON TRIGGER write_columns_admin_only ON app.learner_profiles IS 'The LTI binding and the cognitive profile (model output): only admins (or the service role) set them; a student changes only their privacy settings.';
CREATE TRIGGER write_columns_admin_only BEFORE UPDATE OF email, role, sso_provider, sso_id, lti_user_id ON app.users FOR EACH ROW EXECUTE FUNCTION app_private.refuse_admin_only_columns('email', 'role', 'sso_provider', 'sso_id', 'lti_user_id');
COMMENT ON TRIGGER write_columns_admin_only ON app.users IS 'Identity-binding columns (email, SSO and LTI subjects) and the role: only admins (or the service role) set them; a person cannot bind their account to another identity.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app_private.tenant_limits FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app_private.tenant_limits IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app_private.tenant_limits FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app_private.tenant_limits IS 'A row never moves to another tenant.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON archive.archived_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON archive.archived_rows IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_erasures_append_only BEFORE DELETE OR UPDATE ON archive.tenant_erasures FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_receipt_change();
COMMENT ON TRIGGER tenant_erasures_append_only ON archive.tenant_erasures IS 'Append-only: no UPDATE or DELETE.';
CREATE TRIGGER tenant_erasures_no_truncate BEFORE TRUNCATE ON archive.tenant_erasures FOR EACH STATEMENT EXECUTE FUNCTION app_private.forbid_receipt_change();
COMMENT ON TRIGGER tenant_erasures_no_truncate ON archive.tenant_erasures IS 'Append-only: no TRUNCATE.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON archive.archived_rows FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON archive.archived_rows IS 'A row never moves to another tenant.';
ALTER TABLE ONLY app.agents
    ADD CONSTRAINT agents_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.agents
    ADD CONSTRAINT agents_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT agents_workspace_fkey ON app.agents IS 'Agent of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.artifact_versions
    ADD CONSTRAINT artifact_versions_artifact_fkey FOREIGN KEY (tenant_id, artifact_id, workspace_id) REFERENCES app.artifacts(tenant_id, id, workspace_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT artifact_versions_artifact_fkey ON app.artifact_versions IS 'Version of an artifact of the same tenant and workspace; deleted with the artifact, moved with it.';
ALTER TABLE ONLY app.artifact_versions
    ADD CONSTRAINT artifact_versions_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES app.users(tenant_id, id) ON DELETE SET NULL (created_by);
COMMENT ON CONSTRAINT artifact_versions_created_by_fkey ON app.artifact_versions IS 'Author is a person of the same tenant; kept as NULL when the person is deleted.';
ALTER TABLE ONLY app.artifact_versions
    ADD CONSTRAINT artifact_versions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.artifacts
    ADD CONSTRAINT artifacts_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES app.users(tenant_id, id) ON DELETE SET NULL (created_by);
COMMENT ON CONSTRAINT artifacts_created_by_fkey ON app.artifacts IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
ALTER TABLE ONLY app.artifacts
    ADD CONSTRAINT artifacts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.artifacts
    ADD CONSTRAINT artifacts_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT artifacts_workspace_fkey ON app.artifacts IS 'Artifact of a workspace of the same tenant; deleted with the workspace.';
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
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_artifact_fkey FOREIGN KEY (tenant_id, artifact_id, workspace_id) REFERENCES app.artifacts(tenant_id, id, workspace_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversation_artifacts_artifact_fkey ON app.conversation_artifacts IS 'An artifact of the same tenant, with its workspace; links go with the artifact.';
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_conversation_fkey FOREIGN KEY (tenant_id, conversation_id, user_id) REFERENCES app.conversations(tenant_id, id, user_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversation_artifacts_conversation_fkey ON app.conversation_artifacts IS 'A conversation of the same tenant, with its owner; links go with the conversation.';
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_message_fkey FOREIGN KEY (tenant_id, message_id, conversation_id, message_created_at) REFERENCES app.messages(tenant_id, id, conversation_id, created_at) ON DELETE SET NULL (message_id, message_created_at);
COMMENT ON CONSTRAINT conversation_artifacts_message_fkey ON app.conversation_artifacts IS 'The message belongs to the linked conversation (its partition found by created_at); deleting it keeps the link without the message.';
ALTER TABLE ONLY app.conversation_artifacts
    ADD CONSTRAINT conversation_artifacts_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversations_user_fkey ON app.conversations IS 'Conversation of a person of the same tenant; deleted with the person.';
ALTER TABLE ONLY app.conversations
    ADD CONSTRAINT conversations_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE SET NULL (workspace_id);
COMMENT ON CONSTRAINT conversations_workspace_fkey ON app.conversations IS 'A workspace of the same tenant; when it is deleted only workspace_id becomes NULL (the conversation stays, under the tenant''s retention).';
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
ALTER TABLE ONLY app.external_connections
    ADD CONSTRAINT external_connections_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES app.users(tenant_id, id) ON DELETE SET NULL (created_by);
COMMENT ON CONSTRAINT external_connections_created_by_fkey ON app.external_connections IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
ALTER TABLE ONLY app.external_connections
    ADD CONSTRAINT external_connections_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.external_connections
    ADD CONSTRAINT external_connections_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT external_connections_workspace_fkey ON app.external_connections IS 'Connection of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.integration_configs
    ADD CONSTRAINT integration_configs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE app.interactions
    ADD CONSTRAINT interactions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE app.interactions
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
ALTER TABLE app.messages
    ADD CONSTRAINT messages_conversation_fkey FOREIGN KEY (tenant_id, conversation_id, user_id) REFERENCES app.conversations(tenant_id, id, user_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT messages_conversation_fkey ON app.messages IS 'Message of a conversation of the same tenant, carrying its owner; deleted with the conversation.';
ALTER TABLE app.messages
    ADD CONSTRAINT messages_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.phases
    ADD CONSTRAINT phases_agent_fkey FOREIGN KEY (tenant_id, agent_id) REFERENCES app.agents(tenant_id, id) ON DELETE SET NULL (agent_id);
COMMENT ON CONSTRAINT phases_agent_fkey ON app.phases IS 'Agent of the same tenant; kept as NULL when the agent is deleted.';
ALTER TABLE ONLY app.phases
    ADD CONSTRAINT phases_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.phases
    ADD CONSTRAINT phases_workflow_fkey FOREIGN KEY (tenant_id, workflow_id, workspace_id) REFERENCES app.workflows(tenant_id, id, workspace_id) ON UPDATE CASCADE ON DELETE CASCADE;
COMMENT ON CONSTRAINT phases_workflow_fkey ON app.phases IS 'Phase of a workflow of the same tenant and workspace; deleted with the workflow.';
ALTER TABLE ONLY app.retention_policies
    ADD CONSTRAINT retention_policies_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.retention_policies
    ADD CONSTRAINT retention_policies_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT retention_policies_workspace_fkey ON app.retention_policies IS 'Override of a workspace of the same tenant; deleted with the workspace.';
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
ALTER TABLE ONLY app.sync_logs
    ADD CONSTRAINT sync_logs_artifact_fkey FOREIGN KEY (tenant_id, artifact_id) REFERENCES app.artifacts(tenant_id, id) ON DELETE SET NULL (artifact_id);
COMMENT ON CONSTRAINT sync_logs_artifact_fkey ON app.sync_logs IS 'Artifact of the same tenant; kept as NULL when the artifact is deleted.';
ALTER TABLE ONLY app.sync_logs
    ADD CONSTRAINT sync_logs_connection_fkey FOREIGN KEY (tenant_id, connection_id) REFERENCES app.external_connections(tenant_id, id) ON DELETE SET NULL (connection_id);
COMMENT ON CONSTRAINT sync_logs_connection_fkey ON app.sync_logs IS 'Connection of the same tenant; kept as NULL when the connection is deleted.';
ALTER TABLE ONLY app.sync_logs
    ADD CONSTRAINT sync_logs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.sync_logs
    ADD CONSTRAINT sync_logs_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT sync_logs_workspace_fkey ON app.sync_logs IS 'Log of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.sync_status
    ADD CONSTRAINT sync_status_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.sync_status
    ADD CONSTRAINT sync_status_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT sync_status_workspace_fkey ON app.sync_status IS 'Workspace of the same tenant; deleted with it.';
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
ALTER TABLE ONLY app.workflows
    ADD CONSTRAINT workflows_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.workflows
    ADD CONSTRAINT workflows_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workflows_workspace_fkey ON app.workflows IS 'Workflow of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.workspace_configs
    ADD CONSTRAINT workspace_configs_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.workspace_configs
    ADD CONSTRAINT workspace_configs_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_configs_workspace_fkey ON app.workspace_configs IS 'Configuration of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.workspace_integrations
    ADD CONSTRAINT workspace_integrations_connection_fkey FOREIGN KEY (tenant_id, connection_id) REFERENCES app.external_connections(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_integrations_connection_fkey ON app.workspace_integrations IS 'Connection of the same tenant; link deleted with it.';
ALTER TABLE ONLY app.workspace_integrations
    ADD CONSTRAINT workspace_integrations_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.workspace_integrations
    ADD CONSTRAINT workspace_integrations_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_integrations_workspace_fkey ON app.workspace_integrations IS 'Workspace of the same tenant; link deleted with it.';
ALTER TABLE ONLY app.workspace_members
    ADD CONSTRAINT workspace_members_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.workspace_members
    ADD CONSTRAINT workspace_members_user_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES app.users(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_members_user_fkey ON app.workspace_members IS 'Member is a person of the same tenant; deleted with the person.';
ALTER TABLE ONLY app.workspace_members
    ADD CONSTRAINT workspace_members_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_members_workspace_fkey ON app.workspace_members IS 'Membership of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.workspace_settings
    ADD CONSTRAINT workspace_settings_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app.workspace_settings
    ADD CONSTRAINT workspace_settings_workspace_fkey FOREIGN KEY (tenant_id, workspace_id) REFERENCES app.workspaces(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT workspace_settings_workspace_fkey ON app.workspace_settings IS 'Setting of a workspace of the same tenant; deleted with the workspace.';
ALTER TABLE ONLY app.workspaces
    ADD CONSTRAINT workspaces_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES app.users(tenant_id, id) ON DELETE SET NULL (created_by);
COMMENT ON CONSTRAINT workspaces_created_by_fkey ON app.workspaces IS 'Creator is a person of the same tenant; kept as NULL when the person is deleted.';
ALTER TABLE ONLY app.workspaces
    ADD CONSTRAINT workspaces_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
ALTER TABLE ONLY app_private.client_logins
    ADD CONSTRAINT client_logins_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT client_logins_tenant_fkey ON app_private.client_logins IS 'A login is bound to an existing tenant; the binding goes with the tenant.';
ALTER TABLE ONLY app_private.conversation_share_links
    ADD CONSTRAINT conversation_share_links_conversation_fkey FOREIGN KEY (tenant_id, conversation_id) REFERENCES app.conversations(tenant_id, id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversation_share_links_conversation_fkey ON app_private.conversation_share_links IS 'A link leads to an existing conversation of the same tenant and goes with it.';
ALTER TABLE ONLY app_private.conversation_share_links
    ADD CONSTRAINT conversation_share_links_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id) ON DELETE CASCADE;
COMMENT ON CONSTRAINT conversation_share_links_tenant_fkey ON app_private.conversation_share_links IS 'The link''s tenant exists; links go with their tenant.';
ALTER TABLE ONLY app_private.tenant_limits
    ADD CONSTRAINT tenant_limits_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
COMMENT ON CONSTRAINT tenant_limits_tenant_fkey ON app_private.tenant_limits IS 'Limits of existing tenants only.';
ALTER TABLE ONLY app_private.tenant_limits
    ADD CONSTRAINT tenant_limits_tier_fkey FOREIGN KEY (tier) REFERENCES app_private.tenant_tiers(name) ON UPDATE CASCADE;
COMMENT ON CONSTRAINT tenant_limits_tier_fkey ON app_private.tenant_limits IS 'An existing tier; renaming a tier follows.';
ALTER TABLE ONLY archive.archived_rows
    ADD CONSTRAINT archived_rows_run_fkey FOREIGN KEY (run_id) REFERENCES archive.retention_runs(id);
COMMENT ON CONSTRAINT archived_rows_run_fkey ON archive.archived_rows IS 'Every archived row names its run.';
ALTER TABLE app.agents ENABLE ROW LEVEL SECURITY;
CREATE POLICY agents_all_service ON app.agents TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY agents_all_service ON app.agents IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY agents_delete_app ON app.agents FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY agents_delete_app ON app.agents IS 'Workspace editors and owners delete agents; tenant admins any.';
CREATE POLICY agents_insert_app ON app.agents FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY agents_insert_app ON app.agents IS 'Workspace editors and owners add agents; tenant admins anywhere.';
CREATE POLICY agents_select_app ON app.agents FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY agents_select_app ON app.agents IS 'Workspace members (any member role) read its agents; tenant admins read all.';
CREATE POLICY agents_update_app ON app.agents FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY agents_update_app ON app.agents IS 'Workspace editors and owners change agents (not into a workspace they do not edit); tenant admins any.';
ALTER TABLE app.artifact_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY artifact_versions_all_service ON app.artifact_versions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY artifact_versions_all_service ON app.artifact_versions IS 'The service role reads and writes every version of the transaction''s tenant.';
CREATE POLICY artifact_versions_delete_app ON app.artifact_versions FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY artifact_versions_delete_app ON app.artifact_versions IS 'Only tenant admins delete single versions (history is kept; retention prunes it).';
CREATE POLICY artifact_versions_insert_app ON app.artifact_versions FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifact_versions_insert_app ON app.artifact_versions IS 'Workspace editors and owners write new versions; tenant admins anywhere.';
CREATE POLICY artifact_versions_select_app ON app.artifact_versions FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifact_versions_select_app ON app.artifact_versions IS 'Workspace members read the versions of its artifacts; tenant admins read all.';
ALTER TABLE app.artifacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY artifacts_all_service ON app.artifacts TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY artifacts_all_service ON app.artifacts IS 'The service role (agents, sync workers) reads and writes every artifact of the transaction''s tenant.';
CREATE POLICY artifacts_delete_app ON app.artifacts FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifacts_delete_app ON app.artifacts IS 'Workspace editors and owners delete artifacts; tenant admins any.';
CREATE POLICY artifacts_insert_app ON app.artifacts FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifacts_insert_app ON app.artifacts IS 'Workspace editors and owners add artifacts; tenant admins anywhere.';
CREATE POLICY artifacts_select_app ON app.artifacts FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifacts_select_app ON app.artifacts IS 'Workspace members (any member role) read its artifacts; tenant admins read all.';
CREATE POLICY artifacts_update_app ON app.artifacts FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY artifacts_update_app ON app.artifacts IS 'Workspace editors and owners change artifacts (and cannot move them into a workspace they do not edit); tenant admins any.';
ALTER TABLE app.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.audit_log_default ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_insert_for_definer ON app.audit_log FOR INSERT TO tenantdb_owner WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY audit_log_insert_for_definer ON app.audit_log IS 'Lets the owner-run trigger function audit_row_change append rows, in the audited row''s tenant only.';
CREATE POLICY audit_log_insert_for_definer ON app.audit_log_default FOR INSERT TO tenantdb_owner WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY audit_log_insert_for_definer ON app.audit_log_default IS 'Lets the owner-run trigger function audit_row_change append rows, in the audited row''s tenant only.';
CREATE POLICY audit_log_select_app ON app.audit_log FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY audit_log_select_app ON app.audit_log IS 'Tenant admins read their tenant''s audit log; other people see nothing.';
CREATE POLICY audit_log_select_app ON app.audit_log_default FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY audit_log_select_app ON app.audit_log_default IS 'Tenant admins read their tenant''s audit log; other people see nothing.';
ALTER TABLE app.auth_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY auth_tokens_all_service ON app.auth_tokens TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY auth_tokens_all_service ON app.auth_tokens IS 'The service role (the authentication flows) issues, checks and consumes tokens of the transaction''s tenant.';
CREATE POLICY auth_tokens_delete_app ON app.auth_tokens FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY auth_tokens_delete_app ON app.auth_tokens IS 'A person revokes their own tokens; admins revoke anyone''s.';
CREATE POLICY auth_tokens_select_app ON app.auth_tokens FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY auth_tokens_select_app ON app.auth_tokens IS 'A person sees their own tokens (hashes, purpose, expiry); admins see every token of the tenant.';
ALTER TABLE app.concept_prerequisites ENABLE ROW LEVEL SECURITY;
CREATE POLICY concept_prerequisites_all_service ON app.concept_prerequisites TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY concept_prerequisites_all_service ON app.concept_prerequisites IS 'The service role reads and writes every prerequisite of the transaction''s tenant.';
CREATE POLICY concept_prerequisites_delete_app ON app.concept_prerequisites FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_delete_app ON app.concept_prerequisites IS 'Educators and admins remove prerequisites.';
CREATE POLICY concept_prerequisites_insert_app ON app.concept_prerequisites FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_insert_app ON app.concept_prerequisites IS 'Educators and admins add prerequisites.';
CREATE POLICY concept_prerequisites_select_app ON app.concept_prerequisites FOR SELECT TO tenantdb_app USING (true);
COMMENT ON POLICY concept_prerequisites_select_app ON app.concept_prerequisites IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';
CREATE POLICY concept_prerequisites_update_app ON app.concept_prerequisites FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concept_prerequisites_update_app ON app.concept_prerequisites IS 'Educators and admins change prerequisites.';
ALTER TABLE app.concepts ENABLE ROW LEVEL SECURITY;
CREATE POLICY concepts_all_service ON app.concepts TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY concepts_all_service ON app.concepts IS 'The service role reads and writes every concept of the transaction''s tenant.';
CREATE POLICY concepts_delete_app ON app.concepts FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_delete_app ON app.concepts IS 'Educators and admins remove concepts (their prerequisite edges go with them).';
CREATE POLICY concepts_insert_app ON app.concepts FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_insert_app ON app.concepts IS 'Educators and admins add concepts.';
CREATE POLICY concepts_select_app ON app.concepts FOR SELECT TO tenantdb_app USING (true);
COMMENT ON POLICY concepts_select_app ON app.concepts IS 'Everyone in the tenant reads its knowledge graph (tenant_isolation keeps it to the tenant).';
CREATE POLICY concepts_update_app ON app.concepts FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY concepts_update_app ON app.concepts IS 'Educators and admins edit concepts.';
ALTER TABLE app.conversation_artifacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY conversation_artifacts_all_service ON app.conversation_artifacts TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY conversation_artifacts_all_service ON app.conversation_artifacts IS 'The service role (the agents that write artifacts) records and reads every link of the transaction''s tenant.';
CREATE POLICY conversation_artifacts_delete_app ON app.conversation_artifacts FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY conversation_artifacts_delete_app ON app.conversation_artifacts IS 'A person removes links of their own conversations; tenant admins remove any.';
CREATE POLICY conversation_artifacts_insert_app ON app.conversation_artifacts FOR INSERT TO tenantdb_app WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) AND ((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))));
COMMENT ON POLICY conversation_artifacts_insert_app ON app.conversation_artifacts IS 'A person links their own conversations to artifacts they can see.';
CREATE POLICY conversation_artifacts_select_app ON app.conversation_artifacts FOR SELECT TO tenantdb_app USING ((((user_id = ( SELECT app.current_user_id() AS current_user_id)) AND (workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[]))) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY conversation_artifacts_select_app ON app.conversation_artifacts IS 'The conversation owner sees links to artifacts of workspaces they are a member of; tenant admins see all.';
ALTER TABLE app.conversations ENABLE ROW LEVEL SECURITY;
CREATE POLICY conversations_all_service ON app.conversations TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY conversations_all_service ON app.conversations IS 'The service role (the AI back end) reads and writes every conversation of the transaction''s tenant.';
CREATE POLICY conversations_delete_app ON app.conversations FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_delete_app ON app.conversations IS 'A person deletes their own conversations; admins delete any of the tenant''s.';
CREATE POLICY conversations_insert_app ON app.conversations FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY conversations_insert_app ON app.conversations IS 'A person starts conversations for themselves only.';
CREATE POLICY conversations_select_app ON app.conversations FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_select_app ON app.conversations IS 'A person reads their own conversations (educators and coaches too: chats are private); admins read all of the tenant''s (compliance).';
CREATE POLICY conversations_select_for_definer ON app.conversations FOR SELECT TO tenantdb_owner USING (share_enabled);
COMMENT ON POLICY conversations_select_for_definer ON app.conversations IS 'Lets the owner-run reader of shared conversations see conversations whose sharing is on, in the current tenant only.';
CREATE POLICY conversations_update_app ON app.conversations FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY conversations_update_app ON app.conversations IS 'A person renames, archives and shares their own conversations; admins may too (compliance).';
ALTER TABLE app.courses ENABLE ROW LEVEL SECURITY;
CREATE POLICY courses_all_service ON app.courses TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY courses_all_service ON app.courses IS 'The service role reads and writes every course of the transaction''s tenant.';
CREATE POLICY courses_delete_app ON app.courses FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_delete_app ON app.courses IS 'Educators and admins delete courses (with their enrollments, documents and chunks).';
CREATE POLICY courses_insert_app ON app.courses FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_insert_app ON app.courses IS 'Educators and admins create courses.';
CREATE POLICY courses_select_app ON app.courses FOR SELECT TO tenantdb_app USING (((id = ANY (( SELECT app_private.resolved_course_ids() AS resolved_course_ids)::uuid[])) OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer AS int4) = 1)));
COMMENT ON POLICY courses_select_app ON app.courses IS 'Students see the courses they are enrolled in; educators, coaches and admins see every course of the tenant. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
CREATE POLICY courses_update_app ON app.courses FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY courses_update_app ON app.courses IS 'Educators and admins edit courses.';
ALTER TABLE app.document_chunks ENABLE ROW LEVEL SECURITY;
CREATE POLICY document_chunks_all_service ON app.document_chunks TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY document_chunks_all_service ON app.document_chunks IS 'The service role (the RAG indexer) reads and writes every chunk of the transaction''s tenant.';
CREATE POLICY document_chunks_delete_app ON app.document_chunks FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_delete_app ON app.document_chunks IS 'Educators and admins delete chunks.';
CREATE POLICY document_chunks_insert_app ON app.document_chunks FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_insert_app ON app.document_chunks IS 'Educators and admins add chunks (the indexer uses the service role).';
CREATE POLICY document_chunks_select_app ON app.document_chunks FOR SELECT TO tenantdb_app USING (((course_id = ANY (( SELECT app_private.resolved_course_ids() AS resolved_course_ids)::uuid[])) OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer AS int4) = 1)));
COMMENT ON POLICY document_chunks_select_app ON app.document_chunks IS 'Students see chunks of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
CREATE POLICY document_chunks_update_app ON app.document_chunks FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY document_chunks_update_app ON app.document_chunks IS 'Educators and admins edit chunks.';
ALTER TABLE app.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_all_service ON app.documents TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY documents_all_service ON app.documents IS 'The service role (the RAG indexer) reads and writes every document of the transaction''s tenant.';
CREATE POLICY documents_delete_app ON app.documents FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_delete_app ON app.documents IS 'Educators and admins delete documents (with their chunks).';
CREATE POLICY documents_insert_app ON app.documents FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_insert_app ON app.documents IS 'Educators and admins add documents.';
CREATE POLICY documents_select_app ON app.documents FOR SELECT TO tenantdb_app USING (((course_id = ANY (( SELECT app_private.resolved_course_ids() AS resolved_course_ids)::uuid[])) OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer AS int4) = 1)));
COMMENT ON POLICY documents_select_app ON app.documents IS 'Students see documents of the courses they are enrolled in; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
CREATE POLICY documents_update_app ON app.documents FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY documents_update_app ON app.documents IS 'Educators and admins edit documents.';
ALTER TABLE app.enrollments ENABLE ROW LEVEL SECURITY;
CREATE POLICY enrollments_all_service ON app.enrollments TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY enrollments_all_service ON app.enrollments IS 'The service role reads and writes every enrollment of the transaction''s tenant.';
CREATE POLICY enrollments_delete_app ON app.enrollments FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_delete_app ON app.enrollments IS 'Educators and admins remove enrollments.';
CREATE POLICY enrollments_insert_app ON app.enrollments FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_insert_app ON app.enrollments IS 'Educators and admins enroll people.';
CREATE POLICY enrollments_select_app ON app.enrollments FOR SELECT TO tenantdb_app USING (((( SELECT ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer AS int4) = 1) OR (user_id = ( SELECT app.current_user_id() AS current_user_id))));
COMMENT ON POLICY enrollments_select_app ON app.enrollments IS 'A person sees their own enrollments; educators, coaches and admins see every enrollment of the tenant. The role test is one InitPlan (1 for staff), asked first: a row read by staff pays one integer comparison and never the own-row test (perf/staff_check_once reworked after @v0.3.0).';
CREATE POLICY enrollments_select_for_definer ON app.enrollments FOR SELECT TO tenantdb_owner USING ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY enrollments_select_for_definer ON app.enrollments IS 'Lets owner-run definer functions (current_course_ids) read the acting person''s own enrollments, in the current tenant only.';
CREATE POLICY enrollments_update_app ON app.enrollments FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text]))) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = ANY (ARRAY['educator'::text, 'admin'::text])));
COMMENT ON POLICY enrollments_update_app ON app.enrollments IS 'Educators and admins correct enrollments.';
ALTER TABLE app.external_connections ENABLE ROW LEVEL SECURITY;
CREATE POLICY external_connections_all_service ON app.external_connections TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY external_connections_all_service ON app.external_connections IS 'The service role (sync workers) reads and updates the connections of the transaction''s tenant.';
CREATE POLICY external_connections_delete_app ON app.external_connections FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY external_connections_delete_app ON app.external_connections IS 'Only tenant admins remove connections.';
CREATE POLICY external_connections_insert_app ON app.external_connections FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY external_connections_insert_app ON app.external_connections IS 'Only tenant admins add connections.';
CREATE POLICY external_connections_select_app ON app.external_connections FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY external_connections_select_app ON app.external_connections IS 'Only tenant admins see connections (and even they see ciphertext only).';
CREATE POLICY external_connections_update_app ON app.external_connections FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY external_connections_update_app ON app.external_connections IS 'Only tenant admins change connections and their credentials.';
ALTER TABLE app.integration_configs ENABLE ROW LEVEL SECURITY;
CREATE POLICY integration_configs_all_service ON app.integration_configs TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY integration_configs_all_service ON app.integration_configs IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY integration_configs_delete_app ON app.integration_configs FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY integration_configs_delete_app ON app.integration_configs IS 'Only tenant admins remove integration settings (integrations are admin-only).';
CREATE POLICY integration_configs_insert_app ON app.integration_configs FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY integration_configs_insert_app ON app.integration_configs IS 'Only tenant admins add integration settings (integrations are admin-only).';
CREATE POLICY integration_configs_select_app ON app.integration_configs FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY integration_configs_select_app ON app.integration_configs IS 'Only tenant admins read integration settings (integrations are admin-only).';
CREATE POLICY integration_configs_update_app ON app.integration_configs FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY integration_configs_update_app ON app.integration_configs IS 'Only tenant admins change integration settings (integrations are admin-only).';
ALTER TABLE app.interactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY interactions_all_service ON app.interactions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY interactions_all_service ON app.interactions IS 'The service role records and reads every interaction of the transaction''s tenant.';
CREATE POLICY interactions_all_service ON app.interactions_default TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY interactions_all_service ON app.interactions_default IS 'The service role records and reads every interaction of the transaction''s tenant.';
ALTER TABLE app.interactions_default ENABLE ROW LEVEL SECURITY;
CREATE POLICY interactions_delete_app ON app.interactions FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY interactions_delete_app ON app.interactions IS 'Admins delete interactions (records are not edited).';
CREATE POLICY interactions_delete_app ON app.interactions_default FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY interactions_delete_app ON app.interactions_default IS 'Admins delete interactions (records are not edited).';
CREATE POLICY interactions_insert_app ON app.interactions FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY interactions_insert_app ON app.interactions IS 'A person''s own requests are recorded as theirs only.';
CREATE POLICY interactions_insert_app ON app.interactions_default FOR INSERT TO tenantdb_app WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY interactions_insert_app ON app.interactions_default IS 'A person''s own requests are recorded as theirs only.';
CREATE POLICY interactions_select_app ON app.interactions FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT
        CASE
            WHEN (app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN NULL::integer
            ELSE 0
        END AS "case") IS NULL)));
COMMENT ON POLICY interactions_select_app ON app.interactions IS 'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan, NULL for staff and 0 for anyone else, tested IS NULL: no operator to set up in each partition''s filter (perf/interactions_staff_check_once).';
CREATE POLICY interactions_select_app ON app.interactions_default FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT
        CASE
            WHEN (app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])) THEN NULL::integer
            ELSE 0
        END AS "case") IS NULL)));
COMMENT ON POLICY interactions_select_app ON app.interactions_default IS 'Students see their own interactions; educators, coaches and admins see all of the tenant''s. The role test is one InitPlan, NULL for staff and 0 for anyone else, tested IS NULL: no operator to set up in each partition''s filter (perf/interactions_staff_check_once).';
ALTER TABLE app.intervention_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY intervention_logs_all_service ON app.intervention_logs TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY intervention_logs_all_service ON app.intervention_logs IS 'The service role records and reads every intervention of the transaction''s tenant.';
CREATE POLICY intervention_logs_delete_app ON app.intervention_logs FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_delete_app ON app.intervention_logs IS 'Admins delete interventions.';
CREATE POLICY intervention_logs_insert_app ON app.intervention_logs FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_insert_app ON app.intervention_logs IS 'Admins add interventions (the platform records them through the service role).';
CREATE POLICY intervention_logs_select_app ON app.intervention_logs FOR SELECT TO tenantdb_app USING (((learner_id >= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_lo'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_id <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_data_key <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('key_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND ((learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid, ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('staff_own_key'::text) AS remembered_else_unbound_visible_learner_ids_bound)])) IS NOT FALSE)));
COMMENT ON POLICY intervention_logs_select_app ON app.intervention_logs IS 'A student reads their own interventions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
CREATE POLICY intervention_logs_update_app ON app.intervention_logs FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY intervention_logs_update_app ON app.intervention_logs IS 'Admins correct interventions.';
ALTER TABLE app.learner_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY learner_profiles_all_service ON app.learner_profiles TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY learner_profiles_all_service ON app.learner_profiles IS 'The service role reads and writes every learner profile of the transaction''s tenant.';
CREATE POLICY learner_profiles_delete_app ON app.learner_profiles FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY learner_profiles_delete_app ON app.learner_profiles IS 'Only admins delete learner profiles.';
CREATE POLICY learner_profiles_insert_app ON app.learner_profiles FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY learner_profiles_insert_app ON app.learner_profiles IS 'Admins create learner profiles (launches create them through the service role).';
CREATE POLICY learner_profiles_select_app ON app.learner_profiles FOR SELECT TO tenantdb_app USING (((id = ANY (( SELECT app_private.own_visible_learner_ids() AS own_visible_learner_ids)::uuid[])) OR (( SELECT (app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text]))) AND (COALESCE((privacy_settings ->> 'data_sharing'::text), 'none'::text) <> 'none'::text)) OR ( SELECT (app_private.resolved_person_role() = 'admin'::text))));
COMMENT ON POLICY learner_profiles_select_app ON app.learner_profiles IS 'A student reads their own profile; educators and coaches the profiles of learners who share their data (privacy_settings.data_sharing not none); admins all of the tenant. Decided from the row (no array of visible ids). The role tests are boolean InitPlans, which the planner estimates at 50 % of the rows (staff see most of their tenant), so an educator''s ordered, limited roster walks the (tenant_id, lti_user_id) index and stops (perf/learner_profiles_roster_estimate).';
CREATE POLICY learner_profiles_select_for_definer ON app.learner_profiles FOR SELECT TO tenantdb_owner USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (COALESCE((privacy_settings ->> 'data_sharing'::text), 'none'::text) <> 'none'::text) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY learner_profiles_select_for_definer ON app.learner_profiles IS 'Lets owner-run definer functions read the acting person''s own learner profile (current_learner_id), profiles shared with the institution, or every profile when an admin acts (visible_learner_ids); current tenant only.';
CREATE POLICY learner_profiles_update_app ON app.learner_profiles FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY learner_profiles_update_app ON app.learner_profiles IS 'A student updates their own profile (their privacy settings); admins update any of the tenant.';
ALTER TABLE app.learning_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY learning_sessions_all_service ON app.learning_sessions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY learning_sessions_all_service ON app.learning_sessions IS 'The service role records and reads every session of the transaction''s tenant.';
CREATE POLICY learning_sessions_delete_app ON app.learning_sessions FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_delete_app ON app.learning_sessions IS 'Admins delete sessions.';
CREATE POLICY learning_sessions_insert_app ON app.learning_sessions FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_insert_app ON app.learning_sessions IS 'Admins add sessions (the platform records them through the service role).';
CREATE POLICY learning_sessions_select_app ON app.learning_sessions FOR SELECT TO tenantdb_app USING (((learner_id >= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_lo'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_id <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_data_key <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('key_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND ((learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid, ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('staff_own_key'::text) AS remembered_else_unbound_visible_learner_ids_bound)])) IS NOT FALSE)));
COMMENT ON POLICY learning_sessions_select_app ON app.learning_sessions IS 'A student reads their own sessions; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
CREATE POLICY learning_sessions_update_app ON app.learning_sessions FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY learning_sessions_update_app ON app.learning_sessions IS 'Admins correct sessions.';
ALTER TABLE app.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_all_service ON app.messages TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY messages_all_service ON app.messages IS 'The service role (the AI back end) reads and writes every message of the transaction''s tenant.';
CREATE POLICY messages_all_service ON app.messages_default TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY messages_all_service ON app.messages_default IS 'The service role (the AI back end) reads and writes every message of the transaction''s tenant.';
ALTER TABLE app.messages_default ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_delete_app ON app.messages FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_delete_app ON app.messages IS 'A person deletes messages of their own conversations; admins delete any of the tenant''s.';
CREATE POLICY messages_delete_app ON app.messages_default FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_delete_app ON app.messages_default IS 'A person deletes messages of their own conversations; admins delete any of the tenant''s.';
CREATE POLICY messages_insert_app ON app.messages FOR INSERT TO tenantdb_app WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) AND (role = 'user'::text)));
COMMENT ON POLICY messages_insert_app ON app.messages IS 'A person adds role = ''user'' messages to their own conversations only; assistant and system messages are the service role''s.';
CREATE POLICY messages_insert_app ON app.messages_default FOR INSERT TO tenantdb_app WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) AND (role = 'user'::text)));
COMMENT ON POLICY messages_insert_app ON app.messages_default IS 'A person adds role = ''user'' messages to their own conversations only; assistant and system messages are the service role''s.';
CREATE POLICY messages_select_app ON app.messages FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_select_app ON app.messages IS 'Messages of the person''s own conversations; admins read all of the tenant''s (compliance).';
CREATE POLICY messages_select_app ON app.messages_default FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY messages_select_app ON app.messages_default IS 'Messages of the person''s own conversations; admins read all of the tenant''s (compliance).';
CREATE POLICY messages_select_for_definer ON app.messages FOR SELECT TO tenantdb_owner USING ((conversation_id IN ( SELECT c.id
   FROM app.conversations c
  WHERE c.share_enabled)));
COMMENT ON POLICY messages_select_for_definer ON app.messages IS 'Lets the owner-run reader of shared conversations see messages of conversations whose sharing is on, in the current tenant only.';
CREATE POLICY messages_select_for_definer ON app.messages_default FOR SELECT TO tenantdb_owner USING ((conversation_id IN ( SELECT c.id
   FROM app.conversations c
  WHERE c.share_enabled)));
COMMENT ON POLICY messages_select_for_definer ON app.messages_default IS 'Lets the owner-run reader of shared conversations see messages of conversations whose sharing is on, in the current tenant only.';
CREATE POLICY messages_update_app ON app.messages FOR UPDATE TO tenantdb_app USING ((user_id = ( SELECT app.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY messages_update_app ON app.messages IS 'A person updates messages of their own conversations (e.g. rates an answer).';
CREATE POLICY messages_update_app ON app.messages_default FOR UPDATE TO tenantdb_app USING ((user_id = ( SELECT app.current_user_id() AS current_user_id))) WITH CHECK ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY messages_update_app ON app.messages_default IS 'A person updates messages of their own conversations (e.g. rates an answer).';
ALTER TABLE app.phases ENABLE ROW LEVEL SECURITY;
CREATE POLICY phases_all_service ON app.phases TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY phases_all_service ON app.phases IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY phases_delete_app ON app.phases FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY phases_delete_app ON app.phases IS 'Workspace editors and owners delete phases; tenant admins any.';
CREATE POLICY phases_insert_app ON app.phases FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY phases_insert_app ON app.phases IS 'Workspace editors and owners add phases; tenant admins anywhere.';
CREATE POLICY phases_select_app ON app.phases FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY phases_select_app ON app.phases IS 'Workspace members (any member role) read its phases; tenant admins read all.';
CREATE POLICY phases_update_app ON app.phases FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY phases_update_app ON app.phases IS 'Workspace editors and owners change phases (not into a workspace they do not edit); tenant admins any.';
ALTER TABLE app.retention_policies ENABLE ROW LEVEL SECURITY;
CREATE POLICY retention_policies_delete_app ON app.retention_policies FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY retention_policies_delete_app ON app.retention_policies IS 'Tenant admins remove retention settings.';
CREATE POLICY retention_policies_insert_app ON app.retention_policies FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY retention_policies_insert_app ON app.retention_policies IS 'Tenant admins add retention settings.';
CREATE POLICY retention_policies_select_app ON app.retention_policies FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY retention_policies_select_app ON app.retention_policies IS 'Tenant admins read the retention settings.';
CREATE POLICY retention_policies_select_service ON app.retention_policies FOR SELECT TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY retention_policies_select_service ON app.retention_policies IS 'The service role reads the settings of the transaction''s tenant (to show them); only admins change them.';
CREATE POLICY retention_policies_update_app ON app.retention_policies FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY retention_policies_update_app ON app.retention_policies IS 'Tenant admins change retention settings.';
ALTER TABLE app.struggle_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY struggle_events_all_service ON app.struggle_events TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY struggle_events_all_service ON app.struggle_events IS 'The service role records and reads every event of the transaction''s tenant.';
CREATE POLICY struggle_events_delete_app ON app.struggle_events FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_delete_app ON app.struggle_events IS 'Admins delete events.';
CREATE POLICY struggle_events_insert_app ON app.struggle_events FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_insert_app ON app.struggle_events IS 'Admins add events (detectors write them through the service role).';
CREATE POLICY struggle_events_select_app ON app.struggle_events FOR SELECT TO tenantdb_app USING (((learner_id >= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_lo'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_id <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('learner_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND (learner_data_key <= ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('key_hi'::text) AS remembered_else_unbound_visible_learner_ids_bound)) AND ((learner_data_key = ANY (ARRAY['00000000-0000-0000-0000-000000000000'::uuid, ( SELECT tenantdb_context.remembered_else_unbound_visible_learner_ids_bound('staff_own_key'::text) AS remembered_else_unbound_visible_learner_ids_bound)])) IS NOT FALSE)));
COMMENT ON POLICY struggle_events_select_app ON app.struggle_events IS 'A student reads their own struggle events; educators and coaches those of learners who share their data (learner_data_key nil) and their own; admins all. No OR: the learner and key ranges are index conditions (perf/learner_data_key_policies); each bound, stamp field 9 to 12, is one call of the tenantdb_context library: the context bind_context() remembered, else unbound_visible_learner_ids_bound() (perf/learner_data_bounds_remembered, reworked after @v0.3.0).';
CREATE POLICY struggle_events_update_app ON app.struggle_events FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY struggle_events_update_app ON app.struggle_events IS 'Admins correct events.';
ALTER TABLE app.sync_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_logs_all_service ON app.sync_logs TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY sync_logs_all_service ON app.sync_logs IS 'The service role (sync workers) writes and reads the logs of the transaction''s tenant.';
CREATE POLICY sync_logs_delete_app ON app.sync_logs FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_logs_delete_app ON app.sync_logs IS 'Only tenant admins delete sync logs.';
CREATE POLICY sync_logs_select_app ON app.sync_logs FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_logs_select_app ON app.sync_logs IS 'Only tenant admins read sync logs (integrations are admin-only).';
ALTER TABLE app.sync_status ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_status_all_service ON app.sync_status TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY sync_status_all_service ON app.sync_status IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY sync_status_delete_app ON app.sync_status FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_status_delete_app ON app.sync_status IS 'Only tenant admins remove sync states (integrations are admin-only).';
CREATE POLICY sync_status_insert_app ON app.sync_status FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_status_insert_app ON app.sync_status IS 'Only tenant admins add sync states (integrations are admin-only).';
CREATE POLICY sync_status_select_app ON app.sync_status FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_status_select_app ON app.sync_status IS 'Only tenant admins read sync states (integrations are admin-only).';
CREATE POLICY sync_status_update_app ON app.sync_status FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY sync_status_update_app ON app.sync_status IS 'Only tenant admins change sync states (integrations are admin-only).';
CREATE POLICY tenant_isolation ON app.agents AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.agents IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.artifact_versions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.artifact_versions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.artifacts AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.artifacts IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.audit_log AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.audit_log IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.audit_log_default AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.audit_log_default IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.auth_tokens AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.auth_tokens IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.concept_prerequisites AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.concept_prerequisites IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.concepts AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.concepts IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.conversation_artifacts AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.conversation_artifacts IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
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
CREATE POLICY tenant_isolation ON app.external_connections AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.external_connections IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.integration_configs AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.integration_configs IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.interactions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.interactions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.interactions_default AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.interactions_default IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.intervention_logs AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.intervention_logs IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.learner_profiles AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.learner_profiles IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.learning_sessions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.learning_sessions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.messages AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.messages IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.messages_default AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.messages_default IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.phases AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.phases IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.retention_policies AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.retention_policies IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.struggle_events AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.struggle_events IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.sync_logs AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.sync_logs IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.sync_status AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.sync_status IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.user_profiles AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.user_profiles IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.user_sessions AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.user_sessions IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.users AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.users IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workflows AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workflows IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workspace_configs AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workspace_configs IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workspace_integrations AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workspace_integrations IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workspace_members AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workspace_members IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workspace_settings AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workspace_settings IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
CREATE POLICY tenant_isolation ON app.workspaces AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.workspaces IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
ALTER TABLE app.tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_select_app ON app.tenants FOR SELECT TO tenantdb_app USING ((id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenants_select_app ON app.tenants IS 'People see only the row of the transaction''s tenant.';
CREATE POLICY tenants_select_service ON app.tenants FOR SELECT TO tenantdb_service USING ((id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenants_select_service ON app.tenants IS 'The service role sees only the row of the transaction''s tenant.';
ALTER TABLE app.user_profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_profiles_all_service ON app.user_profiles TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY user_profiles_all_service ON app.user_profiles IS 'The service role reads and writes every profile of the transaction''s tenant.';
CREATE POLICY user_profiles_delete_app ON app.user_profiles FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY user_profiles_delete_app ON app.user_profiles IS 'Only admins delete profiles (a profile goes with its user).';
CREATE POLICY user_profiles_insert_app ON app.user_profiles FOR INSERT TO tenantdb_app WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_insert_app ON app.user_profiles IS 'A person creates their own profile; admins create anyone''s.';
CREATE POLICY user_profiles_select_app ON app.user_profiles FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_select_app ON app.user_profiles IS 'A person reads their own profile; admins read every profile of the tenant.';
CREATE POLICY user_profiles_update_app ON app.user_profiles FOR UPDATE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY user_profiles_update_app ON app.user_profiles IS 'A person updates their own profile; admins update anyone''s.';
ALTER TABLE app.user_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_sessions_all_service ON app.user_sessions TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY user_sessions_all_service ON app.user_sessions IS 'The service role (the login flow) creates, touches and ends sessions of the transaction''s tenant.';
CREATE POLICY user_sessions_delete_app ON app.user_sessions FOR DELETE TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY user_sessions_delete_app ON app.user_sessions IS 'A person logs out their own sessions; admins end anyone''s.';
CREATE POLICY user_sessions_select_app ON app.user_sessions FOR SELECT TO tenantdb_app USING (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY user_sessions_select_app ON app.user_sessions IS 'A person sees their own sessions; admins see every session of the tenant.';
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_all_service ON app.users TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY users_all_service ON app.users IS 'The service role reads and writes every user of the transaction''s tenant.';
CREATE POLICY users_delete_app ON app.users FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY users_delete_app ON app.users IS 'Only tenant admins delete users.';
CREATE POLICY users_insert_app ON app.users FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY users_insert_app ON app.users IS 'Only tenant admins add users.';
CREATE POLICY users_select_app ON app.users FOR SELECT TO tenantdb_app USING (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT ((app_private.resolved_person_role() = ANY (ARRAY['educator'::text, 'coach'::text, 'admin'::text])))::integer AS int4) = 1)));
COMMENT ON POLICY users_select_app ON app.users IS 'A person reads their own row; educators, coaches and admins read the tenant''s roster. The role test is one InitPlan (1 for staff): a row pays one integer comparison, not a search of three role names (perf/staff_check_once).';
CREATE POLICY users_select_for_definer ON app.users FOR SELECT TO tenantdb_owner USING ((id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY users_select_for_definer ON app.users IS 'Lets owner-run definer functions (current_person_role) read the acting person''s own row, in the current tenant only.';
CREATE POLICY users_update_app ON app.users FOR UPDATE TO tenantdb_app USING (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((id = ( SELECT app.current_user_id() AS current_user_id)) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY users_update_app ON app.users IS 'A person updates their own row (never their role: see trigger users_role_change_guard); admins update any user of the tenant.';
ALTER TABLE app.workflows ENABLE ROW LEVEL SECURITY;
CREATE POLICY workflows_all_service ON app.workflows TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workflows_all_service ON app.workflows IS 'The service role (the agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY workflows_delete_app ON app.workflows FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workflows_delete_app ON app.workflows IS 'Workspace editors and owners delete workflows; tenant admins any.';
CREATE POLICY workflows_insert_app ON app.workflows FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workflows_insert_app ON app.workflows IS 'Workspace editors and owners add workflows; tenant admins anywhere.';
CREATE POLICY workflows_select_app ON app.workflows FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workflows_select_app ON app.workflows IS 'Workspace members (any member role) read its workflows; tenant admins read all.';
CREATE POLICY workflows_update_app ON app.workflows FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('editor'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workflows_update_app ON app.workflows IS 'Workspace editors and owners change workflows (not into a workspace they do not edit); tenant admins any.';
ALTER TABLE app.workspace_configs ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_configs_all_service ON app.workspace_configs TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workspace_configs_all_service ON app.workspace_configs IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY workspace_configs_delete_app ON app.workspace_configs FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_configs_delete_app ON app.workspace_configs IS 'Workspace owners remove configuration; tenant admins any.';
CREATE POLICY workspace_configs_insert_app ON app.workspace_configs FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_configs_insert_app ON app.workspace_configs IS 'Workspace owners add configuration; tenant admins anywhere.';
CREATE POLICY workspace_configs_select_app ON app.workspace_configs FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_configs_select_app ON app.workspace_configs IS 'Workspace members (any member role) read its configuration; tenant admins read all.';
CREATE POLICY workspace_configs_update_app ON app.workspace_configs FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_configs_update_app ON app.workspace_configs IS 'Workspace owners change configuration; tenant admins any.';
ALTER TABLE app.workspace_integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_integrations_all_service ON app.workspace_integrations TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workspace_integrations_all_service ON app.workspace_integrations IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY workspace_integrations_delete_app ON app.workspace_integrations FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspace_integrations_delete_app ON app.workspace_integrations IS 'Only tenant admins remove workspace integrations (integrations are admin-only).';
CREATE POLICY workspace_integrations_insert_app ON app.workspace_integrations FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspace_integrations_insert_app ON app.workspace_integrations IS 'Only tenant admins add workspace integrations (integrations are admin-only).';
CREATE POLICY workspace_integrations_select_app ON app.workspace_integrations FOR SELECT TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspace_integrations_select_app ON app.workspace_integrations IS 'Only tenant admins read workspace integrations (integrations are admin-only).';
CREATE POLICY workspace_integrations_update_app ON app.workspace_integrations FOR UPDATE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)) WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspace_integrations_update_app ON app.workspace_integrations IS 'Only tenant admins change workspace integrations (integrations are admin-only).';
ALTER TABLE app.workspace_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_members_all_service ON app.workspace_members TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workspace_members_all_service ON app.workspace_members IS 'The service role reads and writes every membership of the transaction''s tenant.';
CREATE POLICY workspace_members_delete_app ON app.workspace_members FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_members_delete_app ON app.workspace_members IS 'Workspace owners remove members from their workspaces; tenant admins from any.';
CREATE POLICY workspace_members_insert_app ON app.workspace_members FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_members_insert_app ON app.workspace_members IS 'Workspace owners add members to their workspaces; tenant admins to any.';
CREATE POLICY workspace_members_select_app ON app.workspace_members FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_members_select_app ON app.workspace_members IS 'Members see who else is in their workspaces; tenant admins see all memberships.';
CREATE POLICY workspace_members_select_for_definer ON app.workspace_members FOR SELECT TO tenantdb_owner USING ((user_id = ( SELECT app.current_user_id() AS current_user_id)));
COMMENT ON POLICY workspace_members_select_for_definer ON app.workspace_members IS 'Lets owner-run definer functions (current_workspace_ids) read the acting person''s own memberships, in the current tenant only.';
CREATE POLICY workspace_members_update_app ON app.workspace_members FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_members_update_app ON app.workspace_members IS 'Workspace owners change member roles in their workspaces; tenant admins in any.';
ALTER TABLE app.workspace_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_settings_all_service ON app.workspace_settings TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workspace_settings_all_service ON app.workspace_settings IS 'The service role (sync workers, agent runtime) reads and writes every row of the transaction''s tenant.';
CREATE POLICY workspace_settings_delete_app ON app.workspace_settings FOR DELETE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_settings_delete_app ON app.workspace_settings IS 'Workspace owners remove settings; tenant admins any.';
CREATE POLICY workspace_settings_insert_app ON app.workspace_settings FOR INSERT TO tenantdb_app WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_settings_insert_app ON app.workspace_settings IS 'Workspace owners add settings; tenant admins anywhere.';
CREATE POLICY workspace_settings_select_app ON app.workspace_settings FOR SELECT TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_settings_select_app ON app.workspace_settings IS 'Workspace members (any member role) read its settings; tenant admins read all.';
CREATE POLICY workspace_settings_update_app ON app.workspace_settings FOR UPDATE TO tenantdb_app USING (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((workspace_id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspace_settings_update_app ON app.workspace_settings IS 'Workspace owners change settings; tenant admins any.';
ALTER TABLE app.workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspaces_all_service ON app.workspaces TO tenantdb_service USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY workspaces_all_service ON app.workspaces IS 'The service role reads and writes every workspace of the transaction''s tenant.';
CREATE POLICY workspaces_delete_app ON app.workspaces FOR DELETE TO tenantdb_app USING ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspaces_delete_app ON app.workspaces IS 'Only tenant admins delete workspaces (with all their content).';
CREATE POLICY workspaces_insert_app ON app.workspaces FOR INSERT TO tenantdb_app WITH CHECK ((( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text));
COMMENT ON POLICY workspaces_insert_app ON app.workspaces IS 'Tenant admins create workspaces (and name their first owner in workspace_members).';
CREATE POLICY workspaces_select_app ON app.workspaces FOR SELECT TO tenantdb_app USING (((id = ANY (( SELECT app_private.resolved_workspace_ids('viewer'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspaces_select_app ON app.workspaces IS 'Members (any member role) read their workspaces; tenant admins read all.';
CREATE POLICY workspaces_update_app ON app.workspaces FOR UPDATE TO tenantdb_app USING (((id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text))) WITH CHECK (((id = ANY (( SELECT app_private.resolved_workspace_ids('owner'::text) AS resolved_workspace_ids)::uuid[])) OR (( SELECT app_private.resolved_person_role() AS resolved_person_role) = 'admin'::text)));
COMMENT ON POLICY workspaces_update_app ON app.workspaces IS 'Workspace owners rename and describe their workspaces; tenant admins any.';
CREATE POLICY tenant_isolation ON app_private.tenant_limits AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app_private.tenant_limits IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
ALTER TABLE app_private.tenant_limits ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_limits_select_for_definer ON app_private.tenant_limits FOR SELECT TO tenantdb_owner USING (true);
COMMENT ON POLICY tenant_limits_select_for_definer ON app_private.tenant_limits IS 'Lets app_private.apply_tenant_limits() (owner) read the tier; the restrictive tenant_isolation keeps it to the context''s tenant.';
ALTER TABLE archive.archived_rows ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON archive.archived_rows AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON archive.archived_rows IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
GRANT USAGE ON SCHEMA app TO tenantdb_app;
GRANT USAGE ON SCHEMA app TO tenantdb_service;
GRANT USAGE ON SCHEMA app TO tenantdb_maintenance;
GRANT USAGE ON SCHEMA app TO tenantdb_client;
GRANT USAGE ON SCHEMA app TO tenantdb_audit_eraser;
GRANT USAGE ON SCHEMA app TO tenantdb_learner_data_keeper;
GRANT USAGE ON SCHEMA app_private TO tenantdb_maintenance;
GRANT USAGE ON SCHEMA app_private TO tenantdb_audit_eraser;
GRANT USAGE ON SCHEMA archive TO tenantdb_maintenance;
GRANT USAGE ON SCHEMA archive TO tenantdb_audit_eraser;
GRANT USAGE ON SCHEMA cache_private TO tenantdb_maintenance;
GRANT USAGE ON SCHEMA tenantdb_context TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.apply_tenant_limits() FROM PUBLIC;
GRANT ALL ON FUNCTION app.apply_tenant_limits() TO tenantdb_app;
GRANT ALL ON FUNCTION app.apply_tenant_limits() TO tenantdb_service;
GRANT ALL ON FUNCTION app.apply_tenant_limits() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuid(field text, unbound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app.bound_tenant_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.bound_tenant_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.bound_tenant_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.bound_tenant_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app.bound_tenant_id() TO tenantdb_client;
REVOKE ALL ON FUNCTION app.current_tenant_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app.current_tenant_id() TO tenantdb_client;
REVOKE ALL ON FUNCTION app.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_client;
GRANT SELECT,DELETE ON TABLE app.users TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(email),UPDATE(email) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(display_name),UPDATE(display_name) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(role),UPDATE(role) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(sso_provider),UPDATE(sso_provider) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(sso_id),UPDATE(sso_id) ON TABLE app.users TO tenantdb_app;
GRANT INSERT(lti_user_id),UPDATE(lti_user_id) ON TABLE app.users TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.workspace_members TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_members TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_members TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.workspace_members TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.workspace_members TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.workspace_members TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.workspace_members TO tenantdb_app;
GRANT INSERT(member_role),UPDATE(member_role) ON TABLE app.workspace_members TO tenantdb_app;
REVOKE ALL ON FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) TO tenantdb_app;
GRANT ALL ON FUNCTION app.cache_visibility(OUT person_role text, OUT visibility_digest text) TO tenantdb_service;
GRANT SELECT,DELETE ON TABLE app.concept_prerequisites TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concept_prerequisites TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concept_prerequisites TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.concept_prerequisites TO tenantdb_app;
GRANT INSERT(concept_id),UPDATE(concept_id) ON TABLE app.concept_prerequisites TO tenantdb_app;
GRANT INSERT(prerequisite_id),UPDATE(prerequisite_id) ON TABLE app.concept_prerequisites TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.concepts TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concepts TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.concepts TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.concepts TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.concepts TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.concepts TO tenantdb_app;
GRANT INSERT(description),UPDATE(description) ON TABLE app.concepts TO tenantdb_app;
GRANT INSERT(course_contexts),UPDATE(course_contexts) ON TABLE app.concepts TO tenantdb_app;
REVOKE ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_service;
GRANT ALL ON FUNCTION app.concept_prerequisites_of(concept uuid) TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.auth_tokens TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.auth_tokens TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.auth_tokens TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.consume_auth_token(token text, expected_purpose text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.consume_auth_token(token text, expected_purpose text) TO tenantdb_service;
GRANT SELECT,DELETE ON TABLE app.user_sessions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_sessions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_sessions TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) FROM PUBLIC;
GRANT ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) TO tenantdb_service;
GRANT ALL ON FUNCTION app.delete_expired_sessions(batch_size integer) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.open_shared_conversation(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.open_shared_conversation(token text) TO tenantdb_app;
GRANT ALL ON FUNCTION app.open_shared_conversation(token text) TO tenantdb_service;
GRANT ALL ON FUNCTION app.open_shared_conversation(token text) TO tenantdb_client;
GRANT SELECT,DELETE ON TABLE app.conversations TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversations TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversations TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.conversations TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.conversations TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.conversations TO tenantdb_app;
GRANT INSERT(title),UPDATE(title) ON TABLE app.conversations TO tenantdb_app;
GRANT INSERT(status),UPDATE(status) ON TABLE app.conversations TO tenantdb_app;
GRANT UPDATE(share_token_sha256) ON TABLE app.conversations TO tenantdb_app;
GRANT UPDATE(share_enabled) ON TABLE app.conversations TO tenantdb_app;
GRANT INSERT(workspace_id),UPDATE(workspace_id) ON TABLE app.conversations TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.messages TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.messages TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.messages TO tenantdb_app;
GRANT INSERT(conversation_id) ON TABLE app.messages TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.messages TO tenantdb_app;
GRANT INSERT(role) ON TABLE app.messages TO tenantdb_app;
GRANT INSERT(content) ON TABLE app.messages TO tenantdb_app;
GRANT UPDATE(feedback_score) ON TABLE app.messages TO tenantdb_app;
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
REVOKE ALL ON FUNCTION app.set_context(tenant uuid, person uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app.set_context(tenant uuid, person uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app.set_context(tenant uuid, person uuid) TO tenantdb_service;
GRANT ALL ON FUNCTION app.set_context(tenant uuid, person uuid) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app.set_token(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION app.set_token(token text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app.share_conversation(conversation uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app.share_conversation(conversation uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app.share_conversation(conversation uuid) TO tenantdb_service;
REVOKE ALL ON FUNCTION app_private.apply_tenant_limits(tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.apply_tenant_limits(tenant uuid) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.apply_tenant_limits(tenant uuid) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.apply_tenant_limits(tenant uuid) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.audit_row_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.base64url_decode(encoded text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.bind_client_login(login name, tenant uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.bind_client_login(login name, tenant uuid) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.bind_context(tenant uuid, person uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.check_conversation_workspace() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.concept_prerequisites_reject_cycle() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.constant_time_equal(left_bytes bytea, right_bytes bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.transaction_binding() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.transaction_binding() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.transaction_binding() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.transaction_binding() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.transaction_binding() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.context_is_current() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.context_is_current() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.context_is_current() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.context_is_current() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.context_is_current() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.context_signature_is_valid() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.context_signature_is_valid() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.context_signature_is_valid() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.context_signature_is_valid() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.context_signature_is_valid() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.context_is_bound() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.context_is_bound() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.context_is_bound() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.context_is_bound() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.context_is_bound() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.hmac_sha256(inner_pad bytea, outer_pad bytea, message bytea) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.context_signature(tenant text, person text, binding text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.reject_context(setting_name text, raw_value text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.reject_context(setting_name text, raw_value text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.reject_context(setting_name text, raw_value text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.reject_context(setting_name text, raw_value text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.reject_context(setting_name text, raw_value text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.context_uuid(setting_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.context_uuid(setting_name text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.conversation_artifacts_fill_message_time() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.conversation_artifacts_require_message_time() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.copy_partition_guards(part regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.copy_table_grants(source regclass, target regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.create_history_partitions(ahead interval, since timestamp with time zone, only_table regclass) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.create_history_partitions(ahead interval, since timestamp with time zone, only_table regclass) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_uuids(field text, unbound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.resolved_course_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.resolved_course_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.resolved_course_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.resolved_course_ids() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.resolved_course_ids() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.current_course_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_course_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_course_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.current_course_ids() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.resolved_learner_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.resolved_learner_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.resolved_learner_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.resolved_learner_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.resolved_learner_id() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.current_learner_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_learner_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_learner_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.current_learner_id() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_text(field text, unbound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.resolved_person_role() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.resolved_person_role() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.resolved_person_role() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.resolved_person_role() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.resolved_person_role() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.current_person_role() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.resolved_workspace_ids(min_member_role text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.current_workspace_ids(min_member_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_workspace_ids(min_member_role text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_workspace_ids(min_member_role text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.current_workspace_ids(min_member_role text) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.document_chunks_fill_course() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.drop_history_partition(part regclass) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.drop_history_partition(part regclass) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.erase_tenant_records(target uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.erase_tenant_records(target uuid) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.explain_row_access(target regclass, row_key text, client_role name) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.fill_created_by_from_context() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.fill_learner_data_key() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.forbid_audit_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.forbid_receipt_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.forbid_tenant_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.forget_expired_token_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.forget_expired_token_ids() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.guard_tenant_table(target regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.hmac_sha256_pad(key bytea, pad_byte integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.learner_data_bound(person_role text, learner uuid, bound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.load_token_key(key_id text, key_bytes bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.load_token_key(key_id text, key_bytes bytea) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.lookup_person_context(OUT person_role text, OUT learner_id uuid, OUT course_ids uuid[], OUT viewer_workspace_ids uuid[], OUT editor_workspace_ids uuid[], OUT owner_workspace_ids uuid[]) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.messages_fill_owner() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.own_visible_learner_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.own_visible_learner_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.own_visible_learner_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.own_visible_learner_ids() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.own_visible_learner_ids() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.policy_expression_with_resolved_lookups(expression text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.rebind_resolved_context() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.rebuild_history_table(target regclass, partition_column name) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.refuse_admin_only_columns() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.refuse_delete_with_audit_rows() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.refuse_token(failed_check text, reason text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.reject_missing_context(setting_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.reject_missing_context(setting_name text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.reject_missing_context(setting_name text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.reject_missing_context(setting_name text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.reject_missing_context(setting_name text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.require_tenant_context() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.resolved_context_signature(tenant text, person text, unsigned_stamp text) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.staff_visible_learner_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.staff_visible_learner_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.staff_visible_learner_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.staff_visible_learner_ids() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.staff_visible_learner_ids() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.unbound_resolved_value(resolved_field text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.unbound_resolved_value(resolved_field text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.unbound_resolved_value(resolved_field text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.unbound_resolved_value(resolved_field text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.unbound_resolved_value(resolved_field text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.resolved_visible_learner_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.resolved_visible_learner_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.resolved_visible_learner_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.resolved_visible_learner_ids() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.resolved_visible_learner_ids() TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.retire_token_key(key_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.retire_token_key(key_id text) TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.set_updated_at() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.sync_conversation_share_link() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.sync_learner_data_key() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.tenant_table_usage() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.tenant_table_usage() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.token_key_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.token_key_ids() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.unbound_context_uuid(setting_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.unbound_context_uuid(setting_name text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.unbound_context_uuid(setting_name text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.unbound_context_uuid(setting_name text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.unbound_context_uuid(setting_name text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.unbound_visible_learner_ids_bound(bound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION app_private.users_guard_role_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.visible_learner_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.visible_learner_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.visible_learner_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.visible_learner_ids() TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.visible_learner_ids_bound(bound text) FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.visible_learner_ids_bound(bound text) TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.visible_learner_ids_bound(bound text) TO tenantdb_service;
GRANT ALL ON FUNCTION app_private.visible_learner_ids_bound(bound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION app_private.visible_learner_ids_bound(bound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION cache_private.record_person_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION cache_private.record_row_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION cache_private.record_visibility_change() FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.bound_context_is_remembered() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.bound_context_is_remembered() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.bound_context_is_remembered() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.bound_context_is_remembered() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.bound_context_is_remembered() TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remember_bound_context() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_course_ids() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_course_ids() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_course_ids() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_course_ids() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_course_ids() TO tenantdb_client;
REVOKE ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_else_unbound_visible_learner_ids_bound(bound text) TO tenantdb_client;
REVOKE ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) FROM PUBLIC;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_data_bound(bound text) TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_id() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_id() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_id() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_learner_id() TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remembered_person_role() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_person_role() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_person_role() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_person_role() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_person_role() TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remembered_tenant_id() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_tenant_id() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_tenant_id() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_tenant_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_tenant_id() TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remembered_user_id() TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_user_id() TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_user_id() TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_user_id() TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_user_id() TO tenantdb_client;
GRANT ALL ON FUNCTION tenantdb_context.remembered_workspace_ids(min_member_role text) TO tenantdb_owner;
GRANT ALL ON FUNCTION tenantdb_context.remembered_workspace_ids(min_member_role text) TO tenantdb_app;
GRANT ALL ON FUNCTION tenantdb_context.remembered_workspace_ids(min_member_role text) TO tenantdb_service;
GRANT ALL ON FUNCTION tenantdb_context.remembered_workspace_ids(min_member_role text) TO tenantdb_maintenance;
GRANT ALL ON FUNCTION tenantdb_context.remembered_workspace_ids(min_member_role text) TO tenantdb_client;
GRANT SELECT,DELETE ON TABLE app.agents TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.agents TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.agents TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(agent_role),UPDATE(agent_role) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(model),UPDATE(model) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(instructions),UPDATE(instructions) ON TABLE app.agents TO tenantdb_app;
GRANT INSERT(is_active),UPDATE(is_active) ON TABLE app.agents TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.artifact_versions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.artifact_versions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.artifact_versions TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(artifact_id) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(version_number) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(content) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT INSERT(change_note) ON TABLE app.artifact_versions TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.artifacts TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.artifacts TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.artifacts TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(artifact_type),UPDATE(artifact_type) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(file_path),UPDATE(file_path) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(status),UPDATE(status) ON TABLE app.artifacts TO tenantdb_app;
GRANT INSERT(metadata),UPDATE(metadata) ON TABLE app.artifacts TO tenantdb_app;
REVOKE ALL ON TABLE app.audit_log FROM tenantdb_owner;
GRANT SELECT,INSERT,REFERENCES,TRIGGER,MAINTAIN ON TABLE app.audit_log TO tenantdb_owner;
GRANT SELECT ON TABLE app.audit_log TO tenantdb_app;
GRANT SELECT,INSERT ON TABLE app.audit_log TO tenantdb_maintenance;
GRANT DELETE ON TABLE app.audit_log TO tenantdb_audit_eraser;
GRANT SELECT(tenant_id) ON TABLE app.audit_log TO tenantdb_audit_eraser;
REVOKE ALL ON TABLE app.audit_log_default FROM tenantdb_owner;
GRANT SELECT,INSERT,REFERENCES,TRIGGER,MAINTAIN ON TABLE app.audit_log_default TO tenantdb_owner;
GRANT SELECT ON TABLE app.audit_log_default TO tenantdb_app;
GRANT SELECT,INSERT ON TABLE app.audit_log_default TO tenantdb_maintenance;
GRANT DELETE ON TABLE app.audit_log_default TO tenantdb_audit_eraser;
GRANT SELECT(tenant_id) ON TABLE app.audit_log_default TO tenantdb_audit_eraser;
GRANT SELECT,DELETE ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversation_artifacts TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.conversation_artifacts TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(conversation_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(message_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(artifact_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT INSERT(relation) ON TABLE app.conversation_artifacts TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.courses TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.courses TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.courses TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.courses TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.courses TO tenantdb_app;
GRANT INSERT(code),UPDATE(code) ON TABLE app.courses TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.courses TO tenantdb_app;
GRANT INSERT(description),UPDATE(description) ON TABLE app.courses TO tenantdb_app;
GRANT INSERT(semester),UPDATE(semester) ON TABLE app.courses TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.document_chunks TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.document_chunks TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.document_chunks TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(document_id) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(course_id) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(chunk_id),UPDATE(chunk_id) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(content),UPDATE(content) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(embedding),UPDATE(embedding) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(embedding_model),UPDATE(embedding_model) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(embedding_version),UPDATE(embedding_version) ON TABLE app.document_chunks TO tenantdb_app;
GRANT INSERT(metadata),UPDATE(metadata) ON TABLE app.document_chunks TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.documents TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.documents TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.documents TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.documents TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.documents TO tenantdb_app;
GRANT INSERT(course_id) ON TABLE app.documents TO tenantdb_app;
GRANT INSERT(title),UPDATE(title) ON TABLE app.documents TO tenantdb_app;
GRANT INSERT(file_path),UPDATE(file_path) ON TABLE app.documents TO tenantdb_app;
GRANT INSERT(content_type),UPDATE(content_type) ON TABLE app.documents TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.enrollments TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.enrollments TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.enrollments TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.enrollments TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.enrollments TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.enrollments TO tenantdb_app;
GRANT INSERT(course_id),UPDATE(course_id) ON TABLE app.enrollments TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.external_connections TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.external_connections TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.external_connections TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(service_type) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(display_name),UPDATE(display_name) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(service_config),UPDATE(service_config) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(credential_key_id),UPDATE(credential_key_id) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(credential_ciphertext),UPDATE(credential_ciphertext) ON TABLE app.external_connections TO tenantdb_app;
GRANT INSERT(status),UPDATE(status) ON TABLE app.external_connections TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.integration_configs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.integration_configs TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.integration_configs TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.interactions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.interactions TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.interactions TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.interactions TO tenantdb_app;
GRANT INSERT(service_type) ON TABLE app.interactions TO tenantdb_app;
GRANT INSERT(request_data) ON TABLE app.interactions TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.interactions_default TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions_default TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.interactions_default TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.interactions_default TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.interactions_default TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.interactions_default TO tenantdb_app;
GRANT INSERT(service_type) ON TABLE app.interactions_default TO tenantdb_app;
GRANT INSERT(request_data) ON TABLE app.interactions_default TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.intervention_logs TO tenantdb_maintenance;
GRANT SELECT(tenant_id) ON TABLE app.intervention_logs TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_id) ON TABLE app.intervention_logs TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_data_key),UPDATE(learner_data_key) ON TABLE app.intervention_logs TO tenantdb_learner_data_keeper;
GRANT SELECT,DELETE ON TABLE app.learner_profiles TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learner_profiles TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learner_profiles TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT SELECT(tenant_id) ON TABLE app.learner_profiles TO tenantdb_learner_data_keeper;
GRANT INSERT(id) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT SELECT(id) ON TABLE app.learner_profiles TO tenantdb_learner_data_keeper;
GRANT INSERT(user_id) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT INSERT(lti_user_id),UPDATE(lti_user_id) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT INSERT(cognitive_profile),UPDATE(cognitive_profile) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT INSERT(privacy_settings),UPDATE(privacy_settings) ON TABLE app.learner_profiles TO tenantdb_app;
GRANT SELECT(privacy_settings) ON TABLE app.learner_profiles TO tenantdb_learner_data_keeper;
GRANT UPDATE(updated_at) ON TABLE app.learner_profiles TO tenantdb_learner_data_keeper;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.learning_sessions TO tenantdb_maintenance;
GRANT SELECT(tenant_id) ON TABLE app.learning_sessions TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_id) ON TABLE app.learning_sessions TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_data_key),UPDATE(learner_data_key) ON TABLE app.learning_sessions TO tenantdb_learner_data_keeper;
GRANT SELECT,DELETE ON TABLE app.messages_default TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages_default TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.messages_default TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.messages_default TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.messages_default TO tenantdb_app;
GRANT INSERT(conversation_id) ON TABLE app.messages_default TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.messages_default TO tenantdb_app;
GRANT INSERT(role) ON TABLE app.messages_default TO tenantdb_app;
GRANT INSERT(content) ON TABLE app.messages_default TO tenantdb_app;
GRANT UPDATE(feedback_score) ON TABLE app.messages_default TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.phases TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.phases TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.phases TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(workflow_id) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT("position"),UPDATE("position") ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(agent_id),UPDATE(agent_id) ON TABLE app.phases TO tenantdb_app;
GRANT INSERT(status),UPDATE(status) ON TABLE app.phases TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.retention_policies TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.retention_policies TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.retention_policies TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.struggle_events TO tenantdb_maintenance;
GRANT SELECT(tenant_id) ON TABLE app.struggle_events TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_id) ON TABLE app.struggle_events TO tenantdb_learner_data_keeper;
GRANT SELECT(learner_data_key),UPDATE(learner_data_key) ON TABLE app.struggle_events TO tenantdb_learner_data_keeper;
GRANT SELECT,DELETE ON TABLE app.sync_logs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.sync_logs TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.sync_logs TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.sync_status TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.sync_status TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.sync_status TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.tenants TO tenantdb_app;
GRANT SELECT ON TABLE app.tenants TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.tenants TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.user_profiles TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_profiles TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.user_profiles TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(user_id) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(bio),UPDATE(bio) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(avatar_url),UPDATE(avatar_url) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(locale),UPDATE(locale) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(time_zone),UPDATE(time_zone) ON TABLE app.user_profiles TO tenantdb_app;
GRANT INSERT(preferences),UPDATE(preferences) ON TABLE app.user_profiles TO tenantdb_app;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_app;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_service;
GRANT SELECT ON TABLE app.v_rag_chunks TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_app;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_service;
GRANT SELECT ON TABLE app.v_rag_documents TO tenantdb_maintenance;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_app;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_service;
GRANT SELECT ON TABLE app.v_user_interactions TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.workflows TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workflows TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workflows TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.workflows TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.workflows TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.workflows TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.workflows TO tenantdb_app;
GRANT INSERT(description),UPDATE(description) ON TABLE app.workflows TO tenantdb_app;
GRANT INSERT(status),UPDATE(status) ON TABLE app.workflows TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.workspace_configs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_configs TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_configs TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.workspace_configs TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.workspace_configs TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.workspace_configs TO tenantdb_app;
GRANT INSERT(config_type),UPDATE(config_type) ON TABLE app.workspace_configs TO tenantdb_app;
GRANT INSERT(config),UPDATE(config) ON TABLE app.workspace_configs TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_integrations TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_integrations TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_integrations TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app.workspace_settings TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_settings TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspace_settings TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.workspace_settings TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.workspace_settings TO tenantdb_app;
GRANT INSERT(workspace_id) ON TABLE app.workspace_settings TO tenantdb_app;
GRANT INSERT(setting_key),UPDATE(setting_key) ON TABLE app.workspace_settings TO tenantdb_app;
GRANT INSERT(setting_value),UPDATE(setting_value) ON TABLE app.workspace_settings TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app.workspaces TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspaces TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.workspaces TO tenantdb_maintenance;
GRANT INSERT(tenant_id) ON TABLE app.workspaces TO tenantdb_app;
GRANT INSERT(id) ON TABLE app.workspaces TO tenantdb_app;
GRANT INSERT(name),UPDATE(name) ON TABLE app.workspaces TO tenantdb_app;
GRANT INSERT(description),UPDATE(description) ON TABLE app.workspaces TO tenantdb_app;
GRANT SELECT,DELETE ON TABLE app_private.client_logins TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE app_private.conversation_share_links TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app_private.tenant_limits TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app_private.tenant_tiers TO tenantdb_maintenance;
GRANT SELECT ON TABLE app_private.tenant_usage TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE ON TABLE archive.archived_rows TO tenantdb_maintenance;
GRANT DELETE ON TABLE archive.archived_rows TO tenantdb_audit_eraser;
GRANT SELECT(tenant_id) ON TABLE archive.archived_rows TO tenantdb_audit_eraser;
GRANT UPDATE(row_data) ON TABLE archive.archived_rows TO tenantdb_maintenance;
GRANT UPDATE(run_id) ON TABLE archive.archived_rows TO tenantdb_maintenance;
GRANT UPDATE(archived_at) ON TABLE archive.archived_rows TO tenantdb_maintenance;
GRANT SELECT,INSERT,UPDATE ON TABLE archive.retention_runs TO tenantdb_maintenance;
GRANT SELECT ON TABLE archive.retention_targets TO tenantdb_maintenance;
GRANT SELECT,INSERT ON TABLE archive.tenant_erasures TO tenantdb_maintenance;
GRANT SELECT,DELETE ON TABLE cache_private.invalidations TO tenantdb_maintenance;
ALTER DEFAULT PRIVILEGES FOR ROLE tenantdb_owner REVOKE ALL ON FUNCTIONS FROM PUBLIC;

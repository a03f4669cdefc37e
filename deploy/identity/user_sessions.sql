-- Deploy tenantdb:identity/user_sessions to pg
-- Login sessions (the sources' `sessions` and `user_sessions` are this one table).
-- The sources ask for a partial index WHERE expires_at > now(); PostgreSQL rejects it, because
-- an index predicate must be immutable and now() moves. Two plain indexes serve both needs:
--   * active sessions of a person: (tenant_id, user_id, expires_at) - the range condition
--     expires_at > now() is an index condition on the third column;
--   * cleanup of expired sessions (maintenance role, all tenants): (expires_at) - a range scan
--     from the oldest; app.delete_expired_sessions() deletes them in bounded batches.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.user_sessions (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_accessed_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    user_agent text,
    client_ip inet,
    CONSTRAINT user_sessions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT user_sessions_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT user_sessions_user_fkey FOREIGN KEY (tenant_id, user_id)
        REFERENCES app.users (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT user_sessions_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT user_sessions_access_not_before_creation CHECK (last_accessed_at >= created_at),
    CONSTRAINT user_sessions_user_agent_length CHECK (char_length(user_agent) <= 1000)
);

COMMENT ON TABLE app.user_sessions IS
    'Login sessions of users (deleted with the user). A session is active while expires_at is in the future; expired ones are removed by app.delete_expired_sessions().';
COMMENT ON COLUMN app.user_sessions.tenant_id IS 'Owning tenant; part of every key.';
COMMENT ON COLUMN app.user_sessions.id IS 'Session id (the server-side handle; the cookie carries it, never a password).';
COMMENT ON COLUMN app.user_sessions.user_id IS 'The person logged in.';
COMMENT ON COLUMN app.user_sessions.created_at IS 'Login time.';
COMMENT ON COLUMN app.user_sessions.last_accessed_at IS 'Time of the last request in this session.';
COMMENT ON COLUMN app.user_sessions.expires_at IS 'End of the session; after it the session is inactive and may be deleted.';
COMMENT ON COLUMN app.user_sessions.user_agent IS 'User agent of the client that logged in (for the person''s "your sessions" list).';
COMMENT ON COLUMN app.user_sessions.client_ip IS 'Client address at login.';
COMMENT ON CONSTRAINT user_sessions_user_fkey ON app.user_sessions IS 'Session of a user of the same tenant; deleted with the user.';
COMMENT ON CONSTRAINT user_sessions_expiry_after_creation ON app.user_sessions IS 'A session expires after it was created.';
COMMENT ON CONSTRAINT user_sessions_access_not_before_creation ON app.user_sessions IS 'A session is not used before it exists.';
COMMENT ON CONSTRAINT user_sessions_user_agent_length ON app.user_sessions IS 'User agents are at most 1000 characters.';

CREATE INDEX user_sessions_user_expiry_idx ON app.user_sessions (tenant_id, user_id, expires_at);
COMMENT ON INDEX app.user_sessions_user_expiry_idx IS
    'Active sessions of a person: WHERE user_id = $1 AND expires_at > now() is one index range (replaces the invalid partial index on now()); also covers the user foreign key.';
CREATE INDEX user_sessions_expiry_idx ON app.user_sessions (expires_at);
COMMENT ON INDEX app.user_sessions_expiry_idx IS
    'Cleanup of expired sessions across tenants (maintenance role): a range scan from the oldest expiry.';

SELECT app_private.guard_tenant_table('app.user_sessions');

CREATE POLICY user_sessions_select_app ON app.user_sessions
    FOR SELECT TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_sessions_select_app ON app.user_sessions IS 'A person sees their own sessions; admins see every session of the tenant.';

CREATE POLICY user_sessions_delete_app ON app.user_sessions
    FOR DELETE TO tenantdb_app
    USING (user_id = (SELECT app.current_user_id()) OR (SELECT app_private.current_person_role()) = 'admin');
COMMENT ON POLICY user_sessions_delete_app ON app.user_sessions IS 'A person logs out their own sessions; admins end anyone''s.';

CREATE POLICY user_sessions_all_service ON app.user_sessions
    FOR ALL TO tenantdb_service
    USING (tenant_id = (SELECT app.current_tenant_id()))
    WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
COMMENT ON POLICY user_sessions_all_service ON app.user_sessions IS
    'The service role (the login flow) creates, touches and ends sessions of the transaction''s tenant.';

GRANT SELECT, DELETE ON app.user_sessions TO tenantdb_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON app.user_sessions TO tenantdb_service, tenantdb_maintenance;

CREATE FUNCTION app.delete_expired_sessions(batch_size integer DEFAULT 10000)
RETURNS bigint
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    WITH expired AS (
        SELECT s.tenant_id, s.id
        FROM app.user_sessions s
        WHERE s.expires_at <= pg_catalog.now()
        ORDER BY s.expires_at
        LIMIT batch_size
    ), deleted AS (
        DELETE FROM app.user_sessions s
        USING expired e
        WHERE s.tenant_id = e.tenant_id AND s.id = e.id
        RETURNING 1
    )
    SELECT pg_catalog.count(*) FROM deleted;
END;
COMMENT ON FUNCTION app.delete_expired_sessions(integer) IS
    'Deletes up to batch_size expired sessions, oldest first, and returns how many. Invoker: the maintenance role cleans every tenant, the service role its tenant. Call repeatedly until it returns 0.';
REVOKE ALL ON FUNCTION app.delete_expired_sessions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.delete_expired_sessions(integer) TO tenantdb_service, tenantdb_maintenance;

COMMIT;

-- Deploy tenantdb:security/bound_context to pg
-- The tenant context bound to its transaction, set by one call:
--     SELECT app.set_context('<tenant uuid>', '<user uuid>');   -- user NULL/omitted for the service role
-- set_context() writes three transaction-local settings: app.tenant_id, app.user_id and
-- app.context_stamp = '<backend pid>:<transaction start, µs since 1970>:<HMAC-SHA256 hex>', the
-- HMAC (key: app_private.context_signing_key) covering tenant, user and that binding.
-- The accessors accept the context only when the stamp names this backend and this transaction
-- (so a session-level SET, a pooled connection's earlier borrower or a replay in the next
-- transaction reads as no context), and, for sessions of tenantdb_client members, only when the
-- HMAC is right (so values set by hand are not a context). Without a bound context they raise
-- 42501 naming the setting and the fix: a query never silently returns "no data".
-- The binding check is one inlined SQL expression (no function call per statement for the
-- app and service roles); the HMAC check is one definer call per accessor call.
-- Superuser sessions (before SET ROLE) keep the plain settings, unverified: a superuser bypasses
-- RLS anyway, and the landed verify scripts run that way.
-- Room for the per-transaction lookups (person role, learner id, course ids): bind_context() can
-- resolve them once and store them next to the ids under the same HMAC.
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE FUNCTION app_private.transaction_binding()
RETURNS text
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN pg_catalog.pg_backend_pid()::text || ':'
       || ((pg_catalog.date_part('epoch', pg_catalog.now()) * 1000000)::bigint)::text;
COMMENT ON FUNCTION app_private.transaction_binding() IS
    'This backend and this transaction as text, ''<pid>:<transaction start in microseconds>'': the part of app.context_stamp that binds a context to the transaction that set it. Parallel restricted (a worker has another pid).';
GRANT EXECUTE ON FUNCTION app_private.transaction_binding()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

CREATE FUNCTION app_private.context_signature(tenant text, person text, binding text)
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.encode(app_private.hmac_sha256(k.inner_pad, k.outer_pad,
               pg_catalog.convert_to('tenantdb-context-v1|' || tenant || '|' || person || '|' || binding, 'UTF8')), 'hex')
    FROM app_private.context_signing_key k;
END;
COMMENT ON FUNCTION app_private.context_signature(text, text, text) IS
    'HMAC-SHA256 (hex) of a context: tenant id, user id ('''' for none) and transaction binding, keyed by app_private.context_signing_key. Definer (reads the key); no client role may execute it.';
REVOKE ALL ON FUNCTION app_private.context_signature(text, text, text) FROM PUBLIC;

-- No SET search_path here, on purpose: this runs once per statement in client sessions, and a
-- SET clause costs about 15 µs per call (measured). The body is SQL-standard (BEGIN ATOMIC):
-- every name in it was resolved to an object when the function was created, so the caller's
-- search_path cannot redirect anything (lint allowlist: security_definer_without_search_path).
CREATE FUNCTION app_private.context_signature_is_valid()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
BEGIN ATOMIC
    -- Compared as SHA-256 of both hex strings, so the time the comparison takes says nothing
    -- useful about how many leading characters of a forged signature were right (learning a
    -- prefix of a hash of the true signature does not reveal the signature).
    SELECT coalesce(
               pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.split_part(s.stamp, ':', 3), 'UTF8'))
             = pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.encode(
                   pg_catalog.sha256(k.outer_pad || pg_catalog.sha256(k.inner_pad || pg_catalog.convert_to(
                       'tenantdb-context-v1|' || s.tenant || '|' || s.person || '|'
                       || pg_catalog.split_part(s.stamp, ':', 1) || ':' || pg_catalog.split_part(s.stamp, ':', 2), 'UTF8'))),
                   'hex'), 'UTF8')),
               false)
    FROM app_private.context_signing_key k
    CROSS JOIN (SELECT pg_catalog.current_setting('app.tenant_id', true) AS tenant,
                       pg_catalog.current_setting('app.user_id', true) AS person,
                       pg_catalog.current_setting('app.context_stamp', true) AS stamp) s;
END;
COMMENT ON FUNCTION app_private.context_signature_is_valid() IS
    'True when app.context_stamp carries the right HMAC for the current app.tenant_id, app.user_id and its binding, i.e. the context was set by set_context(), set_token() or an owner function, not by hand. Compares hashes of both values (timing reveals nothing useful). Definer (reads the key).';
REVOKE ALL ON FUNCTION app_private.context_signature_is_valid() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.context_signature_is_valid()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

CREATE FUNCTION app_private.context_is_current()
RETURNS boolean
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN coalesce(
    pg_catalog.starts_with(NULLIF(pg_catalog.current_setting('app.context_stamp', true), ''), app_private.transaction_binding() || ':'),
    false);
COMMENT ON FUNCTION app_private.context_is_current() IS
    'True when app.context_stamp names this backend and this transaction (the context was set in this transaction). Never NULL. Inlined into the accessors; app.current_user_id() needs no more (see context_is_bound).';
GRANT EXECUTE ON FUNCTION app_private.context_is_current()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

CREATE FUNCTION app_private.context_is_bound()
RETURNS boolean
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN app_private.context_is_current()
    AND (NOT (pg_catalog.pg_has_role(SESSION_USER, 'tenantdb_client', 'MEMBER')
              OR pg_catalog.pg_has_role(CURRENT_USER, 'tenantdb_client', 'MEMBER'))
         OR app_private.context_signature_is_valid());
COMMENT ON FUNCTION app_private.context_is_bound() IS
    'True when the context was set in this transaction of this backend and, for sessions of tenantdb_client members (and superuser sessions), its HMAC over tenant, person and binding is right. Never NULL. Inlined into app.current_tenant_id(), which every tenant row passes (restrictive tenant_isolation) and every write checks (tenant_context_required): a person changed by hand breaks the HMAC there, so app.current_user_id() checks only the binding.';
GRANT EXECUTE ON FUNCTION app_private.context_is_bound()
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

CREATE FUNCTION app_private.reject_missing_context(setting_name text)
RETURNS uuid
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
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
$function$;
COMMENT ON FUNCTION app_private.reject_missing_context(text) IS
    'Raises 42501 naming the context setting a query needs, why the transaction has none (never set, set for another transaction, not signed) and the fix; called by the accessors only. Definer only to reach app_private.transaction_binding(); reads nothing but the caller''s own settings.';
REVOKE ALL ON FUNCTION app_private.reject_missing_context(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app_private.reject_missing_context(text)
    TO tenantdb_app, tenantdb_service, tenantdb_maintenance, tenantdb_client;

CREATE FUNCTION app_private.bind_context(tenant uuid, person uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    binding text := app_private.transaction_binding();
    tenant_text text := coalesce(tenant::text, '');
    person_text text := coalesce(person::text, '');
BEGIN
    PERFORM pg_catalog.set_config('app.tenant_id', tenant_text, true),
            pg_catalog.set_config('app.user_id', person_text, true),
            pg_catalog.set_config('app.context_stamp',
                                  binding || ':' || app_private.context_signature(tenant_text, person_text, binding), true);
END
$function$;
COMMENT ON FUNCTION app_private.bind_context(uuid, uuid) IS
    'Sets the transaction-local context (app.tenant_id, app.user_id) and its signed stamp app.context_stamp. Internal: called by app.set_context(), app.set_token() and owner-run trigger functions; no client role may execute it.';
REVOKE ALL ON FUNCTION app_private.bind_context(uuid, uuid) FROM PUBLIC;

CREATE FUNCTION app.set_context(tenant uuid, person uuid DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
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
END
$function$;
COMMENT ON FUNCTION app.set_context(uuid, uuid) IS
    'The tenant-context contract in one call, first in every transaction: SELECT app.set_context(tenant, person). Sets app.tenant_id and app.user_id transaction-locally with a stamp binding them to this transaction; person is the acting user (tenantdb_app), NULL for the service role. Not executable by tenantdb_client (it uses app.set_token).';
REVOKE ALL ON FUNCTION app.set_context(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.set_context(uuid, uuid) TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

CREATE OR REPLACE FUNCTION app.current_tenant_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_bound()
        THEN app_private.context_uuid('app.tenant_id')
    ELSE app_private.reject_missing_context('app.tenant_id')
END;
COMMENT ON FUNCTION app.current_tenant_id() IS
    'The tenant of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; raises 42501 otherwise. Policies call it as (SELECT app.current_tenant_id()) so it is evaluated once per statement.';

CREATE OR REPLACE FUNCTION app.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
PARALLEL RESTRICTED
RETURN CASE
    WHEN NULLIF(pg_catalog.current_setting('is_superuser', true), '') = 'on' OR app_private.context_is_current()
        THEN app_private.context_uuid('app.user_id')
    ELSE app_private.reject_missing_context('app.user_id')
END;
COMMENT ON FUNCTION app.current_user_id() IS
    'The acting person of the current transaction, set by app.set_context() (or app.set_token()) in this transaction; NULL for a context without a person (service role); raises 42501 without a context. Checks the binding only: the HMAC over the person is checked by app.current_tenant_id(), which every tenant row and write passes.';

GRANT EXECUTE ON FUNCTION app_private.context_uuid(text) TO tenantdb_client;
GRANT EXECUTE ON FUNCTION app_private.reject_context(text, text) TO tenantdb_client;
GRANT EXECUTE ON FUNCTION app.current_tenant_id() TO tenantdb_client;
GRANT EXECUTE ON FUNCTION app.current_user_id() TO tenantdb_client;

CREATE OR REPLACE FUNCTION app_private.require_tenant_context()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    reason text;
BEGIN
    -- Only the statement a client issued is checked (trigger depth 1). Deeper writes are part of
    -- a statement that already passed: foreign-key actions (ON DELETE CASCADE / SET NULL), which
    -- run as the table owner, and the schema's own triggers (clients cannot add triggers).
    IF pg_catalog.pg_trigger_depth() = 1
       AND NOT (SELECT r.rolbypassrls OR r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
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
$function$;
COMMENT ON FUNCTION app_private.require_tenant_context() IS
    'Statement trigger of every tenant table: rejects INSERT/UPDATE/DELETE with 42501 when the transaction has no bound tenant context (app.set_context); roles with BYPASSRLS excepted; writes made by foreign-key actions and the schema''s triggers inside an accepted statement are not re-checked.';

CREATE OR REPLACE FUNCTION app_private.audit_row_change()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $function$
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
    VALUES (row_tenant, actor, session_user, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP,
            pg_catalog.jsonb_build_object('id', coalesce(after_image, before_image) -> 'id'),
            before_image, after_image);
    PERFORM pg_catalog.set_config('app.tenant_id', coalesce(outer_tenant, ''), true),
            pg_catalog.set_config('app.user_id', coalesce(outer_person, ''), true),
            pg_catalog.set_config('app.context_stamp', coalesce(outer_stamp, ''), true);
    RETURN NULL;
END
$function$;
COMMENT ON FUNCTION app_private.audit_row_change() IS
    'AFTER ROW trigger: appends who (the bound context''s user, session_user), what (table, operation, id) and the before/after images to app.audit_log; trigger arguments name columns to leave out (secrets, bulky content). Definer, so clients need no INSERT on the log.';

COMMIT;

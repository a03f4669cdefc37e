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
CREATE FUNCTION app.current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN app_private.context_uuid('app.user_id'::text);
ALTER FUNCTION app.current_user_id() OWNER TO tenantdb_owner;
COMMENT ON FUNCTION app.current_user_id() IS 'The acting person of the current transaction (setting app.user_id), NULL when none is set.';
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
ALTER TABLE ONLY app.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);
ALTER TABLE ONLY app.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);
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
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.tenants FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.tenants IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER set_updated_at BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app_private.set_updated_at();
COMMENT ON TRIGGER set_updated_at ON app.users IS 'Keeps updated_at at the time of the last UPDATE.';
CREATE TRIGGER tenant_context_required BEFORE INSERT OR DELETE OR UPDATE ON app.users FOR EACH STATEMENT EXECUTE FUNCTION app_private.require_tenant_context();
COMMENT ON TRIGGER tenant_context_required ON app.users IS 'Writes without app.tenant_id fail with 42501.';
CREATE TRIGGER tenant_id_immutable BEFORE UPDATE OF tenant_id ON app.users FOR EACH ROW WHEN ((old.tenant_id IS DISTINCT FROM new.tenant_id)) EXECUTE FUNCTION app_private.forbid_tenant_change();
COMMENT ON TRIGGER tenant_id_immutable ON app.users IS 'A row never moves to another tenant.';
CREATE TRIGGER users_role_change_guard BEFORE UPDATE OF role ON app.users FOR EACH ROW WHEN ((old.role IS DISTINCT FROM new.role)) EXECUTE FUNCTION app_private.users_guard_role_change();
COMMENT ON TRIGGER users_role_change_guard ON app.users IS 'Students (and educators, coaches) cannot change anyone''s role, their own included.';
ALTER TABLE ONLY app.users
    ADD CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants(id);
CREATE POLICY tenant_isolation ON app.users AS RESTRICTIVE USING ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id))) WITH CHECK ((tenant_id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenant_isolation ON app.users IS 'Restrictive: every role (owner included) reaches only rows of the transaction''s tenant (app.tenant_id).';
ALTER TABLE app.tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenants_select_own ON app.tenants FOR SELECT TO tenantdb_app, tenantdb_service USING ((id = ( SELECT app.current_tenant_id() AS current_tenant_id)));
COMMENT ON POLICY tenants_select_own ON app.tenants IS 'Clients see only the row of the transaction''s tenant.';
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
REVOKE ALL ON FUNCTION app.current_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_app;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_service;
GRANT ALL ON FUNCTION app.current_user_id() TO tenantdb_maintenance;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_app;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.users TO tenantdb_maintenance;
REVOKE ALL ON FUNCTION app_private.current_person_role() FROM PUBLIC;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_app;
GRANT ALL ON FUNCTION app_private.current_person_role() TO tenantdb_service;
REVOKE ALL ON FUNCTION app_private.forbid_tenant_change() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.guard_tenant_table(target regclass) FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.require_tenant_context() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.set_updated_at() FROM PUBLIC;
REVOKE ALL ON FUNCTION app_private.users_guard_role_change() FROM PUBLIC;
GRANT SELECT ON TABLE app.tenants TO tenantdb_app;
GRANT SELECT ON TABLE app.tenants TO tenantdb_service;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE app.tenants TO tenantdb_maintenance;
ALTER DEFAULT PRIVILEGES FOR ROLE tenantdb_owner REVOKE ALL ON FUNCTIONS FROM PUBLIC;

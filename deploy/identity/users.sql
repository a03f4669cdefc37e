-- Deploy tenantdb:identity/users to pg
-- People of a tenant. Every key includes tenant_id: the same email, SSO identity or LTI subject
-- may exist in two tenants, and nothing in one tenant can detect the other's.
-- Policies come with app_private.current_person_role() (identity/current_person_role).
BEGIN;

SET LOCAL ROLE tenantdb_owner;

CREATE TABLE app.users (
    tenant_id uuid NOT NULL,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email public.citext NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL DEFAULT 'student',
    sso_provider text,
    sso_id text,
    lti_user_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES app.tenants (id),
    CONSTRAINT users_email_key UNIQUE (tenant_id, email),
    CONSTRAINT users_sso_identity_key UNIQUE (tenant_id, sso_provider, sso_id),
    CONSTRAINT users_lti_user_id_key UNIQUE (tenant_id, lti_user_id),
    CONSTRAINT users_email_format CHECK (char_length(email) <= 320 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    CONSTRAINT users_display_name_length CHECK (char_length(btrim(display_name)) BETWEEN 1 AND 200),
    CONSTRAINT users_role_known CHECK (role IN ('student', 'educator', 'coach', 'admin')),
    CONSTRAINT users_sso_provider_known CHECK (sso_provider IN ('azure_ad', 'google', 'saml', 'oidc')),
    CONSTRAINT users_sso_pair CHECK ((sso_provider IS NULL) = (sso_id IS NULL)),
    CONSTRAINT users_sso_id_length CHECK (char_length(sso_id) BETWEEN 1 AND 255),
    CONSTRAINT users_lti_user_id_length CHECK (char_length(lti_user_id) BETWEEN 1 AND 255)
);

COMMENT ON TABLE app.users IS
    'People of a tenant (students, educators, coaches, admins). Students see their own row; educators and coaches read the tenant''s roster; admins manage it.';
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
COMMENT ON CONSTRAINT users_email_key ON app.users IS 'Email unique per tenant only: no cross-tenant existence oracle.';
COMMENT ON CONSTRAINT users_sso_identity_key ON app.users IS 'One user per SSO identity within a tenant.';
COMMENT ON CONSTRAINT users_lti_user_id_key ON app.users IS 'One user per LTI subject within a tenant.';
COMMENT ON CONSTRAINT users_email_format ON app.users IS 'Looks like an email: local@domain.tld, at most 320 characters.';
COMMENT ON CONSTRAINT users_display_name_length ON app.users IS 'Names are 1-200 characters, not blank.';
COMMENT ON CONSTRAINT users_role_known ON app.users IS 'Only the four roles of the access matrix.';
COMMENT ON CONSTRAINT users_sso_provider_known ON app.users IS 'Only supported identity providers.';
COMMENT ON CONSTRAINT users_sso_pair ON app.users IS 'sso_provider and sso_id are both set or both empty.';
COMMENT ON CONSTRAINT users_sso_id_length ON app.users IS 'SSO subjects are 1-255 characters.';
COMMENT ON CONSTRAINT users_lti_user_id_length ON app.users IS 'LTI subjects are 1-255 characters (LTI 1.3 limit).';

SELECT app_private.guard_tenant_table('app.users');

GRANT SELECT, INSERT, UPDATE, DELETE ON app.users TO tenantdb_app, tenantdb_service, tenantdb_maintenance;

COMMIT;

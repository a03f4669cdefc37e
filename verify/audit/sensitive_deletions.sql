-- Verify tenantdb:audit/sensitive_deletions on pg
BEGIN;

SELECT 1 / (count(*) = 6)::int
FROM pg_catalog.pg_trigger
WHERE tgname = 'audit_sensitive_deletion' AND NOT tgisinternal
  AND tgrelid IN ('app.users'::regclass, 'app.learner_profiles'::regclass, 'app.conversations'::regclass,
                  'app.messages'::regclass, 'app.documents'::regclass, 'app.interactions'::regclass);

ROLLBACK;

-- Revert tenantdb:rag/enrollments from pg
BEGIN;

DROP TABLE app.enrollments;

COMMIT;

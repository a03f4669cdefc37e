-- Revert tenantdb:rag/courses from pg
BEGIN;

DROP TABLE app.courses;

COMMIT;

-- Deploy tenantdb:core/extensions to pg
-- citext: emails compare case-insensitively. vector (pgvector): RAG chunk embeddings.
-- Both live in public, which every role's search_path includes (operators resolve there).
BEGIN;

CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;

COMMIT;

-- Verify tenantdb:core/extensions on pg
BEGIN;

SELECT 1 / ('a@B.c'::public.citext = 'A@b.C'::public.citext)::int;
SELECT 1 / ('[1,2,3]'::public.vector(3) IS NOT NULL)::int;

ROLLBACK;

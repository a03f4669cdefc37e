"""tenantdb: a multi-tenant PostgreSQL schema isolated by row-level security, and its harness.

The public Python surface for application code is small:

- :func:`tenantdb.context.tenant_session` opens a transaction with the tenant (and user)
  context set the way the database expects it;
- :mod:`tenantdb.backend` finds or starts the database the harness talks to.
"""

__version__ = "0.5.0.dev0"

"""`python -m tenantdb.cli`: the same as the `tenantdb` command."""

from . import main

main()

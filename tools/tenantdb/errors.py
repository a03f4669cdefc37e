"""Errors the harness raises on purpose: each says what went wrong and what to do next."""

from __future__ import annotations


class TenantDBError(Exception):
    """A failure the user can act on. The CLI prints the message (no traceback) and exits 1."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}\nhint: {self.hint}" if self.hint else base


class DatabaseUnavailable(TenantDBError):
    """The database server could not be reached or started."""


class ToolMissing(TenantDBError):
    """An external program (sqitch, pg_prove, docker, ...) is not installed."""


class BadInput(TenantDBError):
    """The caller passed something malformed (a tenant id that is not a uuid, ...)."""

    exit_code = 2

"""The circuit breaker on its own (a fake clock; no database needed)."""

from __future__ import annotations

import psycopg
import pytest

from tenantdb.cache import CircuitBreaker
from tenantdb.errors import DatabaseUnavailable


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def down() -> None:
    raise psycopg.OperationalError("connection refused")


def test_opens_after_threshold_fails_fast_then_half_opens_and_closes() -> None:
    clock = Clock()
    events: list[str] = []
    breaker = CircuitBreaker(failure_threshold=2, reset_after=5, clock=clock,
                             on_open=lambda: events.append("open"), on_close=lambda: events.append("close"))
    for _ in range(2):
        with pytest.raises(DatabaseUnavailable, match="connection refused"):
            breaker.call(down)
    assert breaker.state == "open" and events == ["open"]
    calls: list[int] = []
    with pytest.raises(DatabaseUnavailable, match="circuit breaker open"):
        breaker.call(lambda: calls.append(1))
    assert calls == []                        # open: the database is not even tried
    clock.now = 5
    assert breaker.state == "half-open"
    with pytest.raises(DatabaseUnavailable):
        breaker.call(down)                    # the trial failed: open again for another 5 s
    assert breaker.state == "open"
    clock.now = 10
    assert breaker.call(lambda: 42) == 42
    assert breaker.state == "closed" and events == ["open", "close"]


def test_errors_the_database_answered_with_are_not_outages() -> None:
    breaker = CircuitBreaker(failure_threshold=1, reset_after=5, clock=Clock())

    def refused() -> None:
        raise psycopg.errors.InsufficientPrivilege("new row violates row-level security policy")

    for _ in range(3):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            breaker.call(refused)
    assert breaker.state == "closed"

"""A circuit breaker around the database.

closed     calls go through; `failure_threshold` connection failures in a row open it;
open       calls fail at once with DatabaseUnavailable (no waiting on a dead server);
half-open  after `reset_after` seconds one call is let through: success closes the breaker
           (and runs `on_close`, the cache's reconcile), failure opens it again.

Only failures to reach the database count (psycopg.OperationalError: refused connections,
terminated backends, pool timeouts); a query the database rejects (RLS, a constraint) is an
answer, not an outage, and passes through unchanged.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg

from ..errors import DatabaseUnavailable

T = TypeVar("T")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"


class CircuitBreaker:
    def __init__(self, *, failure_threshold: int = 3, reset_after: float = 2.0,
                 on_open: Callable[[], None] | None = None, on_close: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if failure_threshold < 1 or reset_after <= 0:
            raise ValueError("failure_threshold >= 1 and reset_after > 0")
        self.failure_threshold = failure_threshold
        self.reset_after = reset_after
        self.on_open = on_open
        self.on_close = on_close
        self.clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return CLOSED
        return HALF_OPEN if self.clock() - self._opened_at >= self.reset_after else OPEN

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn() unless the breaker is open; DatabaseUnavailable when open or unreachable."""
        with self._lock:
            state = self._state()
            if state == OPEN or (state == HALF_OPEN and self._trial_running):
                raise DatabaseUnavailable("the database is unavailable (circuit breaker open)",
                                          hint=f"retrying automatically after {self.reset_after:g} s;"
                                               " reads of learner profiles are served from the cache, marked stale")
            self._trial_running = state == HALF_OPEN
        try:
            result = fn()
        except psycopg.OperationalError as exc:
            self._failed()
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DatabaseUnavailable(f"the database is unavailable: {reason}",
                                      hint="the request was not carried out; retry later") from exc
        except BaseException:
            with self._lock:
                self._trial_running = False
            raise
        self._succeeded()
        return result

    def _failed(self) -> None:
        opened = False
        with self._lock:
            self._trial_running = False
            self._failures += 1
            if self._opened_at is not None or self._failures >= self.failure_threshold:
                opened = self._opened_at is None
                self._opened_at = self.clock()
        if opened and self.on_open:
            self.on_open()

    def _succeeded(self) -> None:
        with self._lock:
            was_open = self._opened_at is not None
            self._failures = 0
            self._opened_at = None
            self._trial_running = False
        if was_open and self.on_close:
            self.on_close()

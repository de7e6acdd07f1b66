"""Pacing of writes: a minimum gap (--throttle MS), and an adaptive delay that grows
on rate limits — telling the user — and decays back on success."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

MAX_DELAY_MS = 10_000
FIRST_RATE_LIMIT_DELAY_MS = 250


BACKOFF_ENV = "YTRIX_BACKOFF_SCALE"


def backoff_scale() -> float:
    """Test-only: `YTRIX_BACKOFF_SCALE=0.01` makes every retry wait (YouTube and
    Cloud APIs alike) 100x shorter."""
    from ytrix.core.errors import UsageError

    raw = os.environ.get(BACKOFF_ENV, "").strip()
    if not raw:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0:
        raise UsageError(f"{BACKOFF_ENV}={raw!r} is not a non-negative number", "Unset it.")
    return value


class Throttle:
    def __init__(
        self,
        base_ms: int = 0,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ):
        self.base_ms = base_ms
        self.delay_ms = float(base_ms)
        self._notify = notify or (lambda _text: None)
        self._sleep = sleep
        self._monotonic = monotonic  # the gap between writes is real time, never shifted
        self._last_write = float("-inf")
        self._lock = threading.Lock()
        self._limited = False
        self._announced = 0.0  # the highest delay told to the user in this episode

    def wait_for_write(self) -> None:
        with self._lock:
            gap = self.delay_ms / 1000 * backoff_scale()
            due = self._last_write + gap
            now = self._monotonic()
            if due > now:
                self._sleep(due - now)
                now = self._monotonic()
            self._last_write = now

    def on_rate_limit(self) -> None:
        with self._lock:
            self.delay_ms = min(
                MAX_DELAY_MS, max(self.delay_ms * 2, FIRST_RATE_LIMIT_DELAY_MS, self.base_ms)
            )
            if not self._limited:
                self._limited = True
                self._announced = self.delay_ms
                self._notify("Rate limit reached, slowing down API calls")
            elif self.delay_ms > self._announced:
                # Only a delay above any the user was told of is news ("Increasing delay
                # to 250ms" after 500 ms read as a contradiction).
                self._announced = self.delay_ms
                self._notify(
                    f"Increasing delay to {int(self.delay_ms)}ms after continued 429 errors"
                )

    def on_success(self) -> None:
        with self._lock:
            if self.delay_ms > self.base_ms:
                self.delay_ms = max(float(self.base_ms), self.delay_ms * 0.9)
                calm = self.delay_ms - self.base_ms < 1 or self.delay_ms < FIRST_RATE_LIMIT_DELAY_MS
                if calm:  # the episode is over: a new 429 starts a new one, announced anew
                    self.delay_ms = float(self.base_ms)
                    self._limited = False
                    self._announced = 0.0

"""Pacing shared by every worker of one run: a delay between videos, and a backoff
when YouTube rate-limits (HTTP 429). The bot check ("Sign in to confirm you're not a
bot") is not waited out: cookies fix it, so it ends the run at once.

A rate limit pauses *all* workers (they share one IP) for `backoff` seconds, doubling
per retry (times `$YTRIX_BACKOFF_SCALE`, ytrix's test knob for every retry wait), says
so on stderr, doubles the delay between videos for the rest of the run, and retries.
After `max_retries` consecutive rate limits on one request the run stops
(:class:`GaveUp`): what is on disk stays, and a later re-run resumes.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from ytrix.core.errors import ExitCode, YtrixError
from ytrix.info.naming import format_duration
from ytrix.quota.throttle import backoff_scale
from ytrix.sources.errors import RateLimited

T = TypeVar("T")
DEFAULT_DELAY = 1.0
DEFAULT_BACKOFF = 30.0
DEFAULT_RETRIES = 5
MAX_BACKOFF = 900.0
MAX_DELAY = 30.0
JITTER = 0.2


class GaveUp(YtrixError):
    """Still rate-limited after every retry: stop the run (re-run later to resume)."""

    exit_code = ExitCode.PARTIAL_FAILURE
    code = "rate_limited"


def _wait_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.3g} s"
    return format_duration(seconds) or f"{seconds:.0f} s"


class Pacer:
    def __init__(
        self,
        delay: float = DEFAULT_DELAY,
        backoff: float = DEFAULT_BACKOFF,
        max_retries: int = DEFAULT_RETRIES,
        notice: Callable[[str], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.delay = max(delay, 0.0)
        self.backoff = max(backoff, 0.0)
        self.max_retries = max_retries
        self._notice = notice or (lambda text: None)
        self._scale = backoff_scale()  # the project-wide test knob, YTRIX_BACKOFF_SCALE
        self._rng = rng or random.Random()
        self._lock = threading.Lock()
        self._resume_at = 0.0
        self._last_video = 0.0
        self._stop = threading.Event()
        self.stop_reason: str | None = None
        self.rate_limits = 0

    # --- stopping ----------------------------------------------------------------------

    def stop(self, reason: str) -> None:
        with self._lock:
            if self.stop_reason is None:
                self.stop_reason = reason
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stop.wait(seconds)  # a stop wakes every sleeper at once

    # --- pacing ------------------------------------------------------------------------

    def wait_for_turn(self) -> None:
        """Block while a rate-limit pause is running."""
        while not self.stopped:
            with self._lock:
                remaining = self._resume_at - time.monotonic()
            if remaining <= 0:
                return
            self._sleep(remaining)

    def before_video(self) -> None:
        """Keep `delay` seconds (plus up to 20% jitter) between videos that go to
        the network; the first one of a run starts at once."""
        with self._lock:
            now = time.monotonic()
            gap = self.delay * (1 + JITTER * self._rng.random()) if self._last_video else 0.0
            start = max(now, self._last_video + gap)
            self._last_video = start
        self._sleep(start - time.monotonic())
        self.wait_for_turn()

    def call(self, action: Callable[[], T], what: str) -> T:
        """Run `action`, backing off and retrying while it is rate-limited."""
        attempt = 0
        while True:
            self.wait_for_turn()
            if self.stopped:
                raise GaveUp(f"Stopped before {what}: {self.stop_reason}")
            try:
                return action()
            except RateLimited as exc:
                attempt += 1
                self.rate_limits += 1
                if attempt > self.max_retries:
                    reason = f"still rate-limited after {self.max_retries} retries ({exc.message})"
                    self.stop(reason)
                    raise GaveUp(
                        f"YouTube is rate-limiting: {reason}",
                        "Wait an hour or so and re-run the same command: finished files "
                        "are kept and the run resumes where it stopped.",
                    ) from exc
                wait = min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF) * self._scale
                with self._lock:
                    self._resume_at = max(self._resume_at, time.monotonic() + wait)
                    if self.delay > 0:
                        self.delay = min(self.delay * 2, MAX_DELAY)
                    delay = self.delay
                slower = f"; {delay:.3g} s between videos from now on" if delay > 0 else ""
                self._notice(
                    f"Rate-limited by YouTube while fetching {what} ({exc.message}). "
                    f"Pausing {_wait_text(wait)}, then retrying "
                    f"({attempt}/{self.max_retries}){slower}."
                )

"""Emulator clock: real time plus an adjustable offset.

All quota days are Pacific days (``America/Los_Angeles``, DST-aware) computed on this
clock.  Token expiry, Testing-client refresh-token death, per-minute rate windows and
timestamps in resources all use it too.
"""

from __future__ import annotations

import math
import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

PACIFIC = ZoneInfo("America/Los_Angeles")


def parse_instant(value: str) -> datetime:
    """Parse an ISO-8601 instant; a naive value is taken as UTC."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def rfc3339(ts: float) -> str:
    """Format epoch seconds the way the YouTube API does (``2024-01-02T03:04:05Z``)."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


CLOCK_OFFSET_ENV = "YTEMU_CLOCK_OFFSET"


def start_offset_from_env() -> float:
    """The offset a new emulator starts at: ``YTEMU_CLOCK_OFFSET`` seconds, else 0.

    Read once, where an emulator is made (``start_emulator``, ``ytemu serve``), so a
    test suite can pin every emulator it starts -- in-process or not -- to one instant.
    """
    raw = os.environ.get(CLOCK_OFFSET_ENV, "").strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{CLOCK_OFFSET_ENV}={raw!r} is not a number of seconds") from None
    if not math.isfinite(value):
        raise ValueError(f"{CLOCK_OFFSET_ENV}={raw!r} is not a finite number of seconds")
    return value


class EmuClock:
    """Wall-clock time shifted by ``offset`` seconds (thread-safe).

    ``reset()`` goes back to the offset the clock started with, not to real time.
    """

    def __init__(self, offset: float = 0.0) -> None:
        self._start_offset = offset
        self._offset = offset
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        with self._lock:
            return self._offset

    def time(self) -> float:
        """Emulated epoch seconds."""
        with self._lock:
            return time.time() + self._offset

    def now(self) -> datetime:
        """Emulated now, timezone-aware UTC."""
        return datetime.fromtimestamp(self.time(), UTC)

    def set(self, instant: datetime | str | float) -> datetime:
        """Jump to ``instant`` (datetime, ISO string or epoch seconds)."""
        if isinstance(instant, str):
            target = parse_instant(instant).timestamp()
        elif isinstance(instant, datetime):
            aware = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
            target = aware.timestamp()
        else:
            target = float(instant)
        with self._lock:
            self._offset = target - time.time()
        return self.now()

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, if negative) by ``seconds``."""
        with self._lock:
            self._offset += float(seconds)
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = self._start_offset

    def set_offset(self, offset: float) -> None:
        with self._lock:
            self._offset = float(offset)

    def pacific_day(self, ts: float | None = None) -> date:
        """The Pacific calendar day containing ``ts`` (default: now)."""
        when = self.time() if ts is None else ts
        return datetime.fromtimestamp(when, PACIFIC).date()

    def next_pacific_midnight(self, ts: float | None = None) -> datetime:
        """The next midnight America/Los_Angeles after ``ts``, as UTC."""
        day = self.pacific_day(ts) + timedelta(days=1)
        local_midnight = datetime(day.year, day.month, day.day, tzinfo=PACIFIC)
        return local_midnight.astimezone(UTC)

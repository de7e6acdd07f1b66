"""The one clock ytrix reads time through, and the Pacific quota day.

Google resets YouTube quota at midnight America/Los_Angeles (DST-aware). Test-only
override, documented in the README: `YTRIX_CLOCK_OFFSET` (seconds, may be negative or
fractional) is added to the system time, so tests and `ytrix demo` can move ytrix
past a reset exactly as they move ytemu's clock — without patching internals. The
variable is read once, at the edge: `cli/app.run` builds the run's `Clock` and hands
it to `AppContext`, which passes it down (the pool, the state store and what wraps
them carry it). Nothing deeper reads the environment or a global for the time; the
pure helpers below take the instant they work on.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ytrix.core.errors import UsageError

PACIFIC = ZoneInfo("America/Los_Angeles")
CLOCK_OFFSET_ENV = "YTRIX_CLOCK_OFFSET"


class Clock:
    """The system's time shifted by `offset` seconds (0 but in tests and the demo)."""

    def __init__(self, offset: float = 0.0) -> None:
        self.offset = offset

    def now(self) -> datetime:
        """Aware UTC now, by this clock."""
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def pacific_day(self) -> date:
        return pacific_day(self.now())

    def day_start(self) -> datetime:
        return day_start(self.now())

    def next_reset(self) -> datetime:
        return next_reset(self.now())

    def seconds_until_reset(self) -> float:
        return seconds_until_reset(self.now())


def offset_from_env(environ: Mapping[str, str]) -> float:
    """The edge input: `YTRIX_CLOCK_OFFSET` in seconds (unset or empty: 0)."""
    raw = environ.get(CLOCK_OFFSET_ENV, "").strip()
    if not raw:
        return 0.0
    try:
        return float(raw)
    except ValueError:
        raise UsageError(
            f"{CLOCK_OFFSET_ENV}={raw!r} is not a number of seconds",
            f"Unset {CLOCK_OFFSET_ENV} (it only shifts ytrix's clock for tests and the demo).",
        ) from None


def pacific_day(instant: datetime) -> date:
    return instant.astimezone(PACIFIC).date()


def next_reset(instant: datetime) -> datetime:
    """The next midnight Pacific after `instant`, as aware UTC (23 or 25 h days included)."""
    local_day = pacific_day(instant)
    midnight = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


def day_start(instant: datetime) -> datetime:
    """The midnight Pacific that began the quota day of `instant`, as aware UTC."""
    midnight = datetime.combine(pacific_day(instant), time(0), tzinfo=PACIFIC)
    return midnight.astimezone(UTC)


def seconds_until_reset(instant: datetime) -> float:
    return max(0.0, (next_reset(instant) - instant).total_seconds())


def format_duration(seconds: float) -> str:
    """`5h 30m`, `12m`, `45s` — how people say it."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes}m"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))

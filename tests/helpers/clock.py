"""Every clock in the suite starts at one pinned instant, never at the real date.

`YTRIX_TEST_NOW` (ISO-8601, e.g. `2026-12-03T07:59:30Z`) names the instant; unset, the
suite uses `DEFAULT_TEST_NOW`, the middle of a Pacific day, so no outcome depends on
when the suite runs. Each test starts both clocks there: ytrix's through
`YTRIX_CLOCK_OFFSET`, every emulator's (in-process or `ytemu serve`) through
`YTEMU_CLOCK_OFFSET` -- the same offset, so the two agree to the microsecond. From
there they run forward in real time, or jump when a test moves them.

ytrix has no global clock: each CLI run builds its `Clock` from the variable at its
edge, exactly as in production. Library objects a test builds itself get theirs from
`ytrix_clock()` (the same variable, read the same way) or `state_store()`.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ytrix.core.clock import Clock
    from ytrix.core.paths import Paths
    from ytrix.core.store import Store

TEST_NOW_ENV = "YTRIX_TEST_NOW"
YTRIX_OFFSET_ENV = "YTRIX_CLOCK_OFFSET"
YTEMU_OFFSET_ENV = "YTEMU_CLOCK_OFFSET"

# Wednesday 2026-06-10, 12:00 Pacific daylight time: twelve hours from either reset.
DEFAULT_TEST_NOW = "2026-06-10T19:00:00Z"

# The awkward instants `scripts/test.sh` runs the clock-marked tests at again.
AWKWARD_INSTANTS = {
    "before-midnight": "2026-12-03T07:59:30Z",  # 23:59:30 PST
    "dst-ends": "2026-11-01T08:59:30Z",  # 01:59:30 PDT, the hour that repeats
    "dst-starts": "2027-03-14T09:59:30Z",  # 01:59:30 PST, the hour that is skipped
}


def pinned_instant() -> datetime:
    """The instant every test starts at (aware UTC)."""
    raw = os.environ.get(TEST_NOW_ENV, "").strip() or DEFAULT_TEST_NOW
    try:
        instant = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise pytest.UsageError(f"{TEST_NOW_ENV}={raw!r} is not an ISO-8601 instant") from None
    if instant.tzinfo is None:
        raise pytest.UsageError(f"{TEST_NOW_ENV}={raw!r} needs a UTC offset or Z")
    return instant.astimezone(UTC)


def pin_clocks(monkeypatch: pytest.MonkeyPatch, instant: datetime | None = None) -> float:
    """Start ytrix's clock and every emulator made from now on at `instant` (default:
    the pinned one); returns the offset from real time in seconds."""
    target = instant or pinned_instant()
    offset = (target - datetime.now(UTC)).total_seconds()
    set_ytrix_offset(monkeypatch, offset)
    monkeypatch.setenv(YTEMU_OFFSET_ENV, repr(offset))
    return offset


def set_ytrix_offset(monkeypatch: pytest.MonkeyPatch, offset: float) -> None:
    """ytrix's clock at `offset` seconds from real time: for each CLI run (its edge
    reads the variable, in this process or a child) and for `ytrix_clock()`."""
    monkeypatch.setenv(YTRIX_OFFSET_ENV, repr(offset))


def ytrix_offset() -> float:
    return float(os.environ[YTRIX_OFFSET_ENV])


def ytrix_clock() -> Clock:
    """ytrix's clock as a CLI run started now would build it (from the variable)."""
    from ytrix.core.clock import Clock, offset_from_env

    return Clock(offset_from_env(os.environ))


def state_store(where: Path | Paths | None = None) -> Store:
    """The state a test reads or seeds, stamping by `ytrix_clock()`: the default
    profile's (None), a profile's (`Paths`), or the SQLite file at a path."""
    from ytrix.core.paths import Paths
    from ytrix.storage import open_state
    from ytrix.storage.sqlite import SqliteStore

    if isinstance(where, Path):
        return SqliteStore(where, ytrix_clock())
    return open_state(where or Paths.for_user(None), ytrix_clock())


def shift_ytrix_clock(monkeypatch: pytest.MonkeyPatch, seconds: float) -> float:
    """Move ytrix's clock (not the emulators') by `seconds`; returns the new offset."""
    offset = ytrix_offset() + seconds
    set_ytrix_offset(monkeypatch, offset)
    return offset

"""What a long loop reports its progress to. The bars themselves are the CLI's
(`cli/views/progress.py`); a use case gets a `Bars` from its caller and counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Tracker(Protocol):
    def advance(self, count: int = 1) -> None:
        """Count `count` more items done."""


class NullTracker:
    """Counts without drawing (short loops, --quiet, no terminal)."""

    def __init__(self) -> None:
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count


class Bars(Protocol):
    """Opens a tracker for `total` items named `label`; `units` reads the units spent."""

    def __call__(
        self, total: int, label: str, *, units: Callable[[], int] | None = None
    ) -> AbstractContextManager[Tracker]: ...


@contextmanager
def no_bars(total: int, label: str, *, units: Callable[[], int] | None = None) -> Iterator[Tracker]:
    yield NullTracker()

"""A progress bar on stderr for long write loops: `N/M videos`, units spent, ETA.

    with progress(total=len(videos), label="Copying", units=lambda: pool.units_spent) as bar:
        for video in videos:
            ...
            bar.advance()

It shows only for loops longer than `MIN_ITEMS` and never with --quiet; it draws on
the same stderr console as the notices (rotation messages print above the bar), so
stdout keeps only the result and `--json-output` stays one clean JSON document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from ytrix.core import ui

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

MIN_ITEMS = 20


class Tracker(Protocol):
    def advance(self, count: int = 1) -> None:
        """Count `count` more items done."""


class NullTracker:
    """Counts without drawing (short loops, --quiet)."""

    def __init__(self) -> None:
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count


class BarTracker:
    def __init__(
        self, bar: Progress, task: TaskID, units: Callable[[], int] | None, unit_label: str
    ):
        self._bar = bar
        self._task = task
        self._units = units
        self._unit_label = unit_label
        self.done = 0

    def _units_text(self) -> str:
        return f"{self._units():,} units" if self._units is not None else ""

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._bar.update(self._task, advance=count, units=self._units_text())


def enabled(total: int, min_items: int = MIN_ITEMS) -> bool:
    return total > min_items and not ui.is_quiet()


@contextmanager
def progress(
    total: int,
    label: str,
    *,
    units: Callable[[], int] | None = None,
    unit_label: str = "videos",
    min_items: int = MIN_ITEMS,
) -> Iterator[NullTracker | BarTracker]:
    """A tracker for `total` items; draws a bar when `total > min_items` and not quiet."""
    if not enabled(total, min_items):
        yield NullTracker()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit_label),
        TextColumn("{task.fields[units]}"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=ui.stderr_console(),
        transient=False,
    )
    with bar:
        task = bar.add_task(label, total=total, units="")
        tracker = BarTracker(bar, task, units, unit_label)
        tracker.advance(0)
        yield tracker

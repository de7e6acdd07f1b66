"""Progress bars on stderr, all built here: a copy's `N/M videos`, units spent, ETA
(`bars`), and the shared constructor the batch and plist2info bars use (`new_bar`).

A copy's bar shows only for loops longer than `MIN_ITEMS` and never with --quiet; bars
draw on the run's stderr console (notices print above them), so stdout keeps only the
result and `--json-output` stays one clean JSON document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ytrix.cli.console import printable
from ytrix.core.progress import NullTracker, Tracker
from ytrix.core.wording import units as units_text

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ytrix.cli.console import Console
    from ytrix.core.progress import Bars

MIN_ITEMS = 20


def new_bar(console: Console, *texts: str, eta: bool = False, transient: bool = False) -> Progress:
    """A rich bar: a first text column, the bar, `N/M`, further text columns, then the
    time left (`eta`) or the time elapsed."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    first, *rest = texts
    timing = [TextColumn("ETA"), TimeRemainingColumn()] if eta else [TimeElapsedColumn()]
    return Progress(
        TextColumn(first),
        BarColumn(),
        MofNCompleteColumn(),
        *(TextColumn(text) for text in rest),
        *(timing if rest else []),
        console=console.stderr_console(),
        transient=transient,
    )


class BarTracker:
    def __init__(self, bar: Progress, task: TaskID, units: Callable[[], int] | None):
        self._bar = bar
        self._task = task
        self._units = units
        self.done = 0

    def _units_text(self) -> str:
        return units_text(self._units()) if self._units is not None else ""

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._bar.update(self._task, advance=count, units=self._units_text())


def bars(console: Console, unit_label: str = "videos", min_items: int = MIN_ITEMS) -> Bars:
    """The copy flow's bars on `console`: drawn when `total > min_items` and not quiet."""

    @contextmanager
    def progress(
        total: int, label: str, *, units: Callable[[], int] | None = None
    ) -> Iterator[Tracker]:
        if total <= min_items or console.quiet:
            yield NullTracker()
            return
        bar = new_bar(console, "{task.description}", unit_label, "{task.fields[units]}", eta=True)
        with bar:
            from rich.markup import escape

            # the label may hold a YouTube title: no markup, no control character
            task = bar.add_task(escape(printable(label)), total=total, units="")
            tracker = BarTracker(bar, task, units)
            tracker.advance(0)
            yield tracker

    return progress

"""The batch's progress on stderr: one bar over the tasks (`3/12 playlists`), the
videos added and units spent so far, and one line per finished task above it.

The bar draws only on a terminal and never with --quiet; task lines are chatter
(hidden by --quiet). stdout keeps only the result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ytrix.core import ui

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class _VideoTracker:
    def __init__(self, owner: BatchProgress):
        self._owner = owner

    def advance(self, count: int = 1) -> None:
        self._owner.advance_videos(count)


class BatchProgress:
    def __init__(self, total: int, done: int, units: Callable[[], int]):
        self.total = total
        self.done = done
        self.videos = 0
        self._units = units
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        console = ui.stderr_console()
        if ui.is_quiet() or not console.is_terminal or self.total <= 0:
            return self
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("Batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("playlists, {task.fields[videos]} videos, {task.fields[units]} units"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task(
            "batch", total=self.total, completed=self.done, **self._fields()
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _fields(self) -> dict[str, Any]:
        return {"videos": f"{self.videos:,}", "units": f"{self._units():,}"}

    def _refresh(self, advance: int = 0) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=advance, **self._fields())

    def advance_videos(self, count: int = 1) -> None:
        with self._lock:
            self.videos += count
            self._refresh()

    def video_tracker(self) -> _VideoTracker:
        return _VideoTracker(self)

    def task_done(self, line: str) -> None:
        with self._lock:
            self.done += 1
            ui.info(f"[{self.done}/{self.total}] {line}")
            self._refresh(1)

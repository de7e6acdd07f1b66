"""Progress of plist2info on stderr: a rich progress bar per playlist on a terminal
(hidden by --quiet), a warning for every video that failed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ytrix.cli.console import Console
    from ytrix.info.records import PlaylistOutcome, VideoRecord


class PlainReporter:
    """Lines only: a note when a playlist starts, a warning per failed video."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._titles: dict[str, str] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        pass

    def playlist_started(self, source: str, title: str, total: int) -> None:
        with self._lock:
            self._titles[source] = title
        self.console.info(f"{title}: {total} videos")

    def video_done(self, source: str, record: VideoRecord) -> None:
        where = f"{self._titles.get(source, source)} #{record.position} [{record.video_id}]"
        if record.status == "failed":
            self.console.warn(f"{where} failed: {record.reason}")
        elif record.status == "unavailable":
            self.console.info(f"{where} skipped: {record.reason}")

    def playlist_done(self, outcome: PlaylistOutcome) -> None:
        pass


class RichReporter(PlainReporter):
    """A progress bar per playlist on stderr (rich keeps notices above the bars)."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        from ytrix.cli.views.progress import new_bar

        self._progress = new_bar(console, "{task.description}")
        self._tasks: dict[str, Any] = {}
        self._progress.start()

    def close(self) -> None:
        self._progress.stop()

    def playlist_started(self, source: str, title: str, total: int) -> None:
        from rich.markup import escape

        from ytrix.cli.console import printable

        with self._lock:
            self._titles[source] = title
            shown = escape(printable(title)[:40])  # a YouTube title: no markup, no controls
            self._tasks[source] = self._progress.add_task(shown, total=total)

    def video_done(self, source: str, record: VideoRecord) -> None:
        super().video_done(source, record)
        task = self._tasks.get(source)
        if task is not None:
            self._progress.advance(task)


@contextmanager
def reporter(console: Console) -> Iterator[PlainReporter]:
    """Bars on a terminal (not with --quiet), else lines; closed at the end."""
    chosen = (
        RichReporter(console)
        if not console.quiet and console.stderr_console().is_terminal
        else PlainReporter(console)
    )
    try:
        yield chosen
    finally:
        chosen.close()

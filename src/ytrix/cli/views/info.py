"""Progress of plist2info on stderr: a rich progress bar per playlist on a terminal
(hidden by --quiet), a warning for every video that failed."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ytrix.core import ui

if TYPE_CHECKING:
    from ytrix.info.records import PlaylistOutcome, VideoRecord


class PlainReporter:
    """Lines only: a note when a playlist starts, a warning per failed video."""

    def __init__(self) -> None:
        self._titles: dict[str, str] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> PlainReporter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        pass

    def playlist_started(self, source: str, title: str, total: int) -> None:
        with self._lock:
            self._titles[source] = title
        ui.info(f"{title}: {total} videos")

    def video_done(self, source: str, record: VideoRecord) -> None:
        where = f"{self._titles.get(source, source)} #{record.position} [{record.video_id}]"
        if record.status == "failed":
            ui.warn(f"{where} failed: {record.reason}")
        elif record.status == "unavailable":
            ui.info(f"{where} skipped: {record.reason}")

    def playlist_done(self, outcome: PlaylistOutcome) -> None:
        pass


class RichReporter(PlainReporter):
    """A progress bar per playlist on stderr (rich keeps notices above the bars)."""

    def __init__(self) -> None:
        super().__init__()
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=ui.stderr_console(),
            transient=False,
        )
        self._tasks: dict[str, Any] = {}
        self._progress.start()

    def close(self) -> None:
        self._progress.stop()

    def playlist_started(self, source: str, title: str, total: int) -> None:
        with self._lock:
            self._titles[source] = title
            self._tasks[source] = self._progress.add_task(title[:40], total=total)

    def video_done(self, source: str, record: VideoRecord) -> None:
        super().video_done(source, record)
        task = self._tasks.get(source)
        if task is not None:
            self._progress.advance(task)


def make_reporter(quiet: bool) -> PlainReporter:
    if not quiet and ui.stderr_console().is_terminal:
        return RichReporter()
    return PlainReporter()

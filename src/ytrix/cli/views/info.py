"""How plist2info and plists2info look: progress on stderr (a rich progress bar per
playlist on a terminal, hidden by --quiet; a warning for every video that failed), and
the result on stdout (a block per playlist, then the summary)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from rich.console import Console as RichConsole

    from ytrix.cli.console import Console
    from ytrix.info.records import InfoSummary, PlaylistOutcome, Status, VideoRecord


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


class InfoResult(Result):
    """One playlist's outcome, or several with their summary (plists2info)."""

    def __init__(self, outcomes: list[PlaylistOutcome], summary: InfoSummary | None = None):
        if summary is None:
            data = outcomes[0].to_dict()
        else:
            data = {"playlists": [o.to_dict() for o in outcomes], "summary": summary.to_json()}
        super().__init__(data=data)
        self.outcomes = outcomes
        self.summary = summary

    def render(self, console: RichConsole) -> None:
        from rich.markup import escape

        for outcome in self.outcomes:
            _render_playlist(console, outcome, escape)
        summary = self.summary
        if summary:
            console.print(
                f"Summary: {summary.playlists} playlists ({summary.playlists_failed} "
                f"failed), {summary.videos} videos, {summary.subtitle_files} subtitle "
                f"files ({summary.files_written} files written now), "
                f"{summary.video_failures} video failures",
                highlight=False,
            )


def _render_playlist(console: RichConsole, outcome: PlaylistOutcome, escape: Any) -> None:
    from ytrix.sources.errors import PO_TOKEN_HINT

    title = outcome.title or outcome.source
    if outcome.error or not outcome.folder:
        reason = outcome.error or outcome.stopped
        console.print(f"{escape(title)}: failed: {escape(str(reason))}", highlight=False)
        return
    console.print(f"{escape(title)} -> {escape(str(outcome.folder))}", highlight=False)
    shown: dict[Status, str] = {
        "unavailable": "unavailable",
        "no_captions": "no captions",
        "po_token": "captions need a PO token",
        "failed": "failed",
    }
    held = {status: outcome.with_status(status) for status in shown}
    ok = len(outcome.videos) - sum(len(videos) for videos in held.values())
    po_token = f"{len(held['po_token'])} needing a PO token, " if held["po_token"] else ""
    console.print(
        f"  {outcome.video_count} videos: {ok} with subtitles, {len(held['no_captions'])} "
        f"without captions, {po_token}{len(held['unavailable'])} unavailable, "
        f"{len(held['failed'])} failed; {outcome.subtitle_files} subtitle files "
        f"({len(outcome.written)} files written, "
        f"{len(outcome.skipped)} already complete)",
        highlight=False,
    )
    for status, label in shown.items():
        for video in held[status]:
            reason = f": {video.reason}" if video.reason else ""
            console.print(
                f"  {label}: {video.position:03d} "
                + escape(f"{video.title} [{video.video_id}]{reason}"),
                highlight=False,
            )
    if held["po_token"]:
        console.print(f"  Hint: {escape(PO_TOKEN_HINT)}", highlight=False)
    if outcome.stopped:
        console.print(f"  stopped early: {escape(outcome.stopped)}", highlight=False)

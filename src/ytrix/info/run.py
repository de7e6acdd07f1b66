"""plist2info / plists2info: for each video of a playlist, fetch the chosen subtitle
tracks with yt-dlp, write them and a clean Markdown transcript, and keep playlist.yaml
current -- resumable, paced, and honest about what failed.

Flow per playlist: a flat read (one request) -> the folder `<title> [<id>]` -> per
video: skip it when an earlier run completed it with the same language request
(transcripts are re-rendered locally, written only if they changed), else one full
extraction, the language choice, one yt-dlp download per missing track, and the files.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ytrix.info.languages import LanguageRequest, Track, choose_tracks
from ytrix.info.naming import (
    format_upload_date,
    playlist_folder_name,
    position_width,
    video_prefix,
)
from ytrix.info.pacing import DEFAULT_BACKOFF, DEFAULT_DELAY, DEFAULT_RETRIES, GaveUp, Pacer
from ytrix.info.records import FileRecord, PlaylistOutcome, VideoRecord
from ytrix.info.subformats import TEXT_FORMATS, SubtitleFormatError, parse_subtitles
from ytrix.info.transcript import render_markdown, transcript_meta
from ytrix.info.writer import (
    PLAYLIST_FILE,
    dump_yaml,
    load_previous,
    playlist_document,
    remove_stale_temp_files,
    write_if_changed,
)
from ytrix.sources.errors import BotCheck, Unavailable, YtdlpError
from ytrix.sources.models import PlaylistInfo, VideoEntry
from ytrix.sources.ytdlp import YtdlpSession

UNAVAILABLE_ROWS = ("private", "deleted", "unavailable")
ROLLING_FORMATS = ("srt", "vtt")  # YouTube's automatic captions repeat lines in these


@dataclass(frozen=True)
class InfoOptions:
    output: Path
    request: LanguageRequest = field(default_factory=LanguageRequest)
    timestamps: int | None = None
    delay: float = DEFAULT_DELAY
    backoff: float = DEFAULT_BACKOFF
    max_retries: int = DEFAULT_RETRIES
    endpoint: str | None = None  # None: YouTube; else ytemu's base URL
    jobs: int = 1
    ytdlp_params: dict[str, Any] = field(default_factory=dict)  # cookies, JS runtimes


class Reporter(Protocol):
    """Progress callbacks (the CLI draws a progress bar from them)."""

    def playlist_started(self, source: str, title: str, total: int) -> None: ...
    def video_done(self, source: str, record: VideoRecord) -> None: ...
    def playlist_done(self, outcome: PlaylistOutcome) -> None: ...


class NullReporter:
    def playlist_started(self, source: str, title: str, total: int) -> None:
        pass

    def video_done(self, source: str, record: VideoRecord) -> None:
        pass

    def playlist_done(self, outcome: PlaylistOutcome) -> None:
        pass


def find_folder(output: Path, playlist: PlaylistInfo) -> Path:
    """`<title> [<id>]`; an existing folder of the same playlist under an older title
    is reused, so a renamed playlist resumes in place."""
    folder = output / playlist_folder_name(playlist.title, playlist.playlist_id)
    if folder.exists() or not output.is_dir():
        return folder
    suffix = f" [{playlist.playlist_id}]"
    matches = [p for p in output.iterdir() if p.is_dir() and p.name.endswith(suffix)]
    return matches[0] if len(matches) == 1 else folder


class PlaylistRun:
    def __init__(
        self,
        source: str,
        options: InfoOptions,
        session: YtdlpSession,
        pacer: Pacer,
        reporter: Reporter,
    ) -> None:
        self.options = options
        self.session = session
        self.pacer = pacer
        self.reporter = reporter
        self.outcome = PlaylistOutcome(source=source)
        self.folder = options.output
        self.playlist = PlaylistInfo("", "")
        self.records: list[VideoRecord | None] = []

    # --- files -------------------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        if write_if_changed(path, data):
            self.outcome.written.append(path)
        else:
            self.outcome.skipped.append(path)

    def _save_yaml(self) -> None:
        done = [r for r in self.records if r is not None]
        document = playlist_document(self.playlist, done, self.options.request)
        path = self.folder / PLAYLIST_FILE
        if write_if_changed(path, dump_yaml(document)) and path not in self.outcome.written:
            self.outcome.written.append(path)

    def _transcript(self, record: VideoRecord, file: FileRecord, data: bytes) -> None:
        cues = parse_subtitles(data.decode("utf-8", "replace"), file.format)
        meta = transcript_meta(
            video_id=record.video_id,
            title=record.title,
            channel=record.channel,
            language=file.language,
            kind=file.kind,
            duration=record.duration,
            upload_date=record.upload_date,
            url=record.url,
        )
        automatic = file.kind == "automatic"
        rolling = automatic and file.format in ROLLING_FORMATS
        text = render_markdown(meta, cues, automatic, self.options.timestamps, rolling)
        self._write(self.folder / file.transcript, text.encode("utf-8"))

    # --- one video ---------------------------------------------------------------------

    def _reusable(self, previous: VideoRecord | None, entry: VideoEntry) -> bool:
        return (
            previous is not None
            and previous.video_id == entry.video_id
            and previous.status in ("ok", "no_captions")
            and all(
                (self.folder / f.file).is_file() and (self.folder / f.transcript).is_file()
                for f in previous.files
            )
        )

    def _track(self, record: VideoRecord, info: dict[str, Any], track: Track) -> FileRecord:
        base = f"{record.prefix}.{track.label}"
        existing = next(
            (
                self.folder / f"{base}.{ext}"
                for ext in TEXT_FORMATS
                if (self.folder / f"{base}.{ext}").is_file()
            ),
            None,
        )
        if existing is not None:
            data, ext = existing.read_bytes(), existing.suffix.lstrip(".")
            self.outcome.skipped.append(existing)
        else:
            subtitle = self.pacer.call(
                lambda: self.session.download_subtitle(info, track.key),
                f"the {track.key} subtitles of video {record.video_id}",
            )
            data, ext = subtitle.data, subtitle.ext
            self._write(self.folder / f"{base}.{ext}", data)
        file = FileRecord(track.label, track.key, track.kind, ext, f"{base}.{ext}", f"{base}.md")
        self._transcript(record, file, data)
        return file

    def _fetch(self, record: VideoRecord) -> None:
        self.pacer.before_video()
        try:
            info = self.pacer.call(
                lambda: self.session.extract_video(record.video_id), f"video {record.video_id}"
            )
        except Unavailable as exc:
            hint = f" ({exc.hint})" if exc.hint else ""  # members-only: join, then cookies
            record.status, record.reason = "unavailable", exc.message + hint
            return
        except BotCheck:
            raise  # cookies fix it, not waiting: the run ends with the error and its hint
        except YtdlpError as exc:
            record.status, record.reason = "failed", exc.message
            return
        record.title = str(info.get("title") or record.title)
        record.channel = str(info.get("channel") or info.get("uploader") or record.channel)
        duration = info.get("duration")
        record.duration = int(duration) if isinstance(duration, int | float) else record.duration
        record.upload_date = format_upload_date(info.get("upload_date")) or record.upload_date
        choice = choose_tracks(
            (info.get("subtitles") or {}).keys(),
            (info.get("automatic_captions") or {}).keys(),
            self.options.request,
            info.get("language"),
        )
        record.missing_languages = list(choice.missing)
        dropped = self.session.po_token_dropped(record.video_id)
        if dropped is not None and (choice.missing or not choice.tracks):
            # yt-dlp dropped tracks it could not download without a PO token: not
            # "no captions", and a re-run with a token provider fetches them
            record.status = "po_token"
            record.reason = "yt-dlp dropped the caption tracks: YouTube wants a PO token for them"
            if not choice.tracks:
                return
        if not choice.tracks:
            record.status = "no_captions"
            record.reason = "no subtitles in the requested languages" if choice.missing else None
            return
        problems = []
        for track in choice.tracks:
            try:
                record.files.append(self._track(record, info, track))
            except BotCheck:
                raise
            except (YtdlpError, SubtitleFormatError) as exc:
                problems.append(f"{track.label}: {getattr(exc, 'message', exc)}")
        if problems:
            record.status, record.reason = "failed", "; ".join(problems)

    def _video(self, position: int, entry: VideoEntry, width: int) -> VideoRecord:
        prefix = video_prefix(position, entry.title or entry.video_id, width)
        previous = self.records[position - 1]
        if self._reusable(previous, entry) and previous is not None:
            previous.position = position
            for file in previous.files:
                self.outcome.skipped.append(self.folder / file.file)
                try:
                    self._transcript(previous, file, (self.folder / file.file).read_bytes())
                except SubtitleFormatError as exc:
                    previous.status = "failed"
                    previous.reason = f"{file.file}: {exc} (delete it to fetch it again)"
            return previous
        record = VideoRecord(
            position=position,
            video_id=entry.video_id,
            title=entry.title,
            prefix=prefix,
            channel=entry.channel,
            duration=entry.duration,
            upload_date=format_upload_date(entry.upload_date),
        )
        if entry.availability in UNAVAILABLE_ROWS:
            record.status, record.reason = "unavailable", f"{entry.availability} video"
            return record
        try:
            self._fetch(record)
        except GaveUp as exc:  # the run stops; this video is what it stopped on
            record.status, record.reason = "failed", exc.message
        return record

    # --- the playlist ------------------------------------------------------------------

    def run(self) -> PlaylistOutcome:
        outcome = self.outcome
        try:
            self.playlist = self.pacer.call(
                lambda: self.session.read_playlist(outcome.source), f"playlist {outcome.source}"
            )
        except GaveUp as exc:
            outcome.stopped = exc.message
            return outcome
        except BotCheck:
            raise
        except YtdlpError as exc:
            outcome.error = exc.message
            return outcome
        playlist = self.playlist
        outcome.playlist_id, outcome.title = playlist.playlist_id, playlist.title
        outcome.video_count = len(playlist.entries)
        self.folder = outcome.folder = find_folder(self.options.output, playlist)
        remove_stale_temp_files(self.folder)
        previous, languages = load_previous(self.folder)
        same_request = languages == self.options.request.signature()
        width = position_width(len(playlist.entries))
        self.records = [
            previous.get(video_prefix(n, e.title or e.video_id, width)) if same_request else None
            for n, e in enumerate(playlist.entries, 1)
        ]
        self.reporter.playlist_started(outcome.source, playlist.title, len(playlist.entries))
        try:
            for position, entry in enumerate(playlist.entries, 1):
                if self.pacer.stopped:
                    outcome.stopped = self.pacer.stop_reason
                    break
                record = self._video(position, entry, width)
                self.records[position - 1] = record
                outcome.videos.append(record)
                self._save_yaml()
                self.reporter.video_done(outcome.source, record)
            if self.pacer.stopped and outcome.stopped is None:
                outcome.stopped = self.pacer.stop_reason
        finally:
            self._save_yaml()
        self.reporter.playlist_done(outcome)
        return outcome


def run_playlist(
    source: str,
    options: InfoOptions,
    pacer: Pacer,
    reporter: Reporter | None = None,
    session_factory: Callable[[str | None, dict[str, Any]], YtdlpSession] = YtdlpSession,
) -> PlaylistOutcome:
    with session_factory(options.endpoint, options.ytdlp_params) as session:
        return PlaylistRun(source, options, session, pacer, reporter or NullReporter()).run()


def run_playlists(
    sources: Sequence[str],
    options: InfoOptions,
    reporter: Reporter | None = None,
    notice: Callable[[str], None] | None = None,
) -> list[PlaylistOutcome]:
    """Every playlist, `options.jobs` at a time, sharing one pacer; outcomes in input
    order. A rate limit that outlasts its retries stops the remaining work."""
    pacer = Pacer(options.delay, options.backoff, options.max_retries, notice)
    report = reporter or NullReporter()

    def one(source: str) -> PlaylistOutcome:
        if pacer.stopped:
            return PlaylistOutcome(source=source, stopped=f"not started: {pacer.stop_reason}")
        return run_playlist(source, options, pacer, report)

    if options.jobs <= 1 or len(sources) <= 1:
        return [one(source) for source in sources]
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs)
    try:
        futures = [pool.submit(one, source) for source in sources]
        return [future.result() for future in futures]
    except BaseException:
        pacer.stop("interrupted")
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

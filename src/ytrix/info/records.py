"""What plist2info records: per video (playlist.yaml) and per run (the command result)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ytrix.core.jsonify import pick
from ytrix.info.naming import format_duration
from ytrix.sources.errors import PO_TOKEN_HINT

# po_token: yt-dlp dropped caption tracks that need a PO token (not "no captions")
Status = Literal["ok", "no_captions", "po_token", "unavailable", "failed"]
STATUSES: tuple[Status, ...] = ("ok", "no_captions", "po_token", "unavailable", "failed")


@dataclass(frozen=True)
class FileRecord:
    """One subtitle track on disk and its transcript."""

    language: str  # as in the file name
    track: str  # yt-dlp's key (`en-orig`, `de`, ...)
    kind: str  # manual | automatic
    format: str  # srt | vtt | ...
    file: str
    transcript: str

    def to_dict(self) -> dict[str, Any]:
        return pick(self, "language kind track format file transcript")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileRecord:
        return cls(
            language=str(data["language"]),
            track=str(data.get("track") or data["language"]),
            kind=str(data.get("kind") or "manual"),
            format=str(data["format"]),
            file=str(data["file"]),
            transcript=str(data["transcript"]),
        )


@dataclass
class VideoRecord:
    position: int
    video_id: str
    title: str
    prefix: str  # NNN_<title>, the start of every file name
    channel: str = ""
    duration: int | None = None
    upload_date: str | None = None  # YYYY-MM-DD
    status: Status = "ok"
    reason: str | None = None
    files: list[FileRecord] = field(default_factory=list)
    missing_languages: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://www.youtube.com/watch?v={self.video_id}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "position": self.position,
            "id": self.video_id,
            "title": self.title,
            "channel": self.channel,
            "duration": self.duration,
            "duration_formatted": format_duration(self.duration),
            "upload_date": self.upload_date,
            "url": self.url,
            "status": self.status,
        }
        if self.reason:
            data["reason"] = self.reason
        data["prefix"] = self.prefix
        data["subtitles"] = [f.to_dict() for f in self.files]
        if self.missing_languages:
            data["missing_languages"] = list(self.missing_languages)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VideoRecord:
        status: Status = next((s for s in STATUSES if s == data.get("status")), "failed")
        duration = data.get("duration")
        return cls(
            position=int(data["position"]),
            video_id=str(data["id"]),
            title=str(data.get("title") or ""),
            prefix=str(data["prefix"]),
            channel=str(data.get("channel") or ""),
            duration=int(duration) if isinstance(duration, int | float) else None,
            upload_date=str(data["upload_date"]) if data.get("upload_date") else None,
            status=status,
            reason=str(data["reason"]) if data.get("reason") else None,
            files=[FileRecord.from_dict(f) for f in data.get("subtitles") or []],
            missing_languages=[str(x) for x in data.get("missing_languages") or []],
        )


@dataclass
class PlaylistOutcome:
    """The result of one playlist: what was written, skipped, and what went wrong."""

    source: str
    playlist_id: str | None = None
    title: str | None = None
    folder: Path | None = None
    videos: list[VideoRecord] = field(default_factory=list)
    video_count: int = 0
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    error: str | None = None  # the playlist itself could not be read
    stopped: str | None = None  # the run stopped early (rate limit, interrupt)

    def with_status(self, status: Status) -> list[VideoRecord]:
        return [v for v in self.videos if v.status == status]

    @property
    def failed(self) -> bool:
        # a caption track held back for want of a PO token is work left to do
        return bool(
            self.error or self.stopped or self.with_status("failed") or self.with_status("po_token")
        )

    @property
    def subtitle_files(self) -> int:
        return sum(len(v.files) for v in self.videos)

    def to_dict(self) -> dict[str, Any]:
        def brief(video: VideoRecord) -> dict[str, Any]:
            return {"position": video.position, "id": video.video_id, **pick(video, "title reason")}

        return {
            "source": self.source,
            "playlist_id": self.playlist_id,
            "title": self.title,
            "folder": str(self.folder) if self.folder else None,
            "video_count": self.video_count,
            "videos_processed": len(self.videos),
            "subtitle_files": self.subtitle_files,
            "files_written": [str(p) for p in self.written],
            "files_skipped": [str(p) for p in self.skipped],
            "failures": [brief(v) for v in self.with_status("failed")],
            "unavailable": [brief(v) for v in self.with_status("unavailable")],
            "no_captions": [brief(v) for v in self.with_status("no_captions")],
            "po_token": [brief(v) | {"hint": PO_TOKEN_HINT} for v in self.with_status("po_token")],
            "error": self.error,
            "stopped": self.stopped,
        }


@dataclass(frozen=True)
class InfoSummary:
    """plists2info's totals over every playlist (counts of videos by status last)."""

    playlists: int
    playlists_failed: int
    videos: int
    subtitle_files: int
    files_written: int
    video_failures: int
    unavailable: int
    no_captions: int
    po_token: int

    @classmethod
    def of(cls, outcomes: Sequence[PlaylistOutcome]) -> InfoSummary:
        def count(status: Status) -> int:
            return sum(len(o.with_status(status)) for o in outcomes)

        return cls(
            len(outcomes),
            sum(1 for o in outcomes if o.error or not o.folder),
            sum(o.video_count for o in outcomes),
            sum(o.subtitle_files for o in outcomes),
            sum(len(o.written) for o in outcomes),
            count("failed"),
            count("unavailable"),
            count("no_captions"),
            count("po_token"),
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

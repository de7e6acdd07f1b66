"""Reading YouTube through yt-dlp: free (no API quota), public data only.

* :func:`read_playlist_flat` -- a playlist's rows in order, one request, no per-video
  pages (yt-dlp's `extract_flat="in_playlist"`), as a :class:`PlaylistInfo`.
* :class:`YtdlpSession` -- one yt-dlp instance (one per thread): the flat read, a full
  video extraction (metadata, `subtitles`, `automatic_captions`), and the download of
  one subtitle track by yt-dlp itself (its selection, HTTP download and file writing).

Real world vs emulator world: when the config's `[api] youtube_endpoint` is not
Google's, ytrix talks to ytemu; the session then registers :class:`YtemuIE` and points
at the emulator's yt-dlp endpoints instead of youtube.com. yt-dlp is imported lazily.

yt-dlp failures become the typed errors of :mod:`ytrix.sources.errors` (rate limit,
bot check, members-only, unavailable). The user's cookies and JS runtime settings
(:mod:`ytrix.sources.access`) arrive as yt-dlp options in `params`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ytrix.sources.access import has_cookies
from ytrix.sources.errors import YtdlpError, classify, cookies_needed, is_po_token_warning
from ytrix.sources.models import (
    SIGNED_IN_LISTS,
    Availability,
    ChannelRef,
    PlaylistInfo,
    VideoEntry,
    parse_playlist_ref,
    playlist_url,
)

if TYPE_CHECKING:
    from ytrix.core.config import Config

_log = logging.getLogger("ytrix.ytdlp")
SUBTITLE_FORMATS = "srt/vtt/best"
ROW_MARKERS: dict[str, Availability] = {
    "[private video]": "private",
    "[deleted video]": "deleted",
    "[unavailable video]": "unavailable",
}


def endpoint_for(config: Config | None) -> str | None:
    """None for real YouTube; the emulator's base URL when `[api] youtube_endpoint`
    points away from Google (a missing config means Google)."""
    if config is None or config.api.is_google:
        return None
    return config.api.youtube_endpoint.rstrip("/")


_RELEVANT_WARNING_RE = re.compile(r"subtitle|caption|PO token|sign in|cookies", re.I)


class _Logger:
    """yt-dlp's chatter goes to the debug log; warnings that explain missing captions
    (PO tokens, sign-in) to stderr, the rest (format notes) to the log file. Warnings
    about dropped caption tracks are kept for the session to report per video."""

    def __init__(self) -> None:
        self.po_token_warnings: list[str] = []
        self._lock = threading.Lock()

    def po_token_warning(self, video_id: str) -> str | None:
        with self._lock:
            return next((w for w in self.po_token_warnings if f"{video_id}: " in w), None)

    def debug(self, msg: str) -> None:
        _log.debug("%s", msg)

    def info(self, msg: str) -> None:
        _log.debug("%s", msg)

    def warning(self, msg: str) -> None:
        text = msg.removeprefix("WARNING: ")
        if is_po_token_warning(text):
            with self._lock:
                self.po_token_warnings.append(text)
        if _RELEVANT_WARNING_RE.search(text):
            _log.warning("yt-dlp: %s", text)
        else:
            _log.info("yt-dlp: %s", text)

    def error(self, msg: str) -> None:
        _log.debug("%s", msg)  # errors are raised and reported by ytrix


@dataclass(frozen=True)
class Subtitle:
    """One downloaded track: yt-dlp's key, the format it chose and the file's bytes."""

    key: str
    ext: str
    data: bytes


def availability_of(entry: dict[str, Any]) -> Availability:
    title = str(entry.get("title") or "").strip().lower()
    if title in ROW_MARKERS:
        return ROW_MARKERS[title]
    value = entry.get("availability")
    if value == "subscriber_only":  # tried with the user's cookies, not skipped
        return "members_only"
    if value in ("private", "needs_auth", "premium_only"):
        return "private" if value == "private" else "unavailable"
    return "unlisted" if value == "unlisted" else "public"


def _entry(raw: dict[str, Any]) -> VideoEntry:
    duration = raw.get("duration")
    return VideoEntry(
        video_id=str(raw.get("id") or ""),
        title=str(raw.get("title") or ""),
        channel=str(raw.get("channel") or raw.get("uploader") or ""),
        channel_id=str(raw.get("channel_id") or ""),
        duration=int(duration) if isinstance(duration, int | float) else None,
        upload_date=raw.get("upload_date") or None,
        availability=availability_of(raw),
    )


def playlist_from_info(info: dict[str, Any]) -> PlaylistInfo:
    rows = [e for e in info.get("entries") or [] if isinstance(e, dict) and e.get("id")]
    return PlaylistInfo(
        playlist_id=str(info.get("id") or ""),
        title=str(info.get("title") or ""),
        description=str(info.get("description") or ""),
        channel=str(info.get("channel") or info.get("uploader") or ""),
        channel_id=str(info.get("channel_id") or ""),
        privacy=str(info.get("availability") or "public"),
        entries=tuple(_entry(row) for row in rows),
    )


class YtdlpSession:
    """One YoutubeDL (not thread-safe: one session per worker). Use as a context
    manager; subtitle files pass through a private temp dir removed on close."""

    def __init__(self, endpoint: str | None = None, params: dict[str, Any] | None = None):
        import yt_dlp

        self.endpoint = endpoint
        self._tmp = Path(tempfile.mkdtemp(prefix="ytrix-ytdlp-"))
        self._logger = _Logger()
        self.signed_in = has_cookies(params or {})
        options: dict[str, Any] = {
            "quiet": True,
            "no_warnings": False,
            "noprogress": True,
            "logger": self._logger,
            "extract_flat": "in_playlist",
            "skip_download": True,
            "ignore_no_formats_error": True,
            "writesubtitles": True,
            "writeautomaticsub": True,
            "subtitlesformat": SUBTITLE_FORMATS,
            "subtitleslangs": [],
            "outtmpl": {"default": str(self._tmp / "%(id)s.%(ext)s")},
            "retries": 3,
            "socket_timeout": 30,
            "sleep_interval_subtitles": 0,
        }
        self._ie_key: str | None = None
        if endpoint is not None:
            options["cachedir"] = False
        options.update(params or {})
        self._ydl = yt_dlp.YoutubeDL(options)
        if endpoint is not None:
            from ytrix.sources.ytemu_extractor import YtemuIE

            self._ydl.add_info_extractor(YtemuIE())
            self._ie_key = YtemuIE.ie_key()

    def __enter__(self) -> YtdlpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._ydl.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def playlist_url(self, playlist_id: str) -> str:
        if self.endpoint is None:
            return playlist_url(playlist_id)
        from ytrix.sources.ytemu_extractor import playlist_url as emu_playlist_url

        return emu_playlist_url(self.endpoint, playlist_id)

    def video_url(self, video_id: str) -> str:
        if self.endpoint is None:
            return VideoEntry(video_id).url
        from ytrix.sources.ytemu_extractor import video_url

        return video_url(self.endpoint, video_id)

    def _extract(self, url: str, process: bool) -> dict[str, Any]:
        try:
            info = self._ydl.extract_info(url, download=False, process=process, ie_key=self._ie_key)
        except Exception as exc:
            raise classify(exc) from exc
        if not isinstance(info, dict):
            raise YtdlpError(f"yt-dlp returned nothing for {url}")
        return info

    def read_playlist(self, url_or_id: str) -> PlaylistInfo:
        """The playlist's rows in order (flat: one request, no per-video pages).
        Liked videos and Watch later are readable on the web only signed in."""
        ref = parse_playlist_ref(url_or_id)
        if ref.playlist_id in SIGNED_IN_LISTS and not self.signed_in:
            raise cookies_needed(ref.playlist_id)
        info = self._extract(self.playlist_url(ref.playlist_id), process=True)
        playlist = playlist_from_info(info)
        if not playlist.playlist_id:
            playlist = PlaylistInfo(ref.playlist_id, playlist.title, entries=playlist.entries)
        return playlist

    def channel_tab(self, ref: ChannelRef) -> dict[str, Any]:
        """A channel's Playlists tab, flat: rows of id and title, no counts."""
        if self.endpoint is None:
            url = f"{ref.url}/playlists"
        else:
            from ytrix.sources.ytemu_extractor import channel_tab_url

            url = channel_tab_url(self.endpoint, ref.handle or ref.channel_id or "")
        return self._extract(url, process=True)

    def extract_video(self, video_id: str) -> dict[str, Any]:
        """The raw info dict of one video (metadata and caption track maps)."""
        return self._extract(self.video_url(video_id), process=False)

    def po_token_dropped(self, video_id: str) -> str | None:
        """yt-dlp's warning when it dropped caption tracks of `video_id` for want of a
        PO token (yt-dlp's warning starts `[youtube] <id>: `)."""
        return self._logger.po_token_warning(video_id)

    def download_subtitle(self, info: dict[str, Any], key: str) -> Subtitle:
        """Let yt-dlp select the format of track `key` and download it."""
        import copy

        self._ydl.params["subtitleslangs"] = [re.escape(key)]
        try:
            result = self._ydl.process_ie_result(copy.deepcopy(info), download=True)
        except Exception as exc:
            raise classify(exc) from exc
        finally:
            self._ydl.params["subtitleslangs"] = []
        track = (result.get("requested_subtitles") or {}).get(key) if result else None
        path = track.get("filepath") if isinstance(track, dict) else None
        if not isinstance(track, dict) or not path or not Path(path).is_file():
            raise YtdlpError(f"yt-dlp wrote no {key} subtitles")
        data = Path(path).read_bytes()
        Path(path).unlink()
        return Subtitle(key=key, ext=str(track["ext"]), data=data)


def read_playlist_flat(
    url_or_id: str, *, endpoint: str | None = None, params: dict[str, Any] | None = None
) -> PlaylistInfo:
    """A playlist's rows via yt-dlp (free; public and unlisted playlists, and with
    cookies the user's own lists). `endpoint`: see :func:`endpoint_for`. Raises
    UsageError for a malformed source, Unavailable for a missing or private playlist,
    BotCheck, RateLimited, or YtdlpError."""
    with YtdlpSession(endpoint, params) as session:
        return session.read_playlist(url_or_id)


def read_channel_playlists(
    ref: ChannelRef, endpoint: str | None = None, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A channel's Playlists tab as yt-dlp extracts it (see :func:`read_playlist_flat`)."""
    with YtdlpSession(endpoint, params) as session:
        return session.channel_tab(ref)

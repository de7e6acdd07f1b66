"""What a source yields: a playlist with its entries in order, and a parsed reference."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from ytrix.core.errors import UsageError

VIDEO_ID_RE = re.compile(r"^[A-Za-z0-9_-]{11}$")
# Playlist IDs: PL/UU/FL/LL/OL/RD... prefixes followed by base64url-ish characters.
PLAYLIST_ID_RE = re.compile(r"^(PL|UU|FL|LL|OL|RD|UL|PU|EL|CL|VL)[A-Za-z0-9_-]{10,64}$")
CHANNEL_ID_RE = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
HANDLE_RE = re.compile(r"^@[A-Za-z0-9._-]{3,100}$")
# The signed-in user's own lists (platform-limits §6): Liked videos, readable by its
# owner through the Data API, and Watch later, which the API has not served since 2016.
LIKED = "LL"
WATCH_LATER = "WL"
OWN_LISTS = frozenset({LIKED, WATCH_LATER})
SIGNED_IN_LISTS = OWN_LISTS  # on the web (yt-dlp) both need the owner's cookies
# An uploads playlist (UU...) lists at most about the newest 20,000 videos
# (maintainer of mattwright324/youtube-metadata #177).
UPLOADS_LISTED = 20_000

# members_only: a row YouTube badges for channel members; copyable, and readable by
# yt-dlp with a member's cookies
Availability = Literal["public", "unlisted", "private", "deleted", "unavailable", "members_only"]


class SourceMode(StrEnum):
    """How sources are read (`--source`): the Data API (`auto` turns to yt-dlp only when
    no project has units left for reads), the API only, or yt-dlp only."""

    AUTO = "auto"
    API = "api"
    YTDLP = "ytdlp"


@dataclass(frozen=True)
class VideoEntry:
    video_id: str
    title: str = ""
    channel: str = ""
    channel_id: str = ""
    duration: int | None = None  # seconds
    upload_date: str | None = None  # YYYYMMDD
    availability: Availability = "public"

    @property
    def url(self) -> str:
        return f"https://www.youtube.com/watch?v={self.video_id}"


@dataclass(frozen=True)
class PlaylistInfo:
    playlist_id: str
    title: str
    description: str = ""
    channel: str = ""
    channel_id: str = ""
    privacy: str = "public"
    entries: tuple[VideoEntry, ...] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        return playlist_url(self.playlist_id)

    @property
    def video_ids(self) -> list[str]:
        return [e.video_id for e in self.entries]


@dataclass(frozen=True)
class PlaylistRef:
    playlist_id: str

    @property
    def url(self) -> str:
        return playlist_url(self.playlist_id)


@dataclass(frozen=True)
class ChannelRef:
    """A channel by ID (`UC...`) or by handle (`@name`)."""

    channel_id: str | None = None
    handle: str | None = None

    @property
    def url(self) -> str:
        if self.channel_id:
            return f"https://www.youtube.com/channel/{self.channel_id}"
        return f"https://www.youtube.com/{self.handle}"


def playlist_url(playlist_id: str) -> str:
    return f"https://www.youtube.com/playlist?list={playlist_id}"


def quote_line(text: str, limit: int = 80) -> str:
    """`text` quoted for an error message, cut to `limit` characters: a bad line of
    5 MB is named, not echoed."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 3]!r}... ({len(text):,} characters)"


def parse_playlist_ref(text: str) -> PlaylistRef:
    """A playlist URL (any youtube.com / youtu.be form with `list=`) or a bare ID."""
    candidate = text.strip()
    if PLAYLIST_ID_RE.match(candidate) or candidate in OWN_LISTS:
        return PlaylistRef(candidate)
    parsed = urllib.parse.urlparse(candidate if "://" in candidate else f"https://{candidate}")
    host = (parsed.hostname or "").lower()
    if host.endswith(("youtube.com", "youtu.be", "youtube-nocookie.com")):
        values = urllib.parse.parse_qs(parsed.query).get("list", [])
        if values and (PLAYLIST_ID_RE.match(values[0]) or values[0] in OWN_LISTS):
            return PlaylistRef(values[0])
    raise UsageError(
        f"Not a playlist URL or ID: {quote_line(text)}",
        "Give a URL like https://www.youtube.com/playlist?list=PL..., a playlist ID (PL...), "
        "LL (your Liked videos) or WL (your Watch later).",
    )


def uploads_truncated(playlist_id: str, listed: int, reported: int | None = None) -> bool:
    """Whether a read of an uploads playlist may have stopped at YouTube's ~20,000."""
    return playlist_id.startswith("UU") and max(listed, reported or 0) >= UPLOADS_LISTED


def parse_channel_ref(text: str) -> ChannelRef:
    """`@handle`, `UC...`, or a channel URL (/channel/UC..., /@handle)."""
    candidate = text.strip()
    if HANDLE_RE.match(candidate):
        return ChannelRef(handle=candidate)
    if CHANNEL_ID_RE.match(candidate):
        return ChannelRef(channel_id=candidate)
    parsed = urllib.parse.urlparse(candidate if "://" in candidate else f"https://{candidate}")
    if (parsed.hostname or "").lower().endswith("youtube.com"):
        parts = [p for p in parsed.path.split("/") if p]
        if len(parts) >= 2 and parts[0] == "channel" and CHANNEL_ID_RE.match(parts[1]):
            return ChannelRef(channel_id=parts[1])
        if parts and HANDLE_RE.match(parts[0]):
            return ChannelRef(handle=parts[0])
    raise UsageError(
        f"Not a channel: {text!r}",
        "Give @handle, a channel ID (UC...), or a channel URL.",
    )

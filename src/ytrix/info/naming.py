"""File and folder names for plist2info output, and the `H:MM:SS` duration form."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 100
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")


def sanitize(name: str, limit: int = MAX_NAME, fallback: str = "untitled") -> str:
    """A file-name-safe form of a title: reserved characters become `_`, whitespace
    collapses, leading/trailing dots and spaces go, and long names are cut at a word
    boundary. Spaces and non-ASCII letters are kept."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text)
    text = _SPACES.sub(" ", text).strip(" .")
    if len(text) > limit:
        cut = text[:limit]
        space = cut.rfind(" ")
        text = (cut[:space] if space > limit // 2 else cut).rstrip(" .")
    return text or fallback


def playlist_folder_name(title: str, playlist_id: str) -> str:
    """`<title> [<id>]`: two playlists with the same title never share a folder."""
    return f"{sanitize(title)} [{playlist_id}]"


def video_prefix(position: int, title: str, width: int = 3) -> str:
    """`NNN_<title>`: the 1-based position, zero-padded (wider for long playlists)."""
    return f"{position:0{width}d}_{sanitize(title)}"


def position_width(count: int) -> int:
    return max(3, len(str(count)))


def format_duration(seconds: float | int | None) -> str | None:
    """`H:MM:SS` (always with hours, so the form sorts and parses the same way)."""
    if seconds is None:
        return None
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def format_upload_date(value: str | None) -> str | None:
    """yt-dlp's `YYYYMMDD` as `YYYY-MM-DD` (anything else is passed through)."""
    if value and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value or None

"""Output files: atomic writes that skip identical content, and playlist.yaml.

Every file is written to a hidden temp file in its folder, fsynced and renamed, so an
interrupted run never leaves a partial file under a final name; a re-run treats any
file that exists as complete. Unlike ytrix's private state files these are the
user's documents: they get the usual permissions (0666 minus the umask).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from ytrix.core.errors import YtrixError
from ytrix.core.fsutil import atomic_write_bytes, user_file_mode
from ytrix.info.languages import LanguageRequest
from ytrix.info.naming import format_duration
from ytrix.info.records import VideoRecord
from ytrix.sources.models import PlaylistInfo

TMP_SUFFIX = ".ytrix-tmp"
PLAYLIST_FILE = "playlist.yaml"
_log = logging.getLogger("ytrix.info")


class OutputError(YtrixError):
    code = "output"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically write `data` unless the file already holds exactly it."""
    try:
        return _write_if_changed(path, data)
    except OSError as exc:
        raise OutputError(
            f"Cannot write {path}: {exc.strerror or exc}",
            "Check that --output names a writable directory with free space.",
        ) from exc


def _write_if_changed(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    atomic_write_bytes(path, data, user_file_mode(path), private=False, tmp_suffix=TMP_SUFFIX)
    return True


def remove_stale_temp_files(folder: Path) -> None:
    """Temp files left by a killed run (they never count as output)."""
    if folder.is_dir():
        for stale in folder.glob(f".*{TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()


def dump_yaml(data: Any) -> bytes:
    import yaml

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return text.encode("utf-8")


def playlist_document(
    playlist: PlaylistInfo, videos: list[VideoRecord], request: LanguageRequest
) -> dict[str, Any]:
    total = sum(v.duration or 0 for v in videos if v.status != "unavailable")
    return {
        "id": playlist.playlist_id,
        "title": playlist.title,
        "channel": playlist.channel,
        "channel_id": playlist.channel_id,
        "description": playlist.description,
        "url": playlist.url,
        "video_count": len(playlist.entries),
        "total_duration": total,
        "total_duration_formatted": format_duration(total),
        "languages": request.signature(),
        "videos": [v.to_dict() for v in videos],
    }


def load_previous(folder: Path) -> tuple[dict[str, VideoRecord], dict[str, Any] | None]:
    """Video records from an earlier run's playlist.yaml (by file prefix) and the language
    request it was made with. A missing or unreadable file means a fresh start."""
    path = folder / PLAYLIST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}, None
    except OSError as exc:
        _log.warning("cannot read %s: %s", path, exc)
        return {}, None
    import yaml

    try:
        data = yaml.safe_load(text)
        records: dict[str, VideoRecord] = {}
        for raw in data.get("videos") or []:
            record = VideoRecord.from_dict(raw)
            records.setdefault(record.prefix, record)
        languages = data.get("languages")
        return records, languages if isinstance(languages, dict) else None
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as exc:
        _log.warning("ignoring unreadable %s: %s", path, exc)
        return {}, None

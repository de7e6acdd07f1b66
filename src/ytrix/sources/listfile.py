"""The playlist list of `plists2info FILE`: one URL or ID a line; `#` comments and
blank lines are ignored. The whole file is checked before any work starts."""

from __future__ import annotations

from pathlib import Path

from ytrix.core.errors import UsageError
from ytrix.sources.models import parse_playlist_ref


def strip_comment(line: str) -> str:
    text = line.strip()
    if text.startswith("#"):
        return ""
    for marker in (" #", "\t#"):
        if marker in text:
            text = text.split(marker, 1)[0]
    return text.strip()


def read_playlist_list(path: Path) -> list[str]:
    """Playlist IDs in file order, duplicates dropped. A malformed line is a usage
    error naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(
            f"Cannot read {path}: {reason}",
            "Give a text file with one playlist URL or ID per line.",
        ) from None
    ids: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        candidate = strip_comment(line)
        if not candidate:
            continue
        try:
            ref = parse_playlist_ref(candidate)
        except UsageError:
            raise UsageError(
                f"{path}:{number}: not a playlist URL or ID: {candidate!r}",
                "Fix or comment out (#) that line; each line holds one playlist URL "
                "(https://www.youtube.com/playlist?list=PL...) or ID.",
            ) from None
        if ref.playlist_id not in ids:
            ids.append(ref.playlist_id)
    if not ids:
        raise UsageError(f"{path} lists no playlists", "Put one playlist URL or ID per line.")
    return ids

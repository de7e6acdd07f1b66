"""The one playlist-list file (`plists2mlists`, `plists2mlist`, `plists2info`): one
playlist URL or ID per line, `#` comments (a whole line, or after whitespace), blank
lines ignored, UTF-8 with or without a byte-order mark.

The whole file is checked before anything is read or written: a missing file, a
directory, a binary file or a malformed line is a usage error (exit 2) naming the file
and the line. A playlist listed twice counts once; the repeat is kept for the batch to
report, not silently dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ytrix.core.errors import UsageError
from ytrix.sources.models import PlaylistRef, parse_playlist_ref, quote_line

_COMMENT = re.compile(r"(^|\s)#.*$")
FORMAT_HINT = "One playlist URL or ID per line; `#` starts a comment, blank lines are ignored."


@dataclass(frozen=True)
class SourceLine:
    """A playlist the file lists, with the line it is on (1-based)."""

    line: int
    ref: PlaylistRef


@dataclass(frozen=True)
class Repeat:
    """A line listing a playlist an earlier line already lists."""

    line: int
    first_line: int
    playlist_id: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "same_as_line": self.first_line, "playlist_id": self.playlist_id}


MAX_REPEAT_SENTENCES = 5  # playlists named one by one; the rest in one count


def repeat_sentences(repeats: Sequence[Repeat]) -> list[str]:
    """One sentence per playlist listed more than once, however many times (5,000
    identical lines are one notice with a count, not 5,000), at most a few playlists
    by name; `--json` keeps every line."""
    groups: dict[tuple[int, str], list[int]] = {}
    for repeat in repeats:
        groups.setdefault((repeat.first_line, repeat.playlist_id), []).append(repeat.line)
    out = []
    for (first, playlist_id), lines in list(groups.items())[:MAX_REPEAT_SENTENCES]:
        if len(lines) == 1:
            which = f"Line {lines[0]} lists"
        else:
            more = f" and {len(lines) - 3:,} more" if len(lines) > 3 else ""
            which = f"{len(lines):,} lines ({', '.join(map(str, lines[:3]))}{more}) list"
        out.append(f"{which} the same playlist as line {first} ({playlist_id}): copied once")
    if len(groups) > MAX_REPEAT_SENTENCES:
        rest = len(groups) - MAX_REPEAT_SENTENCES
        out.append(f"{rest:,} more playlists are listed more than once: each copied once")
    return out


@dataclass(frozen=True)
class SourceFile:
    path: Path  # as the user gave it
    digest: str  # sha256 of the bytes, to notice an edited file on --resume
    sources: tuple[SourceLine, ...]
    repeats: tuple[Repeat, ...]

    @property
    def refs(self) -> list[PlaylistRef]:
        """The playlists listed, in file order, each once."""
        return [source.ref for source in self.sources]


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"{path}: no such file", "Give the path of a text file with one playlist per line."
        ) from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory", "Give the path of a text file.") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_list_file(path: Path) -> SourceFile:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(f"{path}, line {line}: not UTF-8 text", FORMAT_HINT) from None
    sources: list[SourceLine] = []
    repeats: list[Repeat] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        content = _COMMENT.sub("", raw).strip()
        if not content:
            continue
        try:
            ref = parse_playlist_ref(content)
        except UsageError:
            raise UsageError(
                f"{path}, line {number}: not a playlist URL or ID: {quote_line(content)}",
                FORMAT_HINT,
            ) from None
        if ref.playlist_id in first_seen:
            repeats.append(Repeat(number, first_seen[ref.playlist_id], ref.playlist_id))
            continue
        first_seen[ref.playlist_id] = number
        sources.append(SourceLine(number, ref))
    if not sources:
        raise UsageError(f"{path}: lists no playlists", FORMAT_HINT)
    return SourceFile(path, hashlib.sha256(data).hexdigest(), tuple(sources), tuple(repeats))

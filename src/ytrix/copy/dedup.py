"""Is the source already among the user's playlists? Pure set arithmetic.

- the same set of videos as an own playlist -> exact (nothing to do);
- an own playlist already holds >= 75% of the source and is no larger than twice the
  source -> partial (add only the missing videos to it);
- otherwise none (create a new playlist).

All own playlists count, private and unlisted included (listed with `mine=true`).
Titles are ignored; the source playlist itself is never its own duplicate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ytrix.youtube.gateway import OwnPlaylist

PARTIAL_THRESHOLD = 0.75
MAX_SIZE_FACTOR = 2


@dataclass(frozen=True)
class Match:
    kind: Literal["exact", "partial"]
    playlist: OwnPlaylist
    overlap: float  # share of the source's videos the playlist already holds
    missing: tuple[str, ...]  # source videos it lacks, in source order

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "playlist_id": self.playlist.playlist_id,
            "title": self.playlist.title,
            "privacy": self.playlist.privacy,
            "overlap": round(self.overlap, 4),
            "missing": len(self.missing),
        }


def candidates(
    own: Sequence[OwnPlaylist], source_size: int, exclude: Sequence[str] = ()
) -> list[OwnPlaylist]:
    """Own playlists whose size allows a match (so only those are read)."""
    if source_size == 0:
        return []
    low = math.ceil(PARTIAL_THRESHOLD * source_size)
    high = MAX_SIZE_FACTOR * source_size
    return [p for p in own if p.playlist_id not in exclude and low <= p.item_count <= high]


def best_match(
    source: Sequence[str], own: Sequence[OwnPlaylist], items: Mapping[str, Sequence[str]]
) -> Match | None:
    """The best own playlist for `source` (unique video IDs in order), or None.
    `items` maps the candidates' IDs to their video IDs."""
    wanted = set(source)
    if not wanted:
        return None
    best: tuple[tuple[int, float, int], Match] | None = None
    for playlist in own:
        videos = items.get(playlist.playlist_id)
        if videos is None:
            continue
        held = set(videos)
        overlap = len(wanted & held) / len(wanted)
        if held == wanted:
            kind: Literal["exact", "partial"] = "exact"
        elif overlap >= PARTIAL_THRESHOLD and len(videos) <= MAX_SIZE_FACTOR * len(wanted):
            kind = "partial"
        else:
            continue
        missing = tuple(v for v in source if v not in held)
        rank = (1 if kind == "exact" else 0, overlap, -abs(len(videos) - len(wanted)))
        if best is None or rank > best[0]:
            best = (rank, Match(kind, playlist, overlap, missing))
    return None if best is None else best[1]

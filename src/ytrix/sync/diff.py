"""`plist_diff A B`: videos only in A, only in B, and the order differences of the
videos both hold — the fewest videos that, moved, would give B's order (those outside
a longest common subsequence, `yamlsync.diff.lcs_pairs`). Reads only; no writes.

Each playlist counts each video once (its first occurrence); repeats are counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.sources.models import PlaylistRef
from ytrix.yamlsync.diff import lcs_pairs

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.sources.models import PlaylistInfo

DIFF_COLUMNS = ("Video ID", "Video Title", "Channel", "Status", "Position in A", "Position in B")


@dataclass(frozen=True)
class Side:
    playlist_id: str
    title: str
    videos: tuple[str, ...]  # first occurrences, in order
    repeats: int

    def to_json(self) -> dict[str, Any]:
        return {
            "playlist_id": self.playlist_id,
            "title": self.title,
            "videos": len(self.videos),
            "repeats": self.repeats,
        }


@dataclass
class PlaylistDiff:
    a: Side
    b: Side
    only_a: list[str]
    only_b: list[str]
    moved: list[str]  # common videos whose order differs (fewest such)
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (title, channel)
    units_spent: int = 0

    @property
    def same(self) -> bool:
        return not (self.only_a or self.only_b or self.moved)

    def rows(self) -> list[dict[str, Any]]:
        """One row per video of either playlist, A's order first, then B's extras."""
        pos_a = {v: n + 1 for n, v in enumerate(self.a.videos)}
        pos_b = {v: n + 1 for n, v in enumerate(self.b.videos)}
        status = {v: "moved" for v in self.moved}
        status.update({v: "only_a" for v in self.only_a})
        status.update({v: "only_b" for v in self.only_b})
        out = []
        for video in [*self.a.videos, *self.only_b]:
            title, channel = self.titles.get(video, ("", ""))
            out.append(
                dict(
                    zip(
                        DIFF_COLUMNS,
                        (
                            video,
                            title,
                            channel,
                            status.get(video, "same"),
                            pos_a.get(video),
                            pos_b.get(video),
                        ),
                        strict=True,
                    )
                )
            )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a.to_json(),
            "b": self.b.to_json(),
            "same": self.same,
            "only_in_a": self.only_a,
            "only_in_b": self.only_b,
            "order_differs": self.moved,
            "units_spent": self.units_spent,
        }


def _side(info: PlaylistInfo) -> Side:
    seen: dict[str, None] = {}
    for entry in info.entries:
        seen.setdefault(entry.video_id, None)
    return Side(info.playlist_id, info.title, tuple(seen), len(info.entries) - len(seen))


def compare(a: PlaylistInfo, b: PlaylistInfo) -> PlaylistDiff:
    side_a, side_b = _side(a), _side(b)
    in_a, in_b = set(side_a.videos), set(side_b.videos)
    common_a = [v for v in side_a.videos if v in in_b]
    common_b = [v for v in side_b.videos if v in in_a]
    kept = {common_a[i] for i, _ in lcs_pairs(common_a, common_b)}
    titles = {e.video_id: (e.title, e.channel) for e in [*b.entries, *a.entries]}
    return PlaylistDiff(
        side_a,
        side_b,
        only_a=[v for v in side_a.videos if v not in in_b],
        only_b=[v for v in side_b.videos if v not in in_a],
        moved=[v for v in common_b if v not in kept],
        titles=titles,
    )


def diff_playlists(deps: Deps, a: PlaylistRef, b: PlaylistRef) -> PlaylistDiff:
    """Read both playlists fresh (yours through the API; others' as `--source` says)."""
    own = deps.own_by_id()
    infos = [deps.reader.read_playlist(r, own=own.get(r.playlist_id), fresh=True) for r in (a, b)]
    result = compare(*infos)
    result.units_spent = deps.pool.units_spent
    return result

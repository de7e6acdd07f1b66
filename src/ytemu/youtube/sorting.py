"""A playlist's sort order, and where an added item lands under it.

YouTube Studio lets an owner sort a playlist manually (the default) or by date added,
date published or popularity; the Data API exposes no field for it (platform-limits.md
§2), so ytemu sets it through the admin API only. Positions work only in manually sorted
playlists: ``playlistItems.insert`` and ``playlistItems.update`` list ``invalidValue
(400) manualSortRequired``, "The request attempts to set the playlist item's position,
but the playlist does not use manual sorting" (the methods' reference pages). In a
playlist sorted by date added (newest first) a new item lands on top, and the
``snippet.position`` of the insert response shows where (code-charity/youtube #3847).
"""

from __future__ import annotations

from collections.abc import Callable

from ytemu.model import Playlist, PlaylistItem
from ytemu.world import World

MANUAL = "manual"
SORT_ORDERS = (
    MANUAL,
    "dateAddedNewest",
    "dateAddedOldest",
    "datePublishedNewest",
    "datePublishedOldest",
    "popular",
)


def _key(world: World, order: str) -> tuple[Callable[[PlaylistItem], float], bool]:
    """The sort key of ``order`` and whether it runs descending."""

    def published(item: PlaylistItem) -> float:
        video = world.videos.get(item.video_id)
        return video.published_at if video is not None else 0.0

    def views(item: PlaylistItem) -> float:
        video = world.videos.get(item.video_id)
        return float(video.view_count) if video is not None else 0.0

    def added(item: PlaylistItem) -> float:
        return item.added_at

    keys = {
        "dateAddedNewest": (added, True),
        "dateAddedOldest": (added, False),
        "datePublishedNewest": (published, True),
        "datePublishedOldest": (published, False),
        "popular": (views, True),
    }
    return keys[order]


def arrange(world: World, playlist: Playlist) -> None:
    """Put a non-manual playlist's items in its order; ties go by date added, in the
    order's direction, so a new item is first among equals when sorting newest first."""
    if playlist.sort == MANUAL:
        return
    key, descending = _key(world, playlist.sort)
    playlist.items.sort(key=lambda item: (key(item), item.added_at), reverse=descending)


def set_sort(world: World, playlist: Playlist, order: str) -> None:
    if order not in SORT_ORDERS:
        raise ValueError(f"unknown sort order {order!r}; expected one of {SORT_ORDERS}")
    playlist.sort = order
    arrange(world, playlist)

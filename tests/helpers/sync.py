"""Arranging sources the way their owners change them, and the minimum number of
writes for a change, computed here independently of ytrix's planner."""

from __future__ import annotations

from collections.abc import Sequence

from ytemu.seed import channel_id
from ytemu.testing import RunningEmulator


def rewrite_playlist(emu: RunningEmulator, playlist_id: str, video_ids: Sequence[str]) -> None:
    """The playlist now lists `video_ids`: kept videos keep their items, new ones get
    new items (as when the owner edits the playlist in YouTube Studio)."""
    world = emu.world
    with world.lock:
        playlist = world.playlists[playlist_id]
        by_video = {item.video_id: item for item in playlist.items}
        for item in playlist.items:
            if item.video_id not in video_ids:
                world.item_index.pop(item.id, None)
        playlist.items = []
        for video_id in video_ids:
            if video_id in by_video:
                playlist.items.append(by_video[video_id])
            else:
                world.new_item(playlist, video_id)


def new_videos(emu: RunningEmulator, count: int, label: str = "New") -> list[str]:
    owner = channel_id("synth")
    return emu.admin.create_videos(
        [{"channel_id": owner, "title": f"{label} video {n}"} for n in range(count)]
    )


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Textbook O(n*m) dynamic programme (the planner uses Hunt-Szymanski)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        row = [0]
        for j, y in enumerate(b):
            row.append(previous[j] + 1 if x == y else max(previous[j + 1], row[j]))
        previous = row
    return previous[-1]


def minimum_writes(current: Sequence[str], wanted: Sequence[str]) -> int:
    """Fewest playlistItems writes turning `current` into `wanted` (unique videos):
    every missing video needs an insert, every extra one a delete, and every kept
    video outside a longest common subsequence a move."""
    kept_now = [v for v in current if v in set(wanted)]
    kept_wanted = [v for v in wanted if v in set(current)]
    inserts = len(set(wanted) - set(current))
    deletes = len(set(current) - set(wanted))
    return inserts + deletes + len(kept_now) - lcs_length(kept_now, kept_wanted)

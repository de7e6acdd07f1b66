"""How `plist_diff` looks on a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ytrix.sync.diff import PlaylistDiff

SHOWN = 20  # videos listed per kind; all are in --json-output and --format


def diff_lines(diff: PlaylistDiff) -> list[str]:
    a, b = diff.a, diff.b
    lines = [
        f"A: {a.title!r} ({a.playlist_id}), {len(a.videos)} videos",
        f"B: {b.title!r} ({b.playlist_id}), {len(b.videos)} videos",
    ]
    if diff.same:
        lines.append("Same videos in the same order.")
    for label, videos in (
        ("Only in A", diff.only_a),
        ("Only in B", diff.only_b),
        ("In another order", diff.moved),
    ):
        if not videos:
            continue
        lines.append(f"{label}: {len(videos)}")
        for video in videos[:SHOWN]:
            title = diff.titles.get(video, ("", ""))[0]
            lines.append(f"  {video} {title}".rstrip())
        if len(videos) > SHOWN:
            lines.append(f"  ... and {len(videos) - SHOWN} more (see --format or --json-output)")
    for side, name in ((a, "A"), (b, "B")):
        if side.repeats:
            lines.append(f"{name} lists {side.repeats} video(s) more than once")
    lines.append(f"Quota: {diff.units_spent:,} units spent")
    return lines

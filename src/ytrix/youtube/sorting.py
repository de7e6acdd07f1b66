"""Manual sorting: positions work only in manually sorted playlists.

`playlistItems.insert` and `playlistItems.update` answer 400 `manualSortRequired` when
they set a position in a playlist that is not sorted manually, and in a playlist
sorted by date added (newest first) an appended item lands on top; the insert
response's `snippet.position` shows where (platform-limits.md §2). The Data API has no
field for the sort order, so ytrix learns it per playlist from the first refusal, or
from where an append landed, and then spends no call on a position it cannot set:
every missing video is still added (appended, once), moves are skipped, and the user
is told to set the playlist's sort to Manual in YouTube Studio.
"""

from __future__ import annotations

MANUAL_SORT_REQUIRED = "manualSortRequired"


def order_message(title: str, moves_skipped: int = 0) -> str:
    skipped = f"; {moves_skipped} move(s) skipped" if moves_skipped else ""
    return (
        f"Playlist {title!r} is not sorted manually, so YouTube puts new videos where its "
        f"sort order says and ignores positions{skipped}: the order cannot be kept. Set "
        "the playlist's sort to Manual in YouTube Studio (Playlist > Edit > Sort: "
        "Manual), then run the command again to fix the order."
    )

"""Rows for spreadsheets (`--format csv|tsv|jsonl`): a playlist listing and one
playlist's videos. Columns carry the names of Google Takeout's YouTube playlist CSVs
where they overlap (playlists.csv: `Playlist ID`, `Playlist Title (Original)`,
`Playlist Visibility`; `<playlist>-videos.csv`: `Video ID`, `Playlist Video Creation
Timestamp`), so a sheet built on a Takeout export reads these too; the other columns
are ytrix's own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.sources.models import playlist_url

if TYPE_CHECKING:
    from ytrix.sources.reader import PlaylistSummary
    from ytrix.youtube.gateway import Gateway

PLAYLIST_COLUMNS = (
    "Playlist ID",
    "Playlist Title (Original)",
    "Playlist Visibility",
    "Video Count",
    "Playlist URL",
)
VIDEO_COLUMNS = (
    "Video ID",
    "Playlist Video Creation Timestamp",
    "Position",
    "Video Title",
    "Channel",
    "Channel ID",
    "Video Published",
    "Video Visibility",
    "Video URL",
)


def playlist_rows(playlists: list[PlaylistSummary]) -> list[dict[str, Any]]:
    return [
        dict(
            zip(
                PLAYLIST_COLUMNS,
                (p.playlist_id, p.title, p.privacy, p.item_count, p.url),
                strict=True,
            )
        )
        for p in playlists
    ]


@dataclass
class VideoExport:
    playlist_id: str
    title: str
    rows: list[dict[str, Any]]
    units_spent: int

    def to_json(self) -> dict[str, Any]:
        return {
            "playlist_id": self.playlist_id,
            "url": playlist_url(self.playlist_id),
            "title": self.title,
            "count": len(self.rows),
            "columns": list(VIDEO_COLUMNS),
            "videos": self.rows,
            "units_spent": self.units_spent,
        }


def playlist_videos(gateway: Gateway, playlist_id: str) -> VideoExport | None:
    """One playlist's items through the Data API (1 unit per 50 videos): exact, with
    the date each was added. None when the playlist does not exist or is not visible."""
    playlist = gateway.get_playlist(playlist_id)
    if playlist is None:
        return None
    rows = [
        dict(
            zip(
                VIDEO_COLUMNS,
                (
                    item.video_id,
                    item.added_at,
                    item.position + 1,
                    item.title,
                    item.channel,
                    item.channel_id,
                    item.published_at,
                    item.privacy,
                    f"https://www.youtube.com/watch?v={item.video_id}",
                ),
                strict=True,
            )
        )
        for item in gateway.list_items(playlist_id)
    ]
    return VideoExport(playlist_id, playlist.title, rows, gateway.pool.units_spent)

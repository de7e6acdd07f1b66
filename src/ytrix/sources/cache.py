"""The read cache (`cache.db`): playlists as read (entries in order, duplicates kept),
a channel's playlist listings and per-video upload details, each with an expiry.

Our own writes invalidate what they change (`invalidate_playlist`), so dedup never
trusts a stale copy of a playlist ytrix just filled. `cache_stats` and
`cache_clear [--expired-only]` manage it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ytrix.core.clock import Clock
from ytrix.core.db import DamagedDatabase, Database
from ytrix.core.logsetup import FILE_ONLY
from ytrix.core.notify import LoggedNotices, Notices
from ytrix.sources.models import PlaylistInfo, VideoEntry

SCHEMA = """
CREATE TABLE IF NOT EXISTS playlists (
    playlist_id TEXT PRIMARY KEY, via TEXT NOT NULL, item_count INTEGER NOT NULL,
    data TEXT NOT NULL, fetched_at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS channel_playlists (
    channel TEXT PRIMARY KEY, via TEXT NOT NULL, data TEXT NOT NULL,
    fetched_at REAL NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS videos (
    video_id TEXT PRIMARY KEY, data TEXT NOT NULL,
    fetched_at REAL NOT NULL, expires_at REAL NOT NULL);
"""

TABLES = ("playlists", "channel_playlists", "videos")
PLAYLIST_TTL = 3600.0
CHANNEL_TTL = 3600.0
VIDEO_TTL = 86400.0
# SQLite's answer for a file that is not (or no longer) a database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26

log = logging.getLogger(__name__)


def playlist_to_json(info: PlaylistInfo) -> str:
    return json.dumps(asdict(info))


def playlist_from_json(text: str) -> PlaylistInfo:
    raw: dict[str, Any] = json.loads(text)
    entries = tuple(VideoEntry(**entry) for entry in raw.pop("entries", []))
    return PlaylistInfo(**raw, entries=entries)


class ReadCache:
    def __init__(self, path: Path, clock: Clock, *, notices: Notices | None = None):
        self.path = path
        self.clock = clock  # entries expire by the run's clock
        self.notices = notices if notices is not None else LoggedNotices()
        self.db = Database(path, SCHEMA)
        if path.exists():
            self._check()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def _check(self) -> None:
        """A cache file that is not a database any more (a crash of the disk, a stray
        copy) is moved aside and started afresh: it only ever saves API calls, so
        nothing is lost, and no command fails over it."""
        try:
            self.db.conn.execute("SELECT COUNT(*) FROM playlists").fetchone()
        except (sqlite3.DatabaseError, DamagedDatabase) as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            damaged = isinstance(error, DamagedDatabase) or code in (
                _SQLITE_CORRUPT,
                _SQLITE_NOTADB,
            )
            if not damaged:
                raise
            exc = error.__cause__ or error  # sqlite's own words
            self.db.close()
            log.warning("read cache %s is unreadable: %s", self.path, exc, extra=FILE_ONLY)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    self.path.with_name(self.path.name + suffix).unlink()
            self.path.replace(self.path.with_name(self.path.name + ".corrupt"))
            self.notices.notice(
                f"The read cache {self.path} was unreadable ({exc}); it was moved to "
                f"{self.path.name}.corrupt and starts empty (it only saves API calls)."
            )
            self.db = Database(self.path, SCHEMA)

    # -- playlists ----------------------------------------------------------------
    def get_playlist(self, playlist_id: str, item_count: int | None = None) -> PlaylistInfo | None:
        """A fresh cached copy; with `item_count`, only if it still has that many rows."""
        row = self.db.conn.execute(
            "SELECT data, item_count FROM playlists WHERE playlist_id = ? AND expires_at > ?",
            (playlist_id, self._now()),
        ).fetchone()
        if row is None or (item_count is not None and row["item_count"] != item_count):
            return None
        return playlist_from_json(row["data"])

    def put_playlist(self, info: PlaylistInfo, via: str, ttl: float = PLAYLIST_TTL) -> None:
        stamp = self._now()
        with self.db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO playlists VALUES (?, ?, ?, ?, ?, ?)",
                (
                    info.playlist_id,
                    via,
                    len(info.entries),
                    playlist_to_json(info),
                    stamp,
                    stamp + ttl,
                ),
            )

    def invalidate_playlist(self, playlist_id: str) -> None:
        with self.db.write() as conn:
            conn.execute("DELETE FROM playlists WHERE playlist_id = ?", (playlist_id,))

    # -- channel listings -----------------------------------------------------------
    def get_channel_playlists(self, channel: str) -> list[dict[str, Any]] | None:
        row = self.db.conn.execute(
            "SELECT data FROM channel_playlists WHERE channel = ? AND expires_at > ?",
            (channel, self._now()),
        ).fetchone()
        return None if row is None else list(json.loads(row["data"]))

    def put_channel_playlists(
        self, channel: str, via: str, rows: list[dict[str, Any]], ttl: float = CHANNEL_TTL
    ) -> None:
        stamp = self._now()
        with self.db.write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO channel_playlists VALUES (?, ?, ?, ?, ?)",
                (channel, via, json.dumps(rows), stamp, stamp + ttl),
            )

    # -- videos ------------------------------------------------------------------------
    def get_videos(self, video_ids: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        now = self._now()
        for start in range(0, len(video_ids), 500):
            chunk = video_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.conn.execute(
                f"SELECT video_id, data FROM videos WHERE video_id IN ({marks}) AND expires_at > ?",
                (*chunk, now),
            ):
                found[row["video_id"]] = json.loads(row["data"])
        return found

    def put_videos(self, videos: dict[str, dict[str, Any]], ttl: float = VIDEO_TTL) -> None:
        stamp = self._now()
        with self.db.write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO videos VALUES (?, ?, ?, ?)",
                [(vid, json.dumps(data), stamp, stamp + ttl) for vid, data in videos.items()],
            )

    # -- management ----------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        now = self._now()
        tables: dict[str, dict[str, int]] = {}
        for table in TABLES:
            total = self.db.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            valid = self.db.conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE expires_at > ?", (now,)
            ).fetchone()[0]
            tables[table] = {"total": int(total), "valid": int(valid)}
        return {"path": str(self.path), "size_bytes": _size(self.path), "tables": tables}

    def clear(self, expired_only: bool = False) -> dict[str, int]:
        """Delete every row (or only expired ones); returns rows deleted per table."""
        deleted: dict[str, int] = {}
        with self.db.write() as conn:
            for table in TABLES:
                if expired_only:
                    cursor = conn.execute(
                        f"DELETE FROM {table} WHERE expires_at <= ?", (self._now(),)
                    )
                else:
                    cursor = conn.execute(f"DELETE FROM {table}")
                deleted[table] = cursor.rowcount
        if not expired_only:
            self.db.conn.execute("VACUUM")
        return deleted

    def close(self) -> None:
        self.db.close()


def _size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            total += candidate.stat().st_size
    return total

"""Shared helpers for the playlist tests: demo sources, ytemu state, request logs."""

from __future__ import annotations

from typing import Any

from ytemu.admin import RequestRecord
from ytemu.seed import MINE_CHANNEL_ID, channel_id, playlist_id
from ytemu.testing import RunningEmulator

WRITE_VERBS = ("insert", "update", "delete")


def mix(size: int) -> str:
    """A seeded public playlist of another channel ("Mix 020" ...)."""
    return playlist_id(f"mix-{size}")


def copyable(emu: RunningEmulator, source: str) -> list[str]:
    """The source's videos ytrix copies: first occurrences of available videos, in order."""
    out: list[str] = []
    with emu.world.lock:
        for item in emu.world.playlists[source].items:
            video = emu.world.videos[item.video_id]
            if item.video_id in out or video.deleted or video.unavailable:
                continue
            if video.privacy == "private" and video.channel_id != MINE_CHANNEL_ID:
                continue
            out.append(item.video_id)
    return out


def own(emu: RunningEmulator) -> list[dict[str, Any]]:
    return [dict(p) for p in emu.admin.channel_playlists(MINE_CHANNEL_ID)]


def own_titled(emu: RunningEmulator, title: str) -> list[dict[str, Any]]:
    return [p for p in own(emu) if p["title"] == title]


def items(emu: RunningEmulator, playlist: str) -> list[str]:
    return emu.admin.playlist_video_ids(playlist)


def writes(records: list[RequestRecord]) -> list[RequestRecord]:
    return [r for r in records if r["method"].rsplit(".", 1)[-1] in WRITE_VERBS]


def units(records: list[RequestRecord]) -> int:
    return sum(r["cost"] for r in records)


def make_source(
    emu: RunningEmulator, count: int, title: str | None = None
) -> tuple[str, list[str]]:
    """A public playlist of `count` fresh public videos on another channel."""
    owner = channel_id("synth")
    specs = [{"channel_id": owner, "title": f"Bulk video {n}"} for n in range(count)]
    video_ids = emu.admin.create_videos(specs)
    source = emu.admin.create_playlist(owner, title or f"Big {count}", video_ids=video_ids)
    return source, video_ids

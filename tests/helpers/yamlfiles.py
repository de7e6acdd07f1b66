"""Shared pieces of the YAML tests: the user's playlists in ytemu, spare videos,
files written and read back, and the writes ytemu saw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from tests.helpers.playlists import writes
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator


def own_playlists(emu: RunningEmulator) -> dict[str, dict[str, Any]]:
    """title -> ytemu's view of each own playlist (id, privacy, video_ids ...)."""
    return {p["title"]: dict(p) for p in emu.admin.channel_playlists(MINE_CHANNEL_ID)}


def snapshot(emu: RunningEmulator) -> dict[str, tuple[str, str, str, list[str]]]:
    return {
        p["id"]: (p["title"], p["description"], p["privacy"], list(p["video_ids"]))
        for p in emu.admin.channel_playlists(MINE_CHANNEL_ID)
    }


def spare_videos(emu: RunningEmulator, count: int, exclude: set[str] | None = None) -> list[str]:
    """Public, available videos of other channels that are in none of the user's playlists."""
    taken = set(exclude or ())
    for playlist in emu.admin.channel_playlists(MINE_CHANNEL_ID):
        taken.update(playlist["video_ids"])
    found: list[str] = []
    for channel in emu.admin.channels():
        if channel["id"] == MINE_CHANNEL_ID:
            continue
        for playlist in emu.admin.channel_playlists(channel["id"]):
            for vid in playlist["video_ids"]:
                if vid in taken or vid in found:
                    continue
                video = emu.admin.video(vid)
                if (
                    video["privacy"] == "public"
                    and not video.get("deleted")
                    and not video.get("unavailable")
                ):
                    found.append(vid)
                    if len(found) == count:
                        return found
    raise AssertionError(f"only {len(found)} spare videos")


def write_methods(emu: RunningEmulator, since: int = 0) -> list[str]:
    """Methods of the successful or failed write calls ytemu received."""
    return [r["method"] for r in writes(emu.admin.requests(since))]


def request_count(emu: RunningEmulator) -> int:
    return len(emu.admin.requests())


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def save(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def entry(data: dict[str, Any], title: str) -> dict[str, Any]:
    return next(p for p in data["playlists"] if p["title"] == title)

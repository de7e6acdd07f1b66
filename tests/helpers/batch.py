"""The reference batch: 12 demo playlists of 1..300 videos, one an exact duplicate of
an own playlist, one 80% held by an own playlist, one with a private video (and one
listing a video twice, one with a deleted video), in a file with comments, blank
lines, URL and ID forms, and one source listed twice."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.helpers.clock import set_ytrix_offset
from tests.helpers.playlists import copyable, items, mix, own
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator
from ytrix.core import clock

SIZES = [1, 2, 3, 5, 8, 12, 20, 30, 45, 50, 100, 300]
EXACT = 30  # an own playlist holds exactly these videos
OVERLAP = 45  # an own playlist holds 80% of these


@dataclass
class Reference:
    file: Path
    sources: list[str]
    exact_id: str
    overlap_id: str
    overlap_before: list[str]
    own_before: set[str] = field(default_factory=set)

    @property
    def copied(self) -> list[str]:
        return [mix(s) for s in SIZES if s not in (EXACT, OVERLAP)]


def write_file(path: Path, sizes: list[int] = SIZES) -> list[str]:
    lines = ["# reference batch", ""]
    for n, size in enumerate(sizes):
        source = mix(size)
        if n % 2:
            lines.append(f"https://www.youtube.com/playlist?list={source}  # Mix {size:03d}")
        else:
            lines.append(source)
    lines.append(f"   {mix(sizes[1])}   # listed twice: one task")
    path.write_text("\n".join(lines) + "\n")
    return [mix(s) for s in sizes]


def build_reference(emu: RunningEmulator, tmp: Path) -> Reference:
    exact = copyable(emu, mix(EXACT))
    exact_id = emu.admin.create_playlist(
        MINE_CHANNEL_ID, "My picks", video_ids=exact, privacy="private"
    )
    wanted = copyable(emu, mix(OVERLAP))
    held = [v for n, v in enumerate(wanted) if n % 5 != 4]  # 36 of 45: 80%
    overlap_id = emu.admin.create_playlist(
        MINE_CHANNEL_ID, "Most of Mix 045", video_ids=held, privacy="unlisted"
    )
    file = tmp / "batch.txt"
    sources = write_file(file)
    return Reference(file, sources, exact_id, overlap_id, held, {p["id"] for p in own(emu)})


def check_final(emu: RunningEmulator, ref: Reference) -> None:
    """Every video once, in order; the duplicate skipped; the overlap topped up; no
    extra playlist."""
    mine = own(emu)
    new = [p for p in mine if p["id"] not in ref.own_before]
    titles = Counter(p["title"] for p in new)
    assert sorted(titles) == sorted(f"Mix {s:03d}" for s in SIZES if s not in (EXACT, OVERLAP))
    assert all(count == 1 for count in titles.values()), titles
    for source in ref.copied:
        [made] = [p for p in new if p["title"] == emu.admin.playlist(source)["title"]]
        assert items(emu, made["id"]) == copyable(emu, source), source
    assert items(emu, ref.exact_id) == copyable(emu, mix(EXACT))
    wanted = copyable(emu, mix(OVERLAP))
    missing = [v for v in wanted if v not in ref.overlap_before]
    assert items(emu, ref.overlap_id) == ref.overlap_before + missing
    for playlist in new:
        videos = items(emu, playlist["id"])
        assert len(videos) == len(set(videos)), playlist["title"]


def set_clocks(emu: RunningEmulator, instant: datetime, monkeypatch: Any) -> float:
    """Put ytemu's clock and ytrix's (YTRIX_CLOCK_OFFSET) at `instant`; returns the offset."""
    emu.admin.set_clock(instant.astimezone(UTC))
    offset = (instant - datetime.now(UTC)).total_seconds()
    set_ytrix_offset(monkeypatch, offset)
    return offset


def advance_clocks(emu: RunningEmulator, seconds: float, monkeypatch: Any) -> None:
    emu.admin.advance_clock(seconds)
    set_ytrix_offset(monkeypatch, float(os.environ[clock.CLOCK_OFFSET_ENV]) + seconds)

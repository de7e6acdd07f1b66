"""`mlist_dedup` and `mlist_sort` end to end: the expected order with the minimum
number of writes (counted from ytemu's request log), planned and confirmed first,
and a playlist YouTube sorts itself costs one refused call and a clear error."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks, set_clocks
from tests.helpers.clock import ytrix_clock
from tests.helpers.playlists import items, writes
from tests.helpers.sync import lcs_length
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import RunningEmulator
from ytrix.core import clock

TWO = {"main": 10000, "backup": 10000}
NOON = datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC)


def _videos(emu: RunningEmulator, count: int) -> list[str]:
    rng = random.Random(7)
    specs = [
        {
            "channel_id": channel_id(("synth", "kitchen", "orbit")[n % 3]),
            "title": f"Title {rng.randrange(1000):03d}",
            "duration": rng.randrange(30, 3000),
            "view_count": rng.randrange(10, 10**6),
            "published_at": 1_600_000_000 + rng.randrange(10**7),
        }
        for n in range(count)
    ]
    return emu.admin.create_videos(specs)


def test_dedup_keeps_first_or_last_and_writes_one_delete_per_repeat(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    a, b, c, d = _videos(ytemu, 4)
    mine = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Dupes", video_ids=[a, b, a, c, b, d, a])
    plan = run_cli("--json", "mlist_dedup", mine, "--dry-run")
    assert plan.code == 0, plan
    assert plan.json()["plan"]["writes"] == 3 and writes(ytemu.admin.requests()) == []
    refused = run_cli("--json", "mlist_dedup", mine)  # no terminal to ask, no --yes
    assert refused.code == 2 and refused.json()["error"]["code"] == "confirmation_needed"
    assert writes(ytemu.admin.requests()) == []
    mark = len(ytemu.admin.requests())
    done = run_cli("mlist_dedup", mine, "--keep", "last", "--yes")
    assert done.code == 0, done
    assert "3 repeated videos to remove (keeping the last)" in done.stdout
    assert items(ytemu, mine) == [c, b, d, a]
    spent = writes(ytemu.admin.requests()[mark:])
    assert [r["method"] for r in spent] == ["youtube.playlistItems.delete"] * 3
    other = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "More", video_ids=[a, b, a, c, b])
    assert run_cli("mlist_dedup", other, "--yes").code == 0
    assert items(ytemu, other) == [a, b, c]
    mark = len(ytemu.admin.requests())
    again = run_cli("--json", "mlist_dedup", other, "--yes")
    assert again.json()["plan"]["writes"] == 0 and writes(ytemu.admin.requests()[mark:]) == []


@pytest.mark.parametrize(
    ("by", "reverse"),
    [
        ("title", False),
        ("duration", True),
        ("views", False),
        ("published", True),
        ("channel", False),
    ],
)
def test_sort_gives_the_order_with_minimum_moves(
    ytemu: RunningEmulator, isolated_home: Path, by: str, reverse: bool
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    videos = _videos(ytemu, 30)
    mine = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Unsorted", video_ids=videos)
    info = {v: ytemu.admin.video(v) for v in videos}
    owner = {c["id"]: c["title"] for c in ytemu.admin.channels()}
    keys = {
        "title": lambda v: info[v]["title"].casefold(),
        "duration": lambda v: info[v]["duration"],
        "views": lambda v: info[v]["view_count"],
        "published": lambda v: info[v]["published_at"],
        "channel": lambda v: owner[info[v]["channel_id"]].casefold(),
    }
    expected = sorted(videos, key=keys[by], reverse=reverse)
    if reverse:  # equal keys keep their playlist order either way
        expected = [
            v
            for key in sorted({keys[by](v) for v in videos}, reverse=True)
            for v in videos
            if keys[by](v) == key
        ]
    minimum = len(videos) - lcs_length(videos, expected)
    mark = len(ytemu.admin.requests())
    args = ["--json", "mlist_sort", mine, "--by", by, "--yes"] + (["--reverse"] if reverse else [])
    result = run_cli(*args)
    assert result.code == 0, result
    assert items(ytemu, mine) == expected
    spent = writes(ytemu.admin.requests()[mark:])
    assert len(spent) == minimum == result.json()["applied"]["moved"]
    assert {r["method"] for r in spent} <= {"youtube.playlistItems.update"}
    mark = len(ytemu.admin.requests())
    assert run_cli(*args).json()["plan"]["writes"] == 0
    assert writes(ytemu.admin.requests()[mark:]) == []


def test_sort_of_a_playlist_youtube_sorts_costs_one_refused_call(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    videos = _videos(ytemu, 8)
    mine = ytemu.admin.create_playlist(
        MINE_CHANNEL_ID, "Auto", video_ids=videos, sort="dateAddedNewest"
    )
    before = items(ytemu, mine)
    mark = len(ytemu.admin.requests())
    result = run_cli("mlist_sort", mine, "--by", "title", "--yes")
    assert result.code == 1, result
    assert "not sorted manually" in result.stderr and "Manual in YouTube Studio" in result.stderr
    spent = writes(ytemu.admin.requests()[mark:])
    assert len(spent) == 1 and spent[0]["reason"] == "manualSortRequired"
    assert items(ytemu, mine) == before


def test_sort_stopped_by_quota_is_finished_by_a_rerun(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, NOON, monkeypatch)
    env = setup_env(ytemu, isolated_home, {"main": 10000})
    videos = _videos(ytemu, 30)
    mine = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Half sorted", video_ids=videos)
    expected = sorted(videos, key=lambda v: ytemu.admin.video(v)["duration"])
    minimum = len(videos) - lcs_length(videos, expected)
    ytemu.admin.set_daily_quota(env.emu_project("main"), env.emu_used("main") + 500)
    mark = len(ytemu.admin.requests())
    first = run_cli("--json", "mlist_sort", mine, "--by", "duration", "--yes")
    assert first.code == 3, first
    assert first.json()["error"]["code"] == "quota_exhausted"
    assert items(ytemu, mine) != expected
    ytemu.admin.set_daily_quota(env.emu_project("main"), 10000)
    advance_clocks(ytemu, ytrix_clock().seconds_until_reset() + 60, monkeypatch)
    second = run_cli("--json", "mlist_sort", mine, "--by", "duration", "--yes")
    assert second.code == 0, second
    assert items(ytemu, mine) == expected
    done = [r for r in writes(ytemu.admin.requests()[mark:]) if r["status"] < 300]
    assert len(done) == minimum  # the re-run plans the rest from the live order

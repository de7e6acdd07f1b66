"""Targets that cannot be written as asked: a 403 (permission, not an unavailable
video) stops the target at once; a playlist not sorted manually still gets every
missing video once, and the user is told the order cannot be kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.copies import inserts, sources, write_list
from tests.helpers.playlists import items
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 100_000, "backup": 100_000}
INSERT = "youtube.playlistItems.insert"


def mostly_copied(emu: RunningEmulator, videos: list[str], sort: str = "manual") -> str:
    """An own playlist holding the first 80% of `videos` (a top-up target)."""
    held = videos[: len(videos) * 4 // 5]
    return emu.admin.create_playlist(
        MINE_CHANNEL_ID, "Most of it", video_ids=held, privacy="private", sort=sort
    )


@pytest.mark.parametrize("reason", ["forbidden", "playlistItemsNotAccessible"])
def test_forbidden_target_stops_at_the_first_refusal(
    ytemu: RunningEmulator, isolated_home: Path, reason: str
) -> None:
    env = setup_env(ytemu, isolated_home, QUOTAS)
    [(source, videos)] = sources(ytemu, 1, size=10).items()
    target = mostly_copied(ytemu, videos)
    ytemu.admin.add_fault(INSERT, status=403, reason=reason, playlist_id=target)
    result = run_cli("--json", "plist2mlist", source)
    assert result.code == 1, result
    error = result.json()["error"]
    assert f"(403 {reason})" in error["message"]
    assert "scope" in error["hint"] and "Brand Account" in error["hint"]
    assert "skipped" not in result.stderr and "unavailable" not in result.stderr
    assert len(inserts(ytemu, INSERT)) <= 2  # no rotation, no retry, no next video
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name)


def test_forbidden_target_in_a_batch_fails_that_task_only(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    made = sources(ytemu, 3, size=10)
    blocked, blocked_videos = next(iter(made.items()))
    target = mostly_copied(ytemu, blocked_videos)
    ytemu.admin.add_fault(INSERT, status=403, reason="forbidden", playlist_id=target)
    result = run_cli("--json", "plists2mlists", str(write_list(tmp_path / "b.txt", list(made))))
    assert result.code == 5, result
    tasks = {t["source"]: t for t in result.json()["tasks"]}
    assert tasks[blocked]["status"] == "failed"
    assert tasks[blocked]["error"]["category"] == "forbidden"
    assert tasks[blocked]["skipped_videos"] == []
    assert [t["status"] for s, t in tasks.items() if s != blocked] == ["completed"] * 2
    assert len([r for r in ytemu.admin.requests() if r["playlist_id"] == target]) <= 3


def test_top_up_into_a_date_sorted_playlist(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, QUOTAS)
    [(source, videos)] = sources(ytemu, 1, size=10).items()
    target = mostly_copied(ytemu, videos, sort="dateAddedNewest")
    result = run_cli("--json", "plist2mlist", source)
    assert result.code == 5, result  # done, but not in the source's order
    data = result.json()
    assert data["action"] == "update" and data["videos_added"] == 2
    assert data["order_not_kept"] == [target]
    assert any("sort to Manual in YouTube Studio" in note for note in data["notes"])
    held = items(ytemu, target)
    assert sorted(held) == sorted(videos) and len(held) == len(set(held))  # each once
    statuses = inserts(ytemu, INSERT)
    assert statuses == [200, 200]  # no refused call at all: appends carry no position
    human = run_cli("plist2mlist", source)
    assert human.code == 0  # nothing left to add: an exact duplicate now
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name)


@pytest.mark.ytemu(playlist_creation_cap=4)
def test_ledger_equals_ytemu_with_refused_calls_in_the_mix(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    # main runs out of quota (refused for quota: 0), rate limits (1 each), a server
    # error and a forbidden target (full cost), the channel's creation refusal (429: 1)
    quotas = {"main": 100_000, "backup": 100_000}
    env = setup_env(ytemu, isolated_home, quotas)
    ytemu.admin.set_daily_quota(env.projects["main"], 700)  # less than ytrix believes
    made = sources(ytemu, 6, size=10)
    target = mostly_copied(ytemu, next(iter(made.values())))
    ytemu.admin.add_fault(INSERT, status=403, reason="forbidden", playlist_id=target)
    ytemu.admin.add_fault(INSERT, status=429, reason="rateLimitExceeded", every=7, times=3)
    ytemu.admin.add_fault(INSERT, status=500, nth=9)
    result = run_cli("--json", "plists2mlists", str(write_list(tmp_path / "m.txt", list(made))))
    assert result.code == 3, result  # paused: the channel's cap of 4
    statuses = {(r["method"], r["status"]) for r in ytemu.admin.requests()}
    assert {(INSERT, 403), (INSERT, 429), (INSERT, 500)} <= statuses
    assert ("youtube.playlists.insert", 429) in statuses
    assert any(
        r["status"] == 403 and r["reason"] == "quotaExceeded" for r in ytemu.admin.requests()
    )
    for name in quotas:
        assert env.ledger_used(name) == env.emu_used(name), name

"""plist2mlist end to end: the real CLI against ytemu, asserting ytemu's state."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.clock import shift_ytrix_clock
from tests.helpers.playlists import copyable, items, mix, own, own_titled, units, writes
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock

TWO = {"main": 10000, "backup": 10000}


def test_copy_skips_unavailable_reports_and_exits_5(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("plist2mlist", mix(20))
    assert result.code == 5, result
    assert "19 added, 1 skipped (1 deleted)" in result.stdout
    created = own_titled(ytemu, "Mix 020")
    assert len(created) == 1
    assert created[0]["privacy"] == "private"  # the safe default
    assert items(ytemu, created[0]["id"]) == copyable(ytemu, mix(20))
    assert "Traceback" not in result.stderr


def test_private_video_reported_in_json(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("--json", "plist2mlist", mix(12))
    assert result.code == 5, result
    data = result.json()
    assert data["summary"] == "11 added, 1 skipped (1 private)"
    assert data["skipped_by_reason"] == {"private": 1}
    assert data["videos_added"] == 11
    [playlist] = data["playlists"]
    assert playlist["status"] == "created" and playlist["url"].endswith(playlist["playlist_id"])
    assert items(ytemu, playlist["playlist_id"]) == copyable(ytemu, mix(12))
    assert data["units_spent"] == ytemu.admin.quota_used("proj-main")
    assert data["projects_used"] == ["main"]


def test_duplicates_inside_source_copied_once(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("--json", "plist2mlist", mix(8), "--title", "Eight", "--privacy", "unlisted")
    assert result.code == 0, result
    data = result.json()
    assert data["duplicates_removed"] == 1
    [made] = own_titled(ytemu, "Eight")
    assert made["privacy"] == "unlisted"
    video_ids = items(ytemu, made["id"])
    assert video_ids == copyable(ytemu, mix(8)) and len(video_ids) == 7


def test_dry_run_writes_nothing_and_estimate_is_exact(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    before = own(ytemu)
    dry = run_cli("--json", "plist2mlist", mix(50), "--dry-run")
    assert dry.code == 0, dry
    plan = dry.json()
    assert plan["dry_run"] is True and plan["action"] == "create"
    assert plan["quota_estimate"] == {"creates": 1, "inserts": 50, "units": 50 + 50 * 50}
    assert writes(ytemu.admin.requests()) == []
    assert own(ytemu) == before
    mark = len(ytemu.admin.requests())
    real = run_cli("--json", "plist2mlist", mix(50))
    assert real.code == 0, real
    assert units(writes(ytemu.admin.requests()[mark:])) == plan["quota_estimate"]["units"]


def test_not_a_playlist_is_usage_error_and_touches_nothing(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("plist2mlist", "not-a-playlist")
    assert result.code == 2, result
    assert "Not a playlist URL or ID: 'not-a-playlist'" in result.stderr
    assert ytemu.admin.requests() == []
    json_result = run_cli("--json", "plist2mlist", "https://example.com/?list=nope")
    assert json_result.code == 2
    assert json_result.json()["error"]["code"] == "usage"
    assert ytemu.admin.requests() == []


def test_missing_source_playlist_is_clear_error(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("plist2mlist", "PL" + "x" * 32)
    assert result.code == 1, result
    assert "not found" in result.stderr
    assert writes(ytemu.admin.requests()) == []


def test_rerun_of_finished_copy_spends_only_reads(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    first = run_cli("plist2mlist", mix(51))
    assert first.code == 0, first
    state = {p["id"]: items(ytemu, p["id"]) for p in own(ytemu)}
    mark = len(ytemu.admin.requests())
    again = run_cli("--json", "plist2mlist", mix(51))
    assert again.code == 0, again
    later = ytemu.admin.requests()[mark:]
    assert writes(later) == []
    assert all(r["method"].endswith(".list") for r in later)
    assert again.json()["videos_added"] == 0
    assert {p["id"]: items(ytemu, p["id"]) for p in own(ytemu)} == state


def test_private_own_playlist_with_same_videos_is_detected(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    videos = copyable(ytemu, mix(30))
    mine = ytemu.admin.create_playlist(
        MINE_CHANNEL_ID, "My hidden copy", video_ids=list(reversed(videos)), privacy="private"
    )
    result = run_cli("--json", "plist2mlist", mix(30))
    assert result.code == 0, result
    data = result.json()
    assert data["action"] == "skip"
    assert data["match"]["playlist_id"] == mine and data["match"]["kind"] == "exact"
    assert writes(ytemu.admin.requests()) == []
    assert own_titled(ytemu, "Mix 030") == []


def test_partial_match_adds_only_missing_videos(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    videos = copyable(ytemu, mix(45))
    held = videos[:20] + videos[25:]  # 40 of 45 (89%)
    mine = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Almost", video_ids=held)
    result = run_cli("--json", "plist2mlist", mix(45))
    assert result.code == 0, result
    data = result.json()
    assert data["action"] == "update" and data["videos_added"] == 5
    assert items(ytemu, mine) == held + videos[20:25]
    assert own_titled(ytemu, "Mix 045") == []
    # another job (other title) now finds the same set: nothing to do
    again = run_cli("--json", "plist2mlist", mix(45), "--title", "Fresh copy")
    assert again.json()["action"] == "skip", again
    assert again.json()["match"]["playlist_id"] == mine


def test_small_overlap_creates_new_playlist(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    videos = copyable(ytemu, mix(45))
    ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Some", video_ids=videos[:33])  # 73%
    ytemu.admin.create_playlist(
        MINE_CHANNEL_ID, "Huge", video_ids=videos + copyable(ytemu, mix(50))
    )
    result = run_cli("--json", "plist2mlist", mix(45))
    assert result.json()["action"] == "create", result


def test_no_dedup_creates_a_new_playlist(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Copy", video_ids=copyable(ytemu, mix(5)))
    result = run_cli("--json", "plist2mlist", mix(5), "--no-dedup")
    assert result.code == 0, result
    assert result.json()["action"] == "create"
    assert items(ytemu, own_titled(ytemu, "Mix 005")[0]["id"]) == copyable(ytemu, mix(5))


def test_video_unavailable_at_insert_is_skipped_once(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    ytemu.admin.add_fault(
        "youtube.playlistItems.insert", status=400, reason="failedPrecondition", nth=3
    )
    result = run_cli("--json", "plist2mlist", mix(5))
    assert result.code == 5, result
    data = result.json()
    videos = copyable(ytemu, mix(5))
    assert data["skipped"] == [{"video_id": videos[2], "reason": "unavailable"}]
    assert items(ytemu, data["playlists"][0]["playlist_id"]) == videos[:2] + videos[3:]
    mark = len(ytemu.admin.requests())
    again = run_cli("--json", "plist2mlist", mix(5))
    assert again.code == 5
    assert again.json()["skipped"] == data["skipped"]
    assert writes(ytemu.admin.requests()[mark:]) == []  # not paid for again


@pytest.mark.ytemu(playlist_capacity=10)
def test_full_playlist_continues_in_parts(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    result = run_cli("--json", "plist2mlist", mix(30))
    assert result.code == 0, result
    videos = copyable(ytemu, mix(30))
    parts = result.json()["playlists"]
    assert [p["title"] for p in parts] == ["Mix 030", "Mix 030 (Part 2)", "Mix 030 (Part 3)"]
    assert [items(ytemu, p["playlist_id"]) for p in parts] == [
        videos[:10],
        videos[10:20],
        videos[20:],
    ]
    mark = len(ytemu.admin.requests())
    assert run_cli("plist2mlist", mix(30)).code == 0
    assert writes(ytemu.admin.requests()[mark:]) == []


def test_quota_stop_then_rerun_after_reset_finishes(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_env(ytemu, isolated_home, {"main": 600})
    stopped = run_cli("plist2mlist", mix(30))
    assert stopped.code == 3, stopped
    assert "Re-run the same command" in stopped.stderr
    [made] = own_titled(ytemu, "Mix 030")
    assert 0 < len(items(ytemu, made["id"])) < 30
    ytemu.admin.advance_clock(86400)
    shift_ytrix_clock(monkeypatch, 86400)
    done = run_cli("plist2mlist", mix(30))
    assert done.code == 3, done  # 600 units a day: two more days
    ytemu.admin.advance_clock(86400)
    shift_ytrix_clock(monkeypatch, 86400)
    final = run_cli("plist2mlist", mix(30))
    assert final.code == 0, final
    assert [p["id"] for p in own_titled(ytemu, "Mix 030")] == [made["id"]]
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(30))


def test_rerun_after_the_copy_was_deleted_creates_it_again(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    first = run_cli("--json", "plist2mlist", mix(5))
    assert first.code == 0, first
    gone = first.json()["playlists"][0]["playlist_id"]
    ytemu.youtube("demo-main", MINE_CHANNEL_ID).playlists().delete(id=gone).execute()
    again = run_cli("--json", "plist2mlist", mix(5))
    assert again.code == 0, again
    [made] = own_titled(ytemu, "Mix 005")
    assert made["id"] != gone
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(5))


@pytest.mark.parametrize(
    ("given", "made"), [("a<b>c", "a‹b›c"), ("   ", "Untitled"), ("  padded  ", "padded")]
)
def test_dry_run_shows_the_title_the_real_run_creates(
    given: str, made: str, ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    dry = run_cli("--json", "plist2mlist", mix(5), "--title", given, "--dry-run")
    assert dry.code == 0, dry
    assert dry.json()["title"] == made
    human = run_cli("plist2mlist", mix(5), "--title", given, "--dry-run")
    assert f"Plan: create {made!r} (private)" in human.stdout, human
    assert "Quota: 1 unit spent (projects: main)" in human.stdout  # one read; not "1 units"
    real = run_cli("--json", "plist2mlist", mix(5), "--title", given)
    assert real.code == 0, real
    [created] = real.json()["playlists"]
    assert created["title"] == made
    assert [p["title"] for p in own_titled(ytemu, made)] == [made]

"""The real 5,000-item cap: a 5,200-video source becomes 5,000 + a 200-item "(Part 2)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.clock import ytrix_clock
from tests.helpers.playlists import items, make_source, mix, own_titled
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.sources.models import UPLOADS_LISTED


@pytest.mark.slow
@pytest.mark.clock
def test_5200_videos_become_5000_plus_part_2(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 300_000})
    first_day = ytrix_clock().pacific_day()
    source, videos = make_source(ytemu, 5200, "Huge list")
    result = run_cli("--json", "--quiet", "plist2mlist", source)
    assert result.code == 0, result
    data = result.json()
    assert data["quota_estimate"] == {"creates": 2, "inserts": 5200, "units": 2 * 50 + 5200 * 50}
    parts = data["playlists"]
    assert [(p["title"], p["videos_added"]) for p in parts] == [
        ("Huge list", 5000),
        ("Huge list (Part 2)", 200),
    ]
    assert items(ytemu, parts[0]["playlist_id"]) == videos[:5000]
    assert items(ytemu, parts[1]["playlist_id"]) == videos[5000:]
    assert len(own_titled(ytemu, "Huge list")) == 1
    # planned by the constant: YouTube never had to refuse an insert
    assert not [r for r in ytemu.admin.requests() if r["status"] == 403]
    ledger, emulator = env.days_used("main", [first_day, ytrix_clock().pacific_day()])
    assert ledger == emulator == data["units_spent"]


@pytest.mark.slow
def test_an_uploads_playlist_of_20000_warns_youtube_lists_only_the_newest(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """YouTube lists at most about the newest 20,000 uploads (platform-limits §6)."""
    setup_env(ytemu, isolated_home, {"main": 10000})
    owner = ytemu.admin.create_channel("Prolific", "@prolific")
    ytemu.admin.create_videos(
        [{"channel_id": owner, "title": f"Upload {n}"} for n in range(UPLOADS_LISTED)]
    )
    uploads = "UU" + owner[2:]
    # yt-dlp reads it in one flat request (ytemu's playlists.list serves no UU list)
    result = run_cli(
        "--json", "--quiet", "plist2mlist", uploads, "--dry-run", "--no-dedup", "--source", "ytdlp"
    )
    assert result.code == 0, result
    assert result.json()["source"]["videos"] == UPLOADS_LISTED
    assert "YouTube lists only its newest ~20,000 videos" in result.stderr
    smaller = run_cli("--json", "plist2mlist", mix(20), "--dry-run", "--no-dedup")
    assert "newest ~20,000" not in smaller.stderr

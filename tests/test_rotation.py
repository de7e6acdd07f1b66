"""Rotation details: the consent flow through the real CLI, Pacific-midnight resets
(DST days included) on both clocks, rate-limit pacing and switching, legacy state."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks, set_clocks
from tests.helpers.clock import ytrix_clock
from tests.test_pool import make_pool, own_public_video_ids
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator, click_consent
from ytrix.core import clock
from ytrix.quota.throttle import Throttle
from ytrix.youtube.errors import QuotaExhausted
from ytrix.youtube.gateway import Gateway

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock


def click_allow(url: str) -> None:
    """What a person's browser does: open the consent URL (and, on the account chooser,
    pick the account's own channel); ytemu redirects to the loopback server that ytrix
    is running, which completes the flow."""
    click_consent(url, timeout=10)


def test_projects_auth_no_browser_real_flow(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000}, authenticate=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytrix", "--json", "projects_auth", "main", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert proc.stderr is not None
    url = None
    seen = []
    deadline = time.monotonic() + 30
    while url is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if line.startswith("http"):
            url = line.strip()
    assert url is not None, seen
    following = [proc.stderr.readline(), proc.stderr.readline()]
    assert any("ssh -L" in line for line in following), following
    threading.Thread(target=click_allow, args=(url,), daemon=True).start()
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    data = json.loads(out)
    assert data["authorized"][0]["project"] == "main"
    token_file = isolated_home / "tokens" / "main.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    token = json.loads(token_file.read_text())
    assert token["refresh_token"]
    assert token["token_uri"] == ytemu.token_uri
    assert token["refresh_token"] not in out + err and "secret-main" not in out + err
    # the token works through the pool
    assert run_cli("--json", "projects").json()["projects"][0]["state"] == "available"


def test_exhausted_yesterday_is_available_after_pacific_midnight(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2026-11-01 is the day US DST ends: a 25-hour Pacific day.
    before_midnight = datetime(2026, 11, 1, 23, 58, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, before_midnight, monkeypatch)
    env = setup_env(ytemu, isolated_home, {"main": 60})
    gateway = Gateway(make_pool(isolated_home, []))
    playlist = gateway.create_playlist("Night shift", "", "private")
    video = own_public_video_ids(ytemu, 1)[0]
    with pytest.raises(QuotaExhausted):
        gateway.insert_item(playlist.playlist_id, video)
    # The pre-call check refused to spend a call on a certain 403: 10 units left.
    status = make_pool(isolated_home, []).status_summary()[0]
    assert (status.quota_used, status.quota_remaining) == (50, 10)
    # Both clocks pass midnight Pacific (the DST-change night).
    advance_clocks(ytemu, 180, monkeypatch)
    gateway = Gateway(make_pool(isolated_home, []))
    gateway.insert_item(playlist.playlist_id, video)
    assert ytemu.admin.playlist_video_ids(playlist.playlist_id) == [video]
    assert env.ledger_used("main") == env.emu_used("main") == 50  # today's usage only


@pytest.mark.parametrize(
    ("instant", "hours"),
    [
        (datetime(2026, 3, 8, 1, 0, tzinfo=clock.PACIFIC), 22),  # spring forward: 23h day
        (datetime(2026, 11, 1, 1, 0, tzinfo=clock.PACIFIC), 24),  # fall back: 25h day
        (datetime(2026, 7, 1, 1, 0, tzinfo=clock.PACIFIC), 23),
    ],
)
def test_next_reset_across_dst(instant: datetime, hours: int) -> None:
    reset = clock.next_reset(instant)
    assert reset.astimezone(clock.PACIFIC).hour == 0
    assert reset - instant == timedelta(hours=hours)
    assert clock.pacific_day(reset) == instant.date() + timedelta(days=1)


def test_format_duration() -> None:
    assert clock.format_duration(5 * 3600 + 30 * 60 + 10) == "5h 30m"
    assert clock.format_duration(720) == "12m"
    assert clock.format_duration(45) == "45s"


def test_rate_limit_storm_slows_down_then_switches(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YTRIX_BACKOFF_SCALE", "0.001")
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    ytemu.admin.add_fault(
        "youtube.playlistItems.insert", status=429, project=env.emu_project("main")
    )
    notices: list[str] = []
    gateway = Gateway(make_pool(isolated_home, notices))
    playlist = gateway.create_playlist("Busy", "", "private")
    videos = own_public_video_ids(ytemu, 3)
    for vid in videos:
        gateway.insert_item(playlist.playlist_id, vid)
    assert ytemu.admin.playlist_video_ids(playlist.playlist_id) == videos
    assert "Rate limit reached, slowing down API calls" in notices
    assert any(
        re.match(r"Increasing delay to \d+ms after continued 429 errors", n) for n in notices
    )
    assert any("main rate limited – switching to backup" in n for n in notices), notices
    assert env.ledger_used("main") == env.emu_used("main")  # 429s cost nothing
    assert env.ledger_used("backup") == env.emu_used("backup")


def test_throttle_grows_and_decays() -> None:
    notes: list[str] = []
    throttle = Throttle(0, notify=notes.append, sleep=lambda s: None)
    throttle.on_rate_limit()
    throttle.on_rate_limit()
    assert throttle.delay_ms == 500
    assert notes == [
        "Rate limit reached, slowing down API calls",
        "Increasing delay to 500ms after continued 429 errors",
    ]
    for _ in range(200):
        throttle.on_success()
    assert throttle.delay_ms == 0


def test_throttle_enforces_min_gap() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    throttle = Throttle(200, sleep=sleep, monotonic=lambda: now[0])
    throttle.wait_for_write()
    throttle.wait_for_write()
    assert slept == [pytest.approx(0.2)]


def test_legacy_quota_state_imported_once(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    today = ytrix_clock().pacific_day().isoformat()
    (isolated_home / "quota_state.json").write_text(
        json.dumps(
            {
                "current_index": 0,
                "projects": [
                    {
                        "name": "main",
                        "quota_used": 0,
                        "last_reset_date": today,
                        "is_exhausted": True,
                    },
                    {
                        "name": "backup",
                        "quota_used": 0,
                        "last_reset_date": "2001-01-01",
                        "is_exhausted": True,
                    },
                ],
            }
        )
    )
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states == {"main": "exhausted", "backup": "available"}


def test_testing_token_hint(ytemu: RunningEmulator, isolated_home: Path) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000})
    token_file = isolated_home / "tokens" / "main.json"
    data = json.loads(token_file.read_text())
    issued = ytrix_clock().now() - timedelta(days=7, hours=1)
    data["ytrix_issued_at"] = issued.isoformat()
    token_file.write_text(json.dumps(data))
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    notices: list[str] = []
    with pytest.raises(Exception) as info:
        Gateway(make_pool(isolated_home, notices)).list_my_playlists()
    assert "Testing" in str(getattr(info.value, "hint", "")) or any("Testing" in n for n in notices)


def test_cli_dst_night_reset_without_user_action(
    ytemu: RunningEmulator, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real CLI: a copy stopped by quota on the evening of 2026-03-08 (the 23-hour
    day DST begins) finishes after both clocks pass midnight Pacific, nothing else done."""
    evening = datetime(2026, 3, 8, 23, 59, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, evening, monkeypatch)
    env = setup_env(ytemu, isolated_home, {"main": 200, "backup": 150})
    videos = own_public_video_ids(ytemu, 6)
    other = next(c["id"] for c in ytemu.admin.channels() if c["handle"] == "@synthwavestudio")
    source = ytemu.admin.create_playlist(other, "Night mix", video_ids=videos)
    first = run_cli("plist2mlist", source, "--title", "Night mix copy")
    assert first.code == 3, first
    assert "All project quotas exhausted (reset in" in first.stderr
    assert "switching to backup" in first.stderr
    advance_clocks(ytemu, 120, monkeypatch)
    second = run_cli("--json", "plist2mlist", source, "--title", "Night mix copy")
    assert second.code == 0, second
    own = ytemu.admin.channel_playlists(MINE_CHANNEL_ID)
    copies = [p for p in own if p["title"] == "Night mix copy"]
    assert len(copies) == 1
    assert ytemu.admin.playlist_video_ids(copies[0]["id"]) == videos
    for name in ("main", "backup"):
        assert env.ledger_used(name) == env.emu_used(name), name


def test_cli_revoked_token_names_the_fix_and_continues(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    ytemu.admin.revoke_refresh_token(env.refresh_tokens["main"])
    result = run_cli("--json", "ls")
    assert result.code == 0, result
    assert {p["title"] for p in result.json()["playlists"]} >= {"Favourites", "Private stash"}
    assert "ytrix projects_auth main" in result.stderr
    assert env.emu_used("main") == 0 and env.emu_used("backup") == env.ledger_used("backup") > 0
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states == {"main": "auth_dead", "backup": "available"}


def test_corrupt_token_file_moves_on_to_a_healthy_project(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    (isolated_home / "tokens" / "main.json").write_text("{not json")
    result = run_cli("--json", "ls")
    assert result.code == 0, result
    assert "ytrix projects_auth main" in result.stderr
    assert env.emu_used("backup") == env.ledger_used("backup") > 0
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states == {"main": "auth_dead", "backup": "available"}
    pinned = run_cli("--project", "main", "ls")
    assert pinned.code == 4 and "projects_auth main" in pinned.stderr


def test_fixed_token_file_is_healthy_again_on_the_next_run(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10000, "backup": 10000})
    token = isolated_home / "tokens" / "main.json"
    good = token.read_text()
    token.write_text("{not json")
    assert run_cli("--json", "ls").code == 0  # marked dead, moved on to backup
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states["main"] == "auth_dead"
    token.write_text(good)  # the user restores the file (no `projects --check` needed)
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states == {"main": "available", "backup": "available"}
    before = env.emu_used("main")
    pinned = run_cli("--project", "main", "ls")
    assert pinned.code == 0, pinned
    assert env.emu_used("main") > before
    token.write_text("{still not json")  # broken again: marked again, with the new content
    assert run_cli("--json", "ls").code == 0
    states = {p["name"]: p["state"] for p in run_cli("--json", "projects").json()["projects"]}
    assert states["main"] == "auth_dead"


def test_throttle_never_announces_a_delay_below_one_already_told() -> None:
    notes: list[str] = []
    throttle = Throttle(0, notify=notes.append, sleep=lambda s: None)
    throttle.on_rate_limit()
    throttle.on_rate_limit()  # 500 ms
    for _ in range(4):
        throttle.on_success()  # decays to 328 ms: still the same episode
    throttle.on_rate_limit()  # 656 ms: news
    for _ in range(3):
        throttle.on_success()  # 478 ms
    throttle.on_rate_limit()  # 956 ms: news
    throttle.on_success()
    throttle.on_success()  # 774 ms
    throttle.on_rate_limit()  # 1,549 ms
    for _ in range(8):
        throttle.on_success()  # 667 ms
    throttle.on_rate_limit()  # 1,333 ms, below the 1,549 told: nothing new to say
    assert notes == [
        "Rate limit reached, slowing down API calls",
        "Increasing delay to 500ms after continued 429 errors",
        "Increasing delay to 656ms after continued 429 errors",
        "Increasing delay to 956ms after continued 429 errors",
        "Increasing delay to 1549ms after continued 429 errors",
    ]
    notes.clear()
    for _ in range(30):
        throttle.on_success()  # calm again: the next 429 is a new episode
    assert throttle.delay_ms == 0
    throttle.on_rate_limit()
    assert notes == ["Rate limit reached, slowing down API calls"]

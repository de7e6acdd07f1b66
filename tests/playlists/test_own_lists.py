"""Sources users ask for, end to end with real yt-dlp against ytemu's web side: Liked
videos (`LL`) through the Data API, Watch later (`WL`) through yt-dlp with the
browser's cookies, YouTube's bot check (cookies clear it, ytrix does not wait), and a
channel's Playlists tab read by yt-dlp (rows without counts)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.playlists import items, mix, own_titled
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID, channel_id
from ytemu.testing import RunningEmulator

FALLBACK = "No project has units left for reads"


def ytdlp_reads(emu: RunningEmulator) -> list[str]:
    return [r["method"] for r in emu.admin.requests() if r["method"].startswith("ytdlp.")]


def some_videos(emu: RunningEmulator, source: str, count: int) -> list[str]:
    with emu.world.lock:
        return [
            i.video_id
            for i in emu.world.playlists[source].items
            if not emu.world.videos[i.video_id].deleted
            and emu.world.videos[i.video_id].privacy == "public"
        ][:count]


def my_cookies(emu: RunningEmulator, path: Path) -> Path:
    """The user's browser cookies for ytemu's host, as a Netscape cookie file."""
    path.write_text(emu.admin.youtube_cookies(MINE_CHANNEL_ID)["netscape"], encoding="utf-8")
    return path


def test_liked_videos_are_copied_through_the_api(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    liked = some_videos(ytemu, mix(20), 4)
    ytemu.admin.set_liked(MINE_CHANNEL_ID, liked)
    result = run_cli("--json", "plist2mlist", "LL")
    assert result.code == 0, result
    data = result.json()
    assert data["source"]["read_via"] == "api" and data["source"]["title"] == "Liked videos"
    [made] = own_titled(ytemu, "Liked videos")
    assert items(ytemu, made["id"]) == liked and made["privacy"] == "private"
    reads = [r for r in ytemu.admin.requests() if r["method"] == "youtube.playlistItems.list"]
    assert reads and ytdlp_reads(ytemu) == []


def test_watch_later_is_copied_with_cookies(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    later = some_videos(ytemu, mix(8), 3)
    ytemu.admin.set_watch_later(MINE_CHANNEL_ID, later)
    refused = run_cli("plist2mlist", "WL")
    assert refused.code == 2 and "needs your YouTube cookies" in refused.stderr
    assert ytdlp_reads(ytemu) == []
    cookies = my_cookies(ytemu, tmp_path / "cookies.txt")
    result = run_cli("--json", "plist2mlist", "WL", "--cookies", str(cookies))
    assert result.code == 0, result
    data = result.json()
    assert data["source"]["read_via"] == "ytdlp" and data["source"]["title"] == "Watch later"
    [made] = own_titled(ytemu, "Watch later")
    assert items(ytemu, made["id"]) == later
    assert ytdlp_reads(ytemu) == ["ytdlp.playlist"]
    # the same cookies from config.toml's [ytdlp]: a re-run reads WL again (never
    # cached) and finds the copy complete
    config = isolated_home / "config.toml"
    config.write_text(config.read_text() + f'\n[ytdlp]\ncookies = "{cookies}"\n')
    again = run_cli("--json", "plist2mlist", "WL")
    assert again.code == 0, again
    assert again.json()["videos_added"] == 0 and len(own_titled(ytemu, "Watch later")) == 1
    assert ytdlp_reads(ytemu) == ["ytdlp.playlist", "ytdlp.playlist"]


def test_bot_check_on_a_ytdlp_read_is_cleared_by_cookies_not_by_waiting(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    ytemu.admin.set_bot_check(True, pages=["playlist", "video", "channel"])
    started = time.monotonic()
    blocked = run_cli("--json", "plist2mlist", mix(5), "--source", "ytdlp")
    assert time.monotonic() - started < 30
    assert blocked.code == 1, blocked
    error = blocked.json()["error"]
    assert error["code"] == "bot_check" and "--cookies" in error["hint"]
    assert own_titled(ytemu, "Mix 005") == []
    cookies = my_cookies(ytemu, tmp_path / "cookies.txt")
    result = run_cli(
        "--json", "plist2mlist", mix(5), "--source", "ytdlp", "--cookies", str(cookies)
    )
    assert result.code == 0, result
    assert result.json()["source"]["read_via"] == "ytdlp"
    assert len(own_titled(ytemu, "Mix 005")) == 1


def test_channel_tab_through_ytdlp_has_no_counts(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    with ytemu.world.lock:
        expected = {
            p.id: len(p.items)
            for p in ytemu.world.playlists.values()
            if p.channel_id == channel_id("orbit") and p.privacy == "public"
        }
    plain = run_cli("--json", "ls", "--user", "@orbitweekly", "--source", "ytdlp")
    assert plain.code == 0, plain
    assert plain.json()["read_via"] == "ytdlp"
    assert {p["id"] for p in plain.json()["playlists"]} == set(expected)
    assert ytdlp_reads(ytemu) == ["ytdlp.channel"]
    # --count: the tab's rows carry none, so each playlist is read (free, by yt-dlp)
    counted = run_cli("--json", "ls", "--user", "@orbitweekly", "--source", "ytdlp", "--count")
    assert counted.code == 0, counted
    assert {p["id"]: p["video_count"] for p in counted.json()["playlists"]} == expected
    assert ytdlp_reads(ytemu).count("ytdlp.playlist") == len(expected)
    assert [r for r in ytemu.admin.requests() if r["cost"]] == []  # no unit spent


def test_channel_listing_falls_back_to_the_tab_without_units(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 1})  # the handle lookup spends it
    human = run_cli("ls", "--user", "@orbitweekly")
    assert human.code == 0 and human.stdout.count("\tpublic") >= 1, human  # piped: TSV rows
    assert human.stderr.count(FALLBACK) == 1
    assert run_cli("cache_clear").code == 0
    result = run_cli("--json", "ls", "--user", "@orbitweekly")
    assert result.code == 0, result
    data = result.json()
    assert data["read_via"] == "ytdlp" and data["playlists"]
    assert ytdlp_reads(ytemu) == ["ytdlp.channel", "ytdlp.channel"]


def firefox_profile(emu: RunningEmulator, channel: str, folder: Path) -> Path:
    """A Firefox profile whose cookie store (`cookies.sqlite`, schema 15) holds the
    channel's YouTube cookies: what yt-dlp reads for `--cookies-from-browser`."""
    folder.mkdir(parents=True)
    cookies = emu.admin.youtube_cookies(channel)["cookies"]
    db = sqlite3.connect(folder / "cookies.sqlite")
    with db:
        db.execute("PRAGMA user_version = 15")
        db.execute(
            "CREATE TABLE moz_cookies (id INTEGER PRIMARY KEY, originAttributes TEXT NOT NULL "
            "DEFAULT '', name TEXT, value TEXT, host TEXT, path TEXT, expiry INTEGER, "
            "isSecure INTEGER)"
        )
        db.executemany(
            "INSERT INTO moz_cookies (name, value, host, path, expiry, isSecure) "
            "VALUES (?, ?, ?, '/', ?, 0)",
            [(c["name"], c["value"], c["domain"], 4_102_444_800) for c in cookies],
        )
    db.close()
    return folder


def test_watch_later_with_cookies_from_the_browser(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    later = some_videos(ytemu, mix(8), 2)
    ytemu.admin.set_watch_later(MINE_CHANNEL_ID, later)
    profile = firefox_profile(ytemu, MINE_CHANNEL_ID, tmp_path / "firefox" / "ytrix.default")
    result = run_cli("--json", "plist2mlist", "WL", "--cookies-from-browser", f"firefox:{profile}")
    assert result.code == 0, result
    [made] = own_titled(ytemu, "Watch later")
    assert items(ytemu, made["id"]) == later
    assert result.json()["source"]["read_via"] == "ytdlp"

"""ls: own playlists via mine=true, another channel's, counts, URLs, and `--user`
meaning a channel after `ls` but a config profile before the command."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.clirunner import run_cli
from tests.ytrix_env import setup_env
from ytemu.seed import channel_id
from ytemu.testing import RunningEmulator


def test_ls_own_includes_private_with_counts_from_one_call(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("--json", "ls", "--count")
    assert result.code == 0, result
    data = result.json()
    rows = {p["title"]: p for p in data["playlists"]}
    assert rows["Private stash"]["privacy"] == "private"
    assert rows["Private stash"]["video_count"] == 5
    assert rows["Favourites"]["video_count"] == 10
    assert data["count"] == 2
    calls = ytemu.admin.requests()
    assert [r["method"] for r in calls if r["cost"]] == ["youtube.playlists.list"]
    assert data["units_spent"] == 1
    human = run_cli("ls", "--count")  # piped: tab-separated rows, whole values
    rows = [line.split("\t") for line in human.stdout.splitlines()]
    assert [row[1:] for row in rows] == [
        ["Private stash", "private", "5"],
        ["Favourites", "public", "10"],
    ]
    assert [row[0] for row in rows] == [p["id"] for p in data["playlists"]]


def test_ls_urls_one_per_line(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("ls", "--urls")
    assert result.code == 0, result
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("https://www.youtube.com/playlist?list=PL") for line in lines)


def test_ls_other_channel_public_only(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    by_handle = run_cli("--json", "ls", "--user", "@orbitweekly", "--count")
    assert by_handle.code == 0, by_handle
    titles = {p["title"] for p in by_handle.json()["playlists"]}
    assert titles and all(t.startswith("Mix ") for t in titles)  # no Drafts, no unlisted
    assert all(p["video_count"] > 0 for p in by_handle.json()["playlists"])
    by_id = run_cli("--json", "ls", f"--user={channel_id('orbit')}")
    assert {p["title"] for p in by_id.json()["playlists"]} == titles
    url = run_cli("--json", "ls", "--user", "https://www.youtube.com/@orbitweekly")
    assert {p["title"] for p in url.json()["playlists"]} == titles
    missing = run_cli("ls", "--user", "@nobodyhere")
    assert missing.code == 1 and "@nobodyhere" in missing.stderr


def test_user_after_ls_is_a_channel_before_it_a_profile(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(
        ytemu,
        isolated_home,
        {"main": 10000},
        extra=(
            '[[users]]\nname = "alice"\n[[users.projects]]\nname = "main"\n'
            'client_id = "ytrix-main.apps.googleusercontent.com"\nclient_secret = "secret-main"\n'
        ),
    )
    assert env.projects
    alice_tokens = isolated_home / "users" / "alice" / "tokens"
    alice_tokens.mkdir(parents=True)
    shutil.copy(isolated_home / "tokens" / "main.json", alice_tokens / "main.json")

    profile = run_cli("--user", "alice", "--json", "ls")
    assert profile.code == 0, profile
    assert {p["title"] for p in profile.json()["playlists"]} == {"Favourites", "Private stash"}
    assert (isolated_home / "users" / "alice" / "state.db").exists()

    channel = run_cli("ls", "--user", "@orbitweekly", "--json")
    assert channel.code == 0, channel
    assert channel.json()["channel"] == "@orbitweekly"

    both = run_cli("--user", "alice", "ls", "--user", "@orbitweekly", "--json")
    assert both.code == 0, both
    assert both.json()["channel"] == "@orbitweekly"

    wrong = run_cli("ls", "--user", "alice")
    assert wrong.code == 2, wrong
    assert "ytrix --user alice ls" in wrong.stderr


def test_ls_other_channel_counts_come_from_the_api(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """A channel's playlists with their counts from the listing call itself: no read
    of any playlist, and never yt-dlp (whose Playlists tab rows carry no counts)."""
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("--json", "ls", "--user", "@orbitweekly", "--count")
    assert result.code == 0, result
    data = result.json()
    assert data["read_via"] == "api"
    with ytemu.world.lock:
        expected = {
            p.title: len(p.items)
            for p in ytemu.world.playlists.values()
            if p.channel_id == channel_id("orbit") and p.privacy == "public"
        }
    assert {p["title"]: p["video_count"] for p in data["playlists"]} == expected
    methods = [r["method"] for r in ytemu.admin.requests() if r["cost"]]
    assert "youtube.playlistItems.list" not in methods
    assert not [r for r in ytemu.admin.requests() if r["method"].startswith("ytdlp.")]
    human = run_cli("ls", "--user", "@orbitweekly", "--count")
    for title, count in expected.items():
        assert re.search(rf"{re.escape(title)}\s.*\s{count}\s", human.stdout), human.stdout
    assert "?" not in human.stdout

"""Which reader reads a source, end to end against ytemu with the real CLI and real
yt-dlp: the Data API unless asked (`--source ytdlp`) or out of units for reads (then
yt-dlp, with one notice); the bot check as its own error; Watch later refused without
cookies before any work; and the row mappings."""

from __future__ import annotations

import time
from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.playlists import copyable, items, mix, own_titled, writes
from tests.ytrix_env import setup_env
from ytemu.captions import store as captions_store
from ytemu.testing import RunningEmulator
from ytrix.copy.plan import prepare_entries
from ytrix.sources.models import UPLOADS_LISTED, parse_playlist_ref, uploads_truncated
from ytrix.sources.reader import channel_tab_summaries, entry_from_item
from ytrix.youtube.gateway import PlaylistItem

FALLBACK = "No project has units left for reads"


def ytdlp_reads(emu: RunningEmulator) -> list[str]:
    """What yt-dlp asked ytemu's web side for (its page kinds: playlist, video, ...)."""
    return [r["method"] for r in emu.admin.requests() if r["method"].startswith("ytdlp.")]


def test_unset_source_reads_through_the_api_and_never_ytdlp(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("--json", "plist2mlist", mix(20))
    assert result.code == 5, result  # the mix holds unavailable videos
    data = result.json()
    assert data["source"]["read_via"] == "api"
    [made] = own_titled(ytemu, "Mix 020")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(20))
    methods = [r["method"] for r in ytemu.admin.requests()]
    assert "youtube.playlistItems.list" in methods
    assert ytdlp_reads(ytemu) == []
    split = run_cli("--json", "plist2mlists", mix(8), "--by", "year", "--dry-run")
    assert split.code == 0, split
    assert split.json()["source"]["read_via"] == "api" and ytdlp_reads(ytemu) == []


def test_source_ytdlp_reads_with_ytdlp_without_quota(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("--json", "plist2mlist", mix(20), "--source", "ytdlp")
    assert result.code == 5, result
    data = result.json()
    assert data["source"]["read_via"] == "ytdlp"
    [made] = own_titled(ytemu, "Mix 020")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(20))
    reads = [r for r in ytemu.admin.requests() if r["method"] == "youtube.playlistItems.list"]
    assert reads == []  # the source came free; only the own listing cost a unit
    assert ytdlp_reads(ytemu) == ["ytdlp.playlist"]
    assert data["units_spent"] == 1 + sum(r["cost"] for r in writes(ytemu.admin.requests()))
    human = run_cli("plist2mlist", mix(5), "--source", "ytdlp", "--dry-run")
    assert f"Read {mix(5)} with yt-dlp (no quota)" in human.stdout, human


def test_no_units_left_for_reads_falls_back_to_ytdlp_with_one_notice(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    # One unit a day: listing the user's playlists spends it, and no project is left
    # for the source reads.
    env = setup_env(ytemu, isolated_home, {"main": 1})
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{mix(5)}\n{mix(8)}\n")
    result = run_cli("--json", "plists2mlist", str(sources), "--dry-run", "--no-dedup")
    assert result.code == 0, result
    data = result.json()
    assert [s["read_via"] for s in data["sources"]] == ["ytdlp", "ytdlp"]
    assert [s["videos"] for s in data["sources"]] == [5, 8]
    assert result.stderr.count(FALLBACK) == 1, result.stderr
    assert ytdlp_reads(ytemu) == ["ytdlp.playlist", "ytdlp.playlist"]
    assert env.emu_used("main") == 1  # no read was sent past the limit
    # `--source api` means the API only: out of units is exit 3, no yt-dlp
    strict = run_cli("--json", "plist2mlist", mix(3), "--dry-run", "--source", "api")
    assert strict.code == 3, strict
    assert strict.json()["error"]["code"] == "quota_exhausted"
    assert FALLBACK not in strict.stderr and len(ytdlp_reads(ytemu)) == 2


def test_a_batch_falls_back_once_across_its_workers(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 1})
    sources = tmp_path / "sources.txt"
    sources.write_text(f"{mix(5)}\n{mix(8)}\n{mix(3)}\n")
    batch = run_cli(
        "--json", "plists2mlists", str(sources), "--dry-run", "--jobs", "3", "--no-dedup"
    )
    assert batch.code == 0, batch
    assert [t["read_via"] for t in batch.json()["tasks"]] == ["ytdlp"] * 3
    assert batch.stderr.count(FALLBACK) == 1, batch.stderr
    assert ytdlp_reads(ytemu) == ["ytdlp.playlist"] * 3


def test_bot_check_is_its_own_error_with_the_cookies_hint(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    captions_store.add_failure(ytemu.world, mix(20), "playlist", "bot", times=1)
    started = time.monotonic()
    result = run_cli("--json", "plist2mlist", mix(20), "--source", "ytdlp")
    assert time.monotonic() - started < 30  # not waited out
    assert result.code == 1, result
    error = result.json()["error"]
    assert error["code"] == "bot_check" and "not a bot" in error["message"]
    assert "--cookies-from-browser" in error["hint"] and "Waiting does not help" in error["hint"]
    assert "Hint:" in result.stderr and "Traceback" not in result.stderr
    assert writes(ytemu.admin.requests()) == [] and own_titled(ytemu, "Mix 020") == []


def test_watch_later_without_cookies_says_why_before_any_work(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    for source in ("WL", "https://www.youtube.com/playlist?list=WL"):
        result = run_cli("--json", "plist2mlist", source)
        assert result.code == 2, result
        error = result.json()["error"]
        assert error["code"] == "cookies_needed"
        assert "Watch later (WL) needs your YouTube cookies" in error["message"]
        assert "since 2016" in error["message"] and "--cookies" in error["hint"]
    api = run_cli("plist2mlist", "WL", "--source", "api")
    assert api.code == 2 and "cannot be read through the YouTube Data API" in api.stderr
    listed = tmp_path / "list.txt"
    listed.write_text(f"{mix(3)}\nWL\n")
    for command in ("plists2mlist", "plists2mlists", "plists2info"):
        result = run_cli(command, str(listed))
        assert result.code == 2 and "needs your YouTube cookies" in result.stderr, result
    info = run_cli("plist2info", "LL", "--output", str(tmp_path / "out"))
    assert info.code == 2 and "Liked videos (LL) needs your YouTube cookies" in info.stderr
    assert [r for r in ytemu.admin.requests() if r["cost"]] == []  # nothing was read


def test_cookie_options_are_checked_before_any_work(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    missing = run_cli("plist2mlist", mix(3), "--cookies", str(tmp_path / "nope.txt"))
    assert missing.code == 2 and "Cookie file" in missing.stderr, missing
    browser = run_cli("plist2mlist", mix(3), "--cookies-from-browser", "netscape")
    assert browser.code == 2 and "cannot read cookies from 'netscape'" in browser.stderr
    assert "firefox" in browser.stderr  # the supported browsers, from yt-dlp itself
    bad = run_cli("ls", "--user", "@orbitweekly", "--cookies-from-browser", "+x")
    assert bad.code == 2 and "BROWSER[:PROFILE]" in bad.stderr, bad
    assert [r for r in ytemu.admin.requests() if r["cost"]] == []
    config = isolated_home / "config.toml"
    config.write_text(config.read_text() + '\n[ytdlp]\njs_runtimes = ["rhino"]\n')
    wrong = run_cli("plist2mlist", mix(3))
    assert wrong.code == 2 and "ytdlp.js_runtimes" in wrong.stderr and "rhino" in wrong.stderr


def test_sources_users_ask_for_parse() -> None:
    assert parse_playlist_ref("LL").playlist_id == "LL"
    assert parse_playlist_ref("https://www.youtube.com/playlist?list=WL").playlist_id == "WL"
    assert parse_playlist_ref("https://youtube.com/watch?v=abcdefghijk&list=LL").playlist_id == (
        "LL"
    )
    uploads = "UU" + "x" * 22
    assert uploads_truncated(uploads, UPLOADS_LISTED)
    assert uploads_truncated(uploads, 19_000, reported=25_000)
    assert not uploads_truncated(uploads, UPLOADS_LISTED - 1)
    assert not uploads_truncated("PL" + "x" * 32, 30_000)


def test_row_mappings() -> None:
    def item(privacy: str, title: str = "t", owner: str = "") -> PlaylistItem:
        return PlaylistItem("i", "v" * 11, 0, title, "", privacy, owner, "2021-03-04T05:06:07Z")

    assert entry_from_item(item("public")).upload_date == "20210304"
    assert entry_from_item(item("privacyStatusUnspecified", "Deleted video")).availability == (
        "deleted"
    )
    assert entry_from_item(item("private", "Private video")).availability == "private"
    own_private = entry_from_item(item("private", "Mine", owner="UC" + "m" * 22))
    assert prepare_entries([own_private]).video_ids == ("v" * 11,)
    assert prepare_entries([entry_from_item(item("private"))]).skipped[0].reason == "private"
    tab = {
        "channel": "Chess Corner",
        "entries": [
            {"id": "PL" + "a" * 32, "title": "Openings", "playlist_count": 12},
            {"id": "PL" + "b" * 32, "title": "Endgames"},
            {"title": "no id"},
        ],
    }
    rows = channel_tab_summaries(tab)
    assert [(r.title, r.item_count) for r in rows] == [("Openings", 12), ("Endgames", None)]
    assert rows[0].channel == "Chess Corner" and rows[0].url.endswith("a" * 32)


def test_mlist2yaml_says_watch_later_is_not_readable_through_the_api(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("mlist2yaml", "WL")
    assert result.code == 2 and "cannot be read through the YouTube Data API" in result.stderr
    assert not (Path.cwd() / "playlist_WL.yaml").exists()

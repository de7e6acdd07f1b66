"""plists2mlist (merge a file of playlists) and plist2mlists (split by channel/year)."""

from __future__ import annotations

from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.playlists import copyable, items, mix, own_titled, writes
from tests.ytrix_env import setup_env
from ytemu.seed import channel_id
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 10000, "backup": 10000}


def test_merge_keeps_first_occurrence_and_order(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    ytemu.admin.create_playlist(
        channel_id("chess"),
        "Overlap",
        video_ids=copyable(ytemu, mix(8))[:3] + copyable(ytemu, mix(5)),
        id="PL" + "overlap" * 5,
    )
    listing = tmp_path / "sources.txt"
    listing.write_text(
        "# my sources\n"
        f"https://www.youtube.com/playlist?list={mix(8)}\n"
        "\n"
        f"{mix(12)}   # has a private video\n"
        f"{'PL' + 'overlap' * 5}\n"
        f"{mix(8)}\n"
    )
    result = run_cli("--json", "plists2mlist", str(listing), "--title", "All together")
    assert result.code == 5, result  # the private video of Mix 012
    data = result.json()
    expected: list[str] = []
    for source in (mix(8), mix(12), "PL" + "overlap" * 5):
        expected += [v for v in copyable(ytemu, source) if v not in expected]
    [made] = own_titled(ytemu, "All together")
    assert items(ytemu, made["id"]) == expected
    assert [s["playlist_id"] for s in data["sources"]] == [mix(8), mix(12), "PL" + "overlap" * 5]
    assert data["duplicates_removed"] == 1 + 3  # one inside Mix 008, three across sources
    assert data["skipped_by_reason"] == {"private": 1}
    default = run_cli("--json", "plists2mlist", str(listing), "--dry-run", "--no-dedup")
    assert default.json()["title"] == f"Merged Playlist ({len(expected)} videos)"


def test_merge_bad_line_or_missing_file_is_exit_2_before_any_call(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    listing = tmp_path / "bad.txt"
    listing.write_text(f"{mix(5)}\n# fine\nhttps://example.com/watch?v=1\n{mix(8)}\n")
    result = run_cli("plists2mlist", str(listing))
    assert result.code == 2, result
    assert f"{listing}, line 3" in result.stderr
    missing = run_cli("--json", "plists2mlist", str(tmp_path / "nope.txt"))
    assert missing.code == 2
    assert "nope.txt" in missing.json()["error"]["message"]
    assert ytemu.admin.requests() == []


def test_split_by_channel(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 20000, "backup": 10000})
    result = run_cli("--json", "plist2mlists", mix(100), "--by", "channel")
    assert result.code == 0, result
    data = result.json()
    source = copyable(ytemu, mix(100))
    with ytemu.world.lock:
        channel_of = {
            v: ytemu.world.channels[ytemu.world.videos[v].channel_id].title for v in source
        }
    groups = [g["group"] for g in data["groups"]]
    assert groups == list(dict.fromkeys(channel_of[v] for v in source))
    for group in data["groups"]:
        [made] = own_titled(ytemu, f"Mix 100 - {group['group']}")
        assert items(ytemu, made["id"]) == [v for v in source if channel_of[v] == group["group"]]
    mark = len(ytemu.admin.requests())
    again = run_cli("plist2mlists", mix(100), "--by", "channel")
    assert again.code == 0, again
    assert writes(ytemu.admin.requests()[mark:]) == []


def test_split_by_year_uses_listed_dates(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    dry = run_cli("--json", "plist2mlists", mix(51), "--by", "year", "--dry-run")
    assert dry.code == 0, dry
    source = copyable(ytemu, mix(51))
    with ytemu.world.lock:
        import datetime as dt

        year_of = {
            v: str(dt.datetime.fromtimestamp(ytemu.world.videos[v].published_at, dt.UTC).year)
            for v in source
        }
    groups = dry.json()["groups"]
    assert [g["group"] for g in groups] == sorted(set(year_of.values()))
    assert [g["title"] for g in groups] == [f"Mix 051 - {g['group']}" for g in groups]
    assert sum(g["videos_planned"] for g in groups) == len(source)
    methods = {r["method"] for r in ytemu.admin.requests()}
    assert "youtube.videos.list" not in methods  # dates came with the items
    assert writes(ytemu.admin.requests()) == []
    real = run_cli("--json", "plist2mlists", mix(51), "--by", "year")
    assert real.code == 0, real
    for group in groups:
        [made] = own_titled(ytemu, group["title"])
        assert items(ytemu, made["id"]) == [v for v in source if year_of[v] == group["group"]]


def test_upload_years_from_videos_list_when_entries_lack_dates(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    from tests.test_pool import make_pool
    from ytrix.copy.split import upload_years
    from ytrix.copy.target import Deps
    from ytrix.core.config import ApiConfig
    from ytrix.core.paths import Paths
    from ytrix.sources.models import SourceMode, VideoEntry

    setup_env(ytemu, isolated_home, QUOTAS)
    api = ApiConfig(youtube_endpoint=ytemu.base_url)
    deps = Deps.build(make_pool(isolated_home, []), Paths.for_user(None), api, SourceMode.API)
    videos = copyable(ytemu, mix(100))[:75]  # flat yt-dlp rows carry no upload date
    entries = [VideoEntry(v) for v in videos]
    years = upload_years(deps, entries)
    assert set(years) == set(videos) and all(len(y) == 4 for y in years.values())
    calls = [r for r in ytemu.admin.requests() if r["method"] == "youtube.videos.list"]
    assert [r["cost"] for r in calls] == [1, 1]  # 50 videos per unit
    assert upload_years(deps, entries) == years  # now from the cache
    again = [r for r in ytemu.admin.requests() if r["method"] == "youtube.videos.list"]
    assert len(again) == 2
    deps.close()

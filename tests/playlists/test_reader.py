"""Choosing the reader: yt-dlp for public sources in the real world with API fallback,
the API for own playlists and in the emulator world; and the row mappings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.playlists import copyable, items, mix, own_titled, writes
from tests.test_pool import make_pool
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.copy.plan import prepare_entries
from ytrix.core.config import ApiConfig
from ytrix.core.errors import YtrixError
from ytrix.sources.models import PlaylistInfo, PlaylistRef, SourceMode, VideoEntry
from ytrix.sources.reader import SourceReader, channel_tab_summaries, entry_from_item
from ytrix.youtube.gateway import Gateway, PlaylistItem

GOOGLE = ApiConfig()  # the real-world endpoint: only decides which reader, no call


def _gateway(isolated_home: Path) -> Gateway:
    return Gateway(make_pool(isolated_home, []))


def test_auto_prefers_ytdlp_and_falls_back_to_api(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    gateway = _gateway(isolated_home)
    free = PlaylistInfo(mix(5), "From yt-dlp", entries=(VideoEntry("abcdefghijk"),))
    reader = SourceReader(gateway, GOOGLE, ytdlp_fetch=lambda _pid: free)
    assert reader.read_playlist(PlaylistRef(mix(5))).title == "From yt-dlp"
    assert reader.via[mix(5)] == "ytdlp"
    assert all(r["cost"] == 0 for r in ytemu.admin.requests())  # no API read

    def broken(_pid: str) -> PlaylistInfo:
        raise YtrixError("This playlist is private")

    fallback = SourceReader(gateway, GOOGLE, ytdlp_fetch=broken)
    info = fallback.read_playlist(PlaylistRef(mix(8)))
    assert fallback.via[mix(8)] == "api" and info.title == "Mix 008"
    strict = SourceReader(gateway, GOOGLE, mode=SourceMode.YTDLP, ytdlp_fetch=broken)
    with pytest.raises(YtrixError):
        strict.read_playlist(PlaylistRef(mix(8)))
    api_only = SourceReader(gateway, GOOGLE, mode=SourceMode.API, ytdlp_fetch=lambda _p: free)
    assert api_only.read_playlist(PlaylistRef(mix(5))).title == "Mix 005"


def test_own_playlists_and_emulator_world_read_through_api(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    gateway = _gateway(isolated_home)

    def never(_pid: str) -> PlaylistInfo:
        raise AssertionError("yt-dlp must not be used")

    [stash] = [p for p in gateway.list_my_playlists() if p.title == "Private stash"]
    google = SourceReader(gateway, GOOGLE, ytdlp_fetch=never)
    info = google.read_playlist(PlaylistRef(stash.playlist_id), own=stash)
    assert len(info.entries) == 5
    # the user's own private video is copyable; others' private videos are not
    assert len(prepare_entries(info.entries).video_ids) == 5
    emulator = SourceReader(gateway, ApiConfig(youtube_endpoint=ytemu.base_url), ytdlp_fetch=never)
    assert emulator.read_playlist(PlaylistRef(mix(3))).title == "Mix 003"


@pytest.mark.skipif(
    importlib.util.find_spec("ytrix.sources.ytdlp") is None
    or importlib.util.find_spec("ytemu.captions") is None,
    reason="needs the yt-dlp reader and ytemu's yt-dlp endpoints",
)
def test_source_ytdlp_reads_without_quota(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    result = run_cli("--json", "plist2mlist", mix(20), "--source", "ytdlp")
    assert result.code == 5, result
    data = result.json()
    assert data["source"]["read_via"] == "ytdlp"
    [made] = own_titled(ytemu, "Mix 020")
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(20))
    reads = [r for r in ytemu.admin.requests() if r["method"] == "youtube.playlistItems.list"]
    assert reads == []  # the source came free; only the own listing cost a unit
    assert data["units_spent"] == 1 + units_of_writes(ytemu)


def units_of_writes(emu: RunningEmulator) -> int:
    return sum(r["cost"] for r in writes(emu.admin.requests()))


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

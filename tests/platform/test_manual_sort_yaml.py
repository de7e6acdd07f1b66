"""yaml2mlist into a playlist not sorted manually: one refused call at most, every
missing video added once, moves skipped, the Manual-sort advice, exit 5."""

from __future__ import annotations

from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.yamlfiles import load, own_playlists, save, spare_videos
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

ITEM_WRITES = ("youtube.playlistItems.insert", "youtube.playlistItems.update")


def test_reorder_and_insert_into_a_date_sorted_playlist(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000})
    favourites = own_playlists(ytemu)["Favourites"]
    ytemu.admin.set_playlist_sort(favourites["id"], "dateAddedNewest")
    v = ytemu.admin.playlist_video_ids(favourites["id"])
    new = spare_videos(ytemu, 2)
    path = tmp_path / "fav.yaml"
    assert run_cli("mlist2yaml", favourites["id"], "-o", str(path)).code == 0
    data = load(path)
    wanted = [v[3], new[0], v[0], v[1], v[2], *v[4:], new[1]]  # a move and two inserts
    by_id = {video["id"]: video for video in data["playlists"][0]["videos"]}
    data["playlists"][0]["videos"] = [by_id.get(x, {"id": x}) for x in wanted]
    start = len(ytemu.admin.requests())
    result = run_cli("--json", "yaml2mlist", str(save(path, data)))
    assert result.code == 5, result
    applied = result.json()["applied"]
    [outcome] = applied["playlists"]
    assert outcome["order_kept"] is False and outcome["inserted"] == 2
    assert any("Manual in YouTube Studio" in note for note in applied["notes"])
    held = ytemu.admin.playlist_video_ids(favourites["id"])
    assert sorted(held) == sorted(v + new) and len(held) == len(set(held))
    calls = [r for r in ytemu.admin.requests(start) if r["method"] in ITEM_WRITES]
    refused = [r for r in calls if r["status"] != 200]
    assert len(refused) <= 1 and all(r["reason"] == "manualSortRequired" for r in refused)
    assert len([r for r in calls if r["status"] == 200]) == 2  # the two inserts, no move
    assert env.ledger_used("main") == env.emu_used("main")
    human = run_cli("yaml2mlist", str(path))
    assert "sort to Manual in YouTube Studio" in human.stdout

"""An apply that stops part-way (quota, ambiguous answers, kill -9) finishes on a
re-run of the same command, without duplicates."""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli, run_cli_subprocess
from tests.helpers.batch import advance_clocks, set_clocks
from tests.helpers.yamlfiles import own_playlists, save, spare_videos, write_methods
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.core import clock


def edited_favourites(emu: RunningEmulator, tmp_path: Path) -> tuple[Path, list[str]]:
    """Favourites: first two removed, two runs reversed, four new videos spread in."""
    favourites = own_playlists(emu)["Favourites"]
    v = favourites["video_ids"]
    new = spare_videos(emu, 4)
    wanted = [new[0], *reversed(v[2:6]), new[1], new[2], *reversed(v[6:]), new[3]]
    path = save(tmp_path / "edit.yaml", {"playlists": [{"id": favourites["id"], "videos": wanted}]})
    return path, wanted


def test_quota_stop_exits_3_and_rerun_finishes(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evening = datetime(2026, 11, 20, 22, 0, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, evening, monkeypatch)
    setup_env(ytemu, isolated_home, {"main": 300})
    path, wanted = edited_favourites(ytemu, tmp_path)
    first = run_cli("yaml2mlists", str(path), "--yes")
    assert first.code == 3, first
    assert "re-run the same command to finish" in first.stderr
    assert "All project quotas exhausted" in first.stderr
    assert "This needs more than the 297 units left today" in first.stdout
    done_first = len(write_methods(ytemu))
    assert 0 < done_first < 12
    # each next Pacific day (both clocks) a re-run goes further, until it finishes
    codes = []
    for _ in range(3):
        advance_clocks(ytemu, 86400, monkeypatch)
        rerun = run_cli("--json", "yaml2mlists", str(path), "--yes")
        codes.append(rerun.code)
        if rerun.code == 0:
            break
    assert codes == [3, 0], codes  # 300 units a day: 5 writes a day
    assert own_playlists(ytemu)["Favourites"]["video_ids"] == wanted
    sent = Counter(write_methods(ytemu))
    assert sent["youtube.playlistItems.insert"] == 4  # never a duplicate insert
    assert sent["youtube.playlistItems.delete"] == 2


def test_ambiguous_answers_are_reconciled_by_reading(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000})
    path, wanted = edited_favourites(ytemu, tmp_path)
    # the write happens, but the answer is a 409 ABORTED / a 500
    ytemu.admin.add_fault(
        "youtube.playlistItems.insert", status=409, reason="ABORTED", apply_write=True, nth=2
    )
    ytemu.admin.add_fault("youtube.playlistItems.update", status=500, apply_write=True, nth=1)
    # the write does not happen: reconcile finds it missing and sends it again
    ytemu.admin.add_fault("youtube.playlistItems.delete", status=503, nth=1)
    result = run_cli("yaml2mlists", str(path), "--yes")
    assert result.code == 0, result
    assert "ambiguous" in result.stderr
    assert own_playlists(ytemu)["Favourites"]["video_ids"] == wanted
    sent = Counter(write_methods(ytemu))
    assert sent["youtube.playlistItems.insert"] == 4  # the 409'd insert was not repeated
    assert sent["youtube.playlistItems.delete"] == 3  # the 503'd delete was


def test_kill_9_mid_write_then_rerun_has_no_duplicates(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 10000}, timeout=60)
    path, wanted = edited_favourites(ytemu, tmp_path)
    # the third insert is applied, then the connection hangs: the process is killed
    ytemu.admin.add_fault(
        "youtube.playlistItems.insert", action="hang", hang_seconds=30, apply_write=True, nth=3
    )
    with pytest.raises(subprocess.TimeoutExpired):
        run_cli_subprocess(
            "yaml2mlists", str(path), "--yes", env={"YTRIX_HOME": str(isolated_home)}, timeout=5
        )
    ytemu.admin.clear_faults()
    assert len(own_playlists(ytemu)["Favourites"]["video_ids"]) == 8 + 3  # 2 removed, 3 added
    result = run_cli("--json", "yaml2mlists", str(path), "--yes")
    assert result.code == 0, result
    final = own_playlists(ytemu)["Favourites"]["video_ids"]
    assert final == wanted
    assert Counter(write_methods(ytemu))["youtube.playlistItems.insert"] == 4


def test_interrupted_create_is_finished_in_the_same_playlist(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evening = datetime(2026, 11, 20, 22, 0, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, evening, monkeypatch)
    setup_env(ytemu, isolated_home, {"main": 300})
    videos = spare_videos(ytemu, 7)
    path = save(tmp_path / "new.yaml", {"playlists": [{"title": "Long drive", "videos": videos}]})
    first = run_cli("yaml2mlists", str(path))
    assert first.code == 3, first  # created, 4 of 7 added, then the quota ran out
    created = own_playlists(ytemu)["Long drive"]
    assert created["video_ids"] == videos[:4]
    advance_clocks(ytemu, 86400, monkeypatch)
    second = run_cli("--json", "yaml2mlists", str(path))
    assert second.code == 0, second
    [plan] = second.json()["plan"]["playlists"]
    assert (plan["action"], plan["id"], plan["writes"]) == ("update", created["id"], 3)
    titles = [p["title"] for p in ytemu.admin.channel_playlists(created["channel_id"])]
    assert titles.count("Long drive") == 1
    assert own_playlists(ytemu)["Long drive"]["video_ids"] == videos

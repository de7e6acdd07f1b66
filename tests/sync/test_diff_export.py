"""`plist_diff` and the spreadsheet formats (`ls --format`, `plist_diff --format`,
`plist2csv`): the real CLI against ytemu, reads only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.clirunner import run_cli
from tests.helpers.playlists import make_source, writes
from tests.helpers.sync import new_videos, rewrite_playlist
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

TWO = {"main": 10000, "backup": 10000}


def test_diff_only_in_a_only_in_b_and_order(ytemu: RunningEmulator, isolated_home: Path) -> None:
    setup_env(ytemu, isolated_home, TWO)
    a, videos = make_source(ytemu, 10, "Left")
    extra = new_videos(ytemu, 2)
    b_order = [videos[3], *videos[:3], *videos[4:8], *extra]  # 8, 9 only in A; 3 moved
    b = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Right", video_ids=[*b_order, videos[0]])
    result = run_cli("--json", "plist_diff", a, b)
    assert result.code == 0, result
    data = result.json()
    assert data["only_in_a"] == videos[8:] and data["only_in_b"] == extra
    assert data["order_differs"] == [videos[3]] and data["same"] is False
    assert data["b"]["repeats"] == 1
    assert writes(ytemu.admin.requests()) == []
    text = run_cli("plist_diff", a, b)
    assert "Only in A: 2" in text.stdout and "In another order: 1" in text.stdout, text
    rows = list(csv.DictReader(io.StringIO(run_cli("plist_diff", a, b, "--format", "csv").stdout)))
    status = {row["Video ID"]: row["Status"] for row in rows}
    assert status[videos[9]] == "only_a" and status[extra[0]] == "only_b"
    assert status[videos[3]] == "moved" and status[videos[5]] == "same"
    assert [r["Position in B"] for r in rows if r["Video ID"] == videos[3]] == ["1"]
    same = run_cli("plist_diff", a, a)
    assert "Same videos in the same order." in same.stdout


def test_ls_and_plist2csv_formats_with_takeout_columns(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, TWO)
    source, videos = make_source(ytemu, 3, 'Tab\tand "quotes", commas')
    rewrite_playlist(ytemu, source, videos)
    mine = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Mine, with comma", video_ids=videos)
    listing = run_cli("ls", "--format", "csv")
    assert listing.code == 0, listing
    rows = list(csv.DictReader(io.StringIO(listing.stdout)))
    [row] = [r for r in rows if r["Playlist ID"] == mine]
    assert row["Playlist Title (Original)"] == "Mine, with comma"
    assert row["Playlist Visibility"] == "public" and row["Video Count"] == "3"
    tsv = run_cli("ls", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == [
        "Playlist ID",
        "Playlist Title (Original)",
        "Playlist Visibility",
    ]
    assert run_cli("--json", "ls", "--format", "csv").json()["count"] == len(rows)  # JSON wins
    exported = run_cli("plist2csv", source)
    assert exported.code == 0, exported
    videos_rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["Video ID"] for r in videos_rows] == videos
    assert videos_rows[0]["Playlist Video Creation Timestamp"].endswith("Z")
    assert videos_rows[2]["Position"] == "3"
    lines = run_cli("plist2csv", source, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["Video ID"] for line in lines] == videos
    out = tmp_path / "videos.tsv"
    written = run_cli("plist2csv", source, "--format", "tsv", "-o", str(out))
    assert written.code == 0 and out.read_text().count("\n") == 4
    again = run_cli("plist2csv", source, "-o", str(out))
    assert again.code == 2 and "already exists" in again.stderr
    assert writes(ytemu.admin.requests()) == []
    assert run_cli("ls", "--format", "xml").code == 2

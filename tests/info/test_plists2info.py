"""plists2info: a file of playlists, checked before any work, N at a time, a summary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.captions import api_calls, folder_files, make_lectures
from ytemu.testing import RunningEmulator

pytestmark = pytest.mark.ytemu(seed=None)
FAST = ("--delay", "0", "--backoff", "0.01")


def test_file_of_playlists_in_parallel(emu: RunningEmulator, tmp_path: Path) -> None:
    first = make_lectures(emu, "Lectures")
    second = make_lectures(emu, "Lectures")  # same title: its own folder
    listing = tmp_path / "playlists.txt"
    listing.write_text(
        "# my courses\n"
        f"https://www.youtube.com/playlist?list={first.playlist_id}\n"
        "\n"
        f"   {second.playlist_id}   # the second run of it\n"
        f"{first.playlist_id}\n",  # a duplicate is read once
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("--json", "plists2info", str(listing), "-o", str(out), "-j", "2", *FAST)
    assert result.code == 0, result
    data = result.json()
    assert [p["playlist_id"] for p in data["playlists"]] == [
        first.playlist_id,
        second.playlist_id,
    ]
    assert data["summary"] == {
        "playlists": 2,
        "playlists_failed": 0,
        "videos": 10,
        "subtitle_files": 8,
        "files_written": 18,
        "video_failures": 0,
        "unavailable": 2,
        "no_captions": 2,
        "po_token": 0,
    }
    for lectures in (first, second):
        folder = out / f"Lectures [{lectures.playlist_id}]"
        assert len(folder_files(folder)) == 9
    assert api_calls(emu)["ytdlp.playlist"] == 2
    # The human summary.
    result = run_cli("plists2info", str(listing), "-o", str(out), *FAST)
    assert result.code == 0, result
    assert result.stdout.count("-> ") == 2
    assert "Summary: 2 playlists (0 failed), 10 videos, 8 subtitle files (0 files" in result.stdout


def test_malformed_line_fails_before_any_work(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{lectures.playlist_id}\n# fine\nhttps://example.org/nope\n")
    out = tmp_path / "out"
    result = run_cli("--json", "plists2info", str(listing), "-o", str(out))
    assert result.code == 2
    assert f"{listing}, line 3: not a playlist URL or ID" in result.json()["error"]["message"]
    assert api_calls(emu) == {}
    assert not out.exists()


@pytest.mark.parametrize("content", [None, "", "# only a comment\n\n"])
def test_missing_or_empty_file(tmp_path: Path, content: str | None) -> None:
    listing = tmp_path / "list.txt"
    if content is not None:
        listing.write_text(content)
    result = run_cli("plists2info", str(listing))
    assert result.code == 2, result
    assert str(listing) in result.stderr


def test_one_missing_playlist_is_a_partial_failure(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    listing = tmp_path / "list.txt"
    listing.write_text(f"PLmissingmissingmissing00\n{lectures.playlist_id}\n")
    out = tmp_path / "out"
    result = run_cli("--json", "plists2info", str(listing), "-o", str(out), *FAST)
    assert result.code == 5, result
    missing, found = result.json()["playlists"]
    assert missing["error"] == "The playlist does not exist." and missing["folder"] is None
    assert found["error"] is None and len(found["files_written"]) == 9
    assert result.json()["summary"]["playlists_failed"] == 1


def test_help_shows_pacing_and_does_not_import_yt_dlp() -> None:
    result = run_cli("plist2info", "--help")
    assert result.code == 0
    for text in ("--delay", "1.0", "--backoff", "YTRIX_INFO_BACKOFF", "--langs", "--timestamps"):
        assert text in result.stdout
    assert "--jobs" in run_cli("plists2info", "--help").stdout
    code = (
        "import sys\n"
        "from ytrix.cli.app import run\n"
        "run(['--help'])\n"
        "run(['plist2info', '--help'])\n"
        "sys.stderr.write(str('yt_dlp' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "plist2info" in proc.stdout and proc.stderr.endswith("False")

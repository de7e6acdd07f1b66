"""plist2info meets what real yt-dlp meets on current YouTube (ytemu's web side): caption
tracks that need a PO token are reported per video with the hint, not as "no
captions"; members-only videos are unavailable with YouTube's reason and the
membership hint; the bot check stops the run at once and cookies clear it; the
user's Liked videos are read with their cookies."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import CliResult, run_cli
from tests.helpers.captions import folder_files, make_lectures
from ytemu.testing import RunningEmulator

pytestmark = pytest.mark.ytemu(seed=None)
FAST = ("--delay", "0", "--backoff", "0.01")


def run_info(out: Path, *args: str) -> tuple[CliResult, dict[str, Any]]:
    result = run_cli("--json-output", "plist2info", *args, "--output", str(out), *FAST)
    return result, result.json()


def cookies_of(emu: RunningEmulator, channel: str, path: Path) -> Path:
    path.write_text(emu.admin.youtube_cookies(channel)["netscape"], encoding="utf-8")
    return path


def test_po_token_captions_are_reported_per_video_with_the_hint(
    emu: RunningEmulator, tmp_path: Path
) -> None:
    lectures = make_lectures(emu)
    emu.admin.require_caption_po_token(lectures.both)
    out = tmp_path / "out"
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 5, result  # work left: those tracks exist
    [held] = data["po_token"]
    assert held["id"] == lectures.both and "PO token" in held["reason"]
    assert "PO-token provider" in held["hint"]
    assert lectures.both not in [v["id"] for v in data["no_captions"]]
    assert [v["id"] for v in data["no_captions"]] == [lectures.silent]
    assert data["failures"] == []
    human = run_cli("plist2info", lectures.playlist_id, "--output", str(out), *FAST)
    assert "captions need a PO token: 001" in human.stdout, human
    assert "Hint: YouTube now asks for a PO token" in human.stdout
    # the token requirement gone (a provider installed), a re-run fetches them
    emu.admin.require_caption_po_token(lectures.both, False)
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result
    assert data["po_token"] == [] and len(folder_files(Path(data["folder"]))) == 9


def test_members_only_video_is_unavailable_with_the_membership_hint(
    emu: RunningEmulator, tmp_path: Path
) -> None:
    lectures = make_lectures(emu)
    emu.admin.set_members_only(lectures.auto, "Patron")
    out = tmp_path / "out"
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result  # reported, not a failure
    reasons = {v["id"]: v["reason"] for v in data["unavailable"]}
    assert "available to this channel's members" in reasons[lectures.auto]
    assert "join the channel" in reasons[lectures.auto]
    fan = emu.admin.create_channel("Fan", "@fan")
    emu.admin.set_members(lectures.channel_id, [fan])
    cookies = cookies_of(emu, fan, tmp_path / "cookies.txt")
    result, data = run_info(out, lectures.playlist_id, "--cookies", str(cookies))
    assert result.code == 0, result
    assert lectures.auto not in [v["id"] for v in data["unavailable"]]
    assert any(
        lectures.auto in Path(p).read_text() for p in data["files_written"] if p.endswith(".md")
    )


def test_bot_check_stops_at_once_and_cookies_clear_it(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    emu.admin.set_bot_check(True, pages=["video"])
    out = tmp_path / "out"
    started = time.monotonic()
    result = run_cli(
        "--json-output",
        "plist2info",
        lectures.playlist_id,
        "--output",
        str(out),
        "--delay",
        "0",
        "--backoff",
        "600",
    )
    assert time.monotonic() - started < 60  # the 600 s backoff was not slept
    assert result.code == 1, result
    error = result.json()["error"]
    assert error["code"] == "bot_check" and "--cookies" in error["hint"]
    viewer = emu.admin.create_channel("Viewer", "@viewer")
    cookies = cookies_of(emu, viewer, tmp_path / "cookies.txt")
    result, data = run_info(out, lectures.playlist_id, "--cookies", str(cookies))
    assert result.code == 0, result
    assert len(folder_files(Path(data["folder"]))) == 9


def test_liked_videos_with_cookies(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    me = emu.admin.create_channel("Me", "@me")
    emu.admin.set_liked(me, [lectures.both, lectures.auto])
    cookies = cookies_of(emu, me, tmp_path / "cookies.txt")
    result, data = run_info(tmp_path / "out", "LL", "--cookies", str(cookies))
    assert result.code == 0, result
    assert data["title"] == "Liked videos" and data["video_count"] == 2
    assert Path(data["folder"]).name == "Liked videos [LL]"

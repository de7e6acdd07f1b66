"""plist2info end to end: the real CLI, real yt-dlp, ytemu serving captions over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import yaml
from tests.clirunner import run_cli
from tests.helpers.captions import AUTO_TEXT, api_calls, folder_files, make_lectures
from ytemu.captions import store as captions_store
from ytemu.testing import RunningEmulator

pytestmark = pytest.mark.ytemu(seed=None)
FAST = ("--delay", "0", "--backoff", "0.01")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def run_info(out: Path, *args: str) -> tuple[object, dict]:  # type: ignore[type-arg]
    result = run_cli("--json-output", "plist2info", *args, "--output", str(out), *FAST)
    return result, result.json()


def test_five_video_playlist(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    result = run_cli("--json-output", "plist2info", lectures.playlist_id, "-o", str(out), *FAST)
    assert result.code == 0, result
    data = result.json()

    folder = out / f"Lectures_ Spring_2024 [{lectures.playlist_id}]"
    assert data["folder"] == str(folder)
    assert folder_files(folder) == {
        "playlist.yaml",
        "001_Intro_ Tools & Tricks.en.srt",
        "001_Intro_ Tools & Tricks.en.md",
        "001_Intro_ Tools & Tricks.de.srt",
        "001_Intro_ Tools & Tricks.de.md",
        "002_Lab session 1.en.srt",
        "002_Lab session 1.en.md",
        "005_Q&A_.en.srt",
        "005_Q&A_.en.md",
    }
    # The auto-only video got its original English recognition track, no translations.
    doc = yaml.safe_load((folder / "playlist.yaml").read_text())
    videos = {v["id"]: v for v in doc["videos"]}
    assert videos[lectures.auto]["subtitles"] == [
        {
            "language": "en",
            "kind": "automatic",
            "track": "en-orig",
            "format": "srt",
            "file": "002_Lab session 1.en.srt",
            "transcript": "002_Lab session 1.en.md",
        }
    ]
    assert [(s["language"], s["kind"]) for s in videos[lectures.both]["subtitles"]] == [
        ("en", "manual"),
        ("de", "manual"),
    ]
    # The raw automatic srt repeats every line; the transcript has each once.
    srt = (folder / "002_Lab session 1.en.srt").read_text()
    assert srt.count("so today we look at a new") >= 2
    md = (folder / "002_Lab session 1.en.md").read_text()
    front, body = md.split("---\n")[1:]
    assert yaml.safe_load(front) == {
        "id": lectures.auto,
        "title": "Lab session 1",
        "channel": "Info Lab",
        "language": "en",
        "kind": "automatic",
        "duration": "0:02:05",
        "upload_date": "2024-03-05",
        "url": f"https://www.youtube.com/watch?v={lectures.auto}",
    }
    said = AUTO_TEXT.replace(".", "").split()
    assert body.split() == said
    # Manual German subtitles are German, and the transcript reads as sentences.
    de_md = (folder / "001_Intro_ Tools & Tricks.de.md").read_text()
    assert "Heute wir" in de_md and "Today" not in de_md
    en_md = (folder / "001_Intro_ Tools & Tricks.en.md").read_text()
    assert en_md.endswith(
        "\nWelcome to the lecture. Today we talk about tools. Questions come at the end?\n"
    )
    # The private and caption-less videos are reported; nothing failed.
    assert [v["id"] for v in data["unavailable"]] == [lectures.private]
    assert data["unavailable"][0]["reason"] == "private video"
    assert [v["id"] for v in data["no_captions"]] == [lectures.silent]
    assert data["failures"] == []
    assert (videos[lectures.silent]["status"], videos[lectures.private]["status"]) == (
        "no_captions",
        "unavailable",
    )
    # The 429 on the flaky video's caption download was retried, with a notice.
    assert "Rate-limited by YouTube" in result.stderr and "429" in result.stderr
    assert videos[lectures.flaky]["status"] == "ok"
    calls = api_calls(emu)
    assert calls["ytdlp.playlist"] == 1
    assert calls["ytdlp.video"] == 4  # the private row needs no request
    assert calls["captions.download"] == 5  # 4 tracks, one of them twice
    # playlist.yaml: the playlist's facts and the total duration.
    assert doc["id"] == lectures.playlist_id and doc["title"] == "Lectures: Spring/2024"
    assert doc["channel"] == "Info Lab" and doc["video_count"] == 5
    assert doc["total_duration"] == 3725 + 125 + 30 + 61
    assert doc["total_duration_formatted"] == "1:05:41"


def test_rerun_writes_nothing_and_is_fast(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    first, _ = run_info(out, lectures.playlist_id)
    assert first.code == 0  # type: ignore[attr-defined]
    folder = next(out.iterdir())
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    since = len(emu.admin.requests())
    started = time.monotonic()
    result = run_cli("--json-output", "plist2info", lectures.playlist_id, "-o", str(out))
    elapsed = time.monotonic() - started
    assert result.code == 0, result
    data = result.json()
    assert data["files_written"] == []
    assert len(data["files_skipped"]) == 8
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()} == before
    # One flat listing and nothing else (the default 1 s delay never applied).
    assert api_calls(emu, since) == {"ytdlp.playlist": 1}
    assert elapsed < 3


def test_same_title_two_folders(emu: RunningEmulator, out: Path) -> None:
    first = make_lectures(emu, "Lectures")
    second = make_lectures(emu, "Lectures")
    for lectures in (first, second):
        result, _ = run_info(out, lectures.playlist_id)
        assert result.code == 0  # type: ignore[attr-defined]
    assert {p.name for p in out.iterdir()} == {
        f"Lectures [{first.playlist_id}]",
        f"Lectures [{second.playlist_id}]",
    }


def test_failed_video_exit_5_then_resume(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    captions_store.add_failure(emu.world, lectures.both, "timedtext", 403, times=1)
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 5, result  # type: ignore[attr-defined]
    [failure] = data["failures"]
    assert failure["id"] == lectures.both and "HTTP Error 403" in failure["reason"]
    assert "failed" in result.stderr  # type: ignore[attr-defined]
    folder = Path(data["folder"])
    assert "001_Intro_ Tools & Tricks.en.srt" not in folder_files(folder)
    assert "001_Intro_ Tools & Tricks.de.srt" in folder_files(folder)  # the other track
    # A re-run fetches only what is missing.
    since = len(emu.admin.requests())
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert sorted(Path(p).name for p in data["files_written"]) == [
        "001_Intro_ Tools & Tricks.en.md",
        "001_Intro_ Tools & Tricks.en.srt",
        "playlist.yaml",
    ]
    assert api_calls(emu, since) == {"ytdlp.playlist": 1, "ytdlp.video": 1, "captions.download": 1}


def test_rate_limit_backs_off_and_persistent_limit_stops(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    captions_store.add_failure(emu.world, lectures.both, "video", 429, times=1)
    captions_store.add_failure(emu.world, lectures.auto, "video", 429, times=50)
    result, data = run_info(out, lectures.playlist_id)
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.code == 5  # type: ignore[attr-defined]
    assert "retrying (1/5)" in stderr and "(5/5)" in stderr
    assert data["stopped"] and "rate-limited" in data["stopped"]
    assert data["videos_processed"] == 2  # stopped at the second video
    assert data["failures"][0]["id"] == lectures.auto
    # Later the limit is gone: the re-run resumes and completes.
    with emu.world.lock:
        emu.world.ext("captions")["failures"].clear()
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert len(folder_files(Path(data["folder"]))) == 9


def test_bot_check_is_its_own_error_and_is_not_waited_out(emu: RunningEmulator, out: Path) -> None:
    """ "Sign in to confirm you're not a bot" is no rate limit: exit 1 at once with the
    cookies hint (platform-limits §6), what was fetched stays, a re-run resumes."""
    lectures = make_lectures(emu)
    captions_store.add_failure(emu.world, lectures.auto, "video", "bot", times=1)
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
    assert time.monotonic() - started < 60  # a 600 s backoff was not slept
    assert result.code == 1, result
    error = result.json()["error"]
    assert error["code"] == "bot_check" and "not a bot" in error["message"]
    assert "--cookies" in error["hint"] and "Waiting does not help" in error["hint"]
    assert "retrying" not in result.stderr and "Rate-limited" not in result.stderr
    assert "Hint:" in result.stderr
    folder = next(out.iterdir())
    assert (folder / "playlist.yaml").is_file() and len(folder_files(folder)) >= 2
    result, data = run_info(out, lectures.playlist_id)  # the check is gone: resumes
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert len(folder_files(Path(data["folder"]))) == 9


def test_interrupted_run_resumes_from_disk(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    result, data = run_info(out, lectures.playlist_id)
    folder = Path(data["folder"])
    # As if killed: playlist.yaml gone, a transcript missing, a temp file left over.
    (folder / "playlist.yaml").unlink()
    (folder / "002_Lab session 1.en.md").unlink()
    (folder / ".005_Q&A_.en.srt.1234abcd.ytrix-tmp").write_text("partial")
    since = len(emu.admin.requests())
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert sorted(Path(p).name for p in data["files_written"]) == [
        "002_Lab session 1.en.md",
        "playlist.yaml",
    ]
    assert api_calls(emu, since)["captions.download"] == 0  # rebuilt from the .srt
    assert not list(folder.glob(".*"))


def test_langs_and_timestamps(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    result, data = run_info(out, lectures.playlist_id, "--langs", "de", "--timestamps", "5")
    assert result.code == 0, result  # type: ignore[attr-defined]
    doc = yaml.safe_load((Path(data["folder"]) / "playlist.yaml").read_text())
    subs = {v["id"]: [(s["track"], s["kind"]) for s in v["subtitles"]] for v in doc["videos"]}
    assert subs[lectures.both] == [("de", "manual")]
    assert subs[lectures.auto] == [("de", "automatic")]  # asked for: a machine translation
    assert subs[lectures.flaky] == [("de-en", "automatic")]  # German, from the English
    assert doc["languages"] == {"langs": ["de"], "max_languages": 5}
    md = (Path(data["folder"]) / "002_Lab session 1.de.md").read_text()
    assert "[0:00:00] " in md and "\n\n[0:00:05] " in md and "heute" in md


def test_bad_sources(emu: RunningEmulator, out: Path) -> None:
    result = run_cli("plist2info", "not a playlist", "-o", str(out))
    assert result.code == 2 and "Not a playlist" in result.stderr
    result = run_cli("--json", "plist2info", "PLdoesnotexist00000000", "-o", str(out))
    assert result.code == 1
    assert "The playlist does not exist" in result.json()["error"]["message"]
    assert not out.exists()
    result = run_cli("plist2info", "PLdoesnotexist00000000", "--langs", "e!")
    assert result.code == 2 and "language code" in result.stderr


def test_human_output_progress_and_quiet(
    emu: RunningEmulator, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lectures = make_lectures(emu)
    result = run_cli("plist2info", lectures.playlist_id, "-o", str(out), *FAST)
    assert result.code == 0, result
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == f"Lectures: Spring/2024 -> {out / f'Lectures_ Spring_2024 [{lectures.playlist_id}]'}"
    )
    assert lines[1].startswith("  5 videos: 3 with subtitles, 1 without captions, 1 unavailable")
    assert f"  unavailable: 004 [Private video] [{lectures.private}]: private video" in lines
    assert f"  no captions: 003 B-roll (no talking) [{lectures.silent}]" in lines
    assert "Lectures: Spring/2024: 5 videos" in result.stderr
    # On a terminal: a progress bar on stderr; stdout stays one JSON document.
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    result = run_cli("--json", "plist2info", lectures.playlist_id, "-o", str(out), *FAST)
    assert result.code == 0 and result.json()["video_count"] == 5
    assert "5/5" in result.stderr
    # --quiet: no bar, no chatter; warnings would still show.
    captions_store.add_failure(emu.world, lectures.auto, "video", 403)
    (out / f"Lectures_ Spring_2024 [{lectures.playlist_id}]" / "playlist.yaml").unlink()
    result = run_cli("-q", "plist2info", lectures.playlist_id, "-o", str(out), *FAST)
    assert result.code == 5
    assert "5/5" not in result.stderr and "5 videos" not in result.stderr
    assert "Warning: Lectures: Spring/2024 #2" in result.stderr and "403" in result.stderr


def test_renamed_playlist_resumes_in_its_folder(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    run_info(out, lectures.playlist_id)
    with emu.world.lock:
        emu.world.playlists[lectures.playlist_id].title = "Lectures (archived)"
    since = len(emu.admin.requests())
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0  # type: ignore[attr-defined]
    assert data["folder"] == str(out / f"Lectures_ Spring_2024 [{lectures.playlist_id}]")
    assert [Path(p).name for p in data["files_written"]] == ["playlist.yaml"]
    assert api_calls(emu, since) == {"ytdlp.playlist": 1}


def test_a_video_listed_twice_gets_both_positions(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    playlist = emu.admin.create_playlist(
        lectures.channel_id, "Twice", video_ids=[lectures.auto, lectures.silent, lectures.auto]
    )
    result, data = run_info(out, playlist)
    assert result.code == 0, result  # type: ignore[attr-defined]
    assert {p.name for p in Path(data["folder"]).iterdir()} == {
        "playlist.yaml",
        "001_Lab session 1.en.srt",
        "001_Lab session 1.en.md",
        "003_Lab session 1.en.srt",
        "003_Lab session 1.en.md",
    }
    result, data = run_info(out, playlist)
    assert data["files_written"] == []  # type: ignore[index]


def test_unwritable_output_is_a_clear_error(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = run_cli("plist2info", lectures.playlist_id, "-o", str(blocker), *FAST)
    assert result.code == 2 and "is not a directory" in result.stderr
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / f"Lectures_ Spring_2024 [{lectures.playlist_id}]").write_text("in the way")
    result = run_cli("plist2info", lectures.playlist_id, "-o", str(locked), *FAST)
    assert result.code == 1, result
    assert "Cannot write" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_local_file_is_reported(emu: RunningEmulator, out: Path) -> None:
    lectures = make_lectures(emu)
    _, data = run_info(out, lectures.playlist_id)
    folder = Path(data["folder"])
    (folder / "002_Lab session 1.en.srt").write_text("<html><body>Sorry</body></html>\n")
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 5  # type: ignore[attr-defined]
    [failure] = data["failures"]
    assert failure["id"] == lectures.auto and "delete it" in failure["reason"]
    (folder / "002_Lab session 1.en.srt").unlink()
    result, data = run_info(out, lectures.playlist_id)
    assert result.code == 0, result  # type: ignore[attr-defined]

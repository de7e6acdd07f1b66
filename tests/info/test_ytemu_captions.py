"""ytemu's caption side: yt-dlp-shaped info, timedtext bodies, admin and failure hooks."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.clirunner import run_cli
from tests.helpers.captions import api_calls, make_lectures
from ytemu.seed import playlist_id
from ytemu.testing import RunningEmulator


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def call(emu: RunningEmulator, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        emu.base_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.ytemu(seed=None)
def test_video_info_has_youtube_shaped_caption_maps(emu: RunningEmulator) -> None:
    lectures = make_lectures(emu)
    status, body = get(f"{emu.base_url}/ytdlp/v1/video?v={lectures.both}")
    assert status == 200
    info = json.loads(body)
    assert info["formats"] and info["upload_date"] == "20240305"
    assert info["channel"] == "Info Lab" and info["duration"] == 3725
    assert set(info["subtitles"]) == {"en", "de"}
    auto = info["automatic_captions"]
    assert {"en-orig", "en", "de", "es", "fr", "it", "pt"} <= set(auto)
    assert {"de-en", "fr-en", "en-de", "fr-de"} <= set(auto)  # translations of manual
    exts = [f["ext"] for f in auto["en-orig"]]
    assert exts == ["json3", "srv1", "srv2", "srv3", "ttml", "srt", "vtt"]
    assert all(f["url"].startswith(emu.base_url + "/api/timedtext?") for f in auto["de"])
    assert "tlang=de" in auto["de"][0]["url"] and "tlang" not in auto["en-orig"][0]["url"]
    assert auto["en-orig"][0]["name"] == "English (Original)"
    # The private video answers with YouTube's wording, as a watch page would.
    status, body = get(f"{emu.base_url}/ytdlp/v1/video?v={lectures.private}")
    assert json.loads(body)["error"]["reason"].startswith("Private video")


@pytest.mark.ytemu(seed=None)
def test_timedtext_rolling_vtt_and_translation(emu: RunningEmulator) -> None:
    lectures = make_lectures(emu)
    base = f"{emu.base_url}/api/timedtext?v={lectures.auto}&lang=en&kind=asr"
    status, vtt = get(base + "&fmt=vtt")
    assert status == 200 and vtt.startswith(b"WEBVTT\nKind: captions\nLanguage: en\n")
    text = vtt.decode()
    assert "<c> today</c>" in text and "align:start position:0%" in text
    assert text.count("so today we look at a") >= 2  # rolling: each line shown twice
    status, german = get(base + "&fmt=srt&tlang=de")
    assert status == 200 and "heute" in german.decode()
    assert get(base.replace("kind=asr", "kind=x") + "&fmt=vtt")[0] == 404  # no manual en


@pytest.mark.ytemu(seed=None)
def test_admin_routes_set_tracks_and_failures(emu: RunningEmulator) -> None:
    lectures = make_lectures(emu)
    video = lectures.silent
    state = call(emu, "PUT", f"/_emu/captions/{video}", {"tracks": [{"lang": "fr"}]})
    assert state["tracks"] == [{"lang": "fr", "kind": "manual"}] and state["explicit"]
    call(emu, "POST", f"/_emu/captions/{video}/failures", {"where": "timedtext", "times": 2})
    url = f"{emu.base_url}/api/timedtext?v={video}&lang=fr&fmt=srt"
    assert [get(url)[0] for _ in range(3)] == [429, 429, 200]
    with pytest.raises(urllib.error.HTTPError) as caught:
        call(emu, "PUT", f"/_emu/captions/{video}", {"tracks": [{"lang": "fr", "kind": "x"}]})
    assert caught.value.code == 400


@pytest.mark.ytemu(seed=None)
def test_core_fault_rule_on_captions_download(emu: RunningEmulator, tmp_path: Path) -> None:
    lectures = make_lectures(emu)
    emu.admin.add_fault("captions.download", status=429, nth=2)
    result = run_cli(
        "--json",
        "plist2info",
        lectures.playlist_id,
        "-o",
        str(tmp_path / "out"),
        "--delay",
        "0",
        "--backoff",
        "0",
    )
    assert result.code == 0, result
    assert result.stderr.count("Rate-limited by YouTube") == 2  # the rule + the flaky hook
    assert api_calls(emu)["captions.download"] == 6


def test_demo_seed_videos_have_default_captions(emu: RunningEmulator, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("--json", "plist2info", playlist_id("mix-12"), "-o", str(out), "--delay", "0")
    assert result.code == 0, result
    data = result.json()
    assert data["video_count"] == 12
    assert [v["reason"] for v in data["unavailable"]] == ["private video"]
    assert data["subtitle_files"] >= 9
    kinds = {
        line.split(": ")[1]
        for path in Path(data["folder"]).glob("*.md")
        for line in path.read_text().splitlines()
        if line.startswith("kind: ")
    }
    assert kinds == {"manual", "automatic"}

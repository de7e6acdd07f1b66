"""Text YouTube refuses (a lone surrogate, a control character) never reaches the
world, and `ytemu serve` fails with one clear line on bad arguments, a taken port or a
bad --state file."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ytemu.admin import EmuAdminError
from ytemu.seed import MINE_CHANNEL_ID, playlist_id
from ytemu.testing import RawClient, RunningEmulator

MINE = {"part": "snippet", "mine": "true", "maxResults": 50}
BAD_TEXTS = ['"a\\ud800b"', '"tail \\udfff"', '"bell \\u0007"', '"nul \\u0000"', '"del \\u007f"']


def raw_insert(raw: RawClient, snippet_json: str) -> tuple[int, str | None]:
    body = ('{"snippet": ' + snippet_json + "}").encode()
    status, data, _ = raw.call("POST", "playlists", {"part": "snippet"}, raw_body=body)
    return status, (data["error"]["errors"][0]["reason"] if status >= 400 else None)


@pytest.mark.parametrize("bad", BAD_TEXTS)
def test_bad_text_in_a_title_or_description_is_refused_and_lists_still_work(
    raw: RawClient, bad: str
) -> None:
    before = raw.call("GET", "playlists", MINE)[1]["pageInfo"]["totalResults"]
    assert raw_insert(raw, '{"title": ' + bad + "}") == (400, "invalidPlaylistSnippet")
    assert raw_insert(raw, '{"title": "ok", "description": ' + bad + "}") == (
        400,
        "invalidPlaylistSnippet",
    )
    status, data, _ = raw.call("GET", "playlists", MINE)
    assert status == 200 and data["pageInfo"]["totalResults"] == before


def test_a_bad_value_echoed_in_an_error_still_gets_an_answer(raw: RawClient) -> None:
    """A lone surrogate anywhere else is refused too, and the error that names it is sent
    (as a \\u escape) instead of the connection dying."""
    body = b'{"snippet": {"title": "ok"}, "status": {"privacyStatus": "\\ud800"}}'
    status, data, payload = raw.call("POST", "playlists", {"part": "snippet,status"}, raw_body=body)
    assert status == 400 and data["error"]["errors"][0]["reason"] == "invalidValue"
    assert b"\\ud800" in payload
    assert raw_insert(raw, '{"title": "ok", "defaultLanguage": "\\udfff"}') == (
        400,
        "invalidPlaylistSnippet",
    )
    assert raw.call("GET", "playlists", MINE)[0] == 200


def test_tabs_and_newlines_are_text(raw: RawClient) -> None:
    status, _ = raw_insert(raw, '{"title": "Tab\\there", "description": "one\\ntwo\\r\\nthree"}')
    assert status == 200
    titles = [p["snippet"]["title"] for p in raw.call("GET", "playlists", MINE)[1]["items"]]
    assert "Tab\there" in titles


def test_bad_text_in_an_update_or_a_note_changes_nothing(
    ytemu: RunningEmulator, raw: RawClient
) -> None:
    pid = playlist_id("mine-favourites")
    before = ytemu.admin.playlist(pid)
    body = b'{"id": "' + pid.encode() + b'", "snippet": {"title": "x\\ud83d"}}'
    status, data, _ = raw.call("PUT", "playlists", {"part": "snippet"}, raw_body=body)
    assert status == 400 and data["error"]["errors"][0]["reason"] == "invalidPlaylistSnippet"
    assert ytemu.admin.playlist(pid) == before
    video = before["video_ids"][0]
    item = json.dumps(
        {
            "snippet": {
                "playlistId": pid,
                "resourceId": {"kind": "youtube#video", "videoId": video},
            },
            "contentDetails": {"note": "beep \u0007"},
        }
    )
    status, data, _ = raw.call(
        "POST", "playlistItems", {"part": "snippet,contentDetails"}, raw_body=item.encode()
    )
    assert status == 400 and data["error"]["errors"][0]["reason"] == "invalidValue"
    assert ytemu.admin.playlist_video_ids(pid) == before["video_ids"]
    query = {"part": "snippet,contentDetails", "playlistId": pid, "maxResults": 50}
    assert raw.call("GET", "playlistItems", query)[0] == 200


def test_admin_seeding_refuses_bad_text_too(ytemu: RunningEmulator, raw: RawClient) -> None:
    with pytest.raises(EmuAdminError) as info:
        ytemu.admin.create_playlist(MINE_CHANNEL_ID, "fine", description="x\ud800")
    assert info.value.status == 400
    with pytest.raises(EmuAdminError):
        ytemu.admin.create_video(MINE_CHANNEL_ID, title="\x1b[31mred")
    assert raw.call("GET", "playlists", MINE)[0] == 200


def test_forbidden_injected_per_playlist(ytemu: RunningEmulator, raw: RawClient) -> None:
    locked = playlist_id("mine-favourites")
    other = ytemu.admin.create_playlist(MINE_CHANNEL_ID, "Open")
    ytemu.admin.add_fault(
        "youtube.playlistItems.*", status=403, reason="forbidden", playlist_id=locked
    )
    video = ytemu.admin.playlist(locked)["video_ids"][0]

    def insert(pid: str) -> tuple[int, object]:
        body = {
            "snippet": {
                "playlistId": pid,
                "resourceId": {"kind": "youtube#video", "videoId": video},
            }
        }
        status, data, _ = raw.call("POST", "playlistItems", {"part": "snippet"}, body=body)
        return status, data

    status, data = insert(locked)
    assert status == 403
    assert data == {
        "error": {
            "code": 403,
            "message": "Access forbidden. The request may not be properly authorized.",
            "errors": [
                {
                    "message": "Access forbidden. The request may not be properly authorized.",
                    "domain": "global",
                    "reason": "forbidden",
                }
            ],
        }
    }
    assert insert(other)[0] == 200
    # a delete names only the item: the rule still knows its playlist
    item_id = ytemu.admin.playlist(locked)["item_ids"][0]
    assert raw.reason("DELETE", "playlistItems", {"id": item_id}) == (403, "forbidden")
    ytemu.admin.clear_faults()
    ytemu.admin.add_fault(
        "youtube.playlistItems.list",
        status=403,
        reason="playlistItemsNotAccessible",
        playlist_id=other,
    )
    status, data, _ = raw.call("GET", "playlistItems", {"part": "id", "playlistId": other})
    assert status == 403 and data["error"]["errors"][0]["domain"] == "youtube.playlistItem"
    assert data["error"]["message"] == (
        "The request is not properly authorized to retrieve the specified playlist."
    )


def serve(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ytemu", "serve", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        cwd=cwd,
    )


def test_serve_on_a_taken_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve("--port", str(port), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "cannot read the state file"),
        ("[1, 2]", "is not a ytemu state file"),
        ('{"channels": [{"title": "no id"}]}', "is not a ytemu state file"),
        ('{"settings": {"latency_ms": -5}}', "is not a ytemu state file"),
        (None, "cannot read the state file"),  # a directory
    ],
)
def test_serve_with_a_bad_state_file_says_so(
    tmp_path: Path, content: str | None, expected: str
) -> None:
    state = tmp_path / "world.json"
    if content is None:
        state.mkdir()
    else:
        state.write_text(content)
    result = serve("--port", "0", "--state", str(state), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["70000", "-1", "http", ""])
def test_serve_with_a_bad_port_says_so(tmp_path: Path, port: str) -> None:
    result = serve("--port", port, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: argument --port:")


def test_a_good_state_file_still_loads(tmp_path: Path, ytemu: RunningEmulator) -> None:
    state = tmp_path / "world.json"
    ytemu.admin.save(str(state))
    assert json.loads(state.read_text())["version"] == 1
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytemu", "serve", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("ytemu listening on http://127.0.0.1:")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0

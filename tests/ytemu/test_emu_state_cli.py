"""Persistence (--state) and the `python -m ytemu serve` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import google.auth.transport.requests

import ytemu
from ytemu.admin import EmuAdmin
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import start_emulator


def test_state_save_and_reload(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    with start_emulator("demo", state_path=state) as emu:
        # a fixed noon (Pacific) so the 3 h advance below stays on one quota day
        emu.admin.set_clock("2026-06-15T19:00:00Z")
        yt = emu.youtube("demo-main")
        pid = (
            yt.playlists()
            .insert(part="snippet", body={"snippet": {"title": "kept"}})
            .execute()["id"]
        )
        with emu.world.lock:
            vid = next(
                v.id
                for v in emu.world.videos.values()
                if v.privacy == "public" and not v.deleted and not v.unavailable
            )
        yt.playlistItems().insert(
            part="snippet",
            body={
                "snippet": {
                    "playlistId": pid,
                    "resourceId": {"kind": "youtube#video", "videoId": vid},
                }
            },
        ).execute()
        emu.admin.advance_clock(3 * 3600)
        emu.admin.set_testing("demo-spare", True)
        emu.admin.add_fault("youtube.videos.list", status=500, nth=5)
        refresh = emu.authorized_user_info("demo-backup")["refresh_token"]
        saved = emu.admin.save()
        assert saved == str(state)
        offset = emu.admin.clock()["offset"]
        used = emu.admin.quota_used("ytrix-demo-main")
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]  # atomic: no temp files left
    data = json.loads(state.read_text())
    assert data["version"] == 1
    with start_emulator(None, state_path=state) as again:
        assert again.admin.playlist_video_ids(pid) == [vid]
        assert again.admin.quota_used("ytrix-demo-main") == used == 100
        assert abs(again.admin.clock()["offset"] - offset) < 1
        assert [c["testing"] for c in again.admin.clients() if c["client_id"] == "demo-spare"] == [
            True
        ]
        assert again.admin.faults()[0]["nth"] == 5
        creds = again.credentials("demo-backup")
        creds._refresh_token = refresh
        creds.refresh(google.auth.transport.requests.Request())
        assert creds.valid


def test_background_saver_writes_dirty_state(tmp_path: Path) -> None:
    state = tmp_path / "bg.json"
    with start_emulator("demo", state_path=state) as emu:
        emu.admin.create_channel("Late Channel", "@late")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if state.exists() and "@late" in state.read_text():
                break
            time.sleep(0.1)
        assert "@late" in state.read_text()


def test_serve_subprocess_starts_fast_and_answers(tmp_path: Path) -> None:
    env = dict(os.environ)
    src = str(Path(ytemu.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    state = tmp_path / "cli.json"
    start = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ytemu",
            "serve",
            "--seed",
            "demo",
            "--port",
            "0",
            "--state",
            str(state),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("ytemu listening on http://127.0.0.1:"), line
        base = line.rsplit(" ", 1)[1]
        admin = EmuAdmin(base)
        grant = admin.issue_tokens("demo-main")
        req = urllib.request.Request(
            f"{base}/youtube/v3/channels?part=snippet&mine=true",
            headers={"Authorization": f"Bearer {grant['access_token']}"},
        )
        with urllib.request.urlopen(req, timeout=5) as resp:
            body = json.loads(resp.read())
        elapsed = time.monotonic() - start
        assert body["items"][0]["id"] == MINE_CHANNEL_ID
        assert elapsed < 2.0, elapsed
        admin.create_channel("Persisted", "@persisted")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert "@persisted" in state.read_text()
    assert proc.stdout.read() == ""

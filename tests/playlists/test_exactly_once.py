"""Exactly-once writes: ambiguous outcomes (409 ABORTED with the write applied, 500s)
and SIGKILL at random points never duplicate a playlist or a video."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clirunner import run_cli, run_cli_subprocess
from tests.helpers.playlists import copyable, items, mix, own, own_titled
from tests.ytrix_env import setup_env
from ytemu.seed import MINE_CHANNEL_ID
from ytemu.testing import RunningEmulator

# Every test here runs on both state backends: SQLite and PostgreSQL.
pytestmark = pytest.mark.usefixtures("state_backend")

QUOTAS = {"main": 10000, "backup": 10000}


def test_aborted_and_server_errors_leave_each_video_once_in_order(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, QUOTAS)
    admin = ytemu.admin
    admin.add_fault("youtube.playlists.insert", status=409, apply_write=True, nth=1)
    admin.add_fault(
        "youtube.playlistItems.insert", status=409, apply_write=True, probability=0.05, seed=7
    )
    admin.add_fault("youtube.playlistItems.insert", status=500, probability=0.05, seed=11)
    result = run_cli("--json", "plist2mlist", mix(300))
    assert result.code == 0, result
    fired = {rule["status"]: rule["fired"] for rule in admin.faults() if rule["fired"]}
    assert fired.get(409, 0) >= 5 and fired.get(500, 0) >= 3, admin.faults()
    [made] = own_titled(ytemu, "Mix 300")  # the aborted-but-applied create is reused
    assert items(ytemu, made["id"]) == copyable(ytemu, mix(300))
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name), name


def _copy_size(emu: RunningEmulator, title: str) -> int:
    """Items in the copy right now (-1 before it exists), read under ytemu's lock."""
    with emu.world.lock:
        found = [
            p
            for p in emu.world.playlists.values()
            if p.title == title and p.channel_id == MINE_CHANNEL_ID
        ]
        return len(found[0].items) if found else -1


@pytest.mark.slow
def test_sigkill_at_random_points_then_rerun_is_exact(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    """Ten kills: one as soon as the playlist exists (its creation may not be journaled
    yet), nine at random item counts, each a random few ms into a request."""
    setup_env(ytemu, isolated_home, QUOTAS)
    ytemu.admin.set_latency(5)
    source = mix(300)
    expected = copyable(ytemu, source)
    rng = random.Random(20261121)
    targets = [0, *sorted(rng.sample(range(5, 295), 9))]
    child_env = dict(os.environ, YTRIX_HOME=str(isolated_home), YTRIX_BACKOFF_SCALE="0.01")
    seen: list[int] = []
    started = time.monotonic()
    for target in targets:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ytrix", "--quiet", "plist2mlist", source],
            env=child_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while _copy_size(ytemu, "Mix 300") < target and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.012))
        assert proc.poll() is None, "the copy finished before the kill"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        seen.append(_copy_size(ytemu, "Mix 300"))
    final = run_cli_subprocess("--json", "plist2mlist", source, env=child_env)
    assert final.code == 0, final
    copies = [p for p in own(ytemu) if p["title"] == "Mix 300"]
    assert len(copies) == 1, copies
    assert items(ytemu, copies[0]["id"]) == expected
    assert seen == sorted(seen) and seen[-1] < 300, seen  # every kill landed mid-copy
    assert time.monotonic() - started < 60

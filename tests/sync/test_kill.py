"""kill -9 during a sync, ten times, then a plain re-run: the mirror is exactly its
source. Each run plans again from what YouTube holds, so a write in flight at the
kill is either seen (and not repeated) or made by the next run."""

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
from tests.helpers.playlists import copyable, items, make_source, own_titled, writes
from tests.helpers.sync import new_videos, rewrite_playlist
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator


@pytest.mark.slow
def test_sigkill_during_sync_ten_times_then_rerun_is_exact(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 100_000, "backup": 100_000})
    source, videos = make_source(ytemu, 200, "Killed")
    assert run_cli("plist2mlist", source).code == 0
    target = own_titled(ytemu, "Killed")[0]["id"]
    # reversed, 28 gone, 30 new: about 250 writes, ~16 s at 60 ms a call
    order = [v for n, v in enumerate(reversed(videos)) if n % 7 != 3]
    fresh = new_videos(ytemu, 30)
    for n, video in enumerate(fresh):
        order.insert(5 * n, video)
    rewrite_playlist(ytemu, source, order)
    ytemu.admin.set_latency(60)
    mark = len(ytemu.admin.requests())
    env = dict(os.environ, YTRIX_BACKOFF_SCALE="0.01")
    rng = random.Random(20261202)
    started = time.monotonic()
    kills = 0
    while kills < 10:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ytrix", "--json", "--quiet", "sync", target, "--prune"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(1.8, 2.8))
        if proc.poll() is not None:
            break  # finished before this kill
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        kills += 1
    assert kills == 10, kills  # every kill landed mid-sync
    assert items(ytemu, target) != copyable(ytemu, source)  # work was left to do
    made = [r for r in writes(ytemu.admin.requests()[mark:]) if r["status"] < 300]
    assert len(made) >= 10, len(made)  # the killed runs wrote: kills landed mid-write
    ytemu.admin.set_latency(0)
    final = run_cli_subprocess("--json", "sync", target, "--prune", env=env)
    assert final.code == 0, final
    assert items(ytemu, target) == copyable(ytemu, source) == order
    again = run_cli("--json", "sync", target, "--prune")
    assert again.json()["writes"] == 0
    assert time.monotonic() - started < 90

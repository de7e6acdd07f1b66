"""The ledger stays true when the process is killed mid-request (kill -9).

A call's units are reserved before it is sent and corrected after, so a kill while
the request is in flight leaves the ledger equal to what the server charged. The one
instant that cannot be covered is between the reservation and the request leaving
the process: a kill there leaves one reservation the server never saw. So the
ledger is never below the server's count, and at most one call's units above it per
kill (the earlier charge-after-the-response ledger fell below it)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_pool import own_public_video_ids
from tests.ytrix_env import Env, setup_env
from ytemu.testing import RunningEmulator

# quota days, resets and token lifetimes: run again at the awkward instants
pytestmark = pytest.mark.clock


def assert_ledger_true(env: Env, kills: int) -> None:
    for name in ("main", "backup"):
        over = env.ledger_used(name) - env.emu_used(name)
        assert 0 <= over <= 50 * kills, (name, over)


def test_kill_9_mid_request_leaves_the_ledger_true(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 1200, "backup": 100_000})
    videos = own_public_video_ids(ytemu, 40)
    other = next(c["id"] for c in ytemu.admin.channels() if c["handle"] == "@kitchenlab")
    source = ytemu.admin.create_playlist(other, "Kill test", video_ids=videos)
    ytemu.admin.set_latency(120)  # most of a run's time is spent with a request in flight
    rng = random.Random(7)
    args = [sys.executable, "-m", "ytrix", "plist2mlist", source]
    for kills in range(1, 6):
        proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ)
        )
        time.sleep(rng.uniform(1.0, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(0.5)  # the request in flight still lands at the server
        assert_ledger_true(env, kills)
    ytemu.admin.set_latency(0)
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert_ledger_true(env, 5)

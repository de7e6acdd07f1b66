"""One writer per target: ytrix processes started together on one source (or two
batches sharing sources) never make a playlist twice or add a video twice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.copies import copies, sources, write_list
from tests.helpers.playlists import own
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator

QUOTAS = {"main": 1_000_000, "backup": 1_000_000}
TRIALS = 10


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ytrix", "--quiet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, YTRIX_BACKOFF_SCALE="0.01"),
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    return [(p.wait(timeout=120), p.communicate()[1]) for p in procs]


@pytest.mark.parametrize("processes", [2, 4])
def test_processes_on_one_source_make_one_exact_playlist(
    ytemu: RunningEmulator, isolated_home: Path, processes: int
) -> None:
    ytemu.admin.set_playlist_creation_cap(0)  # the race, not the channel's cap
    env = setup_env(ytemu, isolated_home, QUOTAS)
    before = {p["id"] for p in own(ytemu)}
    wanted = sources(ytemu, TRIALS, size=4)
    for source in wanted:
        results = finish([start("plist2mlist", source) for _ in range(processes)])
        assert [code for code, _ in results] == [0] * processes, results
    made = copies(ytemu, wanted, before)  # asserts one exact copy per source
    assert len(made) == TRIALS
    assert len(own(ytemu)) == len(before) + TRIALS
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name)


def test_two_batches_sharing_sources_copy_each_once(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    before = {p["id"] for p in own(ytemu)}
    wanted = sources(ytemu, 7, size=5)
    ids = list(wanted)
    first = write_list(tmp_path / "first.txt", ids[:5])
    second = write_list(tmp_path / "second.txt", list(reversed(ids[2:])))
    results = finish([start("plists2mlists", str(first)), start("plists2mlists", str(second))])
    assert [code for code, _ in results] == [0, 0], results
    assert len(copies(ytemu, wanted, before)) == 7  # one exact copy each, not 10
    assert len(own(ytemu)) == len(before) + 7


def test_claim_of_a_killed_process_is_taken_over_at_once(
    ytemu: RunningEmulator, isolated_home: Path
) -> None:
    import signal
    import time

    from tests.clirunner import run_cli

    setup_env(ytemu, isolated_home, QUOTAS)
    before = {p["id"] for p in own(ytemu)}
    wanted = sources(ytemu, 1, size=8)
    [source] = wanted
    rule = ytemu.admin.add_fault("youtube.playlistItems.insert", action="latency", latency_ms=400)
    first = start("plist2mlist", source)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [r for r in ytemu.admin.requests() if r["method"].endswith("Items.insert")]
        if len(done) >= 2:
            break
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    ytemu.admin.remove_fault(rule["id"])
    started = time.monotonic()
    second = run_cli("plist2mlist", source)
    assert second.code == 0, second
    assert time.monotonic() - started < 30  # no lease to sit out on the same machine
    assert len(copies(ytemu, wanted, before)) == 1

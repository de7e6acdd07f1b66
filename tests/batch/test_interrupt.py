"""Interruption: SIGINT / SIGTERM stop after the write in flight with the resume hint
(exit 130); SIGKILL at random points loses nothing — each `--resume` reconciles the
write in flight, resumes tasks left in progress, and the end state is exact."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clirunner import run_cli_subprocess
from tests.helpers.batch import build_reference, check_final
from tests.helpers.clock import state_store
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.batch.store import IN_PROGRESS, BatchJournal

# Every test here runs on both state backends: SQLite and PostgreSQL.
pytestmark = pytest.mark.usefixtures("state_backend")

QUOTAS = {"main": 100_000, "backup": 100_000, "spare": 100_000}


def _journal_tasks() -> list[str]:
    journal = BatchJournal(state_store())
    try:
        batch = journal.latest()
        return [] if batch is None else [t.status for t in journal.tasks(batch.batch_id)]
    finally:
        journal.close()


def _has_unfinished() -> bool:
    journal = BatchJournal(state_store())
    try:
        return journal.latest(unfinished=True) is not None
    finally:
        journal.close()


def _start(file: Path, env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ytrix", "--json", "--quiet", "plists2mlists", str(file), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_writes(
    emu: RunningEmulator, since: int, count: int, proc: subprocess.Popen[str]
) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        writes = [r for r in emu.admin.requests(since) if r["method"].endswith(".insert")]
        if len(writes) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"no {count} writes within 60 s: {proc.poll()=}")


def test_sigint_and_sigterm_stop_between_writes(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, QUOTAS)
    ytemu.admin.set_latency(10)
    ref = build_reference(ytemu, tmp_path)
    child_env = dict(os.environ, YTRIX_HOME=str(isolated_home))
    for signum, extra in ((signal.SIGINT, ["--jobs", "2"]), (signal.SIGTERM, ["--resume"])):
        since = len(ytemu.admin.requests())
        proc = _start(ref.file, child_env, *extra)
        # signal once some writes are through and hundreds remain, however loaded the machine
        _wait_for_writes(ytemu, since, 20, proc)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert f"Resume with: ytrix plists2mlists {ref.file} --resume" in err
        report = json.loads(out)  # one JSON document: the stopped batch's report
        assert report["state"] == "interrupted" and report["error"]["exit_code"] == 130
        statuses = _journal_tasks()
        assert IN_PROGRESS not in statuses and "paused" in statuses, statuses
    ytemu.admin.set_latency(0)
    final = run_cli_subprocess("--json", "plists2mlists", str(ref.file), "--resume", env=child_env)
    assert final.code == 0, final
    check_final(ytemu, ref)


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume_is_exact(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    env = setup_env(ytemu, isolated_home, QUOTAS)
    # ~21 s of API latency alone, more than ten short runs can get through (even the
    # --jobs 3 ones): every kill lands mid-batch.
    ytemu.admin.set_latency(40)
    ref = build_reference(ytemu, tmp_path)
    child_env = dict(os.environ, YTRIX_HOME=str(isolated_home), YTRIX_BACKOFF_SCALE="0.01")
    rng = random.Random(20261121)
    started = time.monotonic()
    kills = 0
    while kills < 10:
        args = ["--resume"] if _has_unfinished() else []
        args += ["--jobs", "3"] if kills % 2 else []
        proc = _start(ref.file, child_env, *args)
        time.sleep(rng.uniform(0.6, 1.4))
        if proc.poll() is not None:
            break  # finished before this kill: the batch is complete
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
        kills += 1
    assert kills == 10, kills  # every kill landed mid-batch
    ytemu.admin.set_latency(0)
    final = run_cli_subprocess("--json", "plists2mlists", str(ref.file), "--resume", env=child_env)
    assert final.code == 0, final
    assert final.json()["state"] == "completed"
    check_final(ytemu, ref)
    assert IN_PROGRESS not in _journal_tasks()
    # The ledger never falls below the server's count, and is at most one call above
    # it per kill (a kill between a reservation and its request leaving the process).
    for name in QUOTAS:
        assert 0 <= env.ledger_used(name) - env.emu_used(name) <= 50 * kills, name
    assert time.monotonic() - started < 90

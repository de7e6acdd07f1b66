"""`--wait`: the batch sleeps until the quota reset (real time; the reset instant from
ytrix's clock), showing a countdown, and finishes in one invocation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import build_reference, check_final, set_clocks
from tests.helpers.clock import state_store, ytrix_clock
from tests.helpers.playlists import mix
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.batch.store import BatchJournal
from ytrix.core import clock
from ytrix.quota.ledger import Ledger

# Every test here runs on both state backends (SQLite and PostgreSQL); it is about
# quota days, resets and token lifetimes: run again at the awkward instants.
pytestmark = [pytest.mark.usefixtures("state_backend"), pytest.mark.clock]

QUOTAS = {"main": 20_000, "backup": 20_000, "spare": 20_000}
LEFT_TODAY = 300  # other work spent the rest of today's quota


def test_wait_sleeps_until_midnight_and_finishes(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    midnight = datetime(2026, 7, 2, 0, 0, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, midnight - timedelta(seconds=8), monkeypatch)
    env = setup_env(ytemu, isolated_home, QUOTAS)
    ref = build_reference(ytemu, tmp_path)
    ledger = Ledger(state_store())
    for name, quota in QUOTAS.items():
        ledger.charge(name, "test.elsewhere", quota - LEFT_TODAY, ytrix_clock().now())
    ledger.close()
    result = run_cli("--json", "plists2mlists", str(ref.file), "--wait")
    assert result.code == 0, result
    assert "All projects exhausted. Pausing – quotas reset at 00:00 Pacific" in result.stderr
    assert "Waiting for the quota reset" in result.stderr
    data = result.json()
    assert data["state"] == "completed"
    assert data["counts"] == {"completed": 11, "skipped": 1}
    assert ytrix_clock().now() > midnight
    check_final(ytemu, ref)
    for name in QUOTAS:  # today's (after midnight) usage agrees on both sides
        assert env.ledger_used(name) == env.emu_used(name), name


def test_ctrl_c_during_the_wait_leaves_a_resumable_batch(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offset = set_clocks(ytemu, datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC), monkeypatch)
    setup_env(ytemu, isolated_home, {"main": 400})
    file = tmp_path / "small.txt"
    file.write_text(f"{mix(5)}\n{mix(20)}\n")
    child_env = dict(os.environ, YTRIX_HOME=str(isolated_home))
    child_env[clock.CLOCK_OFFSET_ENV] = str(offset)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ytrix", "plists2mlists", str(file), "--wait"],
        env=child_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if line.startswith("Waiting for the quota reset:"):
            break
    assert any("Waiting (--wait)" in s or "Waiting for the reset" in s for s in seen), seen
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (seen, out, err)
    assert f"Resume with: ytrix plists2mlists {file} --resume" in err + out
    journal = BatchJournal(state_store())
    batch = journal.latest()
    assert batch is not None and batch.state == "interrupted" and batch.unfinished
    statuses = [t.status for t in journal.tasks(batch.batch_id)]
    journal.close()
    assert statuses == ["completed", "paused"], statuses

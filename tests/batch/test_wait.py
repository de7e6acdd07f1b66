"""`--wait`: the batch sleeps until the quota reset (real time; the reset instant from
ytrix's clock), showing a countdown, and finishes in one invocation."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.batch.helpers import build_reference, check_final, set_clocks
from tests.clirunner import run_cli
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.paths import Paths
from ytrix.quota import clock
from ytrix.quota.ledger import Ledger

QUOTAS = {"main": 20_000, "backup": 20_000, "spare": 20_000}
LEFT_TODAY = 300  # other work spent the rest of today's quota


def test_wait_sleeps_until_midnight_and_finishes(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    midnight = datetime(2026, 7, 2, 0, 0, tzinfo=clock.PACIFIC)
    set_clocks(ytemu, midnight - timedelta(seconds=8), monkeypatch)
    env = setup_env(ytemu, isolated_home, QUOTAS)
    ref = build_reference(ytemu, tmp_path)
    ledger = Ledger(Paths.for_user(None).state_db)
    for name, quota in QUOTAS.items():
        ledger.charge(name, "test.elsewhere", quota - LEFT_TODAY, clock.now())
    ledger.close()
    result = run_cli("--json", "plists2mlists", str(ref.file), "--wait")
    assert result.code == 0, result
    assert "All projects exhausted. Pausing – quotas reset at 00:00 Pacific" in result.stderr
    assert "Waiting for the quota reset" in result.stderr
    data = result.json()
    assert data["state"] == "completed"
    assert data["counts"] == {"completed": 11, "skipped": 1}
    assert clock.now() > midnight
    check_final(ytemu, ref)
    for name in QUOTAS:  # today's (after midnight) usage agrees on both sides
        assert env.ledger_used(name) == env.emu_used(name), name

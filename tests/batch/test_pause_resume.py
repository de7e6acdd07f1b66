"""The reference batch across three projects that cannot hold it in one day: it
pauses with the reset time and the resume command (exit 3); after both clocks pass
midnight Pacific `--resume` finishes it exactly, and ytrix's ledger equals ytemu's."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.batch.helpers import advance_clocks, build_reference, check_final, set_clocks
from tests.clirunner import run_cli
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.quota import clock

QUOTAS = {"main": 6000, "backup": 6000, "spare": 6000}
NOON = datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC)


def test_pause_then_resume_after_midnight(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, NOON, monkeypatch)
    env = setup_env(ytemu, isolated_home, QUOTAS)
    ref = build_reference(ytemu, tmp_path)
    started = time.monotonic()
    first = run_cli("--json", "plists2mlists", str(ref.file))
    print("first run", time.monotonic() - started)
    assert first.code == 3, first
    data = first.json()
    assert data["state"] == "paused"
    message = (
        "All projects exhausted. Pausing – quotas reset at 00:00 Pacific (in 12h 0m). "
        f"Resume with: ytrix plists2mlists {ref.file} --resume"
    )
    assert data["message"].startswith("All projects exhausted. Pausing – quotas reset at 00:00")
    assert data["error"]["code"] == "quota_exhausted"
    assert f"Resume with: ytrix plists2mlists {ref.file} --resume" in first.stderr
    assert data["counts"].get("failed", 0) == 0
    day_one = clock.pacific_day()
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name), name
    advance_clocks(ytemu, clock.seconds_until_reset() + 60, monkeypatch)
    second = run_cli("--json", "plists2mlists", str(ref.file), "--resume")
    assert second.code == 0, second
    assert second.json()["state"] == "completed"
    check_final(ytemu, ref)
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name), name
    print(message, day_one, timedelta())

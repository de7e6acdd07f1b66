"""journal_status's ETA respects the daily quota and the channel's creation cap: a
batch that needs two days of quota is not "ETA 0s at 481,155 units/min"."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import set_clocks
from tests.helpers.clock import state_store, ytrix_clock
from tests.helpers.playlists import mix
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.batch.report import QuotaPlan
from ytrix.batch.status import CHANNEL_CREATIONS_PER_DAY, BatchStatus, creations_left
from ytrix.batch.store import BatchJournal, NewTask
from ytrix.cli.views.batch import status_lines
from ytrix.core import clock


def test_paused_batch_eta_waits_for_the_quota_reset(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC), monkeypatch)
    setup_env(ytemu, isolated_home, {"main": 1000})
    file = tmp_path / "three.txt"
    file.write_text(f"{mix(20)}\n{mix(12)}\n{mix(8)}\n")
    assert run_cli("plists2mlists", str(file)).code == 3  # paused: a day is not enough
    eta = run_cli("--json", "journal_status").json()["eta"]
    assert eta["units_remaining"] > 0
    assert eta["days_needed"] >= 2 and eta["quota_days_needed"] >= 2
    until_reset = ytrix_clock().seconds_until_reset()
    assert eta["eta_seconds"] >= until_reset - 5  # not before midnight Pacific
    assert eta["eta_seconds"] <= until_reset + (eta["days_needed"] - 1) * 86_400
    human = run_cli("journal_status").stdout
    assert f"({eta['days_needed']} days)" in human, human
    assert "ETA 0s" not in human and "units/min" not in human
    assert "Quota: needs" in human


def test_creation_cap_counts_playlists_still_to_create(tmp_path: Path) -> None:
    journal = BatchJournal(state_store(tmp_path / "state.db"))
    try:
        batch_id = journal.create(
            tmp_path / "list.txt",
            "digest",
            {},
            [NewTask(f"PL{n:032d}") for n in range(CHANNEL_CREATIONS_PER_DAY + 2)],
        )
        tasks = journal.tasks(batch_id)
        batch = journal.get(batch_id)
    finally:
        journal.close()
    assert creations_left(tasks) == 12  # unplanned pending: one playlist each
    planned = [replace(t, plan='{"creates": 2, "units": 150}') for t in tasks[:2]]
    started = [replace(t, status="in_progress", plan='{"creates": 1}') for t in tasks[2:4]]
    done = [replace(t, status="completed") for t in tasks[4:6]]
    assert creations_left(planned + started + done + tasks[6:]) == 4 + 0 + 0 + 6
    assert batch is not None
    # quota for today is plenty, but 14 playlists to create take two days
    quota = QuotaPlan(150, 10_000, 10_000, 1, ("main",), clock.iso(ytrix_clock().next_reset()))
    status = BatchStatus(batch, planned + tasks[2:], [], ytrix_clock().now(), quota=quota)
    eta = status.eta()
    assert eta.creations_left == 14 and eta.days_needed == 2
    assert eta.eta_seconds is not None
    assert eta.eta_seconds >= ytrix_clock().seconds_until_reset() - 5
    assert "YouTube lets a channel create about 10 a day, so 2 days" in "\n".join(
        status_lines(status)
    )

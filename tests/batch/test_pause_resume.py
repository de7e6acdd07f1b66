"""The reference batch across three projects that cannot hold it in one day: it
pauses with the reset time and the resume command (exit 3); after both clocks pass
midnight Pacific `--resume` finishes it exactly, and ytrix's ledger equals ytemu's."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks, build_reference, check_final, set_clocks
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

QUOTAS = {"main": 6000, "backup": 6000, "spare": 6000}
NOON = datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC)


def _ledger_day(name: str, day: str) -> int:
    ledger = Ledger(state_store())
    try:
        return ledger.used(name, datetime.fromisoformat(day).date())
    finally:
        ledger.close()


def test_pause_then_resume_after_midnight(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, NOON, monkeypatch)
    env = setup_env(ytemu, isolated_home, QUOTAS)
    ref = build_reference(ytemu, tmp_path)
    first = run_cli("--json", "plists2mlists", str(ref.file))
    assert first.code == 3, first
    data = first.json()
    message = data["message"]
    assert re.fullmatch(
        r"All projects exhausted\. Pausing – quotas reset at 00:00 Pacific "
        r"\(in 11h 5\dm\)\. Resume with: ytrix plists2mlists (\S+) --resume",
        message,
    ), message
    assert message.endswith(f"Resume with: ytrix plists2mlists {ref.file} --resume")
    assert message in first.stderr
    assert data["state"] == "paused" and data["error"]["code"] == "quota_exhausted"
    assert data["error"]["exit_code"] == 3
    assert data["reset_at"] == clock.iso(ytrix_clock().next_reset())
    assert data["repeated_lines"] == [
        {"line": 15, "same_as_line": 4, "playlist_id": ref.sources[1]}
    ]
    assert len(data["tasks"]) == 12
    counts = data["counts"]
    assert counts.get("failed", 0) == 0 and counts.get("paused") == 1, counts
    # the paused task knows its target the moment it exists, and its project
    [paused] = [t for t in data["tasks"] if t["status"] == "paused"]
    assert paused["target_playlist_id"] and paused["project"] in QUOTAS
    day_one = ytrix_clock().pacific_day().isoformat()
    for name in QUOTAS:
        assert env.ledger_used(name) == env.emu_used(name), name
    journal = BatchJournal(state_store())
    batch = journal.latest()
    assert batch is not None and batch.state == "paused" and batch.pause_reason == "quota"
    journal.close()

    advance_clocks(ytemu, ytrix_clock().seconds_until_reset() + 60, monkeypatch)
    second = run_cli("--json", "plists2mlists", str(ref.file), "--resume")
    assert second.code == 0, second
    done = second.json()
    assert done["state"] == "completed" and done["batch_id"] == data["batch_id"]
    assert done["counts"] == {"completed": 11, "skipped": 1}
    assert done["summary"] == "11 playlists copied, 1 skipped"
    check_final(ytemu, ref)
    tasks = {t["source"]: t for t in done["tasks"]}
    assert [s["reason"] for s in tasks[mix(12)]["skipped_videos"]] == ["private"]
    assert [s["reason"] for s in tasks[mix(20)]["skipped_videos"]] == ["deleted"]
    assert tasks[mix(30)]["status"] == "skipped" and tasks[mix(30)]["action"] == "skip"
    assert tasks[mix(45)]["action"] == "update" and tasks[mix(45)]["videos_added"] == 9
    assert tasks[mix(45)]["target_playlist_id"] == ref.overlap_id
    for name in QUOTAS:  # both days agree, project by project
        assert env.ledger_used(name) == env.emu_used(name), name
        emu_day_one = ytemu.admin.quota(env.emu_project(name), day=day_one)
        assert _ledger_day(name, day_one) == emu_day_one[env.emu_project(name)]["used"], name
    # the batch accounts for every unit the ledger charged
    total = sum(env.ledger_used(n) + _ledger_day(n, day_one) for n in QUOTAS)
    assert done["units_spent_total"] == total

"""plists2mlists file checks, --dry-run plans, --jobs, a changed file, and
journal_status (failures grouped by project, --pending-only, --clear)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.batch import advance_clocks, build_reference, check_final, set_clocks
from tests.helpers.clock import state_store, ytrix_clock
from tests.helpers.playlists import copyable, items, mix, own
from tests.ytrix_env import setup_env
from ytemu.testing import RunningEmulator
from ytrix.batch.store import BatchJournal
from ytrix.core import clock
from ytrix.core.paths import Paths

# Every test here runs on both state backends: SQLite and PostgreSQL.
pytestmark = pytest.mark.usefixtures("state_backend")

BIG = {"main": 100_000, "backup": 100_000, "spare": 100_000}


def _batches() -> list[str]:
    journal = BatchJournal(state_store())
    try:
        return [b.state for b in journal.all()]
    finally:
        journal.close()


def test_missing_file_and_malformed_line_exit_2_and_write_nothing(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, BIG)
    ytemu.admin.clear_requests()
    missing = run_cli("--json", "plists2mlists", str(tmp_path / "missing.txt"))
    assert missing.code == 2, missing
    assert f"{tmp_path / 'missing.txt'}: no such file" in missing.json()["error"]["message"]
    bad = tmp_path / "bad.txt"
    bad.write_text(f"# ok\n{mix(5)}\n\nhttps://example.com/not-a-playlist\n")
    malformed = run_cli("plists2mlists", str(bad))
    assert malformed.code == 2, malformed
    assert f"{bad}, line 4: not a playlist URL or ID" in malformed.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    assert run_cli("plists2mlists", str(empty)).code == 2
    assert ytemu.admin.requests() == []  # not one API call
    assert not (isolated_home / "state.db").exists() or _batches() == []


def test_dry_run_prints_the_plan_and_the_quota_plan(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    setup_env(ytemu, isolated_home, {"main": 6000, "backup": 6000, "spare": 6000})
    ref = build_reference(ytemu, tmp_path)
    result = run_cli("--json", "plists2mlists", str(ref.file), "--dry-run")
    assert result.code == 0, result
    data = result.json()
    actions = {t["source"]: t["action"] for t in data["tasks"]}
    assert actions[mix(30)] == "skip" and actions[mix(45)] == "update"
    assert all(a == "create" for s, a in actions.items() if s not in (mix(30), mix(45)))
    by_source = {t["source"]: t for t in data["tasks"]}
    assert by_source[mix(45)]["inserts"] == 9 and by_source[mix(12)]["unavailable"] == 1
    plan = data["quota_plan"]
    inserts = sum(len(copyable(ytemu, s)) for s in ref.copied) + 9
    assert plan["units_needed"] == 50 * (len(ref.copied) + inserts)
    assert plan["units_left_today"] == 3 * 6000 - 50  # reads spent a few units on main
    assert plan["days_needed"] == 2 and plan["daily_capacity"] == 18_000
    writes = [
        r
        for r in ytemu.admin.requests()
        if r["method"].startswith("youtube.") and not r["method"].endswith(".list")
    ]
    assert writes == [] and _batches() == []
    human = run_cli("plists2mlists", str(ref.file), "--dry-run")
    assert "skip — exact duplicate of your playlist 'My picks'" in human.stdout
    assert "top up your playlist 'Most of Mix 045' (holds 80%): add 9 videos" in human.stdout
    assert "needs 2 days" in human.stdout
    assert "Line 15 lists the same playlist as line 4 (PL" in human.stdout


def test_parallel_jobs_copy_exactly_and_account_every_unit(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    env = setup_env(ytemu, isolated_home, BIG)
    ref = build_reference(ytemu, tmp_path)
    result = run_cli(
        "--json", "plists2mlists", str(ref.file), "--jobs", "4", "--privacy", "unlisted"
    )
    assert result.code == 0, result
    check_final(ytemu, ref)
    made = [p for p in own(ytemu) if p["id"] not in ref.own_before]
    assert {p["privacy"] for p in made} == {"unlisted"}
    data = result.json()
    ledger_total = sum(env.ledger_used(n) for n in BIG)
    assert data["units_spent"] == data["units_spent_total"] == ledger_total
    assert ledger_total == sum(env.emu_used(n) for n in BIG)
    assert sum(t["units"] for t in data["tasks"]) < ledger_total  # + the own listing


def test_changed_file_refuses_resume_and_a_new_batch_takes_over(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_clocks(ytemu, datetime(2026, 7, 1, 12, 0, tzinfo=clock.PACIFIC), monkeypatch)
    setup_env(ytemu, isolated_home, {"main": 1000})
    file = tmp_path / "two.txt"
    file.write_text(f"{mix(20)}\n{mix(12)}\n")
    first = run_cli("plists2mlists", str(file))
    assert first.code == 3, first
    made = [p for p in own(ytemu) if p["title"] == ytemu.admin.playlist(mix(20))["title"]]
    assert [p["privacy"] for p in made] == ["private"]  # the default
    file.write_text(f"{mix(20)}\n{mix(12)}\n{mix(5)}\n")
    refused = run_cli("plists2mlists", str(file), "--resume")
    assert refused.code == 2, refused
    assert f"{file} changed since batch" in refused.stderr
    advance_clocks(ytemu, ytrix_clock().seconds_until_reset() + 60, monkeypatch)
    again = run_cli("--json", "plists2mlists", str(file))
    assert again.code == 0, again
    assert again.json()["superseded_batch"] is not None
    assert _batches() == ["superseded", "completed"]
    for source in (mix(20), mix(12), mix(5)):
        title = ytemu.admin.playlist(source)["title"]
        [made] = [p for p in own(ytemu) if p["title"] == title]
        assert items(ytemu, made["id"]) == copyable(ytemu, source)
    # a cron job that resumes every night: the finished batch is exit 0 with a notice
    calls = len(ytemu.admin.requests())
    nothing = run_cli("plists2mlists", str(file), "--resume")
    assert nothing.code == 0, nothing
    assert "is already complete: nothing to resume" in nothing.stderr
    assert "3 playlists copied" in nothing.stdout
    as_json = run_cli("--json", "plists2mlists", str(file), "--resume")
    assert as_json.code == 0, as_json
    data = as_json.json()
    assert data["state"] == "completed" and data["units_spent"] == 0
    assert "already complete" in data["message"] and "error" not in data
    assert _batches() == ["superseded", "completed"]  # no new batch was started
    assert len(ytemu.admin.requests()) == calls  # and no API call was made
    file.write_text(f"{mix(20)}\n")  # an edited file is still refused
    edited = run_cli("plists2mlists", str(file), "--resume")
    assert edited.code == 2 and "is completed; there is nothing to resume" in edited.stderr


def test_failures_grouped_by_project_and_journal_status(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    admin = ytemu.admin
    admin.add_fault(
        "youtube.playlists.insert",
        status=403,
        reason="quotaExceeded",
        project=env.emu_project("main"),
        times=1,
    )
    admin.add_fault(
        "youtube.playlistItems.insert",
        status=500,
        project=env.emu_project("backup"),
        every=3,
        times=2,
    )
    gone = "PL" + "x" * 32  # a well-formed ID no playlist has
    file = tmp_path / "three.txt"
    file.write_text(f"{mix(5)}\n{gone}\n{mix(8)}\n")
    run = run_cli("plists2mlists", str(file))
    assert run.code == 5, run
    assert "2 playlists copied, 1 failed" in run.stdout
    assert f"Playlist {gone} not found" in run.stdout and "Next: Check the URL" in run.stdout
    status = run_cli("--json", "journal_status")
    assert status.code == 0, status
    data = status.json()
    failures = {f["project"]: f for f in data["failures"]}
    assert failures["main"]["operations_failed"] == 1
    assert failures["main"]["last_error"] == "quotaExceeded"
    assert (
        failures["main"]["summary"] == "Project main: 1 playlist creation failed (quota exceeded)"
    )
    backup = failures["backup"]
    assert {g["operation"] for g in backup["by_operation"]} == {
        "playlistItems.insert",
        "playlists.list",
    }
    assert backup["operations_failed"] == 3
    assert data["counts"]["failed"] == 1 and data["counts"]["completed"] == 2
    assert data["failed_tasks"][0]["error"]["category"] == "source_not_found"
    human = run_cli("journal_status")
    assert "Project main: 1 playlist creation failed (quota exceeded)" in human.stdout
    assert "Project backup: 2 video inserts failed (YouTube server error)" in human.stdout
    pending = run_cli("--json", "journal_status", "--pending-only").json()
    assert [t["status"] for t in pending["tasks"]] == ["failed"]
    # --clear: never a prompt without a terminal or in JSON mode
    assert run_cli("journal_status", "--clear").code == 2
    assert run_cli("--json", "journal_status", "--clear").code == 2
    cleared = run_cli("--json", "journal_status", "--clear", "--yes")
    assert cleared.code == 0 and len(cleared.json()["cleared"]) == 1
    assert run_cli("--json", "journal_status").json()["batch"] is None


def test_dead_credentials_pause_the_batch_with_exit_4(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    env = setup_env(ytemu, isolated_home, {"main": 10_000, "backup": 10_000})
    for name in ("main", "backup"):
        ytemu.admin.revoke_refresh_token(env.refresh_tokens[name])
    file = tmp_path / "one.txt"
    file.write_text(f"{mix(5)}\n")
    result = run_cli("--json", "plists2mlists", str(file))
    assert result.code == 4, result
    data = result.json()
    assert data["state"] == "auth" and data["error"]["code"] == "auth_needed"
    assert "projects_auth" in data["error"]["hint"] and "--resume" in data["error"]["hint"]
    assert _batches() == ["paused"]
    by_id = run_cli("--json", "journal_status", "--batch", data["batch_id"])
    assert by_id.code == 0 and by_id.json()["batch"]["pause_reason"] == "auth"
    assert run_cli("journal_status", "--batch", "nope").code == 2


def test_a_second_run_of_the_same_file_is_refused_while_one_runs(
    ytemu: RunningEmulator, isolated_home: Path, tmp_path: Path
) -> None:
    from ytrix.batch.control import batch_lock

    setup_env(ytemu, isolated_home, BIG)
    file = tmp_path / "one.txt"
    file.write_text(f"{mix(5)}\n")
    with batch_lock(Paths.for_user(None).base / "locks", file):
        busy = run_cli("plists2mlists", str(file))
        assert busy.code == 2, busy
        assert f"A batch of {file} is already running (pid {os.getpid()})" in busy.stderr
    assert run_cli("plists2mlists", str(file)).code == 0

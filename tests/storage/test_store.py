"""The ledger, the write journal and the batch store on both backends: the same
calls, the same answers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.helpers.clock import ytrix_clock
from ytrix.batch.store import COMPLETED, IN_PROGRESS, PAUSED, BatchJournal, NewTask
from ytrix.core import clock
from ytrix.core.journal import DONE, INTENT, WriteJournal
from ytrix.quota.ledger import Ledger
from ytrix.storage import Store
from ytrix.storage.migrations import MIGRATIONS

AT = clock.parse_iso("2026-03-10T18:00:00+00:00")  # 11:00 Pacific (PDT)
DAY = clock.pacific_day(AT)


def test_migrations_are_named_applied_once_and_recorded(store: Store) -> None:
    Ledger(store).used("p", DAY)  # first use migrates
    names = [r[0] for r in store.all("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [m.name for m in MIGRATIONS]
    store.close()
    again = Ledger(store)
    assert again.used("p", DAY) == 0
    assert len(store.all("SELECT name FROM schema_migrations")) == len(MIGRATIONS)


def test_ledger_reservation_charges_only_within_the_limit(store: Store) -> None:
    ledger = Ledger(store)
    assert ledger.reserve("p", "playlistItems.insert", 50, 120, AT)
    assert ledger.reserve("p", "playlistItems.insert", 50, 120, AT)
    assert not ledger.reserve("p", "playlistItems.insert", 50, 120, AT)  # 150 > 120
    assert ledger.reserve("p", "playlists.list", 1, 120, AT)
    assert ledger.used("p", DAY) == 101
    assert ledger.usage_by_method(DAY) == {
        "p": {"playlistItems.insert": (100, 2), "playlists.list": (1, 1)}
    }
    ledger.adjust("p", "playlistItems.insert", -50, 0, AT)  # a refused call costs 0
    ledger.charge("q", "videos.list", 1, AT)
    assert ledger.used_by_project(DAY) == {"p": 51, "q": 1}
    # Google's own count, when higher, lifts the ledger (never lowers it).
    assert ledger.raise_to("p", "sync", 80, AT) == 29 and ledger.used("p", DAY) == 80
    assert ledger.raise_to("p", "sync", 60, AT) == 0 and ledger.used("p", DAY) == 80
    assert ledger.used("p", DAY + timedelta(days=1)) == 0  # a new Pacific day


def test_ledger_marks_events_and_settings(store: Store) -> None:
    ledger = Ledger(store)
    reset = ledger.mark_exhausted("p", AT, "quotaExceeded")
    assert ledger.exhausted_until("p", AT) == reset
    ledger.mark_exhausted("p", AT, "again")  # replaces, does not duplicate
    assert ledger.clear_expired(["p"], AT) == []
    assert ledger.clear_expired(["p", "q"], reset + timedelta(seconds=1)) == ["p"]
    assert ledger.exhausted_until("p", AT) is None
    ledger.mark_auth_dead("p", AT, "invalid_grant")
    ledger.mark_auth_dead("p", AT, "revoked")
    assert ledger.auth_dead("p") == "revoked"
    ledger.clear_auth_dead("p")
    assert ledger.auth_dead("p") is None
    ledger.record_rotation("p", "q", "quota exhausted", AT)
    ledger.record_rotation("q", "r", "rate limited", AT + timedelta(seconds=1))
    assert [(e.from_project, e.to_project) for e in ledger.rotations()] == [
        ("p", "q"),
        ("q", "r"),
    ]
    ledger.record_failure("p", "playlists.insert", 403, "quotaExceeded", "m", AT, batch_id="b")
    [failure] = ledger.failures(AT)
    assert (failure.status, failure.reason, failure.batch_id) == (403, "quotaExceeded", "b")
    ledger.set_setting("active_project", "p")
    ledger.set_setting("active_project", "q")
    assert ledger.get_setting("active_project") == "q"
    assert ledger.get_setting("missing") is None


def test_write_journal_runs_once_and_reconciles_an_intent(store: Store) -> None:
    journal = WriteJournal(store)
    calls: list[str] = []

    def perform() -> dict[str, str]:
        calls.append("x")
        return {"id": "PL1"}

    assert journal.run_once("k1", "job", {"a": 1}, perform, lambda: None) == {"id": "PL1"}
    assert journal.run_once("k1", "job", {"a": 1}, perform, lambda: None) == {"id": "PL1"}
    assert calls == ["x"]
    # A process that died mid-call left an intent: the target is read before any retry.
    journal._set("k2", "job", INTENT, {"b": 2}, attempt=True)
    assert journal.run_once("k2", "job", {}, perform, lambda: {"id": "found"}) == {"id": "found"}
    assert calls == ["x"]
    assert [(op.key, op.state) for op in journal.ops("job")] == [("k1", DONE), ("k2", DONE)]
    journal.start_job("job", "copy", {"src": "PL0"})
    journal.finish_job("job", "done", {"n": 2})
    row = store.one("SELECT kind, params, state, result FROM jobs WHERE job = ?", ("job",))
    assert (row["kind"], row["state"], row["result"]) == ("copy", "done", '{"n": 2}')


def test_batch_store_round_trip(store: Store, tmp_path: Path) -> None:
    batches = BatchJournal(store)
    file = tmp_path / "list.txt"
    first = batches.create(file, "h1", {"privacy": "private"}, [NewTask("PLa", 1, "copy:a")])
    second = batches.create(file, "h1", {}, [NewTask("PLb", 2), NewTask("PLc", 3)])
    assert [b.batch_id for b in batches.all()] == [first, second]
    assert batches.latest(file) is not None and batches.latest(file).batch_id == second  # type: ignore[union-attr]
    batches.update_task(second, 1, status=IN_PROGRESS, target_playlist_id="PLt", attempts=1)
    batches.add_units(second, 1, 50, "main")
    batches.add_units(second, 1, 1, None)
    batches.update_task(second, 2, status=PAUSED)
    batches.update_task(second, 1, status=PAUSED)
    batches.update_task(second, 2, status=COMPLETED)
    task = batches.tasks(second)[0]
    assert (task.status, task.units, task.project, task.target_playlist_id) == (
        PAUSED,
        51,
        "main",
        "PLt",
    )
    assert [t.status for t in batches.tasks(second)] == [PAUSED, COMPLETED]
    batches.record_run(second, 1.5, 3, ["b", "a"])
    batches.record_run(second, 2.0, 1, ["c", "a"])
    batch = batches.get(second)
    assert batch is not None
    assert (batch.active_seconds, batch.overhead_units, batch.projects) == (3.5, 4, ("a", "b", "c"))
    batches.delete(first)
    assert [b.batch_id for b in batches.all()] == [second]
    with pytest.raises(ValueError, match="unknown task fields"):
        batches.update_task(second, 1, bogus=1)


def test_a_run_lock_is_held_across_processes_and_machines(store: Store) -> None:
    if store.dialect == "sqlite":
        with store.hold("batch-file:x") as first, store.hold("batch-file:x") as second:
            assert first and second  # one machine: the batch's lock file keeps runs apart
        return
    from ytrix.storage.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    elsewhere = PostgresStore(store.url, ytrix_clock(), store.schema, 5.0)  # its own sessions
    try:
        with store.hold("batch-file:x") as held:
            assert held
            with elsewhere.hold("batch-file:x") as other, elsewhere.hold("batch-file:y") as free:
                assert not other and free
        with elsewhere.hold("batch-file:x") as after:
            assert after  # released when the run ended
    finally:
        elsewhere.shutdown()

"""`ytrix storage migrate --to URL` and `ytrix config` through the real CLI; a URL set
without psycopg installed is one clear error naming the extra."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import run_cli
from tests.helpers.clock import ytrix_clock
from ytrix.batch.store import BatchJournal, NewTask
from ytrix.channel.creations import CreationBudget
from ytrix.core import clock
from ytrix.core.journal import WriteJournal
from ytrix.core.mirrors import MirrorStore
from ytrix.quota.ledger import Ledger
from ytrix.storage.migrations import TABLES
from ytrix.storage.sqlite import SqliteStore

AT = clock.parse_iso("2026-03-10T18:00:00+00:00")


def seed_local_state(home: Path) -> str:
    store = SqliteStore(home / "state.db", ytrix_clock())
    ledger = Ledger(store)
    ledger.charge("main", "playlists.insert", 50, AT)
    ledger.charge("main", "playlistItems.insert", 50, AT)
    ledger.mark_exhausted("backup", AT, "quotaExceeded")
    ledger.record_rotation("backup", "main", "quota exhausted", AT)
    ledger.record_failure("backup", "playlistItems.insert", 403, "quotaExceeded", "spent", AT)
    ledger.set_setting("active_project", "main")
    journal = WriteJournal(store)
    for n in range(3):
        journal.record_done(f"copy:j:insert:v{n}", "copy:j", {"n": n}, {"id": f"item{n}"})
    batches = BatchJournal(store)
    batch_id = batches.create(home / "list.txt", "h", {}, [NewTask("PLa", 1, "copy:j")])
    budget = CreationBudget(store, 10, lambda: "UCmine")
    for n in range(2):
        budget.confirm(budget.reserve(f"copy {n}"), f"PLmade{n}")
    budget.refused(budget.reserve("copy 2"), "You are creating too many playlists")
    MirrorStore(store).record("PLmade0", ["PLsource"], "copy", "copy 0")
    store.close()
    return batch_id


def test_migrate_copies_everything_once_and_the_cli_then_uses_it(
    isolated_home: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch_id = seed_local_state(isolated_home)
    secret_url = pg_url.replace("ytrix@", "ytrix:pw-s3cret@")  # trust auth ignores it
    first = run_cli("--json", "storage", "migrate", "--to", secret_url)
    assert first.code == 0, first
    data = first.json()
    counts = {t["table"]: (t["source"], t["copied"], t["found"]) for t in data["tables"]}
    assert counts["quota_usage"] == (2, 2, 2)
    assert counts["write_ops"] == (3, 3, 3)
    assert counts["batch_tasks"] == (1, 1, 1)
    assert counts["playlist_creations"] == (2, 2, 2)
    assert counts["playlist_creation_refusals"] == (1, 1, 1)
    assert counts["mirrors"] == (1, 1, 1)
    assert set(counts) == {name for name, _ in TABLES}
    assert "pw-s3cret" not in first.stdout + first.stderr and "****" in data["target"]
    again = run_cli("--json", "storage", "migrate", "--to", secret_url)
    assert again.code == 0, again
    assert again.json()["copied"] == 0
    assert all(t["found"] == t["source"] for t in again.json()["tables"])
    # This machine now points at the server: the same ledger, journal and batch.
    monkeypatch.setenv("YTRIX_DATABASE_URL", secret_url)
    (isolated_home / "state.db").rename(isolated_home / "state.db.old")
    shown = run_cli("config")
    assert "State: PostgreSQL, postgresql://ytrix:****@127.0.0.1" in shown.stdout, shown
    assert "pw-s3cret" not in shown.stdout + shown.stderr
    status = run_cli("--json", "journal_status", "--batch", batch_id)
    assert status.code == 0, status
    assert not (isolated_home / "state.db").exists()  # nothing fell back to SQLite
    ledger = Ledger(SqliteStore(isolated_home / "state.db.old", ytrix_clock()))
    from ytrix.storage.postgres import shared

    shared_ledger = Ledger(shared(secret_url, ytrix_clock(), "public", 5))
    day = clock.pacific_day(AT)
    assert shared_ledger.usage_by_method(day) == ledger.usage_by_method(day)
    assert shared_ledger.exhausted_until("backup", AT) == ledger.exhausted_until("backup", AT)
    assert [r.to_project for r in shared_ledger.rotations()] == ["main"]
    ops = WriteJournal(shared(secret_url, ytrix_clock(), "public", 5)).ops("copy:j")
    assert [op.key for op in ops] == [f"copy:j:insert:v{n}" for n in range(3)]
    # The channel's budget is the same on the server: two made, then a refusal.
    local = CreationBudget(
        SqliteStore(isolated_home / "state.db.old", ytrix_clock()), 10, lambda: "UCmine"
    )
    budget = CreationBudget(shared(secret_url, ytrix_clock(), "public", 5), 10, lambda: "UCmine")
    now = ytrix_clock().now()
    assert budget.status(now) == local.status(now)
    assert budget.status().made == 2 and budget.status().refused_at is not None
    listed = run_cli("--json", "mirrors", "--no-check")
    assert [m["target"] for m in listed.json()["mirrors"]] == ["PLmade0"], listed


def test_migrate_refuses_a_bad_url_and_a_missing_state(isolated_home: Path) -> None:
    bad = run_cli("storage", "migrate", "--to", "mysql://u:pw@h/db")
    assert bad.code == 2 and "must start with postgresql://" in bad.stderr, bad
    assert "pw@" not in bad.stderr
    none = run_cli("storage", "migrate", "--to", "postgresql://u@127.0.0.1:1/db")
    assert none.code == 2 and "nothing to migrate" in none.stderr, none


def test_config_shows_sqlite_by_default_and_a_config_url_masked(isolated_home: Path) -> None:
    assert f"State: SQLite, {isolated_home / 'state.db'}" in run_cli("config").stdout
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text(
        '[storage]\nurl = "postgresql://team:hunter2@db.example.org:5432/ytrix"\n'
    )
    shown = run_cli("--json", "config")
    assert shown.code == 0, shown
    storage = shown.json()["storage"]
    assert storage["backend"] == "postgresql"
    assert storage["location"] == "postgresql://team:****@db.example.org:5432/ytrix"
    assert "hunter2" not in shown.stdout


BLOCK_PSYCOPG = """
import sys
sys.modules["psycopg"] = None  # as if the extra were not installed
from ytrix.cli.app import main
main()
"""


def test_a_url_without_psycopg_names_the_extra(isolated_home: Path, tmp_path: Path) -> None:
    env = {**os.environ, "YTRIX_DATABASE_URL": "postgresql://u:pw@127.0.0.1:1/db"}
    done = subprocess.run(
        [sys.executable, "-c", BLOCK_PSYCOPG, "journal_status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done
    assert "pip install 'ytrix[postgres]'" in done.stderr
    assert "Traceback" not in done.stderr and "pw@" not in done.stderr

"""The creation budget and the write claims on both backends: processes reserving
creation slots for one channel at once never exceed the limit, two processes claiming
one target never hold it together, and a state.db made before the tables moved
behind the storage interface keeps its rows."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.clock import ytrix_clock
from ytrix.channel.claims import WriteClaims, target_claim
from ytrix.channel.creations import CreationBudget, CreationLimitReached
from ytrix.core.mirrors import MirrorStore
from ytrix.storage import Store
from ytrix.storage.sqlite import SqliteStore

LIMIT, TRIES, PROCESSES = 40, 30, 4
CLAIMERS, ROUNDS = 3, 15
CHANNEL = "UCshared"

OPEN = """
import sys
from pathlib import Path
from ytrix.core.clock import Clock, offset_from_env
from ytrix.storage.sqlite import SqliteStore
from ytrix.storage.postgres import shared
where = sys.argv[1]
at_edge = Clock(offset_from_env(__import__("os").environ))  # as a CLI run reads it
if where.startswith("postgresql"):
    store = shared(where, at_edge, "public", 10.0)
else:
    store = SqliteStore(Path(where), at_edge)
store.all("SELECT 1")  # connected and migrated before the start line
# A start line: every process begins at once, so they contend.
import time
ready = Path(sys.argv[-1])
(ready / str(__import__("os").getpid())).touch()
while len(list(ready.iterdir())) < int(sys.argv[-2]):
    time.sleep(0.01)
"""

# Each process tries TRIES reservations on one channel; prints how many it got.
RESERVER = (
    OPEN
    + f"""
from ytrix.channel.creations import CreationBudget, CreationLimitReached
budget = CreationBudget(store, {LIMIT}, lambda: "{CHANNEL}")
got = 0
for n in range({TRIES}):
    try:
        budget.confirm(budget.reserve(f"t{{n}}"), f"PL{{n}}")
        got += 1
    except CreationLimitReached:
        pass
print(got)
"""
)

# Each process holds the claim ROUNDS times, logging when it enters and leaves.
CLAIMER = (
    OPEN
    + f"""
import os, time
from ytrix.channel import claims as module
from ytrix.channel.claims import WriteClaims, target_claim
module.POLL = 0.002  # waiters look often: the claim is contended at every release
claims = WriteClaims(store)
log = sys.argv[2]
waited = 0
for _ in range({ROUNDS}):
    with claims.hold([target_claim("{CHANNEL}", "PLtarget")], "filling PLtarget") as held:
        waited += held.waited
        with open(log, "a") as f:
            f.write(f"in {{os.getpid()}}\\n")
        time.sleep(0.02)
        with open(log, "a") as f:
            f.write(f"out {{os.getpid()}}\\n")
print(waited)
"""
)


def _where(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "state.db")


def _spawn(script: str, ready: Path, count: int, *args: str) -> list[subprocess.Popen[str]]:
    ready.mkdir()
    command = [sys.executable, "-c", script, *args, str(count), str(ready)]
    return [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ)
        for _ in range(count)
    ]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_reserving_creation_slots_never_exceed_the_limit(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = _where(backend, tmp_path, request)
    procs = _spawn(RESERVER, tmp_path / "ready", PROCESSES, where)
    granted = [int(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    # 4 x 30 tries want 120 playlists; exactly the limit is granted, across processes.
    assert sum(granted) == LIMIT
    from ytrix.storage.postgres import shared

    store: Store = (
        shared(where, ytrix_clock(), "public", 5.0)
        if backend == "postgresql"
        else SqliteStore(Path(where), ytrix_clock())
    )
    status = CreationBudget(store, LIMIT, lambda: CHANNEL).status()
    assert status.made == LIMIT and status.left == 0 and status.next_at is not None
    rows = store.all("SELECT state FROM playlist_creations WHERE channel = ?", (CHANNEL,))
    assert [r[0] for r in rows] == ["created"] * LIMIT


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_claiming_one_target_hold_it_one_at_a_time(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = _where(backend, tmp_path, request)
    log = tmp_path / "claims.log"
    procs = _spawn(CLAIMER, tmp_path / "ready", CLAIMERS, where, str(log))
    waited = [int(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    lines = log.read_text().splitlines()
    assert len(lines) == 2 * CLAIMERS * ROUNDS
    # Strictly "in P", "out P" pairs: never two holders at once.
    for enter, leave in zip(lines[::2], lines[1::2], strict=True):
        assert enter.startswith("in ") and leave == "out " + enter[3:]
    assert sum(waited) >= 1  # they did contend
    from ytrix.storage.postgres import shared

    store: Store = (
        shared(where, ytrix_clock(), "public", 5.0)
        if backend == "postgresql"
        else SqliteStore(Path(where), ytrix_clock())
    )
    assert store.all("SELECT key FROM write_claims") == []  # all released


def test_a_state_db_from_before_the_migrations_keeps_its_creations_and_claims(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    # The tables as creations.py and claims.py created them on their own.
    old.executescript(
        """
        CREATE TABLE playlist_creations (
            id INTEGER PRIMARY KEY AUTOINCREMENT, channel TEXT NOT NULL, at TEXT NOT NULL,
            state TEXT NOT NULL, playlist_id TEXT, title TEXT NOT NULL DEFAULT '',
            host TEXT NOT NULL DEFAULT '', pid INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE write_claims (
            key TEXT PRIMARY KEY, holder TEXT NOT NULL, host TEXT NOT NULL,
            pid INTEGER NOT NULL, what TEXT NOT NULL, beat REAL NOT NULL);
        """
    )
    from ytrix.core import clock

    old.execute(
        "INSERT INTO playlist_creations (channel, at, state, playlist_id) VALUES (?, ?, ?, ?)",
        (CHANNEL, clock.iso(ytrix_clock().now()), "created", "PLold"),
    )
    old.commit()
    old.close()
    store = SqliteStore(path, ytrix_clock())
    budget = CreationBudget(store, 1, lambda: CHANNEL)
    assert budget.status().made == 1
    with pytest.raises(CreationLimitReached):
        budget.reserve("next")
    names = {r[0] for r in store.all("SELECT name FROM schema_migrations")}
    assert {"0005_playlist_creations", "0006_write_claims"} <= names
    claims = WriteClaims(store)
    with claims.hold([target_claim(CHANNEL, "PLold")], "filling") as held:
        assert not held.waited
        assert len(store.all("SELECT key FROM write_claims")) == 1
    store.close()


def test_a_state_db_from_before_the_migrations_keeps_its_mirrors(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    old = sqlite3.connect(path)
    # The table as core/mirrors.py created it on its own.
    old.executescript(
        """
        CREATE TABLE mirrors (
            target TEXT PRIMARY KEY, sources TEXT NOT NULL, kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL, synced_at TEXT, sync_state TEXT, sync_result TEXT);
        INSERT INTO mirrors VALUES ('PLold', '["PLsrc"]', 'copy', 'Old',
            '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', NULL, NULL, NULL);
        """
    )
    old.commit()
    old.close()
    store = SqliteStore(path, ytrix_clock())
    mirrors = MirrorStore(store)
    [kept] = mirrors.all()
    assert (kept.target, kept.sources, kept.kind, kept.title) == (
        "PLold",
        ("PLsrc",),
        "copy",
        "Old",
    )
    assert "0007_mirrors" in {r[0] for r in store.all("SELECT name FROM schema_migrations")}
    mirrors.record("PLnew", ["PLa", "PLb"], "merge", "New")
    mirrors.synced("PLold", "done", {"added": 1}, stamp=True)
    assert [m.target for m in mirrors.all()] == ["PLnew", "PLold"]  # never synced first
    assert mirrors.forget("PLnew") and not mirrors.forget("PLnew")
    store.close()


def test_mirrors_record_sync_and_forget_on_both_backends(store: Store) -> None:
    mirrors = MirrorStore(store)
    mirrors.record("PL1", ["PLs"], "copy", "One")
    mirrors.record("PL2", ["PLs", "PLt"], "merge", "Two")
    mirrors.record("PL1", ["PLu"], "copy", "One again")  # the latest command wins
    mirrors.synced("PL2", "done", {"added": 2}, stamp=True)
    mirrors.synced("PL1", "paused", {"added": 1}, stamp=False)  # keeps no time
    first, second = mirrors.all()
    assert first.target == "PL1" and first.sources == ("PLu",) and first.title == "One again"
    assert first.synced_at is None and first.sync_state == "paused"
    assert second.target == "PL2" and second.synced_at is not None
    assert second.sync_result == {"added": 2}
    assert mirrors.forget("PL1") and not mirrors.forget("PL1")
    assert [m.target for m in mirrors.all()] == ["PL2"]

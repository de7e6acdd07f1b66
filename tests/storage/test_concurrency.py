"""Reservations from several processes at once never over-commit a project, on either
backend; a lost PostgreSQL connection is retried, then stops with a clear error."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.clock import ytrix_clock
from tests.helpers.pg_server import PgServer
from ytrix.core import clock
from ytrix.core.errors import StorageError
from ytrix.quota.ledger import Ledger
from ytrix.storage.postgres import PostgresStore
from ytrix.storage.sqlite import SqliteStore

AT = "2026-03-10T18:00:00+00:00"
LIMIT, COST, TRIES, PROCESSES = 500, 7, 40, 4

# Each process tries TRIES reservations; prints how many it got.
WORKER = f"""
import sys
from ytrix.core import clock
from ytrix.quota.ledger import Ledger
from ytrix.core.clock import Clock, offset_from_env
from ytrix.storage.sqlite import SqliteStore
from pathlib import Path
from ytrix.storage.postgres import shared
where = sys.argv[1]
at_edge = Clock(offset_from_env(__import__("os").environ))  # as a CLI run reads it
if where.startswith("postgresql"):
    store = shared(where, at_edge, "public", 10.0)
else:
    store = SqliteStore(Path(where), at_edge)
ledger = Ledger(store)
at = clock.parse_iso("{AT}")
got = sum(ledger.reserve(p, "playlistItems.insert", {COST}, {LIMIT}, at)
          for _ in range({TRIES}) for p in ("a", "b"))
print(got)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_reserving_at_once_never_exceed_the_limit(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    where = request.getfixturevalue("pg_url") if backend == "postgresql" else str(tmp_path / "s.db")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, where], stdout=subprocess.PIPE, text=True, env=os.environ
        )
        for _ in range(PROCESSES)
    ]
    granted = sum(int(p.communicate(timeout=120)[0]) for p in procs)
    assert all(p.returncode == 0 for p in procs)
    store = (
        PostgresStore(where, ytrix_clock(), "public", 5.0)
        if backend == "postgresql"
        else SqliteStore(Path(where), ytrix_clock())
    )
    ledger = Ledger(store)
    day = clock.pacific_day(clock.parse_iso(AT))
    # 4 x 40 tries of 7 units per project want 1,120 units; 71 x 7 = 497 fit in 500.
    assert granted == 2 * (LIMIT // COST)
    assert ledger.used("a", day) == ledger.used("b", day) == (LIMIT // COST) * COST
    if isinstance(store, PostgresStore):
        store.shutdown()


def test_a_lost_connection_is_retried_then_stops_with_a_clear_error(own_server: PgServer) -> None:
    url = own_server.create_database("state")
    store = PostgresStore(url.replace("ytrix@", "ytrix:s3cret@"), ytrix_clock(), "public", 20.0)
    ledger = Ledger(store)
    at = clock.parse_iso(AT)
    day = clock.pacific_day(at)
    assert ledger.reserve("a", "m", 5, 100, at)
    # The server restarts while a call waits: retried, and the call goes through.
    own_server.stop()
    restart = threading.Timer(1.0, own_server.start)
    restart.start()
    started = time.monotonic()
    assert ledger.reserve("a", "m", 5, 100, at)
    restart.join()
    assert time.monotonic() - started >= 0.9
    assert ledger.used("a", day) == 10
    # The server stays down: retried for retry_seconds, then one clear error.
    store.retry_seconds = 1.5
    own_server.stop()
    started = time.monotonic()
    with pytest.raises(StorageError) as failed:
        ledger.reserve("a", "m", 5, 100, at)
    assert time.monotonic() - started >= 1.4
    assert "Lost the connection to the state database" in failed.value.message
    assert "s3cret" not in failed.value.message and "****" in failed.value.message
    with pytest.raises(StorageError):
        ledger.used("a", day)
    store.shutdown()


def _kill_backend_in_transaction(url: str) -> None:
    """What a server restart does to a session mid-transaction (from outside)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'ytrix' AND state = 'idle in transaction'"
        ).fetchall()
    assert len(killed) == 1


def test_a_transaction_cut_off_midway_is_replayed_on_a_new_connection(pg_url: str) -> None:
    store = PostgresStore(pg_url, ytrix_clock(), "public", 10.0)
    ledger = Ledger(store)
    ledger.set_setting("k", "1")
    with store.write(lock="test") as tx:
        row = tx.execute("SELECT value FROM settings WHERE key = ?", ("k",)).fetchone()
        tx.execute("UPDATE settings SET value = ? WHERE key = 'k'", (str(int(row[0]) + 1),))
        _kill_backend_in_transaction(pg_url)
        tx.execute("INSERT INTO settings (key, value) VALUES ('after', 'yes')")
    assert ledger.get_setting("k") == "2" and ledger.get_setting("after") == "yes"
    # What the transaction read changed before the replay: it is abandoned, not
    # applied on stale data.
    stale = pytest.raises(StorageError, match="changed while the connection was down")
    with stale, store.write(lock="test") as tx:
        tx.execute("SELECT value FROM settings WHERE key = ?", ("k",)).fetchone()
        _kill_backend_in_transaction(pg_url)
        other = PostgresStore(pg_url, ytrix_clock(), "public", 5.0)
        Ledger(other).set_setting("k", "changed elsewhere")
        other.shutdown()
        tx.execute("UPDATE settings SET value = 'stale' WHERE key = 'k'")
    assert ledger.get_setting("k") == "changed elsewhere"
    store.shutdown()

"""One writer per target: claims in the state database, across processes.

Two ytrix processes copying the same source into the same channel (`plist2mlist X &`
twice, two batches sharing sources), or filling the same playlist, would each plan
from what they read and both write: two playlists, or a video twice. So the work on
one source of one channel, and the writes into one existing playlist, are claimed
first. The second process says what it waits for, waits, and then continues from
what the first did (it plans again from the journal and the live playlists).

A claim is a row naming its holder (host, pid). It is free again when released, when
its process is gone (same host), or when its heartbeat (refreshed by a thread while
held) is older than the lease: a kill -9 never leaves a claim behind for long.
Leases use the system clock (`time.time`), which no test shifts.

The table is in storage/migrations.py; with a PostgreSQL store, claims are shared by
every machine. Taking claims is one transaction under one lock (the ledger's approach
to reservations), so two processes on any machines never both take a key.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ytrix.core.store import Store

LEASE = 90.0  # seconds without a heartbeat after which a claim is abandoned
BEAT = 15.0  # heartbeat period while a claim is held
POLL = 0.1  # seconds between two looks at a claim held by another process

CLAIMS_LOCK = "write-claims"
_TAKE = (
    "INSERT INTO write_claims (key, holder, host, pid, what, beat) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, host = excluded.host, "
    "pid = excluded.pid, what = excluded.what, beat = excluded.beat"
)


def source_claim(channel: str, playlist_id: str) -> str:
    return f"source:{channel}:{playlist_id}"


def target_claim(channel: str, playlist_id: str) -> str:
    return f"target:{channel}:{playlist_id}"


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    what: str


@dataclass
class Claim:
    keys: tuple[str, ...]
    waited: bool  # another process held it first: what it did must be read again


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (kill -9 leaves none)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WriteClaims:
    def __init__(self, store: Store):
        self.db = store
        self.host = socket.gethostname()

    def _free(self, row: Any, now: float) -> bool:
        host, pid, beat = row[0], row[1], row[2]
        if now - float(beat) > LEASE:
            return True
        return bool(host == self.host and not process_alive(int(pid)))

    def _try(self, keys: Sequence[str], holder: str, what: str) -> Holder | None:
        """Take every key or none; returns the blocking holder when one is held."""
        now = time.time()
        with self.db.write(lock=CLAIMS_LOCK) as tx:
            for key in keys:
                row = tx.execute(
                    "SELECT host, pid, beat, holder, what FROM write_claims WHERE key = ?",
                    (key,),
                ).fetchone()
                if row is not None and row[3] != holder and not self._free(row, now):
                    return Holder(str(row[0]), int(row[1]), str(row[4]))
            for key in keys:
                tx.execute(_TAKE, (key, holder, self.host, os.getpid(), what, now))
        return None

    def _beat(self, keys: Sequence[str], holder: str) -> None:
        with self.db.write() as tx:
            for key in keys:
                tx.execute(
                    "UPDATE write_claims SET beat = ? WHERE key = ? AND holder = ?",
                    (time.time(), key, holder),
                )

    def _release(self, keys: Sequence[str], holder: str) -> None:
        with self.db.write() as tx:
            for key in keys:
                tx.execute("DELETE FROM write_claims WHERE key = ? AND holder = ?", (key, holder))

    @contextmanager
    def hold(
        self,
        keys: Sequence[str],
        what: str,
        *,
        on_wait: Callable[[Holder], None] = lambda _holder: None,
        check: Callable[[], None] = lambda: None,
    ) -> Iterator[Claim]:
        """Hold `keys` for the block, waiting while another process holds any of
        them (`on_wait` once, with who; `check` between looks may raise to stop)."""
        holder = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        waited = False
        while (blocker := self._try(keys, holder, what)) is not None:
            if not waited:
                on_wait(blocker)
                waited = True
            check()
            time.sleep(POLL)
        stop = threading.Event()

        def beat() -> None:
            while not stop.wait(BEAT):
                self._beat(keys, holder)

        thread = threading.Thread(target=beat, name="ytrix-claim", daemon=True)
        thread.start()
        try:
            yield Claim(tuple(keys), waited)
        finally:
            stop.set()
            thread.join()
            self._release(keys, holder)

    def close(self) -> None:
        self.db.close()


def waiting_notice(holder: Holder) -> str:
    return (
        f"Another ytrix process (pid {holder.pid} on {holder.host}) is {holder.what}; "
        "waiting for it to finish, then continuing from what it did (Ctrl-C stops)."
    )

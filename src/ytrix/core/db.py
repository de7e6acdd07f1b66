"""SQLite access shared by the ledger, the journal and the cache: WAL, one writer at
a time across processes, a connection per thread, nothing lost on kill -9."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ytrix.core.errors import StorageError
from ytrix.core.fsutil import PRIVATE_FILE_MODE, ensure_private_dir

# Primary SQLite result codes that mean "the file system said no", not a bug.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 13, 14
_STORAGE_CODES = {_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN}
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26  # the file is damaged, or not SQLite at all


class DamagedDatabase(StorageError):
    """A database file that is not SQLite or is corrupt (the read cache sets such a
    file aside itself; state.db is the user's to move, the hint says how)."""


def storage_error(path: Path, exc: sqlite3.Error) -> StorageError | None:
    """A clear error for a database file that cannot be opened or written, else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DamagedDatabase(
            f"{path} is damaged and cannot be read ({exc})",
            f"Set it aside and re-run: `mv {path} {path}.corrupt`. ytrix then starts a "
            f"fresh {path.name}; what it recorded (quota counts, rotation history, "
            "journals) starts over, your playlists on YouTube are untouched, and a re-run "
            "finds what was already copied.",
        )
    if code is None or code & 0xFF not in _STORAGE_CODES:
        return None
    verb = "open" if code & 0xFF == _SQLITE_CANTOPEN else "write"
    return StorageError(
        f"Cannot {verb} {path}: {exc}",
        f"ytrix keeps its state in {path.parent}: make it writable for your user (and "
        "check the free space), or set YTRIX_HOME to a writable directory.",
    )


def _enable_wal(conn: sqlite3.Connection, patience: float = 60.0) -> None:
    """Switch to WAL. Switching a new file needs an exclusive lock, and SQLite
    answers "locked" at once rather than waiting (another process may be creating
    the same file): retry until it goes through."""
    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class Database:
    def __init__(self, path: Path, schema: str):
        self.path = path
        self._schema = schema
        self._local = threading.local()
        self._lock = threading.Lock()
        self._initialized = False

    def _connect(self) -> sqlite3.Connection:
        ensure_private_dir(self.path.parent)
        fresh = not self.path.exists()
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            if fresh:
                self.path.chmod(PRIVATE_FILE_MODE)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=60000")
            with self._lock:
                if not self._initialized:
                    # WAL mode is stored in the file: only the first connection of
                    # the process sets it, so threads never race for the switch.
                    _enable_wal(conn)
                    conn.executescript(self._schema)
                    self._initialized = True
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            error = storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: other processes wait, none interleave."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            error = storage_error(self.path, exc)
            if error is None:
                raise
            raise error from exc

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

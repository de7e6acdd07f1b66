"""The default backend: the state in one SQLite file (WAL) on this machine.

SQLite serializes every write transaction (BEGIN IMMEDIATE) across processes, so a
named lock needs nothing more here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from ytrix.core.clock import Clock, iso
from ytrix.core.db import Database
from ytrix.core.store import Params, Tx
from ytrix.storage.migrations import pending, run_pending


class SqliteStore:
    dialect = "sqlite"

    def __init__(self, path: Path, clock: Clock):
        self.db = Database(path, "")
        self.clock = clock
        self._ready = False

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def location(self) -> str:
        return str(self.db.path)

    def _migrate(self) -> None:
        if self._ready:
            return
        try:
            rows = self.db.conn.execute("SELECT name FROM schema_migrations").fetchall()
            applied = {str(r[0]) for r in rows}
        except sqlite3.OperationalError:  # a new file, or a state.db from before migrations
            applied = set()
        if pending(applied):
            with self.db.write() as conn:
                run_pending(cast(Tx, conn), self.dialect, iso(self.clock.now()))
        self._ready = True

    def one(self, sql: str, params: Params = ()) -> Any:
        self._migrate()
        return self.db.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[Any]:
        self._migrate()
        return self.db.conn.execute(sql, params).fetchall()

    @contextmanager
    def write(self, lock: str | None = None) -> Iterator[Tx]:
        del lock  # every write transaction here is already serialized
        self._migrate()
        with self.db.write() as conn:
            # sqlite3's execute is typed narrower than the portable Tx; it is one.
            yield cast(Tx, conn)

    @contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        del name  # one machine: the caller's lock file already keeps runs apart
        yield True

    def close(self) -> None:
        self.db.close()

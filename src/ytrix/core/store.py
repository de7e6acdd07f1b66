"""What the ledger, the write journal and the batch store need from a database.

They are written once, in SQL both backends accept (`?` placeholders, `ON CONFLICT`
upserts, `rowid` for insertion order); a backend supplies reads, one serialized write
transaction at a time per lock, and the named migrations of the state schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from ytrix.core.clock import Clock

Params = Sequence[Any]


class Row(Protocol):
    """A result row, by position or by column name (sqlite3.Row's interface)."""

    def __getitem__(self, key: int | str) -> Any: ...

    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Tx(Protocol):
    """The statements of one write transaction."""

    def execute(self, sql: str, params: Any = (), /) -> Cursor: ...

    def executemany(self, sql: str, rows: Any, /) -> Cursor: ...


class Store(Protocol):
    """One state database (SQLite file or PostgreSQL schema), migrated on first use."""

    dialect: str  # "sqlite" | "postgresql"
    clock: Clock  # the run's clock: every row stamped through this store reads it

    @property
    def location(self) -> str:
        """Where the state lives, fit to print (a path, or a URL without password)."""
        ...

    def one(self, sql: str, params: Params = ()) -> Any:
        """The first row of a read, or None."""
        ...

    def all(self, sql: str, params: Params = ()) -> list[Any]: ...

    def write(self, lock: str | None = None) -> AbstractContextManager[Tx]:
        """One transaction; with `lock`, serialized with every other transaction
        taking the same lock, in any process on any machine."""
        ...

    def hold(self, name: str) -> AbstractContextManager[bool]:
        """Try to hold a named lock for a whole run (True: held until the block ends,
        or the process dies); False when another process on any machine holds it."""
        ...

    def close(self) -> None: ...

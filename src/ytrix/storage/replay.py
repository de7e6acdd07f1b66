"""A PostgreSQL write transaction that survives a lost connection.

The server rolls back a transaction whose connection drops, so the transaction can
run again on a new connection: every statement is kept with what it returned, and
after a reconnect they are sent again, under the same lock, before the statement
that failed. If a replayed statement returns something else (another process
changed what this one read and decided on), the transaction is abandoned
(`Diverged`): its decision rested on data that is gone. A COMMIT whose answer is
lost is the one ambiguous moment; it is replayed as well, and a reservation's
replayed read then sees its own committed charge and diverges instead of charging
twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from functools import lru_cache
from typing import Any

Retrying = Callable[[Callable[[float], Any]], Any]  # PostgresStore._retrying


class Diverged(Exception):
    """A replayed statement returned something else than the first time."""


@lru_cache(maxsize=512)
def to_psycopg(sql: str) -> str:
    """The portable SQL's `?` placeholders as psycopg's `%s` (a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class Result:
    """A statement's rows, read at once (so they can be compared on a replay)."""

    def __init__(self, rows: list[Any], rowcount: int):
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def same_as(self, other: Result) -> bool:
        mine = [tuple(row) for row in self._rows]
        return self.rowcount == other.rowcount and mine == [tuple(row) for row in other._rows]


def _send(conn: Any, sql: str, params: Any, many: bool) -> Result:
    if many:
        cursor = conn.cursor()
        cursor.executemany(sql, params)
    else:
        cursor = conn.execute(sql, params)
    rows = cursor.fetchall() if cursor.description is not None else []
    return Result(rows, cursor.rowcount)


class ReplayingTx:
    def __init__(
        self, pool: Any, lock_key: int | None, retrying: Retrying, operational: type[Exception]
    ):
        self._pool = pool
        self._lock_key = lock_key
        self._retrying = retrying
        self._operational = operational  # psycopg.OperationalError
        self._conn: Any = None
        self._log: list[tuple[str, Any, bool, Result]] = []

    def _connect(self, wait: float) -> None:
        self._conn = self._pool.getconn(timeout=wait)
        self._conn.execute("BEGIN")
        if self._lock_key is not None:
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))
        for sql, params, many, first in self._log:
            if not _send(self._conn, sql, params, many).same_as(first):
                raise Diverged(sql)

    def _drop(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
            self._pool.putconn(self._conn)  # a closed connection is discarded
            self._conn = None

    def _attempt(self, action: Callable[[Any], Any]) -> Any:
        def attempt(wait: float) -> Any:
            try:
                if self._conn is None:
                    self._connect(wait)
                return action(self._conn)
            except (self._operational, Diverged):
                self._drop()
                raise

        return self._retrying(attempt)

    def begin(self) -> None:
        self._attempt(lambda _conn: None)

    def execute(self, sql: str, params: Any = (), /) -> Result:
        return self._run(to_psycopg(sql), params, many=False)

    def executemany(self, sql: str, rows: Sequence[Any], /) -> Result:
        return self._run(to_psycopg(sql), list(rows), many=True)

    def _run(self, sql: str, params: Any, many: bool) -> Result:
        result: Result = self._attempt(lambda conn: _send(conn, sql, params, many))
        self._log.append((sql, params, many, result))
        return result

    def commit(self) -> None:
        self._attempt(lambda conn: conn.execute("COMMIT"))
        self._pool.putconn(self._conn)
        self._conn = None

    def rollback(self) -> None:
        if self._conn is not None:
            with suppress(self._operational):
                self._conn.execute("ROLLBACK")
            self._pool.putconn(self._conn)
            self._conn = None

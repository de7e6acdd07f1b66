"""The shared backend: the state in a PostgreSQL database that several machines use.

psycopg 3 and its connection pool are an optional extra, imported only when a URL
is configured. Every profile gets its own schema (the default profile `public`), so
two profiles on one server never mix their projects. A named lock is a transaction
advisory lock: every process on every machine taking the same name waits its turn,
which is what makes a quota reservation unable to over-commit a project.

A lost connection is retried for `retry_seconds`: reads are sent again, a write
transaction is replayed on a new connection (replay.py). After that a StorageError
stops the run cleanly.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from ytrix.core.clock import Clock, iso
from ytrix.core.errors import StorageError
from ytrix.core.logsetup import USER_WARNING
from ytrix.core.store import Params
from ytrix.storage.migrations import MIGRATION_LOCK, pending, run_pending
from ytrix.storage.replay import Diverged, ReplayingTx, to_psycopg
from ytrix.storage.url import mask_url

log = logging.getLogger(__name__)

EXTRA = "pip install 'ytrix[postgres]'"
POOL_SIZE = 8  # a batch runs a few worker threads; each needs a connection at most


def _modules() -> tuple[Any, Any]:
    try:
        import psycopg
        import psycopg_pool
    except ImportError as exc:
        raise StorageError(
            f"The state database is PostgreSQL, but {exc.name or 'psycopg'} is not installed",
            f"Install the extra: {EXTRA} (or unset YTRIX_DATABASE_URL and [storage] url to "
            "keep the state in the local SQLite file).",
        ) from None
    return psycopg, psycopg_pool


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (same on every machine)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), signed=True)


class PgRow:
    """A row by position or by column name, like sqlite3.Row."""

    __slots__ = ("_names", "_values")

    def __init__(self, names: dict[str, int], values: Sequence[Any]):
        self._names = names
        self._values = values

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._names[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._names)


def _rows(cursor: Any) -> Callable[[Sequence[Any]], PgRow]:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}
    return lambda values: PgRow(names, values)


class PostgresStore:
    dialect = "postgresql"

    def __init__(self, url: str, clock: Clock, schema: str = "public", retry_seconds: float = 30.0):
        self._psycopg, pool_module = _modules()
        self.clock = clock
        self.url = url
        self.schema = schema
        self.retry_seconds = retry_seconds
        self._ready = False
        self._lock = threading.RLock()
        self._warned = False
        self._pool = pool_module.ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            open=False,
            name="ytrix",
            kwargs={
                "autocommit": True,
                "row_factory": _rows,
                "options": f"-c search_path={schema}",
                "connect_timeout": 10,
                "application_name": "ytrix",
            },
        )

    @property
    def location(self) -> str:
        where = mask_url(self.url)
        return where if self.schema == "public" else f"{where} (schema {self.schema})"

    # -- connections ----------------------------------------------------------------------
    def _open(self) -> None:
        with self._lock:
            if self._ready:
                return
            try:
                if self._pool.closed:
                    self._pool.open(wait=True, timeout=self.retry_seconds)
            except self._psycopg.OperationalError as exc:
                self._pool.close()
                raise StorageError(
                    f"Cannot connect to the state database {mask_url(self.url)}: {_reason(exc)}",
                    "Check that the PostgreSQL server is running and the [storage] url "
                    "(or YTRIX_DATABASE_URL) names it, its user and its password.",
                ) from None
            self._migrate()

    def _lost(self, exc: Exception) -> StorageError:
        return StorageError(
            f"Lost the connection to the state database {mask_url(self.url)}: {_reason(exc)}",
            "Nothing was lost: every finished step is recorded there. Once the server is "
            "back, run the same command again (a batch: with --resume) to carry on.",
        )

    def _retrying(self, attempt: Callable[[float], Any]) -> Any:
        """Run `attempt(wait)` (which sends nothing that must not be sent twice; `wait`
        bounds its wait for a connection), retrying while the connection is down, for
        at most retry_seconds."""
        if self._pool.closed:
            self._open()
        deadline = time.monotonic() + self.retry_seconds
        delay = 0.1
        while True:
            try:
                return attempt(max(0.1, deadline - time.monotonic()))
            except self._psycopg.OperationalError as exc:
                if not _is_disconnect(exc) or time.monotonic() + delay > deadline:
                    raise self._lost(exc) from None
                if not self._warned:
                    self._warned = True
                    log.warning(
                        "Lost the connection to the state database (%s); retrying for up to %g s",
                        _reason(exc),
                        self.retry_seconds,
                        extra=USER_WARNING,
                    )
                self._pool.check()  # drop every other dead connection too
                time.sleep(delay)
                delay = min(2.0, delay * 2)

    # -- the Store interface -----------------------------------------------------------------
    def _read(self, sql: str, params: Params, fetch: Callable[[Any], Any]) -> Any:
        if not self._ready:
            self._open()

        def attempt(wait: float) -> Any:
            with self._pool.connection(timeout=wait) as conn:
                return fetch(conn.execute(to_psycopg(sql), params))

        return self._retrying(attempt)

    def one(self, sql: str, params: Params = ()) -> Any:
        return self._read(sql, params, lambda cursor: cursor.fetchone())

    def all(self, sql: str, params: Params = ()) -> list[Any]:
        rows: list[Any] = self._read(sql, params, lambda cursor: cursor.fetchall())
        return rows

    @contextmanager
    def write(self, lock: str | None = None) -> Iterator[ReplayingTx]:
        if not self._ready:
            self._open()
        with self._transaction(lock) as tx:
            yield tx

    @contextmanager
    def _transaction(self, lock: str | None) -> Iterator[ReplayingTx]:
        """One transaction, replayed on a new connection if its connection drops."""
        key = None if lock is None else lock_key(lock)
        tx = ReplayingTx(self._pool, key, self._retrying, self._psycopg.OperationalError)
        try:
            tx.begin()
            try:
                yield tx
            except BaseException:
                tx.rollback()
                raise
            tx.commit()
        except Diverged:
            raise StorageError(
                f"The state database {mask_url(self.url)} changed while the connection "
                "was down, under a step being recorded; the step was not recorded",
                "Run the same command again (a batch: with --resume): it carries on from "
                "what is recorded.",
            ) from None

    @contextmanager
    def hold(self, name: str) -> Iterator[bool]:
        """A session advisory lock on a connection kept for the run: the server
        drops it when the process dies (its connection closes)."""
        if not self._ready:
            self._open()
        key = lock_key(name)
        try:
            with self._pool.connection(timeout=self.retry_seconds) as conn:
                got = bool(conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0])
                try:
                    yield got
                finally:
                    if got:
                        # A server restarted meanwhile dropped the lock with the session.
                        with suppress(self._psycopg.OperationalError):
                            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
        except self._psycopg.OperationalError as exc:
            raise self._lost(exc) from None

    def _migrate(self) -> None:
        """Create the schema and apply pending migrations (under the migration lock)."""
        rows = self._retrying(self._applied)
        if pending(rows):
            with self._transaction(MIGRATION_LOCK) as tx:
                tx.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
                run_pending(tx, self.dialect, iso(self.clock.now()))
        self._ready = True

    def _applied(self, wait: float) -> set[str]:
        with self._pool.connection(timeout=wait) as conn:
            try:
                with conn.transaction():
                    rows = conn.execute("SELECT name FROM schema_migrations").fetchall()
            except self._psycopg.errors.UndefinedTable:
                return set()
            return {str(r[0]) for r in rows}

    def close(self) -> None:
        """Stores are shared by the whole process (see `shared`): closing one is a
        no-op; the pool closes at exit."""

    def shutdown(self) -> None:
        self._pool.close()


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _is_disconnect(exc: Exception) -> bool:
    """A connection problem (retry may help), not a statement the server refused."""
    sqlstate = getattr(exc, "sqlstate", None)
    # 08: connection exception; 57P01..03: the server is shutting down / restarting.
    return sqlstate is None or sqlstate.startswith("08") or sqlstate.startswith("57P")


_shared: dict[tuple[str, str], PostgresStore] = {}
_shared_lock = threading.Lock()


def shared(url: str, clock: Clock, schema: str, retry_seconds: float) -> PostgresStore:
    """One pool per database and schema per process, however many stores open it
    (the latest opener's clock and retry window apply)."""
    with _shared_lock:
        store = _shared.get((url, schema))
        if store is None:
            store = PostgresStore(url, clock, schema, retry_seconds)
            _shared[(url, schema)] = store
        store.retry_seconds = retry_seconds
        store.clock = clock
        return store


@atexit.register
def close_all() -> None:
    with _shared_lock:
        for store in _shared.values():
            store.shutdown()
        _shared.clear()

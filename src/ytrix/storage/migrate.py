"""`ytrix storage migrate --to URL`: copy this machine's SQLite state into PostgreSQL.

Idempotent: a row already in the target (by its key; events and failures by their
content) is left as it is, so a second run copies nothing. Verified count by count:
every source row must be found in the target afterwards, or the command fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.core.errors import StorageError, UsageError
from ytrix.storage.migrations import TABLES
from ytrix.storage.sqlite import SqliteStore
from ytrix.storage.url import check_url, mask_url, schema_for

if TYPE_CHECKING:
    from ytrix.core.clock import Clock
    from ytrix.core.paths import Paths
    from ytrix.core.store import Store, Tx

MIGRATE_LOCK = "ytrix:storage-migrate"


@dataclass(frozen=True)
class TableCopy:
    table: str
    source: int  # rows in the SQLite file
    copied: int  # rows this run added to the target
    found: int  # source rows present in the target afterwards


@dataclass(frozen=True)
class MigrateReport:
    source: str
    target: str
    tables: list[TableCopy]

    @property
    def copied(self) -> int:
        return sum(t.copied for t in self.tables)


def migrate_state(paths: Paths, url: str, clock: Clock) -> MigrateReport:
    from ytrix.storage.postgres import PostgresStore

    url = check_url(url, "--to")
    if not paths.state_db.exists():
        raise UsageError(
            f"No local state at {paths.state_db}: nothing to migrate",
            "Run it on the machine (and with the --user) whose state you want to share.",
        )
    source = SqliteStore(paths.state_db, clock)
    target = PostgresStore(url, clock, schema_for(paths.user))
    try:
        tables = [_copy_table(source, target, name, key) for name, key in TABLES]
    finally:
        source.close()
        target.shutdown()
    missing = [t for t in tables if t.found < t.source]
    if missing:
        what = ", ".join(f"{t.table} ({t.source - t.found} of {t.source})" for t in missing)
        raise StorageError(
            f"Rows missing in {mask_url(url)} after the copy: {what}",
            "Run the same command again; it copies only what is missing.",
        )
    return MigrateReport(str(paths.state_db), target.location, tables)


def _copy_table(source: Store, target: Store, table: str, key: tuple[str, ...]) -> TableCopy:
    rows = source.all(f"SELECT * FROM {table} ORDER BY rowid")  # keeps the journal's order
    columns = [c for c in (rows[0].keys() if rows else []) if c != "id"]
    copied = 0
    with target.write(lock=MIGRATE_LOCK) as tx:
        have = _keys(tx, table, key)
        marks = ", ".join("?" for _ in columns)
        insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        for row in rows:
            identity = tuple(row[k] for k in key)
            if identity in have:
                continue
            tx.execute(insert, tuple(row[c] for c in columns))
            have.add(identity)
            copied += 1
        found = _keys(tx, table, key)
    present = sum(1 for row in rows if tuple(row[k] for k in key) in found)
    return TableCopy(table, len(rows), copied, present)


def _keys(tx: Tx, table: str, key: tuple[str, ...]) -> set[tuple[Any, ...]]:
    return {tuple(r) for r in tx.execute(f"SELECT {', '.join(key)} FROM {table}").fetchall()}

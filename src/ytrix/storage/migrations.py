"""The state schema as named migrations, the same list for both backends.

Each migration runs once per database, in order, inside one transaction that holds
the migration lock, and its name is recorded in `schema_migrations`; a process that
finds every name recorded does no write at all. Tables are written once with three
dialect words: `{id}` (an auto-numbered key), `{rowid}` (SQLite's implicit insertion
order, an explicit column of that name in PostgreSQL, so `ORDER BY rowid` reads the
same) and `{real}` (a double).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ytrix.core.store import Tx

MIGRATION_LOCK = "ytrix:schema"

_DIALECT = {
    "sqlite": {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "rowid": "", "real": "REAL"},
    "postgresql": {
        "id": "BIGSERIAL PRIMARY KEY",
        "rowid": "rowid BIGSERIAL,",
        "real": "DOUBLE PRECISION",
    },
}

LEDGER = """
CREATE TABLE IF NOT EXISTS quota_usage (
    project TEXT NOT NULL, day TEXT NOT NULL, method TEXT NOT NULL,
    units INTEGER NOT NULL DEFAULT 0, calls INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project, day, method));
CREATE TABLE IF NOT EXISTS quota_exhausted (
    project TEXT PRIMARY KEY, marked_at TEXT NOT NULL, reset_at TEXT NOT NULL,
    reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_dead (
    project TEXT PRIMARY KEY, marked_at TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rotation_events (
    id {id}, ts TEXT NOT NULL, from_project TEXT,
    to_project TEXT, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures (
    id {id}, ts TEXT NOT NULL, project TEXT NOT NULL,
    operation TEXT NOT NULL, status INTEGER, reason TEXT, message TEXT NOT NULL,
    batch_id TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

WRITE_JOURNAL = """
CREATE TABLE IF NOT EXISTS write_ops (
    {rowid} key TEXT PRIMARY KEY, job TEXT NOT NULL, state TEXT NOT NULL,
    params TEXT NOT NULL, result TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS write_ops_job ON write_ops (job);
CREATE TABLE IF NOT EXISTS jobs (
    job TEXT PRIMARY KEY, kind TEXT NOT NULL, params TEXT NOT NULL, state TEXT NOT NULL,
    result TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
"""

BATCHES = """
CREATE TABLE IF NOT EXISTS batches (
    {rowid} batch_id TEXT PRIMARY KEY, file TEXT NOT NULL, file_hash TEXT NOT NULL,
    options TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, pause_reason TEXT, resume_at TEXT);
CREATE TABLE IF NOT EXISTS batch_tasks (
    batch_id TEXT NOT NULL, seq INTEGER NOT NULL, source TEXT NOT NULL,
    source_title TEXT NOT NULL DEFAULT '', status TEXT NOT NULL,
    plan TEXT, target_playlist_id TEXT, project TEXT, units INTEGER NOT NULL DEFAULT 0,
    videos_added INTEGER NOT NULL DEFAULT 0, videos_skipped INTEGER NOT NULL DEFAULT 0,
    error_category TEXT, error_message TEXT, started_at TEXT, finished_at TEXT,
    updated_at TEXT NOT NULL, PRIMARY KEY (batch_id, seq));
"""

# Batch columns added after the first release; a state.db from then lacks them.
BATCH_COLUMNS = (
    ("batches", "finished_at", "TEXT"),
    ("batches", "active_seconds", "{real} NOT NULL DEFAULT 0"),
    ("batches", "overhead_units", "INTEGER NOT NULL DEFAULT 0"),
    ("batches", "projects", "TEXT NOT NULL DEFAULT ''"),
    ("batch_tasks", "job", "TEXT"),
    ("batch_tasks", "line", "INTEGER"),
    ("batch_tasks", "attempts", "INTEGER NOT NULL DEFAULT 0"),
    ("batch_tasks", "error_hint", "TEXT"),
)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Tx, str], None]  # (transaction, dialect)


def _script(sql: str) -> Callable[[Tx, str], None]:
    def run(tx: Tx, dialect: str) -> None:
        for statement in sql.format(**_DIALECT[dialect]).split(";"):
            if statement.strip():
                tx.execute(statement)

    return run


def _add_batch_columns(tx: Tx, dialect: str) -> None:
    words = _DIALECT[dialect]
    for table, column, decl in BATCH_COLUMNS:
        if dialect == "sqlite":
            have = {row[1] for row in tx.execute(f"PRAGMA table_info({table})").fetchall()}
            if column not in have:
                tx.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl.format(**words)}")
        else:
            tx.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {decl.format(**words)}"
            )


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_ledger", _script(LEDGER)),
    Migration("0002_write_journal", _script(WRITE_JOURNAL)),
    Migration("0003_batches", _script(BATCHES)),
    Migration("0004_batch_columns", _add_batch_columns),
)

# The tables `storage migrate` copies, each with the columns that identify a row.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("quota_usage", ("project", "day", "method")),
    ("quota_exhausted", ("project",)),
    ("auth_dead", ("project",)),
    ("rotation_events", ("ts", "from_project", "to_project", "reason")),
    ("failures", ("ts", "project", "operation", "message")),
    ("settings", ("key",)),
    ("jobs", ("job",)),
    ("write_ops", ("key",)),
    ("batches", ("batch_id",)),
    ("batch_tasks", ("batch_id", "seq")),
)

CREATE_REGISTRY = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
)


def pending(applied: set[str]) -> list[Migration]:
    return [m for m in MIGRATIONS if m.name not in applied]


def run_pending(tx: Tx, dialect: str, stamp: str) -> list[str]:
    """Apply what is missing (the caller holds MIGRATION_LOCK). Returns their names."""
    tx.execute(CREATE_REGISTRY)
    applied = {str(r[0]) for r in tx.execute("SELECT name FROM schema_migrations").fetchall()}
    done = []
    for migration in pending(applied):
        migration.apply(tx, dialect)
        tx.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
            (migration.name, stamp),
        )
        done.append(migration.name)
    return done

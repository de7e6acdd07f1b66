"""Shared SQLite access: many threads opening a brand-new database file at once."""

from __future__ import annotations

import threading
from pathlib import Path

from ytrix.core.db import Database

SCHEMA = "CREATE TABLE IF NOT EXISTS t (n INTEGER);"


def test_threads_racing_on_a_fresh_file_all_get_in(tmp_path: Path) -> None:
    for attempt in range(30):
        db = Database(tmp_path / f"fresh-{attempt}.db", SCHEMA)
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def work(
            n: int,
            db: Database = db,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                start.wait()
                with db.write() as conn:
                    conn.execute("INSERT INTO t VALUES (?)", (n,))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], errors
        assert db.conn.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 8
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

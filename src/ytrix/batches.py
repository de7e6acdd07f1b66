"""Batch journal for `plists2mlists`: a batch (its file, the file's hash, options) and
its tasks, one per source playlist, in `state.db` beside the ledger and the write
journal. A task's per-video steps are write-journal operations under the task's job
key, so a task resumes mid-playlist; its target playlist ID is stored the moment the
playlist exists.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ytrix.db import Database
from ytrix.quota.clock import iso, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY, file TEXT NOT NULL, file_hash TEXT NOT NULL,
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

PENDING, IN_PROGRESS, COMPLETED = "pending", "in_progress", "completed"
SKIPPED, FAILED, PAUSED = "skipped", "failed", "paused"
TASK_STATES = (PENDING, IN_PROGRESS, COMPLETED, SKIPPED, FAILED, PAUSED)
UNFINISHED = (PENDING, IN_PROGRESS, PAUSED)


@dataclass(frozen=True)
class Batch:
    batch_id: str
    file: str
    file_hash: str
    options: dict[str, Any]
    state: str
    created_at: str
    updated_at: str
    pause_reason: str | None
    resume_at: str | None


@dataclass(frozen=True)
class Task:
    batch_id: str
    seq: int
    source: str
    source_title: str
    status: str
    plan: str | None
    target_playlist_id: str | None
    project: str | None
    units: int
    videos_added: int
    videos_skipped: int
    error_category: str | None
    error_message: str | None
    started_at: str | None
    finished_at: str | None

    @property
    def job(self) -> str:
        """The write-journal job of this task's writes."""
        return f"batch:{self.batch_id}:{self.seq}"


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class BatchJournal:
    def __init__(self, path: Path):
        self.db = Database(path, SCHEMA)

    def create(self, file: Path, digest: str, options: dict[str, Any], sources: list[str]) -> str:
        stamp = now()
        batch_id = f"{stamp.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
        with self.db.write() as conn:
            conn.execute(
                "INSERT INTO batches (batch_id, file, file_hash, options, state, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)",
                (
                    batch_id,
                    str(file.resolve()),
                    digest,
                    json.dumps(options),
                    iso(stamp),
                    iso(stamp),
                ),
            )
            conn.executemany(
                "INSERT INTO batch_tasks (batch_id, seq, source, status, updated_at) "
                "VALUES (?, ?, ?, 'pending', ?)",
                [(batch_id, seq, source, iso(stamp)) for seq, source in enumerate(sources, 1)],
            )
        return batch_id

    def _batch(self, row: Any) -> Batch:
        return Batch(
            batch_id=row["batch_id"],
            file=row["file"],
            file_hash=row["file_hash"],
            options=json.loads(row["options"]),
            state=row["state"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            pause_reason=row["pause_reason"],
            resume_at=row["resume_at"],
        )

    def get(self, batch_id: str) -> Batch | None:
        row = self.db.conn.execute(
            "SELECT * FROM batches WHERE batch_id = ?", (batch_id,)
        ).fetchone()
        return None if row is None else self._batch(row)

    def all(self) -> list[Batch]:
        rows = self.db.conn.execute("SELECT * FROM batches ORDER BY created_at, rowid").fetchall()
        return [self._batch(r) for r in rows]

    def latest(self, file: Path | None = None, unfinished: bool = False) -> Batch | None:
        batches = [
            b
            for b in self.all()
            if (file is None or b.file == str(file.resolve()))
            and (not unfinished or b.state != "completed")
        ]
        return batches[-1] if batches else None

    def set_state(
        self,
        batch_id: str,
        state: str,
        pause_reason: str | None = None,
        resume_at: str | None = None,
    ) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE batches SET state = ?, pause_reason = ?, resume_at = ?, updated_at = ? "
                "WHERE batch_id = ?",
                (state, pause_reason, resume_at, iso(now()), batch_id),
            )

    def tasks(self, batch_id: str) -> list[Task]:
        rows = self.db.conn.execute(
            "SELECT * FROM batch_tasks WHERE batch_id = ? ORDER BY seq", (batch_id,)
        ).fetchall()
        return [
            Task(
                batch_id=r["batch_id"],
                seq=r["seq"],
                source=r["source"],
                source_title=r["source_title"],
                status=r["status"],
                plan=r["plan"],
                target_playlist_id=r["target_playlist_id"],
                project=r["project"],
                units=r["units"],
                videos_added=r["videos_added"],
                videos_skipped=r["videos_skipped"],
                error_category=r["error_category"],
                error_message=r["error_message"],
                started_at=r["started_at"],
                finished_at=r["finished_at"],
            )
            for r in rows
        ]

    def update_task(self, batch_id: str, seq: int, **fields: Any) -> None:
        allowed = {
            "source_title",
            "status",
            "plan",
            "target_playlist_id",
            "project",
            "units",
            "videos_added",
            "videos_skipped",
            "error_category",
            "error_message",
            "started_at",
            "finished_at",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown task fields: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.db.write() as conn:
            conn.execute(
                f"UPDATE batch_tasks SET {assignments}, updated_at = ? "
                "WHERE batch_id = ? AND seq = ?",
                (*fields.values(), iso(now()), batch_id, seq),
            )

    def add_units(self, batch_id: str, seq: int, units: int, project: str | None) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE batch_tasks SET units = units + ?, project = COALESCE(?, project), "
                "updated_at = ? WHERE batch_id = ? AND seq = ?",
                (units, project, iso(now()), batch_id, seq),
            )

    def counts(self, batch_id: str) -> dict[str, int]:
        counts = dict.fromkeys(TASK_STATES, 0)
        for row in self.db.conn.execute(
            "SELECT status, COUNT(*) FROM batch_tasks WHERE batch_id = ? GROUP BY status",
            (batch_id,),
        ):
            counts[row[0]] = row[1]
        return counts

    def delete(self, batch_id: str) -> None:
        with self.db.write() as conn:
            conn.execute("DELETE FROM batch_tasks WHERE batch_id = ?", (batch_id,))
            conn.execute("DELETE FROM batches WHERE batch_id = ?", (batch_id,))

    def close(self) -> None:
        self.db.close()

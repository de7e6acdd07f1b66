"""Batch journal for `plists2mlists`: a batch (its file, the file's hash, options) and
its tasks, one per source playlist, in `state.db` beside the ledger and the write
journal. A task's per-video steps are write-journal operations under the task's job
key, so a task resumes mid-playlist; its target playlist ID is stored the moment the
playlist exists.

A task's job key names its source (`copy_job(source)`, the same key `plist2mlist`
uses), so any later run that copies that source — a resumed batch, a new batch from
an edited file, a single `plist2mlist` — finds the earlier work and never duplicates
a playlist or a video.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ytrix.core.clock import iso
from ytrix.core.jsonify import pick
from ytrix.storage import Store

PENDING, IN_PROGRESS, COMPLETED = "pending", "in_progress", "completed"
SKIPPED, FAILED, PAUSED = "skipped", "failed", "paused"
TASK_STATES = (PENDING, IN_PROGRESS, COMPLETED, SKIPPED, FAILED, PAUSED)
UNFINISHED = (PENDING, IN_PROGRESS, PAUSED)
TO_RUN = (*UNFINISHED, FAILED)  # a resumed batch retries failed tasks too

# Batch states. `failed`: every task ran, some failed (a resume retries them).
BATCH_PENDING, BATCH_RUNNING, BATCH_PAUSED = "pending", "running", "paused"
BATCH_INTERRUPTED, BATCH_COMPLETED, BATCH_FAILED = "interrupted", "completed", "failed"
BATCH_SUPERSEDED = "superseded"  # a newer batch from the same file took over
BATCH_FINISHED = (BATCH_COMPLETED, BATCH_SUPERSEDED)


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
    finished_at: str | None = None
    active_seconds: float = 0.0
    overhead_units: int = 0
    projects: tuple[str, ...] = ()

    @property
    def unfinished(self) -> bool:
        return self.state not in BATCH_FINISHED

    @property
    def file_arg(self) -> str:
        """The file as the command named it (what the resume command repeats)."""
        return str(self.options.get("file_arg") or self.file)


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
    job_key: str | None = None
    line: int | None = None
    attempts: int = 0
    error_hint: str | None = None

    @property
    def job(self) -> str:
        """The write-journal job of this task's writes."""
        return self.job_key or f"batch:{self.batch_id}:{self.seq}"

    @property
    def plan_data(self) -> TaskPlan:
        return TaskPlan.from_json(json.loads(self.plan) if self.plan else {})


# What plan_summary writes; `skipped` and `playlists` join when the copy finishes.
PLAN_FIELDS = (
    "action title source_title source_videos read_via creates inserts units units_before "
    "unavailable duplicates match current"
)


@dataclass(frozen=True)
class TaskPlan:
    """What the task row keeps of its plan (its `plan` column, JSON): enough for
    reports and the ETA. Empty (`units` None) until the task is planned; `skipped` and
    `playlists` are added when the copy finishes."""

    action: str | None = None
    title: str | None = None
    source_title: str | None = None
    source_videos: int = 0
    read_via: str | None = None
    creates: int | None = None
    inserts: int = 0
    units: int | None = None
    units_before: int = 0
    unavailable: int = 0
    duplicates: int = 0
    match: dict[str, object] | None = None
    current: str | None = None
    skipped: tuple[dict[str, str], ...] | None = None  # video_id and reason
    playlists: tuple[str, ...] | None = None

    def to_json(self) -> dict[str, Any]:
        data = pick(self, PLAN_FIELDS)
        if self.skipped is not None:
            data["skipped"] = list(self.skipped)
        if self.playlists is not None:
            data["playlists"] = list(self.playlists)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TaskPlan:
        skipped, playlists = data.get("skipped"), data.get("playlists")
        return cls(
            action=data.get("action"),
            title=data.get("title"),
            source_title=data.get("source_title"),
            source_videos=int(data.get("source_videos", 0)),
            read_via=data.get("read_via"),
            creates=int(data["creates"]) if "creates" in data else None,
            inserts=int(data.get("inserts", 0)),
            units=int(data["units"]) if "units" in data else None,
            units_before=int(data.get("units_before", 0)),
            unavailable=int(data.get("unavailable", 0)),
            duplicates=int(data.get("duplicates", 0)),
            match=data.get("match"),
            current=data.get("current"),
            skipped=tuple(skipped) if skipped is not None else None,
            playlists=tuple(playlists) if playlists is not None else None,
        )


@dataclass(frozen=True)
class NewTask:
    source: str  # playlist ID
    line: int | None = None  # where the file lists it
    job: str | None = None


TASK_FIELDS = frozenset(
    {
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
        "error_hint",
        "started_at",
        "finished_at",
        "attempts",
    }
)


class BatchJournal:
    def __init__(self, store: Store):
        self.db = store
        self.clock = store.clock

    def create(
        self, file: Path, digest: str, options: dict[str, Any], tasks: Sequence[NewTask | str]
    ) -> str:
        stamp = self.clock.now()
        batch_id = f"{stamp.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"
        specs = [t if isinstance(t, NewTask) else NewTask(t) for t in tasks]
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
                "INSERT INTO batch_tasks (batch_id, seq, source, status, updated_at, job, line) "
                "VALUES (?, ?, ?, 'pending', ?, ?, ?)",
                [
                    (batch_id, seq, spec.source, iso(stamp), spec.job, spec.line)
                    for seq, spec in enumerate(specs, 1)
                ],
            )
        return batch_id

    def _batch(self, row: Any) -> Batch:
        keys = row.keys()
        projects = row["projects"] if "projects" in keys else ""
        return Batch(
            **_columns(row, "batch_id file file_hash state created_at updated_at"),
            **_columns(row, "pause_reason resume_at"),
            options=json.loads(row["options"]),
            finished_at=row["finished_at"] if "finished_at" in keys else None,
            active_seconds=float(row["active_seconds"] or 0) if "active_seconds" in keys else 0,
            overhead_units=int(row["overhead_units"] or 0) if "overhead_units" in keys else 0,
            projects=tuple(p for p in (projects or "").split(",") if p),
        )

    def get(self, batch_id: str) -> Batch | None:
        row = self.db.one("SELECT * FROM batches WHERE batch_id = ?", (batch_id,))
        return None if row is None else self._batch(row)

    def all(self) -> list[Batch]:
        rows = self.db.all("SELECT * FROM batches ORDER BY created_at, rowid")
        return [self._batch(r) for r in rows]

    def latest(self, file: Path | None = None, unfinished: bool = False) -> Batch | None:
        batches = [
            b
            for b in self.all()
            if (file is None or b.file == str(file.resolve())) and (not unfinished or b.unfinished)
        ]
        return batches[-1] if batches else None

    def set_state(
        self,
        batch_id: str,
        state: str,
        pause_reason: str | None = None,
        resume_at: str | None = None,
    ) -> None:
        finished = (
            iso(self.clock.now()) if state in BATCH_FINISHED or state == BATCH_FAILED else None
        )
        with self.db.write() as conn:
            conn.execute(
                "UPDATE batches SET state = ?, pause_reason = ?, resume_at = ?, updated_at = ?, "
                "finished_at = ? WHERE batch_id = ?",
                (state, pause_reason, resume_at, iso(self.clock.now()), finished, batch_id),
            )

    def record_run(
        self, batch_id: str, seconds: float, overhead_units: int, projects: Sequence[str]
    ) -> None:
        """Add one run's active time, its units spent outside tasks and its projects
        (read and written under the batch's lock: two machines may record at once)."""
        with self.db.write(lock=f"batch:{batch_id}") as conn:
            row = conn.execute("SELECT projects FROM batches WHERE batch_id = ?", (batch_id,))
            found = row.fetchone()
            if found is None:
                return
            merged = ",".join(sorted({*(p for p in (found[0] or "").split(",") if p), *projects}))
            conn.execute(
                "UPDATE batches SET active_seconds = active_seconds + ?, "
                "overhead_units = overhead_units + ?, projects = ?, updated_at = ? "
                "WHERE batch_id = ?",
                (seconds, overhead_units, merged, iso(self.clock.now()), batch_id),
            )

    def tasks(self, batch_id: str) -> list[Task]:
        rows = self.db.all("SELECT * FROM batch_tasks WHERE batch_id = ? ORDER BY seq", (batch_id,))
        return [self._task(r) for r in rows]

    @staticmethod
    def _task(r: Any) -> Task:
        keys = r.keys()
        return Task(
            **_columns(r, "batch_id seq source source_title status plan target_playlist_id"),
            **_columns(r, "project units videos_added videos_skipped error_category"),
            **_columns(r, "error_message started_at finished_at"),
            job_key=r["job"] if "job" in keys else None,
            line=r["line"] if "line" in keys else None,
            attempts=int(r["attempts"] or 0) if "attempts" in keys else 0,
            error_hint=r["error_hint"] if "error_hint" in keys else None,
        )

    def update_task(self, batch_id: str, seq: int, **fields: Any) -> None:
        unknown = set(fields) - TASK_FIELDS
        if unknown:
            raise ValueError(f"unknown task fields: {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.db.write() as conn:
            conn.execute(
                f"UPDATE batch_tasks SET {assignments}, updated_at = ? "
                "WHERE batch_id = ? AND seq = ?",
                (*fields.values(), iso(self.clock.now()), batch_id, seq),
            )

    def add_units(self, batch_id: str, seq: int, units: int, project: str | None) -> None:
        with self.db.write() as conn:
            conn.execute(
                "UPDATE batch_tasks SET units = units + ?, project = COALESCE(?, project), "
                "updated_at = ? WHERE batch_id = ? AND seq = ?",
                (units, project, iso(self.clock.now()), batch_id, seq),
            )

    def delete(self, batch_id: str) -> None:
        with self.db.write() as conn:
            conn.execute("DELETE FROM batch_tasks WHERE batch_id = ?", (batch_id,))
            conn.execute("DELETE FROM batches WHERE batch_id = ?", (batch_id,))

    def close(self) -> None:
        self.db.close()


def _columns(row: Any, names: str) -> dict[str, Any]:
    """`{name: row[name]}` for each space-separated column name, in order."""
    return {name: row[name] for name in names.split()}

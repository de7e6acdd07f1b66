"""`journal_status`: a batch at a glance — tasks by status, units spent, projects used,
an ETA at the pace so far — and every failed operation grouped by project
(`Project main: 2 playlist creations failed (quota exceeded)`).

Failures come from the ledger: each failed API call, recorded by the pool with its
project and the batch it ran for, and each failed task whose cause was not an API
error (a source that cannot be read), recorded by the batch — nothing is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.batch.report import summary_line, task_json
from ytrix.batch.store import FAILED, PENDING, TASK_STATES, TO_RUN, Batch, BatchJournal, Task
from ytrix.core.clock import seconds_until_reset
from ytrix.core.jsonify import pick
from ytrix.quota.ledger import Ledger
from ytrix.quota.report import ProjectFailures, group_failures
from ytrix.storage import open_state, state_exists

if TYPE_CHECKING:
    from datetime import datetime

    from ytrix.batch.report import QuotaPlan
    from ytrix.core.clock import Clock
    from ytrix.core.paths import Paths


def batch_failures(ledger: Ledger, batch_id: str) -> list[ProjectFailures]:
    """Every failed operation of the batch, grouped by project: failed API calls (the
    pool records them with the batch's ID) and failed tasks whose cause was not an API
    error (the batch records those)."""
    return group_failures([f for f in ledger.failures() if f.batch_id == batch_id])


def remaining_units(tasks: list[Task]) -> tuple[int, bool]:
    """Units the unfinished tasks still need (writes), and whether it is an estimate
    (some tasks were never planned: they count as the average planned task)."""
    known, unplanned, planned_units = 0, 0, []
    for task in tasks:
        plan = task.plan_data
        if plan.units is not None:
            planned_units.append(plan.units)
        if task.status not in TO_RUN:
            continue
        if plan.units is None:
            unplanned += task.status != FAILED  # a source that failed to read: unknown
            continue
        spent_since = task.units - plan.units_before
        known += max(0, plan.units - spent_since)
    if unplanned and planned_units:
        known += unplanned * sum(planned_units) // len(planned_units)
    return known, unplanned > 0


# YouTube lets one channel create about 10 playlists a day, whatever the project
# (platform-limits.md §1: playlists.insert answers 429 "creating too many playlists").
CHANNEL_CREATIONS_PER_DAY = 10
DAY_SECONDS = 86_400


def creations_left(tasks: list[Task]) -> int:
    """Playlists the unfinished tasks still have to create (a task not yet planned
    counts as one; a started task has made its first playlist)."""
    left = 0
    for task in tasks:
        if task.status not in TO_RUN:
            continue
        creates = task.plan_data.creates
        if creates is None:
            left += task.status == PENDING
        elif task.status == PENDING:
            left += creates
    return left


@dataclass(frozen=True)
class Eta:
    """When the batch can be done; `eta_seconds` None when no date can be given."""

    units_remaining: int
    estimated: bool  # some tasks were never planned: their units are a guess
    units_per_minute: int | None
    eta_seconds: int | None
    quota_days_needed: int | None
    creations_left: int
    days_needed: int

    def to_json(self) -> dict[str, Any]:
        names = "units_remaining estimated units_per_minute eta_seconds quota_days_needed"
        return pick(self, f"{names} creations_left days_needed")


@dataclass
class BatchStatus:
    batch: Batch
    tasks: list[Task]
    failures: list[ProjectFailures]
    as_of: datetime  # when it was read: the ETA and "resets in" count from it
    pending_only: bool = False
    others: list[Batch] = field(default_factory=list)
    quota: QuotaPlan | None = None  # quota_plan() of the remaining units, if known

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TASK_STATES, 0)
        for task in self.tasks:
            counts[task.status] = counts.get(task.status, 0) + 1
        return counts

    @property
    def units_spent(self) -> int:
        return sum(t.units for t in self.tasks) + self.batch.overhead_units

    @property
    def projects_used(self) -> list[str]:
        return sorted({*self.batch.projects, *(t.project for t in self.tasks if t.project)})

    def eta(self) -> Eta:
        """When the batch can be done: at the pace so far within a day, but never before
        the quota resets and the channel's creation cap allow (a batch that needs two
        days of quota is not done in seconds, however fast it writes)."""
        remaining, estimated = remaining_units(self.tasks)
        active = self.batch.active_seconds
        pace = self.units_spent / active if active > 0 else None
        quota_days = self.quota.days_needed if self.quota else None
        creations = creations_left(self.tasks)
        creation_days = math.ceil(creations / CHANNEL_CREATIONS_PER_DAY)
        days = max(quota_days or 0, creation_days)
        work = math.ceil(remaining / pace) if pace else None
        seconds: int | None
        if not remaining:
            seconds = 0
        elif self.quota is not None and quota_days is None:
            seconds = None  # no project can write: no date to give
        elif days > 1:
            # the last day's share of the work starts after the (days - 1)th reset
            last_day = min(work or 0, DAY_SECONDS)
            seconds = int(seconds_until_reset(self.as_of)) + (days - 2) * DAY_SECONDS + last_day
        else:
            seconds = max(1, work) if work is not None else None
        return Eta(
            units_remaining=remaining,
            estimated=estimated,
            units_per_minute=round(pace * 60) if pace else None,
            eta_seconds=seconds,
            quota_days_needed=quota_days,
            creations_left=creations,
            days_needed=days or (1 if remaining else 0),
        )

    def to_json(self) -> dict[str, Any]:
        shown = [t for t in self.tasks if not self.pending_only or t.status in TO_RUN]
        batch = self.batch
        return {
            "batch": {
                "batch_id": batch.batch_id,
                "file": batch.file,
                "state": batch.state,
                "created_at": batch.created_at,
                "updated_at": batch.updated_at,
                "finished_at": batch.finished_at,
                "pause_reason": batch.pause_reason,
                "resume_at": batch.resume_at,
                "options": {k: v for k, v in batch.options.items() if k != "file_arg"},
            },
            "counts": self.counts,
            "summary": summary_line(self.counts),
            "units_spent": self.units_spent,
            "projects_used": self.projects_used,
            "active_seconds": round(batch.active_seconds, 1),
            "eta": self.eta().to_json(),
            "tasks": [task_json(t) for t in shown],
            "failures": [f.to_json() for f in self.failures],
            "failed_tasks": [task_json(t) for t in self.tasks if t.status == FAILED],
            "other_batches": [
                {"batch_id": b.batch_id, "file": b.file, "state": b.state, "created": b.created_at}
                for b in self.others
            ],
        }


def load_status(
    paths: Paths, clock: Clock, batch_id: str | None, pending_only: bool
) -> BatchStatus | None:
    """The selected batch (default: the latest), or None when there is none."""
    from ytrix.core.errors import UsageError

    if not state_exists(paths):  # reading must not create ytrix's home (a typo in it)
        if batch_id is not None:
            raise UsageError(
                f"No batch {batch_id}", "Run `ytrix journal_status` to list the batches."
            )
        return None
    journal = BatchJournal(open_state(paths, clock))
    ledger = Ledger(open_state(paths, clock))
    try:
        batches = journal.all()
        if batch_id is not None:
            batch = journal.get(batch_id)
            if batch is None:
                raise UsageError(
                    f"No batch {batch_id}", "Run `ytrix journal_status` to list the batches."
                )
        elif batches:
            batch = batches[-1]
        else:
            return None
        tasks = journal.tasks(batch.batch_id)
        failures = batch_failures(ledger, batch.batch_id)
        others = [b for b in batches if b.batch_id != batch.batch_id]
        return BatchStatus(batch, tasks, failures, clock.now(), pending_only, others)
    finally:
        journal.close()
        ledger.close()


def clear_batches(paths: Paths, clock: Clock, batch_id: str | None) -> list[str]:
    """Delete one batch (or all) from the journal; playlists and the write journal
    stay, so a later run still finds work already done."""
    journal = BatchJournal(open_state(paths, clock))
    try:
        ids = [batch_id] if batch_id is not None else [b.batch_id for b in journal.all()]
        for bid in ids:
            journal.delete(bid)
        return ids
    finally:
        journal.close()


def batch_ids(paths: Paths, clock: Clock, batch_id: str | None) -> list[str]:
    if not state_exists(paths):
        return []
    journal = BatchJournal(open_state(paths, clock))
    try:
        if batch_id is not None:
            return [batch_id] if journal.get(batch_id) is not None else []
        return [b.batch_id for b in journal.all()]
    finally:
        journal.close()

"""What a batch run and a batch plan report, as data: JSON for scripts (the CLI's
`cli/views/batch.py` turns the same results into lines), the pause message, the
resume command and the summary (`5 playlists copied, 2 failed`)."""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.batch.store import COMPLETED, FAILED, SKIPPED, UNFINISHED, Batch, Task
from ytrix.core import clock
from ytrix.core.errors import ExitCode, YtrixError
from ytrix.core.jsonify import pick
from ytrix.quota.report import usable_units
from ytrix.sources.models import playlist_url
from ytrix.youtube.costs import INSERT_COST

if TYPE_CHECKING:
    from ytrix.channel.creations import BudgetStatus
    from ytrix.quota.pool import Pool
    from ytrix.sources.listfile import Repeat

RUN_EXIT = {
    "completed": ExitCode.OK,
    "failed": ExitCode.PARTIAL_FAILURE,
    "paused": ExitCode.QUOTA_EXHAUSTED,
    "interrupted": ExitCode.INTERRUPTED,
    "auth": ExitCode.AUTH_NEEDED,
}


def resume_command(file_arg: str, user: str | None = None) -> str:
    prefix = f"ytrix --user {shlex.quote(user)}" if user else "ytrix"
    return f"{prefix} plists2mlists {shlex.quote(file_arg)} --resume"


def pause_message(reset_at: datetime, project: str | None, tail: str, now: datetime) -> str:
    """`All projects exhausted. Pausing – quotas reset at 00:00 Pacific (in 5h 30m). ...`"""
    left = clock.format_duration(max(0.0, (reset_at - now).total_seconds()))
    who = "All projects exhausted" if project is None else f"Project {project} exhausted"
    return f"{who}. Pausing – quotas reset at 00:00 Pacific (in {left}). {tail}"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(counts: dict[str, int]) -> str:
    """`5 playlists copied, 2 failed` (skips and what is left only when there are any)."""
    text = f"{plural(counts.get(COMPLETED, 0), 'playlist')} copied"
    if counts.get(SKIPPED):
        text += f", {counts[SKIPPED]} skipped"
    if counts.get(FAILED):
        text += f", {counts[FAILED]} failed"
    left = sum(counts.get(s, 0) for s in UNFINISHED)
    if left:
        text += f", {left} left"
    return text


def task_json(task: Task) -> dict[str, Any]:
    plan = task.plan_data
    error = None
    if task.status == FAILED:
        error = {
            "category": task.error_category,
            "message": task.error_message,
            "hint": task.error_hint,
            "project": task.project,
        }
    return {
        "seq": task.seq,
        "line": task.line,
        "source": task.source,
        "source_url": playlist_url(task.source),
        "title": task.source_title or None,
        "read_via": plan.read_via,
        "status": task.status,
        "action": plan.action,
        "target_playlist_id": task.target_playlist_id,
        "target_url": playlist_url(task.target_playlist_id) if task.target_playlist_id else None,
        "match": plan.match,
        "project": task.project,
        "units": task.units,
        "videos_added": task.videos_added,
        "videos_skipped": task.videos_skipped,
        "skipped_videos": list(plan.skipped or ()),
        "playlists": list(plan.playlists or ())
        or ([task.target_playlist_id] if task.target_playlist_id else []),
        "attempts": task.attempts,
        "note": task.error_message if task.status == SKIPPED else None,
        "error": error,
    }


@dataclass
class RunReport:
    batch: Batch
    tasks: list[Task]
    state: str  # completed | failed | paused | interrupted | auth
    file_arg: str
    resume: str
    as_of: datetime  # when the run ended: "resets in" counts from it
    repeats: tuple[Repeat, ...] = ()
    units_spent: int = 0
    projects_used: list[str] = field(default_factory=list)
    message: str | None = None
    stop_error: YtrixError | None = None
    reset_at: datetime | None = None
    superseded: str | None = None

    @property
    def exit_code(self) -> ExitCode:
        return RUN_EXIT[self.state]

    @property
    def creation_limited(self) -> bool:
        """Paused by the channel's new-playlist limit (not by quota)."""
        return self.state == "paused" and getattr(self.stop_error, "code", "") == (
            "playlist_creation_limit"
        )

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for task in self.tasks:
            counts[task.status] = counts.get(task.status, 0) + 1
        return counts

    @property
    def summary(self) -> str:
        return summary_line(self.counts)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "command": "plists2mlists",
            "dry_run": False,
            "batch_id": self.batch.batch_id,
            "file": self.batch.file,
            "state": self.state,
            "summary": self.summary,
            "counts": self.counts,
            "tasks": [task_json(t) for t in self.tasks],
            "failures": [task_json(t) for t in self.tasks if t.status == FAILED],
            "repeated_lines": [r.to_json() for r in self.repeats],
            "units_spent": self.units_spent,
            "units_spent_total": sum(t.units for t in self.tasks) + self.batch.overhead_units,
            "projects_used": self.projects_used,
            "message": self.message,
            "resume_command": self.resume if self.state != "completed" else None,
            "superseded_batch": self.superseded,
        }
        if self.reset_at is not None:
            data["reset_at"] = clock.iso(self.reset_at)
            data["resets_in_seconds"] = int(clock.seconds_until_reset(self.as_of))
        if self.state != "completed":
            code = {"paused": "quota_exhausted", "failed": "partial_failure"}.get(
                self.state, "auth_needed" if self.state == "auth" else "interrupted"
            )
            if self.creation_limited:
                code = "playlist_creation_limit"
                assert self.stop_error is not None
                data["playlist_creation_limit"] = self.stop_error.payload()
            hint = f"Resume with: {self.resume}"
            if self.stop_error is not None and self.stop_error.hint and self.state == "auth":
                hint = f"{self.stop_error.hint} Then resume with: {self.resume}"
            data["error"] = {
                "code": code,
                "message": self.message or self.summary,
                "hint": hint,
                "exit_code": int(self.exit_code),
            }
        return data


# -- the plan (--dry-run) --------------------------------------------------------------------
@dataclass(frozen=True)
class QuotaPlan:
    """Units needed, what the eligible projects have left today, and days needed
    (None: no project can write)."""

    units_needed: int
    units_left_today: int
    daily_capacity: int
    days_needed: int | None
    projects: tuple[str, ...]
    reset_at: str

    def to_json(self) -> dict[str, Any]:
        names = "units_needed units_left_today daily_capacity days_needed projects reset_at"
        return pick(self, names) | {"projects": list(self.projects)}


@dataclass(frozen=True)
class CreationPlan:
    """New playlists needed against the channel's budget: how many fit now, and the
    days they take (the budget refills over a rolling 24 h)."""

    creations_needed: int
    budget: BudgetStatus

    @property
    def days_needed(self) -> int:
        creates, left = self.creations_needed, self.budget.left
        if creates <= 0:
            return 0
        if creates <= left:
            return 1
        return (1 if left > 0 else 0) + math.ceil((creates - left) / self.budget.limit)

    def to_json(self) -> dict[str, Any]:
        budget = self.budget
        next_at = clock.iso(budget.next_at) if budget.next_at else None
        needed = {"creations_needed": self.creations_needed, "limit": budget.limit}
        return needed | {
            "made_last_24h": budget.made,
            "left_now": budget.left,
            "next_possible_at": next_at,
            "days_needed": self.days_needed,
            "channel": budget.channel,
        }


def quota_plan(pool: Pool, units: int) -> QuotaPlan:
    """Units needed, what the eligible projects have left today, and days needed."""
    eligible = {p.name for p in pool.eligible}
    statuses = [s for s in pool.status_summary() if s.name in eligible]
    left = sum(usable_units(s, write=True) // INSERT_COST * INSERT_COST for s in statuses)
    daily = sum(
        max(0, s.daily_quota - s.reserve) // INSERT_COST * INSERT_COST
        for s in statuses
        if s.state in ("available", "exhausted")
    )
    days: int | None
    if units <= 0:
        days = 0
    elif units <= left:
        days = 1
    elif daily <= 0:
        days = None
    else:
        days = (1 if left > 0 else 0) + math.ceil((units - left) / daily)
    return QuotaPlan(
        units_needed=units,
        units_left_today=left,
        daily_capacity=daily,
        days_needed=days,
        projects=tuple(sorted(eligible)),
        reset_at=clock.iso(pool.clock.next_reset()),
    )


def creation_plan(pool: Pool, creates: int) -> CreationPlan:
    """New playlists needed against the channel's current budget."""
    return CreationPlan(creates, pool.creations.status())


def combined_days(quota: QuotaPlan, creations: CreationPlan) -> int | None:
    """Days the batch takes: the larger of what units and new playlists allow."""
    units_days = quota.days_needed
    return None if units_days is None else max(units_days, creations.days_needed)

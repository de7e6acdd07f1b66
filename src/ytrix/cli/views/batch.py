"""How a batch looks: its progress on stderr (one bar over the tasks, `3/12
playlists`, the videos added and units spent so far, one line per finished task above
it), the countdown of a `--wait` for the quota reset, and its plan, run report and
status as lines on stdout.

The bar draws only on a terminal and never with --quiet; task lines and the
countdown are chatter (hidden by --quiet). stdout keeps only the result.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ytrix.batch.report import plural, resume_command
from ytrix.batch.status import CHANNEL_CREATIONS_PER_DAY
from ytrix.batch.store import COMPLETED, FAILED, SKIPPED, TASK_STATES, TO_RUN, Task
from ytrix.core import clock
from ytrix.core.wording import units
from ytrix.sources.listfile import repeat_sentences
from ytrix.sources.models import playlist_url

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from ytrix.batch.dryrun import BatchPlan, PlanEntry
    from ytrix.batch.report import CreationPlan, QuotaPlan, RunReport
    from ytrix.batch.status import BatchStatus
    from ytrix.batch.worker import BatchBars
    from ytrix.cli.console import Console

NON_TTY_EVERY = 900.0  # a countdown line every 15 minutes when stderr is a file


class _VideoTracker:
    def __init__(self, owner: BatchProgress):
        self._owner = owner

    def advance(self, count: int = 1) -> None:
        self._owner.advance_videos(count)


class BatchProgress:
    def __init__(self, console: Console, total: int, done: int, units: Callable[[], int]):
        self.console = console
        self.total = total
        self.done = done
        self.videos = 0
        self._units = units
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        console = self.console
        if console.quiet or not console.stderr_console().is_terminal or self.total <= 0:
            return self
        from ytrix.cli.views.progress import new_bar

        fields = "playlists, {task.fields[videos]} videos, {task.fields[units]} units"
        self._bar = new_bar(console, "Batch", fields, transient=True)
        self._bar.start()
        self._task = self._bar.add_task(
            "batch", total=self.total, completed=self.done, **self._fields()
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _fields(self) -> dict[str, Any]:
        return {"videos": f"{self.videos:,}", "units": f"{self._units():,}"}

    def _refresh(self, advance: int = 0) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=advance, **self._fields())

    def advance_videos(self, count: int = 1) -> None:
        with self._lock:
            self.videos += count
            self._refresh()

    def video_tracker(self) -> _VideoTracker:
        return _VideoTracker(self)

    def task_done(self, line: str) -> None:
        with self._lock:
            self.done += 1
            self.console.info(f"[{self.done}/{self.total}] {line}")
            self._refresh(1)


def hms(seconds: float) -> str:
    total = max(0, int(seconds + 0.999))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


class ResetCountdown:
    """A `--wait` for the quota reset on stderr: one line redrawn in place on a
    terminal, a line every 15 minutes when stderr is a file, nothing with --quiet."""

    def __init__(self, console: Console):
        self.console = console
        self._last_line = float("-inf")  # seconds left at the last line written to a file

    def tick(self, seconds_left: float) -> None:
        if self.console.quiet:
            return
        if sys.stderr.isatty():
            self.console.raw_stderr(
                f"\rWaiting for the quota reset: {hms(seconds_left)} left "
                "(Ctrl-C stops; the batch stays resumable) "
            )
        elif self._last_line == float("-inf") or self._last_line - seconds_left >= NON_TTY_EVERY:
            self.console.info(f"Waiting for the quota reset: {hms(seconds_left)} left")
            self._last_line = seconds_left

    def end(self) -> None:
        if not self.console.quiet and sys.stderr.isatty():
            self.console.raw_stderr("\n")
        self._last_line = float("-inf")  # the next wait starts with a line


class RunProgress:
    """The batch's progress on `console`: a bar for each pass over the tasks, and the
    countdown of a `--wait`."""

    def __init__(self, console: Console):
        self.console = console
        self.countdown = ResetCountdown(console)

    def __call__(self, total: int, done: int, units: Callable[[], int]) -> BatchProgress:
        return BatchProgress(self.console, total, done, units)


def batch_bars(console: Console) -> BatchBars:
    """The batch's progress on `console`, for `run_batch`."""
    return RunProgress(console)


# -- lines on stdout ----------------------------------------------------------------------
def _copied(task: Task) -> str:
    plan = task.plan_data
    added = plural(task.videos_added, "video")
    if plan.action == "update":
        return f"topped up your playlist {plan.title!r} with {added}"
    return added


def _skips(task: Task) -> str:
    """` (1 deleted, 1 private not copied)` for a task that skipped videos."""
    skipped = task.plan_data.skipped or ()
    if not skipped:
        return ""
    reasons: dict[str, int] = {}
    for entry in skipped:
        reasons[entry["reason"]] = reasons.get(entry["reason"], 0) + 1
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    return f" ({detail} not copied)"


def failure_lines(tasks: list[Task], resume: str) -> list[str]:
    lines = []
    for task in tasks:
        if task.status != FAILED:
            continue
        where = f"line {task.line}, " if task.line else ""
        project = f"project {task.project}" if task.project else "no project"
        label = task.source_title or task.source
        lines.append(f"  {label} ({where}{project}): {task.error_message}")
        lines.append(f"    Next: {task.error_hint or 'Re-run with --verbose for details.'}")
    if lines:
        lines.append(f"  Failed playlists are retried by: {resume}")
    return lines


def run_lines(report: RunReport) -> list[str]:
    """A run's report: one line per task, repeats, the summary, failures, spend."""
    out = [f"Batch {report.batch.batch_id} ({report.file_arg}):"]
    for task in report.tasks:
        label = task.source_title or task.source
        target = f" → {playlist_url(task.target_playlist_id)}" if task.target_playlist_id else ""
        detail = {
            COMPLETED: _copied(task) + _skips(task),
            SKIPPED: task.error_message or "skipped",
            FAILED: f"failed ({task.error_category})",
        }.get(task.status, task.status)
        out.append(f"  {task.seq:>3}. {label}: {detail}{target}")
    out.extend(f"  {sentence}" for sentence in repeat_sentences(report.repeats))
    out.append(report.summary)
    out.extend(failure_lines(report.tasks, report.resume))
    projects = ", ".join(report.projects_used) or "none"
    out.append(f"Quota: {units(report.units_spent)} spent this run (projects: {projects})")
    if report.creation_limited and report.message:
        out.append(report.message)
    elif report.state == "paused":
        # The full pause notice went to stderr the moment it happened.
        out.append(f"Paused until the quota reset. Resume with: {report.resume}")
    elif report.message and report.state != "completed":
        out.append(report.message)
    return out


def plan_lines(plan: BatchPlan) -> list[str]:
    """A dry run's plan: one line per source, repeats, the quota plan."""
    lines = [f"Plan for {plan.file}: {len(plan.tasks)} playlists"]
    lines += [plan_entry_line(entry) for entry in plan.tasks]
    lines += [f"  {sentence}" for sentence in repeat_sentences(plan.repeats)]
    lines.append(quota_plan_line(plan.quota))
    lines.append(creation_plan_line(plan.creations))
    days = plan.days_needed
    if days is not None and days > 1:
        lines.append(f"Days needed: {days} (the larger of the quota's and the new playlists')")
    lines.append(f"Reading the sources cost {plan.units_spent:,} units; nothing was written.")
    return lines


def creation_plan_line(plan: CreationPlan) -> str:
    head = (
        f"New playlists: {plan.creations_needed} to create; channel limit "
        f"{plan.budget.limit} per 24 h ({plan.budget.made} made in the last 24 h)"
    )
    days = plan.days_needed
    if days > 1:
        return f"{head}; needs {days} days (resume after each pause)"
    return head + ("; fits now" if days == 1 else "")


def quota_plan_line(plan: QuotaPlan) -> str:
    projects = ", ".join(plan.projects)
    days = plan.days_needed
    if days is None:
        need = "no project can write (check `ytrix projects`)"
    elif days <= 1:
        need = "fits today" if days == 1 else "nothing to write"
    else:
        need = f"needs {days} days ({plan.daily_capacity:,} units per day; resume after each reset)"
    return (
        f"Quota plan: {plan.units_needed:,} units; {plan.units_left_today:,} left today "
        f"across {projects}; {need}"
    )


def plan_entry_line(entry: PlanEntry) -> str:
    head = f"  {entry.seq:>3}. {entry.title or entry.source}"
    action = entry.action
    if action == "error":
        return f"{head}: cannot read ({entry.error})"
    extra = f" ({entry.unavailable} unavailable skipped)" if entry.unavailable else ""
    cost = f" — {entry.units:,} units"
    match = entry.match
    title = match.playlist.title if match is not None else None
    if action == "skip":
        return f"{head}: skip — exact duplicate of your playlist {title!r}"
    if action == "empty":
        return f"{head}: skip — no available videos{extra}"
    if action == "update":
        overlap = round(match.overlap, 4) if match is not None else 0
        return (
            f"{head}: top up your playlist {title!r} (holds "
            f"{overlap:.0%}): add {plural(entry.inserts, 'video')}{extra}{cost}"
        )
    if action == "resume":
        return f"{head}: continue the copy: {entry.inserts} videos left{extra}{cost}"
    return f"{head}: create with {plural(entry.inserts, 'video')}{extra}{cost}"


def status_lines(status: BatchStatus) -> list[str]:
    batch, counts = status.batch, status.counts
    out = [f"Batch {batch.batch_id}: {batch.state} — {batch.file}"]
    if batch.state in ("paused", "interrupted", "failed", "running"):
        if batch.resume_at and batch.state == "paused":
            left = (clock.parse_iso(batch.resume_at) - status.as_of).total_seconds()
            out.append(
                f"  Paused ({batch.pause_reason}); quotas reset at 00:00 Pacific "
                f"(in {clock.format_duration(max(0.0, left))})"
            )
        out.append(f"  Resume with: {resume_command(batch.file_arg)}")
    states = ", ".join(f"{counts[s]} {s}" for s in TASK_STATES if counts.get(s))
    out.append(f"  Tasks: {len(status.tasks)} ({states})")
    projects = ", ".join(status.projects_used) or "none"
    out.append(f"  Units spent: {status.units_spent:,} (projects: {projects})")
    eta = status.eta()
    if eta.units_remaining:
        about = "about " if eta.estimated else ""
        when = ""
        if eta.eta_seconds is not None and eta.days_needed > 1:
            eta_text = clock.format_duration(eta.eta_seconds)
            when = f", ETA {eta_text} ({eta.days_needed} days)"
        elif eta.eta_seconds is not None:
            when = (
                f", ETA {clock.format_duration(eta.eta_seconds)} at the current pace "
                f"({eta.units_per_minute or 0:,} units/min)"
            )
        out.append(f"  Remaining: {about}{eta.units_remaining:,} units{when}")
        if eta.quota_days_needed and eta.quota_days_needed > 1:
            out.append(
                f"  Quota: needs {eta.quota_days_needed} days at today's capacity "
                "(resume after each 00:00 Pacific reset, or use --wait)"
            )
        if eta.creations_left > CHANNEL_CREATIONS_PER_DAY:
            days = math.ceil(eta.creations_left / CHANNEL_CREATIONS_PER_DAY)
            out.append(
                f"  New playlists: {eta.creations_left} to create; YouTube lets a channel "
                f"create about {CHANNEL_CREATIONS_PER_DAY} a day, so {days} days"
            )
    for task in status.tasks:
        if status.pending_only and task.status not in TO_RUN:
            continue
        label = task.source_title or task.source
        extra = f" [{task.project}]" if task.project else ""
        error = f": {task.error_message}" if task.status == FAILED else ""
        out.append(f"  {task.seq:>4}. {task.status:<11} {label}{extra}{error}")
    if status.failures:
        out.append("Failures by project:")
        out.extend(f"  {f.sentence}" for f in status.failures)
    if status.others:
        out.append(f"Other batches: {len(status.others)} (`journal_status --batch ID` shows one)")
    return out

"""`plists2mlists FILE`: copy every playlist a file lists, one task each, journaled so
the batch survives anything.

- The file is checked first (exit 2 naming the file and line; nothing is written).
- A new run starts a batch; `--resume` takes the latest unfinished batch of that file
  (`--batch ID` a given one) and refuses when the file changed since (hash).
- When every project's quota is spent the batch pauses (exit 3) with the reset time
  and the resume command, or with `--wait` sleeps until the reset and carries on.
- SIGINT / SIGTERM stop after the write in flight (exit 130); after a SIGKILL the next
  `--resume` reconciles the write in flight and resumes the task.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from ytrix.batch.control import StopControl, batch_lock, wait_for_reset
from ytrix.batch.report import RunReport, pause_message, resume_command
from ytrix.batch.select import BatchRequest, Selection
from ytrix.batch.store import (
    BATCH_COMPLETED,
    BATCH_FAILED,
    BATCH_INTERRUPTED,
    BATCH_PAUSED,
    BATCH_RUNNING,
    BATCH_SUPERSEDED,
    COMPLETED,
    FAILED,
    PAUSED,
    SKIPPED,
    TO_RUN,
    BatchJournal,
    NewTask,
)
from ytrix.batch.task import Shared, build_deps
from ytrix.batch.worker import BatchBars, RunStop, TaskRunner
from ytrix.channel.creations import CreationLimitReached
from ytrix.copy.plan import job_state
from ytrix.copy.playlists import copy_job
from ytrix.core.clock import iso
from ytrix.core.errors import ExitCode, StorageError, UsageError, YtrixError
from ytrix.sources.listfile import repeat_sentences
from ytrix.sources.models import SourceMode
from ytrix.storage import open_state

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.core.clock import Clock
    from ytrix.core.notify import Notices
    from ytrix.core.paths import Paths
    from ytrix.quota.pool import Pool


class BatchInterrupted(YtrixError):
    """A second Ctrl-C stopped the batch at once (exit 130)."""

    code = "interrupted"
    exit_code = ExitCode.INTERRUPTED


# -- the run ------------------------------------------------------------------------------------
def _start(journal: BatchJournal, selection: Selection, notices: Notices) -> str:
    if selection.batch is not None:
        return selection.batch.batch_id
    source_file = selection.source_file
    old = selection.superseded
    tasks = [NewTask(s.ref.playlist_id, s.line, copy_job(s.ref, None)) for s in source_file.sources]
    options = {**selection.options.to_json(), "file_arg": selection.file_arg}
    batch_id = journal.create(source_file.path, source_file.digest, options, tasks)
    if old is not None:
        journal.set_state(old.batch_id, BATCH_SUPERSEDED)
        notices.notice(
            f"Batch {old.batch_id} for this file was unfinished; batch {batch_id} takes over "
            "(work already done is found and not repeated)."
        )
    return batch_id


def _seed_outputs(journal: BatchJournal, deps: Deps, batch_id: str, shared: Shared) -> None:
    """Playlists this batch made or fills, as far as the journals know."""
    for task in journal.tasks(batch_id):
        shared.sources.add(task.source)
        if task.target_playlist_id and task.plan_data.action not in ("skip", None):
            shared.outputs.add(task.target_playlist_id)
        shared.outputs.update(job_state(task.job, deps.journal.ops(task.job)).parts.values())


def report_complete(
    paths: Paths, clock: Clock, selection: Selection, request: BatchRequest
) -> RunReport:
    """The report of a batch that had already finished when --resume asked for it: exit
    0 with a notice (its `message`), so a cron job that resumes every night stays green."""
    assert selection.batch is not None and selection.complete
    batch = selection.batch
    message = f"Batch {batch.batch_id} is already complete: nothing to resume."
    journal = BatchJournal(open_state(paths, clock))
    try:
        tasks = journal.tasks(batch.batch_id)
    finally:
        journal.close()
    return RunReport(
        batch=batch,
        tasks=tasks,
        state="completed",
        file_arg=selection.file_arg,
        resume=resume_command(selection.file_arg, request.user),
        as_of=clock.now(),
        projects_used=list(batch.projects),
        message=message,
    )


def run_batch(
    base: Pool, paths: Paths, selection: Selection, request: BatchRequest, bars: BatchBars
) -> RunReport:
    """Run (or resume) the selected batch; what it tells the user on the way goes to the
    pool's notices, its progress (a `--wait` for the reset too) to `bars`."""
    source = selection.source_file
    with (
        batch_lock(paths.base / "locks", source.path),
        open_state(paths, base.clock).hold(f"batch-file:{source.digest}") as held,
    ):
        if not held:  # a machine sharing the state through PostgreSQL runs it
            raise UsageError(
                f"A batch of {source.path} is already running on another machine",
                "Wait for it to finish there (`ytrix journal_status` shows its progress), "
                "or stop it and run this again with --resume.",
            )
        return _run_batch(base, paths, selection, request, bars)


def _run_batch(
    base: Pool, paths: Paths, selection: Selection, request: BatchRequest, bars: BatchBars
) -> RunReport:
    notices = base.notices
    journal = BatchJournal(open_state(paths, base.clock))
    batch_id = _start(journal, selection, notices)
    resume = resume_command(selection.file_arg, request.user)
    mode = SourceMode(selection.options.source)
    deps = build_deps(base, batch_id, mode)
    shared = Shared(selection.options)
    control = StopControl(notices)
    run_units, projects = 0, set[str]()
    started, waited = time.monotonic(), 0.0
    stop: RunStop | None = None
    lost = False
    journal.set_state(batch_id, BATCH_RUNNING)
    for sentence in repeat_sentences(selection.source_file.repeats):
        notices.notice(sentence)
    try:
        _seed_outputs(journal, deps, batch_id, shared)
        with control.signals():
            while True:
                stop, units, used = _cycle(
                    journal, base, batch_id, deps, shared, control, mode, request.jobs, bars
                )
                run_units += units
                projects |= used
                waits = ("quota", "creation")
                if stop is None or stop.kind not in waits or not request.wait or control.stopped:
                    break
                error: Any = stop.error
                notices.notice(_pause(journal, batch_id, error, resume, waiting=True))
                wait_from = time.monotonic()
                woke = wait_for_reset(error.reset_at, base.clock, control, bars.countdown)
                waited += time.monotonic() - wait_from  # waiting is not active time
                if not woke:
                    stop = RunStop("interrupted")
                    break
                journal.set_state(batch_id, BATCH_RUNNING)
    except KeyboardInterrupt:
        journal.set_state(batch_id, BATCH_INTERRUPTED, "interrupted")
        raise BatchInterrupted("Interrupted", f"Resume with: {resume}") from None
    except StorageError:
        lost = True  # the state database is gone: no bookkeeping write can land
        raise
    finally:
        run_units += deps.pool.units_spent
        projects |= deps.pool.projects_used
        active = time.monotonic() - started - waited
        if not lost:
            journal.record_run(batch_id, active, deps.pool.units_spent, sorted(projects))
        deps.close()
    report = _finish(journal, batch_id, selection, stop, resume, control, run_units, projects)
    if report.message is not None:
        notices.notice(report.message)  # on stderr too, the moment the batch stops
    return report


def _cycle(
    journal: BatchJournal,
    base: Pool,
    batch_id: str,
    deps: Deps,
    shared: Shared,
    control: StopControl,
    mode: SourceMode,
    jobs: int,
    bars: BatchBars,
) -> tuple[RunStop | None, int, set[str]]:
    """Run every task still to do once; returns why it stopped (None: all done)."""
    from ytrix.core.errors import AuthNeeded
    from ytrix.youtube.errors import QuotaExhausted

    try:
        shared.refresh_own(deps)  # fresh after a pause: playlists made since are known
    except QuotaExhausted as error:
        return RunStop("quota", error), 0, set()
    except AuthNeeded as error:
        return RunStop("auth", error), 0, set()
    tasks = journal.tasks(batch_id)
    todo = [t for t in tasks if t.status in TO_RUN]
    done = sum(1 for t in tasks if t.status in (COMPLETED, SKIPPED))
    runner: TaskRunner | None = None
    with bars(len(tasks), done, lambda: runner.units_spent if runner else 0) as bar:
        runner = TaskRunner(journal, base, batch_id, shared, control, mode, bar)
        try:
            stop = runner.run(todo, jobs)
        finally:
            runner.close()
    return stop, runner.units_spent, runner.projects_used


def _pause(journal: BatchJournal, batch_id: str, error: Any, resume: str, *, waiting: bool) -> str:
    if isinstance(error, CreationLimitReached):
        tail = (
            "Waiting for that (--wait); Ctrl-C leaves a resumable batch."
            if waiting
            else f"Resume then with: {resume}"
        )
        waiting_tasks = sum(1 for t in journal.tasks(batch_id) if t.status == PAUSED)
        message = (
            f"{error.message}. Pausing: {waiting_tasks} playlist(s) wait for new "
            f"playlists; everything else is done. {tail}"
        )
        journal.set_state(batch_id, BATCH_PAUSED, "creation_limit", iso(error.next_at))
    else:
        why = (
            "Waiting for the reset (--wait); Ctrl-C leaves a resumable batch."
            if waiting
            else f"Resume with: {resume}"
        )
        project = getattr(error, "project", None)
        message = pause_message(error.reset_at, project, why, journal.clock.now())
        journal.set_state(batch_id, BATCH_PAUSED, "quota", iso(error.reset_at))
    return message


def _finish(
    journal: BatchJournal,
    batch_id: str,
    selection: Selection,
    stop: RunStop | None,
    resume: str,
    control: StopControl,
    units: int,
    projects: set[str],
) -> RunReport:
    tasks = journal.tasks(batch_id)
    message: str | None = None
    reset_at = None
    if stop is None:
        failed = any(t.status == FAILED for t in tasks)
        state = "failed" if failed else "completed"
        journal.set_state(batch_id, BATCH_FAILED if failed else BATCH_COMPLETED)
    elif stop.kind in ("quota", "creation"):
        state = "paused"
        error: Any = stop.error
        reset_at = error.reset_at
        message = _pause(journal, batch_id, error, resume, waiting=False)
    elif stop.kind == "auth":
        state = "auth"
        assert stop.error is not None
        fix = stop.error.hint or "Fix the credentials."  # names `ytrix projects_auth`
        message = f"{stop.error.message}. Paused. {fix} Then resume with: {resume}"
        journal.set_state(batch_id, BATCH_PAUSED, "auth")
    else:
        state = "interrupted"
        why = control.signal_name or "interrupted"
        message = f"Stopped ({why}) after the write in flight. Resume with: {resume}"
        journal.set_state(batch_id, BATCH_INTERRUPTED, why)
    batch = journal.get(batch_id)
    assert batch is not None
    journal.close()
    return RunReport(
        batch=batch,
        tasks=tasks,
        state=state,
        file_arg=selection.file_arg,
        resume=resume,
        as_of=journal.clock.now(),
        repeats=selection.source_file.repeats,
        units_spent=units,
        projects_used=sorted(projects),
        message=message,
        stop_error=stop.error if stop else None,
        reset_at=reset_at,
        superseded=selection.superseded.batch_id if selection.superseded else None,
    )

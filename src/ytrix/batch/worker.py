"""Running a batch's tasks: one task per source playlist, `--jobs N` of them at once,
each planned and copied by the commands' target flow (`copy/target.py`) under the
task's job key.

A task's row moves pending -> in_progress -> completed | skipped | failed, or paused
when the batch stops (quota gone, a signal, dead credentials). Between two writes a
worker checks whether to stop, so a stop always falls between writes, each recorded.
Quota stops never count as failures or retries: the task is paused and resumes where
it stopped. Units are charged to the task as they are spent (each worker thread has
its own pool), together with the project in use.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, Protocol

from ytrix.batch.control import Countdown, StopControl
from ytrix.batch.report import plural
from ytrix.batch.store import (
    COMPLETED,
    FAILED,
    IN_PROGRESS,
    PAUSED,
    SKIPPED,
    BatchJournal,
    Task,
)
from ytrix.batch.task import Shared, build_deps, plan_source, plan_summary
from ytrix.channel.creations import CreationLimitReached
from ytrix.copy.execute import CopyOutcome, StopRequested
from ytrix.copy.plan import CopyPlan, job_state
from ytrix.copy.report import TargetResult
from ytrix.core.clock import iso
from ytrix.core.errors import AuthNeeded, StorageError, YtrixError
from ytrix.core.logsetup import FILE_ONLY
from ytrix.core.progress import Tracker
from ytrix.sources.models import PlaylistRef
from ytrix.youtube.errors import ApiError, QuotaExhausted

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.quota.pool import Pool
    from ytrix.sources.models import SourceMode

log = logging.getLogger(__name__)


class BatchEvents(Protocol):
    """What a run reports as it goes (the CLI draws it: `cli/views/batch.py`)."""

    def task_done(self, line: str) -> None: ...

    def video_tracker(self) -> Tracker: ...


class BatchBars(Protocol):
    """How a run shows its progress (the CLI draws it)."""

    def __call__(
        self, total: int, done: int, units: Callable[[], int]
    ) -> AbstractContextManager[BatchEvents]:
        """Opens the events of a run over `total` tasks, `done` of them finished before."""

    @property
    def countdown(self) -> Countdown:
        """Shows a `--wait` for the quota reset."""


@dataclass
class RunStop:
    """Why a run stopped before every task was done."""

    kind: Literal["quota", "interrupted", "auth", "creation"]
    error: YtrixError | None = None


@dataclass
class UnitMeter:
    """Charges a task's row with the units its thread's pool spent, as they are spent."""

    journal: BatchJournal
    task: Task
    pool: Pool
    flushed: int = field(init=False)

    def __post_init__(self) -> None:
        self.flushed = self.pool.units_spent

    def flush(self) -> None:
        spent = self.pool.units_spent
        if spent != self.flushed:
            self.journal.add_units(
                self.task.batch_id, self.task.seq, spent - self.flushed, self.pool.last_project
            )
            self.flushed = spent


def error_category(error: YtrixError) -> str:
    if isinstance(error, ApiError):
        return error.reason or (f"http_{error.status}" if error.status else error.code)
    return error.code


class TaskRunner:
    def __init__(
        self,
        journal: BatchJournal,
        base: Pool,
        batch_id: str,
        shared: Shared,
        control: StopControl,
        mode: SourceMode,
        progress: BatchEvents,
    ):
        self.journal = journal
        self.base = base
        self.clock = base.clock
        self.batch_id = batch_id
        self.shared = shared
        self.control = control
        self.mode = mode
        self.progress = progress
        self.stop: RunStop | None = None
        self._halt = threading.Event()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._all_deps: list[Deps] = []
        self._crash: BaseException | None = None
        # The channel may make no new playlist for now: tasks that need one wait
        # (paused) while the others go on filling playlists that exist.
        self.deferred: CreationLimitReached | None = None

    # -- bookkeeping ------------------------------------------------------------------
    def deps(self) -> Deps:
        deps: Deps | None = getattr(self._local, "deps", None)
        if deps is None:
            deps = build_deps(self.base, self.batch_id, self.mode)
            self._local.deps = deps
            with self._lock:
                self._all_deps.append(deps)
        return deps

    @property
    def units_spent(self) -> int:
        return sum(d.pool.units_spent for d in self._all_deps)

    @property
    def projects_used(self) -> set[str]:
        return {p for d in self._all_deps for p in d.pool.projects_used}

    def close(self) -> None:
        for deps in self._all_deps:
            deps.close()

    def check(self) -> None:
        if self._halt.is_set():
            raise StopRequested
        self.control.check()

    def _halt_with(self, stop: RunStop) -> None:
        with self._lock:
            if self.stop is None:
                self.stop = stop
        self._halt.set()

    # -- scheduling --------------------------------------------------------------------
    def run(self, tasks: list[Task], jobs: int) -> RunStop | None:
        queue = deque(tasks)

        def worker() -> None:
            try:
                while not (self._halt.is_set() or self.control.stopped):
                    with self._lock:
                        if not queue:
                            return
                        task = queue.popleft()
                    self.run_task(task)
            except BaseException as exc:  # surfaced in the main thread
                with self._lock:
                    self._crash = self._crash or exc
                self._halt.set()

        count = max(1, min(jobs, len(tasks)))
        if count == 1:
            worker()
        else:
            threads = [
                threading.Thread(target=worker, name=f"ytrix-batch-{n}", daemon=True)
                for n in range(count)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                while thread.is_alive():
                    thread.join(0.2)
        if self._crash is not None:
            raise self._crash
        if self.stop is None and self.control.stopped:
            self.stop = RunStop("interrupted")
        if self.stop is None and self.deferred is not None:
            self.stop = RunStop("creation", self.deferred)
        return self.stop

    # -- one task ----------------------------------------------------------------------
    def run_task(self, task: Task) -> None:
        journal, seq = self.journal, task.seq
        deps = self.deps()
        pool = deps.pool
        journal.update_task(
            self.batch_id,
            seq,
            status=IN_PROGRESS,
            started_at=task.started_at or iso(self.clock.now()),
            error_category=None,
            error_message=None,
            error_hint=None,
        )
        meter = UnitMeter(journal, task, pool)
        try:
            self.check()
            what = f"copying playlist {task.source}"
            with deps.claim("source", task.source, what, check=self.check) as held:
                if held.waited:  # another process worked on it: read what it made
                    self.shared.refresh_own(deps)
                self._copy(deps, task, meter)
        except StopRequested:
            self._finish(task, PAUSED)
        except QuotaExhausted as error:
            self._halt_with(RunStop("quota", error))
            self._finish(task, PAUSED)
        except CreationLimitReached as error:
            with self._lock:
                self.deferred = error
            self._finish(task, PAUSED)
            self.base.notices.info(
                f"Deferred (needs a new playlist): {task.source_title or task.source}"
            )
        except AuthNeeded as error:
            self._halt_with(RunStop("auth", error))
            self._finish(task, PAUSED)
        except StorageError:
            raise  # the state database is gone: stop the whole run (resumable)
        except YtrixError as error:
            self._fail(task, error, error.project or pool.last_project)
        except Exception as error:
            # The trace goes to the log file (and to stderr with --verbose); the task's
            # failure line says what happened.
            log.error("batch task %s failed unexpectedly", seq, exc_info=True, extra=FILE_ONLY)
            wrapped = YtrixError(
                f"unexpected error: {type(error).__name__}: {error}",
                "Re-run with --verbose (details are in the log) and please report it.",
            )
            wrapped.code = "unexpected"
            self._fail(task, wrapped, pool.last_project)
        finally:
            meter.flush()

    def _finish(self, task: Task, status: str, **fields: object) -> None:
        self.journal.update_task(self.batch_id, task.seq, status=status, **fields)

    def _fail(self, task: Task, error: YtrixError, project: str | None) -> None:
        if not isinstance(error, ApiError):  # API errors are in the ledger already
            missing = error.code == "source_not_found"
            self.base.ledger.record_failure(
                project or "none",
                "playlists.list" if missing else "playlist copy",
                404 if missing else None,
                "playlistNotFound" if missing else error.code,
                error.message,
                self.clock.now(),
                batch_id=self.batch_id,
            )
        self._finish(
            task,
            FAILED,
            project=project,
            error_category=error_category(error),
            error_message=error.message,
            error_hint=error.hint,
            attempts=task.attempts + 1,
            finished_at=iso(self.clock.now()),
        )
        label = task.source_title or task.source
        self.progress.task_done(f"Failed: {label}: {error.message}")

    def _copy(self, deps: Deps, task: Task, meter: UnitMeter) -> None:
        info, plan = plan_source(deps, self.shared, PlaylistRef(task.source), task.job)
        units_before = task.units + meter.pool.units_spent - meter.flushed
        summary = plan_summary(plan, info, units_before, deps.reader.via.get(task.source))
        self.journal.update_task(
            self.batch_id, task.seq, source_title=info.title, plan=json.dumps(summary.to_json())
        )
        label = info.title or task.source
        if plan.action in ("skip", "empty"):
            match = plan.match
            target = match.playlist.playlist_id if match is not None else None
            why = (
                f"already in your channel as {match.playlist.title!r}"
                if match is not None
                else "no available videos"
            )
            self._finish(
                task,
                SKIPPED,
                target_playlist_id=target,
                videos_skipped=len(plan.skipped),
                error_message=why,
                finished_at=iso(self.clock.now()),
            )
            deps.remember_mirror(TargetResult(plan).parts, [task.source], "batch")
            self.progress.task_done(f"Skipped {label!r}: {why}")
            return
        current = plan.current.playlist_id if plan.current is not None else None
        if current is not None:
            self.journal.update_task(self.batch_id, task.seq, target_playlist_id=current)
            self.shared.touched(current)
        self.check()  # a stop asked for while reading: no new write starts
        outcome = self._execute(deps, task, plan, meter)
        done = job_state(plan.job, deps.journal.ops(plan.job)).done
        target = current or (outcome.parts[0].playlist_id if outcome.parts else None)
        skipped = tuple(s.to_json() for s in (*plan.skipped, *outcome.skipped))
        summary = replace(  # which videos were not copied, and why
            summary, skipped=skipped, playlists=tuple(p.playlist_id for p in outcome.parts)
        )
        deps.remember_mirror(TargetResult(plan, outcome).parts, [task.source], "batch")
        self._finish(
            task,
            COMPLETED,
            plan=json.dumps(summary.to_json()),
            target_playlist_id=target,
            videos_added=len(done),
            videos_skipped=len(skipped),
            finished_at=iso(self.clock.now()),
        )
        verb = {"update": f"Topped up {plan.base_title!r} from", "resume": "Finished"}.get(
            plan.action, "Copied"
        )
        added = plural(len(outcome.added), "video")
        self.progress.task_done(f"{verb} {label!r}: {added} added")

    def _execute(self, deps: Deps, task: Task, plan: CopyPlan, meter: UnitMeter) -> CopyOutcome:
        """The commands' target flow, with the batch's bookkeeping at each write."""
        from ytrix.copy.target import execute_target

        touched: set[str] = set()
        recorded = task.target_playlist_id is not None or plan.current is not None

        def on_write(playlist_id: str) -> None:
            nonlocal recorded
            meter.flush()
            if playlist_id not in touched:
                touched.add(playlist_id)
                self.shared.touched(playlist_id)
                if not recorded:  # the playlist exists: the task row knows it now
                    self.journal.update_task(
                        self.batch_id, task.seq, target_playlist_id=playlist_id
                    )
                    recorded = True
            self.check()  # stop between writes, never in the middle of one

        current = plan.current.playlist_id if plan.current is not None else None
        with self.shared.writing(current):
            return execute_target(
                deps,
                plan,
                kind="batch",
                params={"batch": self.batch_id, "source": task.source},
                tracker=self.progress.video_tracker(),
                on_write=on_write,
            )

"""`ytrix sync`: bring mirrors up to date with their sources.

Per mirror: read the source(s) fresh (never the read cache) and the target's items
(exact, with item IDs), plan the fewest writes (`sync.plan`), and write them with the
one item writer (`yamlsync.items`) under the job `sync:<target>`: every write is
journaled, an ambiguous answer is reconciled by a read, and a run killed at any
point is finished by the next run, which plans again from what YouTube holds.

Mirrors run least recently synced first. When every project's quota is spent the
sync stops (exit 3, with the reset time): the mirror it was writing keeps its old
"last synced" time, so the next `ytrix sync` starts with it and with the ones not
reached. Unavailable videos are reported and are not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ytrix.copy.plan import PLAYLIST_MAX_ITEMS, prepare_entries
from ytrix.core.errors import AuthNeeded, ExitCode, UsageError, YtrixError
from ytrix.core.journal import job_key
from ytrix.sources.models import PlaylistRef, VideoEntry
from ytrix.sources.reader import SourceNotFound
from ytrix.sync.plan import MirrorPlan, plan_mirror
from ytrix.yamlsync.diff import LiveItem
from ytrix.yamlsync.items import ItemCounts, ItemWriter, next_run
from ytrix.youtube.errors import ApiError, QuotaExhausted

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.core.mirrors import Mirror, MirrorStore

JOB_KIND = "sync"


@dataclass(frozen=True)
class SyncRequest:
    targets: tuple[str, ...] = ()  # playlist IDs; empty with all_mirrors
    all_mirrors: bool = False
    prune: bool = False
    reorder: bool = True
    dry_run: bool = False


@dataclass
class MirrorResult:
    mirror: Mirror
    state: str  # planned | done | unchanged | paused | failed
    plan: MirrorPlan | None = None
    counts: ItemCounts | None = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "target": self.mirror.target,
            "sources": list(self.mirror.sources),
            "state": self.state,
            "plan": self.plan.to_json() if self.plan is not None else None,
            "applied": self.counts.to_json() if self.counts is not None else None,
            "error": self.error,
        }
        return data


@dataclass
class SyncReport:
    dry_run: bool
    results: list[MirrorResult] = field(default_factory=list)
    not_reached: list[Mirror] = field(default_factory=list)  # stopped before them
    stop: YtrixError | None = None  # quota or credentials: the run paused
    units_spent: int = 0
    projects_used: list[str] = field(default_factory=list)
    quota_per_day: int = 0  # the daily quota of the projects this run may use

    @property
    def state(self) -> str:
        if self.stop is not None:
            return "paused"
        return "failed" if any(r.state == "failed" for r in self.results) else "completed"

    @property
    def writes(self) -> int:
        return sum(r.counts.writes for r in self.results if r.counts is not None)

    @property
    def planned_writes(self) -> int:
        return sum(r.plan.items.writes for r in self.results if r.plan is not None)

    @property
    def planned_units(self) -> int:
        return sum(r.plan.items.units for r in self.results if r.plan is not None)

    @property
    def reset_at(self) -> datetime | None:
        return self.stop.reset_at if isinstance(self.stop, QuotaExhausted) else None


def select_mirrors(store: MirrorStore, request: SyncRequest) -> list[Mirror]:
    """The mirrors to sync; an unknown target is a usage error before any call."""
    mirrors = store.all()
    if request.all_mirrors:
        if request.targets:
            raise UsageError("Give TARGET playlists or --all, not both")
        return mirrors
    if not request.targets:
        raise UsageError(
            "Missing TARGET", "Name the mirrors to sync (`ytrix mirrors` lists them), or --all."
        )
    by_target = {m.target: m for m in mirrors}
    unknown = [t for t in request.targets if t not in by_target]
    if unknown:
        raise UsageError(
            f"Not a mirror: {', '.join(unknown)}",
            "`ytrix mirrors` lists your mirrors; plist2mlist, plists2mlist and "
            "plists2mlists record them when they copy.",
        )
    return [by_target[t] for t in dict.fromkeys(request.targets)]


def sync_job(target: str) -> str:
    return job_key(JOB_KIND, target)


class Syncer:
    def __init__(self, deps: Deps, store: MirrorStore, request: SyncRequest):
        self.deps = deps
        self.store = store
        self.request = request

    def run(self, mirrors: list[Mirror]) -> SyncReport:
        report = SyncReport(self.request.dry_run)
        for index, mirror in enumerate(mirrors):
            stopped = MirrorResult(mirror, "paused")  # filled in as the mirror runs
            try:
                report.results.append(self._one(mirror, stopped))
            except (QuotaExhausted, AuthNeeded) as stop:
                report.results.append(stopped)  # with what it wrote before the stop
                report.stop = stop
                report.not_reached = mirrors[index + 1 :]
                break
        pool = self.deps.pool
        report.units_spent = pool.units_spent
        report.projects_used = sorted(pool.projects_used)
        report.quota_per_day = sum(p.daily_quota for p in pool.eligible)
        return report

    def plan(self, mirror: Mirror) -> MirrorPlan | str:
        """The mirror's plan from fresh reads, or why it cannot be synced."""
        deps = self.deps
        own = deps.own_by_id()
        target = own.get(mirror.target)
        if target is None:
            return (
                "the target playlist no longer exists (or is not yours); "
                f"`ytrix mirrors --forget {mirror.target}` stops syncing it"
            )
        entries: list[VideoEntry] = []
        for source in mirror.sources:
            ref = PlaylistRef(source)
            info = deps.reader.read_playlist(ref, own=own.get(source), fresh=True)
            entries.extend(info.entries)
        prepared = prepare_entries(entries)
        if len(prepared.video_ids) > PLAYLIST_MAX_ITEMS:
            return "the source holds more than 5,000 videos (one playlist's limit)"
        items = deps.gateway.list_items(target.playlist_id)
        live = [LiveItem(i.item_id, i.video_id) for i in items]
        request = self.request
        return plan_mirror(
            mirror,
            target.title,
            live,
            prepared.video_ids,
            prepared.skipped,
            prune=request.prune,
            reorder=request.reorder,
        )

    def _one(self, mirror: Mirror, stopped: MirrorResult) -> MirrorResult:
        try:
            plan = self.plan(mirror)
        except (SourceNotFound, ApiError) as error:  # a source deleted or made private
            if _stops_the_run(error):
                raise
            plan = error.message
        if isinstance(plan, str):
            if not self.request.dry_run:
                self.store.synced(mirror.target, "failed", {"error": plan}, stamp=True)
            return MirrorResult(mirror, "failed", error=plan)
        if self.request.dry_run:
            return MirrorResult(mirror, "planned", plan)
        counts = ItemCounts()
        stopped.plan, stopped.counts = plan, counts
        state = "unchanged" if not plan.items.writes else "done"
        if plan.items.writes:
            try:
                self._write(mirror, plan, counts)
            except ApiError as error:  # this target refused (403, say): the others go on
                if _stops_the_run(error):
                    raise
                self.store.synced(mirror.target, "failed", {"error": error.message}, stamp=True)
                return MirrorResult(mirror, "failed", plan, counts, error=error.message)
        self.store.synced(mirror.target, "done", self._result(plan, counts), stamp=True)
        return MirrorResult(mirror, state, plan, counts)

    def _write(self, mirror: Mirror, plan: MirrorPlan, counts: ItemCounts) -> None:
        deps = self.deps
        job = sync_job(mirror.target)
        deps.journal.start_job(job, JOB_KIND, {"target": mirror.target})
        prefix = f"{job}:r{next_run(deps.journal, job)}"
        bar = deps.bars(
            plan.items.writes, f"Syncing {plan.title}", units=lambda: deps.pool.units_spent
        )
        try:
            with bar as tracker:
                writer = ItemWriter(deps.gateway, deps.journal, job, prefix, counts, tracker)
                writer.write(mirror.target, plan.live, plan.items)
        except BaseException:
            # keeps its old sync time: the next sync starts with this mirror
            self.store.synced(mirror.target, "paused", self._result(plan, counts), stamp=False)
            deps.journal.finish_job(job, "interrupted", counts.to_json())
            raise
        finally:
            deps.cache.invalidate_playlist(mirror.target)
        deps.journal.finish_job(job, "done", counts.to_json())

    @staticmethod
    def _result(plan: MirrorPlan, counts: ItemCounts) -> dict[str, Any]:
        return {
            "planned": plan.changes,
            "applied": counts.to_json(),
            "unavailable": [s.to_json() for s in plan.unavailable],
        }


def _stops_the_run(error: YtrixError) -> bool:
    """Credentials stop every mirror, not just this one."""
    return error.exit_code == ExitCode.AUTH_NEEDED


def sync_mirrors(deps: Deps, store: MirrorStore, request: SyncRequest) -> SyncReport:
    """Sync the selected mirrors; one sync writes at a time (a cron run and a manual
    one are not allowed to race on the same playlists)."""
    from ytrix.batch.control import process_lock

    mirrors = select_mirrors(store, request)
    syncer = Syncer(deps, store, request)
    if request.dry_run:
        return syncer.run(mirrors)
    with process_lock(
        deps.pool.paths.base / "locks",
        "sync",
        "Another `ytrix sync` is running",
        "Wait for it to finish; a re-run then has nothing left to repeat.",
    ):
        return syncer.run(mirrors)

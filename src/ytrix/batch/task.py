"""What one batch task needs: a pool of its own thread (so units and the last project
are counted per task, and failures are tagged with the batch), the state the workers
share (own playlists, dedup reads, the batch's own output), and planning one source
with `plan_copy` — the same planner `plist2mlist` uses.

A batch never dedups against its own output: playlists the batch's tasks created or
fill are excluded as dedup candidates, so the result does not depend on task order,
on `--jobs`, or on where a run was paused or killed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.batch.store import TaskPlan
from ytrix.copy.plan import CopyPlan, prepare_entries
from ytrix.quota.pool import Pool
from ytrix.sources.models import PlaylistInfo, PlaylistRef
from ytrix.youtube.models import Privacy

if TYPE_CHECKING:
    from ytrix.copy.target import Deps
    from ytrix.sources.models import SourceMode
    from ytrix.youtube.gateway import OwnPlaylist


def build_deps(base: Pool, batch_id: str | None, mode: SourceMode) -> Deps:
    from ytrix.copy.target import Deps

    pool = base.worker(batch_id)
    return Deps.build(pool, pool.paths, pool.profile.api, mode)


@dataclass(frozen=True)
class BatchOptions:
    privacy: Privacy = "private"
    dedup: bool = True
    source: str = "auto"

    def to_json(self) -> dict[str, Any]:
        return {"privacy": self.privacy, "dedup": self.dedup, "source": self.source}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchOptions:
        return cls(
            privacy=data.get("privacy", "private"),
            dedup=bool(data.get("dedup", True)),
            source=str(data.get("source", "auto")),
        )


@dataclass
class Shared:
    """What all workers of one run read: the user's playlists, the videos of dedup
    candidates (read once), the batch's own output, and per-playlist write locks."""

    options: BatchOptions
    own: list[OwnPlaylist] = field(default_factory=list)
    outputs: set[str] = field(default_factory=set)  # playlists the batch writes to
    sources: set[str] = field(default_factory=set)
    _items: dict[str, list[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _playlist_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _reading: dict[str, threading.Lock] = field(default_factory=dict)

    def refresh_own(self, deps: Deps) -> None:
        self.own = deps.own_playlists(refresh=True)

    def touched(self, playlist_id: str) -> None:
        """A write is about to change this playlist: it is batch output from now on."""
        with self._lock:
            self.outputs.add(playlist_id)
            self._items.pop(playlist_id, None)

    def excluded(self, playlist_id: str) -> bool:
        with self._lock:
            return playlist_id in self.outputs or playlist_id in self.sources

    def items(self, deps: Deps, playlist: OwnPlaylist) -> list[str]:
        """A candidate's videos, read once even when several workers want them."""
        key = playlist.playlist_id
        with self._lock:
            known = self._items.get(key)
            reading = self._reading.setdefault(key, threading.Lock())
        if known is not None:
            return known
        with reading:
            with self._lock:
                known = self._items.get(key)
            if known is None:
                known = deps.playlist_videos(playlist)
                with self._lock:
                    self._items[key] = known
        return known

    @contextmanager
    def writing(self, playlist_id: str | None) -> Iterator[None]:
        """Writes to one existing playlist are serialized across workers."""
        if playlist_id is None:
            yield
            return
        with self._lock:
            lock = self._playlist_locks.setdefault(playlist_id, threading.Lock())
        with lock:
            yield


@dataclass
class SharedView:
    """A worker's view for planning: the run's one read of the user's playlists and
    of candidates' videos, with the batch's own sources and output left out."""

    shared: Shared
    deps: Deps

    def own(self) -> list[OwnPlaylist]:
        return self.shared.own

    def items(self, playlist: OwnPlaylist) -> list[str]:
        return self.shared.items(self.deps, playlist)

    def excluded(self, playlist_id: str) -> bool:
        return self.shared.excluded(playlist_id)


def plan_source(
    deps: Deps, shared: Shared, ref: PlaylistRef, job: str
) -> tuple[PlaylistInfo, CopyPlan]:
    """Read one source and plan its copy with the commands' planner: resume the job's
    own playlists, else skip an exact duplicate, top up a playlist holding >= 75%, or
    create."""
    from ytrix.copy.plan import job_state
    from ytrix.copy.target import plan_target, source_spec

    made = job_state(job, deps.journal.ops(job)).parts.values()
    known = {p.playlist_id for p in shared.own}
    if any(playlist_id not in known for playlist_id in made):
        # Made since this run read the list (another process copied this source):
        # read it again, or the part would look deleted and be made twice.
        shared.refresh_own(deps)
    deps.share_own(shared.own)
    info = deps.read_source(ref)
    options = shared.options
    spec = source_spec(info, ref, job, title=None, privacy=options.privacy, dedup=options.dedup)
    plan = plan_target(deps, spec, prepare_entries(info.entries), SharedView(shared, deps))
    return info, plan


def plan_summary(
    plan: CopyPlan, info: PlaylistInfo, units_before: int, read_via: str | None = None
) -> TaskPlan:
    """What the task row keeps of a plan: enough for reports and the ETA."""
    match = plan.match
    return TaskPlan(
        action=plan.action,
        title=plan.base_title,
        source_title=info.title,
        source_videos=len(info.entries),
        read_via=read_via,
        creates=plan.creates,
        inserts=plan.inserts,
        units=plan.units,
        units_before=units_before,
        unavailable=len(plan.skipped),
        duplicates=plan.duplicates,
        match=match.to_json() if match is not None else None,
        current=plan.current.playlist_id if plan.current is not None else None,
    )

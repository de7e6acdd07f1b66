"""`plists2mlists --dry-run`: read every source and plan it — create, skip as an exact
duplicate, top up an own playlist, or continue an earlier copy — plus the quota plan
(units needed, units left today across the eligible projects, days needed). Nothing
is written: no playlist, no batch row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ytrix.batch.report import CreationPlan, QuotaPlan, combined_days, creation_plan, quota_plan
from ytrix.batch.task import Shared, build_deps, plan_source
from ytrix.copy.playlists import copy_job
from ytrix.core.jsonify import pick
from ytrix.sources.models import PlaylistRef, SourceMode
from ytrix.sources.reader import SourceNotFound

if TYPE_CHECKING:
    from ytrix.batch.select import Selection
    from ytrix.copy.dedup import Match
    from ytrix.quota.pool import Pool
    from ytrix.sources.listfile import Repeat


@dataclass(frozen=True)
class PlanEntry:
    """One source's plan; `action` "error" (with `error`) when it cannot be read."""

    seq: int
    line: int
    source: str
    action: str
    units: int = 0
    inserts: int = 0
    error: str | None = None
    title: str | None = None
    read_via: str | None = None
    videos: int = 0
    creates: int = 0
    unavailable: int = 0
    duplicates: int = 0
    match: Match | None = None

    def to_json(self) -> dict[str, Any]:
        if self.action == "error":
            return pick(self, "seq line source action error units inserts")
        names = "seq line source title read_via action videos creates inserts units unavailable"
        data = pick(self, f"{names} duplicates match")
        return data | {"match": self.match.to_json() if self.match is not None else None}


@dataclass(frozen=True)
class BatchPlan:
    file: str
    batch_id: str | None
    tasks: tuple[PlanEntry, ...]
    repeats: tuple[Repeat, ...]
    quota: QuotaPlan
    creations: CreationPlan
    units_spent: int

    @property
    def days_needed(self) -> int | None:
        return combined_days(self.quota, self.creations)

    def to_json(self) -> dict[str, Any]:
        return {
            "command": "plists2mlists",
            "dry_run": True,
            "file": self.file,
            "batch_id": self.batch_id,
            "tasks": [entry.to_json() for entry in self.tasks],
            "repeated_lines": [r.to_json() for r in self.repeats],
            "quota_plan": self.quota.to_json(),
            "creation_plan": self.creations.to_json(),
            "days_needed": self.days_needed,
            "units_spent": self.units_spent,
        }


def plan_batch(base: Pool, selection: Selection, jobs: int = 1) -> BatchPlan:
    """Read every source and plan it (nothing is written); returns the plan as data.
    With `jobs` > 1 the sources are read in parallel (one client per thread)."""
    options = selection.options
    deps = build_deps(base, None, SourceMode(options.source))
    try:
        shared = Shared(options)
        shared.refresh_own(deps)
        refs = [(seq, s.line, s.ref) for seq, s in enumerate(selection.source_file.sources, 1)]
        shared.sources = {ref.playlist_id for _, _, ref in refs}

        def plan_one(item: tuple[int, int, PlaylistRef]) -> PlanEntry:
            seq, line, ref = item
            try:
                info, plan = plan_source(deps, shared, ref, copy_job(ref, None))
            except SourceNotFound as error:
                return PlanEntry(seq, line, ref.playlist_id, "error", error=error.message)
            return PlanEntry(
                seq,
                line,
                ref.playlist_id,
                plan.action,
                units=plan.units,
                inserts=plan.inserts,
                title=info.title,
                read_via=deps.reader.via.get(ref.playlist_id),
                videos=len(info.entries),
                creates=plan.creates,
                unavailable=len(plan.skipped),
                duplicates=plan.duplicates,
                match=plan.match,
            )

        if jobs <= 1:
            entries = [plan_one(item) for item in refs]
        else:
            from concurrent.futures import ThreadPoolExecutor

            executor = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ytrix-plan")
            try:
                entries = list(executor.map(plan_one, refs))
            finally:
                executor.shutdown(wait=True, cancel_futures=True)
        return BatchPlan(
            file=str(selection.source_file.path),
            batch_id=selection.batch.batch_id if selection.batch else None,
            tasks=tuple(entries),
            repeats=tuple(selection.source_file.repeats),
            quota=quota_plan(base, sum(e.units for e in entries)),
            creations=creation_plan(base, sum(e.creates for e in entries)),
            units_spent=deps.pool.units_spent,
        )
    finally:
        deps.close()

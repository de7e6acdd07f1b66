"""`plists2mlists --dry-run`: read every source and plan it — create, skip as an exact
duplicate, top up an own playlist, or continue an earlier copy — plus the quota plan
(units needed, units left today across the eligible projects, days needed). Nothing
is written: no playlist, no batch row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.batch.report import combined_days, creation_plan, quota_plan
from ytrix.batch.task import Shared, build_deps, plan_source
from ytrix.copy.playlists import copy_job
from ytrix.sources.models import PlaylistRef, SourceMode
from ytrix.sources.reader import SourceNotFound

if TYPE_CHECKING:
    from ytrix.batch.select import Selection
    from ytrix.quota.pool import Pool


def plan_batch(base: Pool, selection: Selection, jobs: int = 1) -> dict[str, Any]:
    """Read every source and plan it (nothing is written); returns the plan as data.
    With `jobs` > 1 the sources are read in parallel (one client per thread)."""
    options = selection.options
    deps = build_deps(base, None, SourceMode(options.source))
    try:
        shared = Shared(options)
        shared.refresh_own(deps)
        refs = [(seq, s.line, s.ref) for seq, s in enumerate(selection.source_file.sources, 1)]
        shared.sources = {ref.playlist_id for _, _, ref in refs}

        def plan_one(item: tuple[int, int, PlaylistRef]) -> dict[str, Any]:
            seq, line, ref = item
            entry: dict[str, Any] = {"seq": seq, "line": line, "source": ref.playlist_id}
            try:
                info, plan = plan_source(deps, shared, ref, copy_job(ref, None))
            except SourceNotFound as error:
                entry.update(action="error", error=error.message, units=0, inserts=0)
                return entry
            match = plan.match
            entry.update(
                title=info.title,
                read_via=deps.reader.via.get(ref.playlist_id),
                action=plan.action,
                videos=len(info.entries),
                creates=plan.creates,
                inserts=plan.inserts,
                units=plan.units,
                unavailable=len(plan.skipped),
                duplicates=plan.duplicates,
                match=match.to_json() if match is not None else None,
            )
            return entry

        if jobs <= 1:
            entries = [plan_one(item) for item in refs]
        else:
            from concurrent.futures import ThreadPoolExecutor

            executor = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ytrix-plan")
            try:
                entries = list(executor.map(plan_one, refs))
            finally:
                executor.shutdown(wait=True, cancel_futures=True)
        units = sum(int(e["units"]) for e in entries)
        quota = quota_plan(base, units)
        creations = creation_plan(base, sum(int(e.get("creates", 0)) for e in entries))
        return {
            "command": "plists2mlists",
            "dry_run": True,
            "file": str(selection.source_file.path),
            "batch_id": selection.batch.batch_id if selection.batch else None,
            "tasks": entries,
            "repeated_lines": [r.to_json() for r in selection.source_file.repeats],
            "quota_plan": quota,
            "creation_plan": creations,
            "days_needed": combined_days(quota, creations),
            "units_spent": deps.pool.units_spent,
        }
    finally:
        deps.close()

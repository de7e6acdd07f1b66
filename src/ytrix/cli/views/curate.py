"""How `mlist_dedup` and `mlist_sort` look: the plan (what is removed or moved, and
its cost) before anything is written, then what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.batch.report import plural
from ytrix.cli.io import Result

if TYPE_CHECKING:
    from ytrix.sync.curate import CurationPlan
    from ytrix.yamlsync.items import ItemCounts

SHOWN = 20  # operations listed; the rest are in --json-output


def plan_lines(plan: CurationPlan) -> list[str]:
    title = f"{plan.playlist.title!r} ({plan.playlist.playlist_id})"
    if plan.kind == "dedup":
        keep = plan.keep
        head = (
            f"{title}: {plural(plan.items.writes, 'repeated video')} to remove (keeping the {keep})"
        )
    else:
        order = f"{plan.by}{', reversed' if plan.reverse else ''}"
        head = f"{title}: sorted by {order} in {plural(plan.items.writes, 'move')}"
    if not plan.items.writes:
        return [f"{title}: nothing to do"]
    lines = [f"{head} — {plural(plan.items.writes, 'write')}, {plan.items.units:,} units"]
    for op in plan.items.ops[:SHOWN]:
        name = plan.titles.get(op.video_id, "")
        if op.kind == "delete":
            lines.append(f"  remove {op.video_id} {name}".rstrip())
        else:
            lines.append(f"  move {op.video_id} to {op.position} {name}".rstrip())
    if plan.items.writes > SHOWN:
        lines.append(f"  ... and {plan.items.writes - SHOWN} more (see --json-output)")
    if plan.no_key:
        lines.append(f"  {len(plan.no_key)} videos without a {plan.by} go last")
    return lines


def curation_result(
    plan: CurationPlan, counts: ItemCounts | None, units: int, dry_run: bool
) -> Result:
    lines = plan_lines(plan)
    data: dict[str, Any] = {
        "command": "mlist_dedup" if plan.kind == "dedup" else "mlist_sort",
        "dry_run": dry_run,
        "plan": plan.to_json(),
        "applied": counts.to_json() if counts is not None else None,
        "units_spent": units,
    }
    if counts is not None and plan.items.writes:
        verb = "removed" if plan.kind == "dedup" else "moved"
        done = counts.removed or counts.moved
        lines.append(f"Done: {done} {verb} ({plural(counts.writes, 'write')})")
    lines.append(f"Quota: {units:,} units spent")
    return Result(data=data, lines=lines)

"""How `mlist_dedup` and `mlist_sort` look: the plan (what is removed or moved, and
its cost) before anything is written, then what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ytrix.cli.io import Result

if TYPE_CHECKING:
    from ytrix.sync.curate import CurationPlan
    from ytrix.yamlsync.items import ItemCounts

SHOWN = 20  # operations listed; the rest are in --json-output


def plan_lines(plan: CurationPlan) -> list[str]:
    title = f"{plan.playlist.title!r} ({plan.playlist.playlist_id})"
    if plan.kind == "dedup":
        head = (
            f"{title}: {plan.writes} repeated videos to remove (keeping the {plan.detail['keep']})"
        )
    else:
        order = f"{plan.detail['by']}{', reversed' if plan.detail['reverse'] else ''}"
        head = f"{title}: sorted by {order} in {plan.writes} moves"
    if not plan.writes:
        return [f"{title}: nothing to do"]
    lines = [f"{head} — {plan.writes} writes, {plan.units:,} units"]
    for op in plan.items.ops[:SHOWN]:
        name = plan.titles.get(op.video_id, "")
        if op.kind == "delete":
            lines.append(f"  remove {op.video_id} {name}".rstrip())
        else:
            lines.append(f"  move {op.video_id} to {op.position} {name}".rstrip())
    if plan.writes > SHOWN:
        lines.append(f"  ... and {plan.writes - SHOWN} more (see --json-output)")
    if plan.no_key:
        lines.append(f"  {len(plan.no_key)} videos without a {plan.detail['by']} go last")
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
    if counts is not None and plan.writes:
        verb = "removed" if plan.kind == "dedup" else "moved"
        lines.append(f"Done: {counts.removed or counts.moved} {verb} ({counts.writes} writes)")
    lines.append(f"Quota: {units:,} units spent")
    return Result(data=data, lines=lines)

"""How a YAML apply looks: the plan and the outcome as lines for people (JSON comes
from the same results, `yamlsync/report.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ytrix.core.wording import units

if TYPE_CHECKING:
    from ytrix.yamlsync.apply import ApplyReport
    from ytrix.yamlsync.plan import FilePlan, PlaylistPlan
    from ytrix.yamlsync.sync import ApplyOutcome

SHOWN_PER_KIND = 12  # longer lists end with "... and N more"


def _video(plan: PlaylistPlan, video_id: str) -> str:
    title = plan.titles.get(video_id)
    return f"{video_id} ({title})" if title else video_id


def _group(label: str, entries: list[str], note: str = "") -> list[str]:
    if not entries:
        return []
    lines = [f"    {label} {len(entries)}{note}:"]
    lines += [f"      {e}" for e in entries[:SHOWN_PER_KIND]]
    if len(entries) > SHOWN_PER_KIND:
        lines.append(f"      ... and {len(entries) - SHOWN_PER_KIND} more")
    return lines


def playlist_lines(plan: PlaylistPlan) -> list[str]:
    name = f"{plan.title!r} ({plan.playlist_id or 'new'})"
    if not plan.writes:
        videos = "videos left alone" if plan.items is None else "videos already in order"
        lines = [f"  {name}: no changes ({videos})"]
    else:
        lines = [f"  {name}: {plan.writes} write(s), {units(plan.units)}"]
    if plan.action == "create":
        spec = plan.spec
        lines.append(f"    create playlist ({spec.privacy or 'private'})")
    if plan.action == "delete":
        lines.append(f"    DELETE this playlist and its {plan.current_count} video(s)")
    for key, (old, new) in plan.metadata.items():
        lines.append(f"    {key}: {old!r} -> {new!r}")
    if plan.items is not None and plan.action != "delete":
        ops = plan.items.ops
        lines += _group("remove", [_video(plan, o.video_id) for o in ops if o.kind == "delete"])
        lines += _group(
            "insert",
            [
                f"{_video(plan, o.video_id)} at "
                + ("the end" if o.position is None else f"position {o.position}")
                for o in ops
                if o.kind == "insert"
            ],
        )
        moves = [
            f"{_video(plan, o.video_id)} to position {o.position}" for o in ops if o.kind == "move"
        ]
        lines += _group("move", moves, f" (the minimum is {plan.items.min_moves})")
    if plan.unavailable:
        lines.append("    unavailable, skipped: " + ", ".join(plan.unavailable))
    lines += [f"    note: {note}" for note in plan.notes]
    return lines


def plan_lines(plan: FilePlan) -> list[str]:
    count = len(plan.playlists)
    lines = [f"Plan for {plan.file.source} ({count} playlist{'s' if count != 1 else ''}):"]
    for playlist in plan.playlists:
        lines += playlist_lines(playlist)
    if plan.writes:
        lines.append(
            f"Total: {plan.writes} write(s), {units(plan.units)} "
            f"(planning read {units(plan.read_units)})"
        )
    else:
        lines.append(f"Nothing to change (planning read {units(plan.read_units)}).")
    return lines


def applied_lines(report: ApplyReport, units_spent: int) -> list[str]:
    lines = []
    for o in report.outcomes:
        if o.deleted:
            lines.append(f"Deleted {o.title!r} ({o.playlist_id})")
            continue
        parts = [f"created {o.playlist_id}"] if o.created else []
        if o.metadata:
            parts.append("updated " + ", ".join(o.metadata))
        for label, count in (("removed", o.removed), ("inserted", o.inserted), ("moved", o.moved)):
            if count:
                parts.append(f"{label} {count}")
        lines.append(f"{o.title!r}: " + ("; ".join(parts) or "nothing to do"))
        if o.unavailable:
            lines.append("  unavailable, not added: " + ", ".join(o.unavailable))
    lines.extend(report.order_notes)
    lines.append(f"Done: {report.writes} write(s), {units(units_spent)} spent in total.")
    return lines


def quota_lines(outcome: ApplyOutcome) -> list[str]:
    """The plan, and a warning when today's quota will not carry it."""
    plan, left = outcome.plan, outcome.quota_left
    lines = plan_lines(plan)
    if left is not None and plan.units > left:
        lines.append(
            f"This needs more than the {left} units left today: the apply stops when "
            "they run out; re-run the same command after the reset to finish."
        )
    return lines


def outcome_lines(outcome: ApplyOutcome) -> list[str]:
    if outcome.applied is None:
        return quota_lines(outcome)
    return applied_lines(outcome.applied, outcome.units_spent)

"""The plan and the apply outcome as JSON data and as plain lines for people."""

from __future__ import annotations

from typing import Any

from ytrix.yamlsync.apply import ApplyReport
from ytrix.yamlsync.diff import ItemOp
from ytrix.yamlsync.plan import FilePlan, PlaylistPlan

SHOWN_PER_KIND = 12  # longer lists end with "... and N more"


def _op_json(op: ItemOp, plan: PlaylistPlan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "op": {"delete": "remove_video", "insert": "insert_video", "move": "move_video"}[op.kind],
        "video_id": op.video_id,
        "title": plan.titles.get(op.video_id, ""),
    }
    if op.kind != "insert":
        data["item_id"] = op.key
    if op.kind != "delete":
        data["position"] = op.position  # insert: null means "append at the end"
    return data


def playlist_json(plan: PlaylistPlan) -> dict[str, Any]:
    operations: list[dict[str, Any]] = []
    if plan.action == "create":
        spec = plan.spec
        operations.append(
            {
                "op": "create_playlist",
                "title": spec.title,
                "description": spec.description or "",
                "privacy": spec.privacy or "private",
            }
        )
    if plan.action == "delete":
        operations.append({"op": "delete_playlist", "items": plan.current_count})
    if plan.metadata:
        changes = {k: {"from": old, "to": new} for k, (old, new) in plan.metadata.items()}
        operations.append({"op": "update_playlist", "changes": changes})
    if plan.items is not None and plan.action != "delete":
        operations.extend(_op_json(op, plan) for op in plan.items.ops)
    data: dict[str, Any] = {
        "entry": plan.spec.index + 1,
        "line": plan.spec.line,
        "id": plan.playlist_id,
        "title": plan.title,
        "action": plan.action,
        "videos": "left alone" if plan.items is None else "synced",
        "operations": operations,
        "writes": plan.writes,
        "units": plan.units,
        "unavailable": plan.unavailable,
        "notes": plan.notes,
    }
    if plan.items is not None:
        data["counts"] = {
            "remove": plan.items.count("delete"),
            "insert": plan.items.count("insert"),
            "move": plan.items.count("move"),
            "moves_minimum": plan.items.min_moves,
            "kept": plan.items.kept,
            "kept_in_place": plan.items.lcs,
        }
    return data


def plan_json(plan: FilePlan) -> dict[str, Any]:
    return {
        "file": plan.file.source,
        "playlists": [playlist_json(p) for p in plan.playlists],
        "writes": plan.writes,
        "units": plan.units,
        "read_units": plan.read_units,
        "deletes": plan.deletes_anything,
        "unavailable": plan.unavailable,
    }


def applied_json(report: ApplyReport, units_spent: int) -> dict[str, Any]:
    return {
        "playlists": [o.as_json() for o in report.outcomes],
        "writes": report.writes,
        "units_spent": units_spent,
        "unavailable": report.unavailable,
    }


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
        lines = [f"  {name}: {plan.writes} write(s), {plan.units} units"]
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
            f"Total: {plan.writes} write(s), {plan.units} units "
            f"(planning read {plan.read_units} units)"
        )
    else:
        lines.append(f"Nothing to change (planning read {plan.read_units} units).")
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
    lines.append(f"Done: {report.writes} write(s), {units_spent} units spent in total.")
    return lines

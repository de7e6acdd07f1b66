"""The plan and the apply outcome as JSON data (the CLI's `cli/views/yamlsync.py`
renders the same results as lines)."""

from __future__ import annotations

from typing import Any

from ytrix.yamlsync.apply import ApplyReport
from ytrix.yamlsync.diff import ItemOp
from ytrix.yamlsync.plan import FilePlan, PlaylistPlan


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
        "notes": report.order_notes,
    }

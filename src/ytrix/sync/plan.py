"""Planning one mirror's sync, purely: the order the target should have, and the
fewest item writes that give it (`yamlsync.diff.plan_items`, the YAML apply's LCS
planner: deletes and inserts are the forced counts, moves = kept - LCS).

The wanted order, from the source's copyable videos (`copy.plan.prepare_entries`:
unique, available, in order) and the target's current videos:
- reorder (default) and prune: exactly the source;
- reorder, no prune: the source, each video the source lacks kept right after the
  video it follows in the target now (at the front when nothing precedes it);
- no reorder: the target's current order (with --prune only the source's videos,
  once each), each new source video inserted after the source video it follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ytrix.copy.plan import Skip
from ytrix.core.mirrors import Mirror
from ytrix.yamlsync.diff import ItemPlan, LiveItem, apply_to_list, plan_items


def wanted_order(
    current: Sequence[str], source: Sequence[str], *, prune: bool, reorder: bool
) -> list[str]:
    wanted_set = set(source)
    if reorder:
        if prune:
            return list(source)
        return _anchor_extras(current, source, wanted_set)
    if prune:
        seen: set[str] = set()
        base = []
        for video in current:
            if video in wanted_set and video not in seen:
                seen.add(video)
                base.append(video)
    else:
        base = list(current)
    return _insert_new(base, source)


def _anchor_extras(current: Sequence[str], source: Sequence[str], wanted: set[str]) -> list[str]:
    """The source's order, with the target's other items (and second copies) kept
    after the source video they follow now."""
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    seen: set[str] = set()
    for video in current:
        if video in wanted and video not in seen:
            seen.add(video)
            anchor = video
        else:
            after.setdefault(anchor, []).append(video)
    out = list(after.get(None, []))
    for video in source:
        out.append(video)
        out.extend(after.get(video, []))
    return out


def _insert_new(base: list[str], source: Sequence[str]) -> list[str]:
    """`base` with each source video it lacks placed after its source predecessor."""
    out = list(base)
    present = set(out)
    previous: str | None = None
    for video in source:
        if video not in present:
            index = 0 if previous is None else out.index(previous) + 1
            out.insert(index, video)
            present.add(video)
        previous = video
    return out


@dataclass(frozen=True)
class MirrorPlan:
    mirror: Mirror
    title: str  # the target's title now
    live: tuple[LiveItem, ...]
    wanted: tuple[str, ...]
    items: ItemPlan
    source_videos: int  # copyable videos of the source(s)
    unavailable: tuple[Skip, ...]  # source videos that cannot be copied (reported)

    @property
    def changes(self) -> dict[str, int]:
        return {
            "add": self.items.count("insert"),
            "remove": self.items.count("delete"),
            "move": self.items.count("move"),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.mirror.target,
            "title": self.title,
            "sources": list(self.mirror.sources),
            "source_videos": self.source_videos,
            "target_videos": len(self.live),
            "changes": self.changes,
            "writes": self.items.writes,
            "units": self.items.units,
            "videos": {  # which videos each kind of write touches, for scripts
                kind: [op.video_id for op in self.items.ops if op.kind == kind]
                for kind in ("insert", "delete", "move")
            },
            "unavailable": [s.to_json() for s in self.unavailable],
        }


def plan_mirror(
    mirror: Mirror,
    title: str,
    live: Sequence[LiveItem],
    source: Sequence[str],
    unavailable: Sequence[Skip],
    *,
    prune: bool,
    reorder: bool,
) -> MirrorPlan:
    current = [item.video_id for item in live]
    wanted = wanted_order(current, source, prune=prune, reorder=reorder)
    items = plan_items(live, wanted)
    assert apply_to_list(live, items) == wanted  # the planner's own self-check
    return MirrorPlan(
        mirror, title, tuple(live), tuple(wanted), items, len(source), tuple(unavailable)
    )

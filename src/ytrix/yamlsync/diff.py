"""The pure heart of `yaml2mlists`: from a playlist's live items and the wanted order
of video IDs, the fewest writes that produce exactly that order.

- Items kept in place are a longest common subsequence of the two orders (Hunt–
  Szymanski: O((r + n) log n) for r matching pairs, fine for 5,000-item playlists
  where most videos appear once).
- Each other wanted occurrence of a video reuses a live item of that video (a move)
  while there are spare ones; the rest are inserts. Live items left over are deleted.
  So deletes and inserts are the forced counts, and moves = kept - LCS, the minimum.
- Deletes run first; then the wanted list is walked left to right and every moved or
  inserted item is placed right after its wanted predecessor (or at the front). The
  positions sent to the API come from `Simulation`, which applies each write exactly
  as YouTube (and ytemu) does: `update` pops the item and re-inserts it at `position`
  of the resulting list; `insert` inserts at `position` (or appends without one).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

OpKind = Literal["delete", "insert", "move"]


@dataclass(frozen=True)
class LiveItem:
    """One item of a playlist as YouTube has it: its playlistItems id and video."""

    item_id: str
    video_id: str


@dataclass(frozen=True)
class ItemOp:
    kind: OpKind
    video_id: str
    key: str  # the live item_id, or "new:<slot>" for an insert
    after: str | None = None  # key of the wanted predecessor; None = the front
    position: int | None = None  # as planned (inserts: None means append)
    slot: int | None = None  # index in the wanted list (insert / move)


@dataclass(frozen=True)
class ItemPlan:
    ops: tuple[ItemOp, ...]
    kept: int  # live items that stay in the playlist
    lcs: int  # of those, the ones that never move

    def count(self, kind: OpKind) -> int:
        return sum(1 for op in self.ops if op.kind == kind)

    @property
    def min_moves(self) -> int:
        return self.kept - self.lcs


def lcs_pairs(current: Sequence[str], wanted: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs (i in current, j in wanted) of one longest common subsequence."""
    where: dict[str, list[int]] = defaultdict(list)
    for index, value in enumerate(current):
        where[value].append(index)
    tails: list[int] = []  # tails[k]: smallest current index ending a chain of length k+1
    ends: list[tuple[int, int, object]] = []  # (i, j, previous node) for each tail
    for j, value in enumerate(wanted):
        for i in reversed(where.get(value, ())):
            k = bisect_left(tails, i)
            node = (i, j, ends[k - 1] if k else None)
            if k == len(tails):
                tails.append(i)
                ends.append(node)
            else:
                tails[k] = i
                ends[k] = node
    pairs: list[tuple[int, int]] = []
    link: object = ends[-1] if ends else None
    while link is not None:
        assert isinstance(link, tuple)
        pairs.append((link[0], link[1]))
        link = link[2]
    pairs.reverse()
    return pairs


class Simulation:
    """The playlist's order as the API will see it, one write at a time."""

    def __init__(self, keys: Sequence[str]):
        self.keys = list(keys)
        self._alias: dict[str, str | None] = {}

    def _resolve(self, after: str | None) -> str | None:
        while after is not None and after in self._alias:
            after = self._alias[after]
        return after

    def _slot_after(self, after: str | None) -> int:
        after = self._resolve(after)
        return 0 if after is None else self.keys.index(after) + 1

    def delete(self, key: str) -> None:
        self.keys.remove(key)

    def insert_position(self, after: str | None) -> int:
        return self._slot_after(after)

    def insert(self, key: str, after: str | None) -> int:
        position = self._slot_after(after)
        self.keys.insert(position, key)
        return position

    def move_position(self, key: str, after: str | None) -> int | None:
        """The `position` for an update moving `key` after `after`; None if already there."""
        index = self.keys.index(key)
        rest = self.keys[:index] + self.keys[index + 1 :]
        after = self._resolve(after)
        position = 0 if after is None else rest.index(after) + 1
        return None if position == index else position

    def move(self, key: str, position: int) -> None:
        self.keys.remove(key)
        self.keys.insert(position, key)

    def skip(self, key: str, after: str | None) -> None:
        """A write that did not happen: whoever was to follow `key` follows `after`."""
        if key in self.keys:
            self.keys.remove(key)
        self._alias[key] = after


def plan_items(live: Sequence[LiveItem], wanted: Sequence[str]) -> ItemPlan:
    """Deletes, then inserts and moves in wanted order, with API positions."""
    current = [item.video_id for item in live]
    pairs = lcs_pairs(current, wanted)
    slot_item: dict[int, int] = {j: i for i, j in pairs}  # wanted slot -> live index
    anchors = set(slot_item)
    used = set(slot_item.values())
    spare: dict[str, list[int]] = defaultdict(list)
    for index, video_id in enumerate(current):
        if index not in used:
            spare[video_id].append(index)
    movers: set[int] = set()
    for j, video_id in enumerate(wanted):
        if j not in slot_item and spare.get(video_id):
            slot_item[j] = spare[video_id].pop(0)
            movers.add(j)
    keep = set(slot_item.values())
    ops: list[ItemOp] = [
        ItemOp("delete", item.video_id, item.item_id)
        for index, item in enumerate(live)
        if index not in keep
    ]
    sim = Simulation([item.item_id for index, item in enumerate(live) if index in keep])
    previous: str | None = None
    for j, video_id in enumerate(wanted):
        if j in anchors:
            previous = live[slot_item[j]].item_id
        elif j in movers:
            key = live[slot_item[j]].item_id
            position = sim.move_position(key, previous)
            if position is not None:
                sim.move(key, position)
                ops.append(ItemOp("move", video_id, key, previous, position, j))
            previous = key
        else:
            key = f"new:{j}"
            append = sim.insert_position(previous) == len(sim.keys)
            position = sim.insert(key, previous)
            ops.append(ItemOp("insert", video_id, key, previous, None if append else position, j))
            previous = key
    return ItemPlan(ops=tuple(ops), kept=len(keep), lcs=len(pairs))


def apply_to_list(live: Sequence[LiveItem], plan: ItemPlan) -> list[str]:
    """The video order after the plan, replayed with the API's position rules
    (used by tests and as the plan's own self-check)."""
    order = [(item.item_id, item.video_id) for item in live]
    for op in plan.ops:
        if op.kind == "delete":
            order = [entry for entry in order if entry[0] != op.key]
        elif op.kind == "insert":
            entry = (op.key, op.video_id)
            if op.position is None:
                order.append(entry)
            else:
                order.insert(op.position, entry)
        else:
            index = next(i for i, entry in enumerate(order) if entry[0] == op.key)
            entry = order.pop(index)
            assert op.position is not None
            order.insert(op.position, entry)
    return [video_id for _, video_id in order]

"""Writing one playlist's planned item operations (`diff.plan_items`) through the
gateway and the write journal: the one item writer of `yaml2mlists`, `sync`,
`mlist_dedup` and `mlist_sort`.

Each write runs under `WriteJournal.run_once` with the key `<prefix>:<seq>:<kind>:
<video>`; the caller's prefix carries a run number, because every run re-plans from
what YouTube holds at that moment (a killed run's writes are seen by the next read).
An ambiguous answer (409 ABORTED, 5xx, timeout) is reconciled by reading the one
video's items (`find_items`, 1 unit) before any retry.

Positions work only in manually sorted playlists (platform-limits §2: 400
`manualSortRequired`). The first refusal marks the playlist as sorted by YouTube:
later moves are skipped and later inserts are sent without a position (YouTube
places them by its order), so a playlist costs at most one refused call per run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.core.progress import NullTracker, Tracker
from ytrix.yamlsync.diff import ItemPlan, LiveItem, Simulation
from ytrix.youtube.errors import ApiError
from ytrix.youtube.sorting import MANUAL_SORT_REQUIRED

if TYPE_CHECKING:
    from ytrix.core.journal import WriteJournal
    from ytrix.youtube.gateway import Gateway

GONE_REASONS = frozenset({"playlistItemNotFound"})
NOT_MANUAL_HINT = (
    "YouTube accepts positions only in manually sorted playlists: set its order to "
    "Manual in YouTube Studio (Playlist settings), then run the command again."
)


def refuses_positions(error: ApiError) -> bool:
    """YouTube's 400 for a position in a playlist it sorts itself."""
    return error.reason == MANUAL_SORT_REQUIRED


@dataclass
class ItemCounts:
    """What writing one playlist's item plan did."""

    removed: int = 0
    inserted: int = 0
    moved: int = 0
    writes: int = 0
    unavailable: list[str] = field(default_factory=list)
    not_manual: bool = False  # YouTube refused a position: the playlist is not Manual
    moves_skipped: int = 0  # moves left undone because of that

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ItemWriter:
    """Writes one playlist's item plan; `counts` grows as writes succeed, so a caller
    that is stopped (quota, kill) still knows what was done."""

    def __init__(
        self,
        gateway: Gateway,
        journal: WriteJournal,
        job: str,
        prefix: str,
        counts: ItemCounts | None = None,
        tracker: Tracker | None = None,
    ):
        self.gateway = gateway
        self.journal = journal
        self.job = job
        self.prefix = prefix
        self.counts = counts if counts is not None else ItemCounts()
        self.tracker: Tracker = tracker or NullTracker()

    def _once(
        self,
        key: str,
        params: dict[str, Any],
        perform: Callable[[], Any],
        reconcile: Callable[[], Any],
    ) -> Any:
        return self.journal.run_once(key, self.job, params, perform, reconcile)

    def write(self, playlist_id: str, live: Sequence[LiveItem], plan: ItemPlan) -> ItemCounts:
        counts = self.counts
        sim = Simulation([item.item_id for item in live])
        known = {item.item_id for item in live}  # real item ids in the playlist
        for seq, op in enumerate(plan.ops):
            key = f"{self.prefix}:{seq}:{op.kind}:{op.video_id}"
            self.tracker.advance()
            if op.kind == "move" and counts.not_manual:
                counts.moves_skipped += 1
                sim.skip(op.key, op.after)
                continue
            try:
                if op.kind == "delete":
                    self._delete_item(key, playlist_id, op.key, op.video_id)
                    sim.delete(op.key)
                    known.discard(op.key)
                    counts.removed += 1
                elif op.kind == "insert":
                    position = sim.insert_position(op.after)
                    append = position == len(sim.keys) or counts.not_manual
                    item_id = self._insert_anyhow(
                        key, playlist_id, op.video_id, None if append else position, known
                    )
                    sim.insert(op.key, op.after)
                    known.add(item_id)
                    counts.inserted += 1
                else:
                    target = sim.move_position(op.key, op.after)
                    if target is None:
                        continue
                    self._move(key, playlist_id, op.key, op.video_id, target)
                    sim.move(op.key, target)
                    counts.moved += 1
            except ApiError as error:
                if op.kind == "move" and refuses_positions(error):
                    counts.not_manual = True
                    counts.moves_skipped += 1
                    sim.skip(op.key, op.after)
                    continue
                if op.kind == "insert" and error.video_unavailable:
                    sim.skip(op.key, op.after)
                    counts.unavailable.append(op.video_id)
                    continue
                if error.reason in GONE_REASONS:
                    sim.skip(op.key, op.after)  # removed meanwhile: nothing left to do
                    continue
                raise
            counts.writes += 1
        return counts

    def _insert_anyhow(
        self, key: str, playlist_id: str, video_id: str, position: int | None, known: set[str]
    ) -> str:
        """Insert at `position`; when YouTube refuses positions in this playlist, once,
        insert again without one (under its own key). An append that lands elsewhere
        than at the end shows the same (platform-limits §2; youtube/sorting.py)."""
        expected = len(known) if position is None and not self.counts.not_manual else None
        try:
            item_id, landed = self._insert(key, playlist_id, video_id, position, known)
        except ApiError as error:
            if position is None or not refuses_positions(error):
                raise
            self.counts.not_manual = True
            expected = None
            item_id, landed = self._insert(f"{key}:append", playlist_id, video_id, None, known)
        if expected is not None and landed is not None and landed != expected:
            self.counts.not_manual = True
        return item_id

    def _insert(
        self, key: str, playlist_id: str, video_id: str, position: int | None, known: set[str]
    ) -> tuple[str, int | None]:
        """The new item's id, and where it landed when this run made it."""
        landed: int | None = None

        def perform() -> str:
            nonlocal landed
            added = self.gateway.add_item(playlist_id, video_id, position)
            landed = added.position
            return added.item_id

        def reconcile() -> str | None:
            for item in self.gateway.find_items(playlist_id, video_id):
                if item.item_id not in known:
                    return item.item_id
            return None

        params = {"playlist": playlist_id, "video": video_id, "position": position}
        return str(self._once(key, params, perform, reconcile)), landed

    def _delete_item(self, key: str, playlist_id: str, item_id: str, video_id: str) -> None:
        def perform() -> bool:
            self.gateway.delete_item(item_id)
            return True

        def reconcile() -> bool | None:
            present = {i.item_id for i in self.gateway.find_items(playlist_id, video_id)}
            return None if item_id in present else True

        self._once(key, {"playlist": playlist_id, "item": item_id}, perform, reconcile)

    def _move(self, key: str, playlist_id: str, item_id: str, video_id: str, position: int) -> None:
        def perform() -> int:
            self.gateway.move_item(item_id, playlist_id, video_id, position)
            return position

        def reconcile() -> int | None:
            for item in self.gateway.find_items(playlist_id, video_id):
                if item.item_id == item_id and item.position == position:
                    return position
            return None

        params = {"playlist": playlist_id, "item": item_id, "position": position}
        self._once(key, params, perform, reconcile)


def next_run(journal: WriteJournal, job: str) -> int:
    """Item writes of run N are keyed `<job>:rN:...`; a new run takes the next N."""
    import re

    pattern = re.compile(re.escape(job) + r":r(\d+):")
    runs = [int(m.group(1)) for r in journal.ops(job) if (m := pattern.match(r.key))]
    return max(runs, default=-1) + 1

"""Carry out a plan through the pool (Gateway) and the write journal.

Every write is journaled (intent before, outcome after) under a job named from the
file's content and the entry (`job_key("yaml2mlists", sha256, playlist)`):
- an ambiguous answer (409 ABORTED, 5xx, timeout) is reconciled by reading the
  playlist (`find_items` for the one video: 1 unit) before any retry;
- an interrupted apply (quota, kill) is finished by re-running the same command: it
  plans again from the live playlist, so only what is still missing is written;
- a playlist created for an entry without `id` is remembered under the stable key
  `<job>:create:<n>`: a re-run (or a re-apply of the unchanged file) updates that
  playlist instead of creating another. Item writes carry the run number in their
  keys, because every run re-plans from what YouTube holds at that moment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.core.journal import DONE, job_key
from ytrix.yamlsync.diff import Simulation
from ytrix.yamlsync.plan import FilePlan, PlaylistPlan
from ytrix.yamlsync.spec import PlaylistsFile
from ytrix.youtube.errors import ApiError
from ytrix.youtube.sorting import MANUAL_SORT_REQUIRED, SortOrders, order_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from ytrix.core.journal import WriteJournal
    from ytrix.youtube.gateway import Gateway

JOB_KIND = "yaml2mlists"
GONE_REASONS = frozenset({"playlistItemNotFound"})


@dataclass
class PlaylistOutcome:
    entry: int
    playlist_id: str | None
    title: str
    created: bool = False
    deleted: bool = False
    metadata: list[str] = field(default_factory=list)
    removed: int = 0
    inserted: int = 0
    moved: int = 0
    unavailable: list[str] = field(default_factory=list)
    writes: int = 0
    moves_skipped: int = 0  # positions YouTube ignores: the playlist is not manual
    order_kept: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry + 1,
            "id": self.playlist_id,
            "title": self.title,
            "created": self.created,
            "deleted": self.deleted,
            "metadata": self.metadata,
            "removed": self.removed,
            "inserted": self.inserted,
            "moved": self.moved,
            "unavailable": self.unavailable,
            "writes": self.writes,
            "moves_skipped": self.moves_skipped,
            "order_kept": self.order_kept,
        }


@dataclass
class ApplyReport:
    outcomes: list[PlaylistOutcome] = field(default_factory=list)
    planned_writes: int = 0

    @property
    def writes(self) -> int:
        return sum(o.writes for o in self.outcomes)

    @property
    def unavailable(self) -> list[str]:
        return [v for o in self.outcomes for v in o.unavailable]

    @property
    def order_notes(self) -> list[str]:
        """One plain sentence per playlist whose order could not be kept."""
        return [order_message(o.title, o.moves_skipped) for o in self.outcomes if not o.order_kept]


def entry_job(document: PlaylistsFile, index: int, playlist_id: str | None) -> str:
    return job_key(JOB_KIND, document.digest, playlist_id or f"new:{index}")


def _create_records(journal: WriteJournal, job: str) -> list[tuple[str, str, Any]]:
    """(key, state, result) of every create attempt of this entry, oldest first."""
    records = []
    n = 0
    while (record := journal.get(f"{job}:create:{n}")) is not None:
        records.append((record.key, record.state, record.result))
        n += 1
    return records


def created_earlier(journal: WriteJournal, document: PlaylistsFile) -> dict[int, str]:
    """Entry index -> playlist id created for it by an earlier apply of this file."""
    found: dict[int, str] = {}
    for spec in document.playlists:
        if spec.playlist_id is None:
            records = _create_records(journal, entry_job(document, spec.index, None))
            if records and records[-1][1] == DONE and isinstance(records[-1][2], str):
                found[spec.index] = records[-1][2]
    return found


def _next_run(journal: WriteJournal, job: str) -> int:
    """Item writes of run N are keyed `<job>:rN:...`; a new run takes the next N."""
    pattern = re.compile(re.escape(job) + r":r(\d+):")
    runs = [int(m.group(1)) for r in journal.ops(job) if (m := pattern.match(r.key))]
    return max(runs, default=-1) + 1


class Executor:
    def __init__(
        self,
        gateway: Gateway,
        journal: WriteJournal,
        plan: FilePlan,
        progress: Callable[[str], None] = lambda _text: None,
    ):
        self.gateway = gateway
        self.journal = journal
        self.plan = plan
        self.progress = progress
        self.report = ApplyReport(planned_writes=plan.writes)
        self.known_playlists = set(plan.own_ids)  # for reconciling a create
        self.job = ""
        self.prefix = ""
        self.sorting = SortOrders()

    def run(self) -> ApplyReport:
        for playlist in self.plan.playlists:
            if playlist.writes:
                self._playlist(playlist)
        return self.report

    def _once(
        self, key: str, params: dict[str, Any], perform: Callable[[], Any], reconcile: Any
    ) -> Any:
        return self.journal.run_once(key, self.job, params, perform, reconcile)

    def _playlist(self, plan: PlaylistPlan) -> None:
        document = self.plan.file
        spec = plan.spec
        key_id = None if plan.action == "create" or plan.reused_from_journal else plan.playlist_id
        self.job = entry_job(document, spec.index, key_id)
        self.journal.start_job(
            self.job, JOB_KIND, {"file": document.source, "entry": spec.index + 1}
        )
        run = _next_run(self.journal, self.job)
        self.prefix = f"{self.job}:r{run}"
        outcome = PlaylistOutcome(spec.index, plan.playlist_id, plan.title)
        self.report.outcomes.append(outcome)
        self.progress(f"{plan.title}: {plan.writes} write(s)")
        try:
            if plan.action == "delete":
                self._delete_playlist(plan, outcome)
            else:
                if plan.action == "create":
                    self._create(plan, outcome)
                if plan.metadata:
                    self._metadata(plan, outcome)
                self._items(plan, outcome)
        except BaseException:
            self.journal.finish_job(self.job, "interrupted", outcome.as_json())
            raise
        self.journal.finish_job(self.job, "done", outcome.as_json())

    # -- playlists -------------------------------------------------------------------
    def _create(self, plan: PlaylistPlan, outcome: PlaylistOutcome) -> None:
        spec = plan.spec
        records = _create_records(self.journal, self.job)
        n = len(records)
        if records and records[-1][1] != DONE:
            n -= 1  # unfinished (intent) or failed: the same key reconciles or retries
        key = f"{self.job}:create:{n}"
        existing = sorted(self.known_playlists)
        title, description = spec.title or "", spec.description or ""
        privacy = spec.privacy or "private"

        def perform() -> str:
            return self.gateway.create_playlist(title, description, privacy).playlist_id

        def reconcile() -> str | None:
            record = self.journal.get(key)
            before = set(record.params.get("existing", [])) if record else set(existing)
            for own in self.gateway.list_my_playlists():
                if own.title == title and own.playlist_id not in before:
                    return own.playlist_id
            return None

        params = {"title": title, "existing": existing}
        playlist_id = str(self.journal.run_once(key, self.job, params, perform, reconcile))
        self.known_playlists.add(playlist_id)
        plan.playlist_id = outcome.playlist_id = playlist_id
        outcome.created = True
        outcome.writes += 1

    def _metadata(self, plan: PlaylistPlan, outcome: PlaylistOutcome) -> None:
        assert plan.playlist_id is not None
        playlist_id = plan.playlist_id
        wanted = dict(plan.wanted_meta)  # the full snippet: absent keys keep their value

        def perform() -> dict[str, str]:
            self.gateway.update_playlist(
                playlist_id, wanted["title"], wanted["description"], wanted["privacy"]
            )
            return wanted

        def reconcile() -> dict[str, str] | None:
            now = self.gateway.get_playlist(playlist_id)
            if now is not None and (now.title, now.description, now.privacy) == (
                wanted["title"],
                wanted["description"],
                wanted["privacy"],
            ):
                return wanted
            return None

        self._once(f"{self.prefix}:metadata", wanted, perform, reconcile)
        outcome.metadata = sorted(plan.metadata)
        outcome.writes += 1

    def _delete_playlist(self, plan: PlaylistPlan, outcome: PlaylistOutcome) -> None:
        assert plan.playlist_id is not None
        playlist_id = plan.playlist_id

        def perform() -> bool:
            self.gateway.delete_playlist(playlist_id)
            return True

        def reconcile() -> bool | None:
            return True if self.gateway.get_playlist(playlist_id) is None else None

        self._once(f"{self.prefix}:delete", {"playlist": playlist_id}, perform, reconcile)
        outcome.deleted = True
        outcome.writes += 1

    # -- items -----------------------------------------------------------------------
    def _items(self, plan: PlaylistPlan, outcome: PlaylistOutcome) -> None:
        if plan.items is None or not plan.items.ops:
            return
        assert plan.playlist_id is not None
        playlist_id = plan.playlist_id
        sim = Simulation([item.item_id for item in plan.live])
        known = {item.item_id for item in plan.live}  # real item ids in the playlist
        for seq, op in enumerate(plan.items.ops):
            key = f"{self.prefix}:{seq}:{op.kind}:{op.video_id}"
            manual = self.sorting.manual(playlist_id)
            try:
                if op.kind == "delete":
                    self._delete_item(key, playlist_id, op.key, op.video_id)
                    sim.delete(op.key)
                    known.discard(op.key)
                    outcome.removed += 1
                elif op.kind == "insert":
                    position = sim.insert_position(op.after)
                    append = position == len(sim.keys) or not manual
                    item_id = self._insert_sorted(
                        key, playlist_id, op.video_id, None if append else position, known, outcome
                    )
                    sim.insert(op.key, op.after)
                    known.add(item_id)
                    outcome.inserted += 1
                else:
                    target = sim.move_position(op.key, op.after)
                    if target is None:
                        continue
                    if not manual:  # YouTube would refuse it: no call spent
                        outcome.moves_skipped += 1
                        continue
                    self._move(key, playlist_id, op.key, op.video_id, target)
                    sim.move(op.key, target)
                    outcome.moved += 1
            except ApiError as error:
                if op.kind == "insert" and error.video_unavailable:
                    sim.skip(op.key, op.after)
                    outcome.unavailable.append(op.video_id)
                    continue
                if error.reason in GONE_REASONS:
                    sim.skip(op.key, op.after)  # removed meanwhile: nothing left to do
                    continue
                if op.kind == "move" and error.reason == MANUAL_SORT_REQUIRED:
                    self.sorting.not_manual(playlist_id)
                    outcome.order_kept = False
                    outcome.moves_skipped += 1
                    continue
                raise
            outcome.writes += 1

    def _insert_sorted(
        self,
        key: str,
        playlist_id: str,
        video_id: str,
        position: int | None,
        known: set[str],
        outcome: PlaylistOutcome,
    ) -> str:
        """Insert at `position`; on 400 manualSortRequired (once per playlist) append
        instead. An append that lands elsewhere than the end shows the same."""
        expected = len(known) if position is None else None
        try:
            item_id, landed = self._insert(key, playlist_id, video_id, position, known)
        except ApiError as error:
            if error.reason != MANUAL_SORT_REQUIRED:
                raise
            self.sorting.not_manual(playlist_id)
            outcome.order_kept = False
            expected = None
            item_id, landed = self._insert(f"{key}:append", playlist_id, video_id, None, known)
        if not self.sorting.landed(playlist_id, expected, landed):
            outcome.order_kept = False
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

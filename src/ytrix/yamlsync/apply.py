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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ytrix.core.journal import DONE, job_key
from ytrix.yamlsync.items import ItemCounts, ItemWriter, next_run
from ytrix.yamlsync.plan import FilePlan, PlaylistPlan
from ytrix.yamlsync.spec import PlaylistsFile
from ytrix.youtube.sorting import order_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from ytrix.core.journal import WriteJournal
    from ytrix.youtube.gateway import Gateway

JOB_KIND = "yaml2mlists"


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
        run = next_run(self.journal, self.job)
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
        counts = ItemCounts()
        writer = ItemWriter(self.gateway, self.journal, self.job, self.prefix, counts)
        try:
            writer.write(plan.playlist_id, plan.live, plan.items)
        finally:  # a stop mid-way still reports what was written
            outcome.removed += counts.removed
            outcome.inserted += counts.inserted
            outcome.moved += counts.moved
            outcome.unavailable.extend(counts.unavailable)
            outcome.writes += counts.writes
            outcome.moves_skipped += counts.moves_skipped
            outcome.order_kept = outcome.order_kept and not counts.not_manual

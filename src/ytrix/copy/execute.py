"""Executing a copy plan through the Gateway, every write exactly once.

Each write runs under `WriteJournal.run_once` with a key naming its effect:
`<job>:create:<part>` (its result, the new playlist's ID, is stored the moment the
playlist exists), `<job>:target` (the dedup target an update fills) and
`<job>:insert:<playlist>:<video>`. An ambiguous outcome (409 ABORTED, 5xx, timeout)
or an intent left by a killed process is reconciled by reading the target first:
`find_items(playlist, video)` (1 unit) for an insert, and for a creation an own
playlist with that title that was not there when the job planned it.

A part holds at most 5,000 videos: the next video goes to "<title> (Part 2)" and so on,
planned by the constant and also triggered by YouTube's 403
`playlistContainsMaximumNumberOfVideos`. Unavailable videos (`failedPrecondition`,
`videoNotFound`) are skipped and journaled as such, so a re-run does not pay for them
again; a 403 (`forbidden`, `playlistItemsNotAccessible`) is about permission and stops
the target at once. `QuotaExhausted` and the channel's new-playlist limit propagate
untouched: a re-run (or a resumed batch task with the same job key) continues where
this one stopped. Appends are checked against where they landed: a playlist that is
not sorted manually is reported (its order cannot be kept), never retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ytrix.copy.plan import (
    PLAYLIST_MAX_ITEMS,
    UNAVAILABLE_MARK,
    CopyPlan,
    Skip,
    create_key,
    insert_key,
    job_state,
    part_title,
    target_key,
)
from ytrix.core.journal import WriteJournal
from ytrix.core.jsonify import pick
from ytrix.core.progress import NullTracker, Tracker
from ytrix.sources.models import playlist_url
from ytrix.youtube.errors import ApiError
from ytrix.youtube.gateway import Gateway

PLAYLIST_FULL = "playlistContainsMaximumNumberOfVideos"
INSERT_SKIP_REASONS = {
    "videoNotFound": "deleted",
    "failedPrecondition": "unavailable",
}


@dataclass
class PartResult:
    number: int
    playlist_id: str
    title: str
    status: str  # created (by this run) | existing (earlier run, or the dedup target)
    count: int = 0  # items it holds, as far as ytrix knows
    added: int = 0
    order_kept: bool = True  # False: not sorted manually, appends landed elsewhere

    @property
    def url(self) -> str:
        return playlist_url(self.playlist_id)

    def to_json(self) -> dict[str, Any]:
        fields = pick(self, "playlist_id url title status")
        return {
            "part": self.number,
            **fields,
            "videos_added": self.added,
            "order_kept": self.order_kept,
        }


@dataclass
class CopyOutcome:
    parts: list[PartResult] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def unsorted(self) -> list[PartResult]:
        """Parts whose order could not be kept (not sorted manually)."""
        return [p for p in self.parts if not p.order_kept]


class StopRequested(Exception):
    """Raised by an `on_write` callback between two writes when the user asked to stop
    (a batch's signal handler): the job pauses with every write recorded."""


class CopyExecutor:
    """Runs one plan. `touched` collects every playlist written to (even when the run
    stops early), so callers can invalidate cached copies."""

    def __init__(
        self,
        plan: CopyPlan,
        gateway: Gateway,
        journal: WriteJournal,
        tracker: Tracker | None = None,
        on_write: Callable[[str], None] | None = None,
    ):
        self.plan = plan
        self.gateway = gateway
        self.journal = journal
        self.tracker: Tracker = tracker or NullTracker()
        self.on_write = on_write or (lambda _playlist_id: None)
        self.outcome = CopyOutcome()
        self._current: PartResult | None = None

    @property
    def job(self) -> str:
        return self.plan.job

    def run(self) -> CopyOutcome:
        plan = self.plan
        if plan.action in ("skip", "empty") or not plan.videos:
            return self.outcome
        state = job_state(self.job, self.journal.ops(self.job))
        for number in plan.vanished:  # deleted since an earlier run: create it again
            self.journal.record_failed(create_key(self.job, number), self.job, {}, "vanished")
        if plan.current is not None:
            current = plan.current
            if plan.action == "update":
                ref = {"playlist_id": current.playlist_id}
                self.journal.record_done(target_key(self.job), self.job, ref, ref)
            self._current = PartResult(
                current.number, current.playlist_id, current.title, "existing", current.count
            )
            self.outcome.parts.append(self._current)
        for video_id in plan.videos:
            prior = state.intents.get(video_id)
            if prior is None or not self._settle_elsewhere(prior, video_id):
                self._insert(video_id)
            self.tracker.advance()
        return self.outcome

    # -- parts ----------------------------------------------------------------------------
    def _next_part(self) -> PartResult:
        number = self._current.number + 1 if self._current is not None else 1
        title = part_title(self.plan.base_title, number)
        key = create_key(self.job, number)
        record = self.journal.get(key)
        before = (
            list(record.params.get("before", []))
            if record is not None and record.params
            else self.plan.before(title)
        )
        spec = self.plan.spec
        params = {"title": title, "privacy": spec.privacy, "before": before}

        def perform() -> dict[str, str]:
            made = self.gateway.create_playlist(title, spec.description, spec.privacy)
            return {"playlist_id": made.playlist_id}

        def reconcile() -> dict[str, str] | None:
            stored = self.journal.get(key)
            known = set(stored.params.get("before", []) if stored else before)
            for playlist in self.gateway.list_my_playlists():
                if playlist.title == title and playlist.playlist_id not in known:
                    return {"playlist_id": playlist.playlist_id}
            return None

        already = record is not None and record.state == "done"
        guard = self.gateway.creations
        if not already and guard is not None and (record is None or record.state != "intent"):
            guard.check()  # the channel's limit reached: no call, no journal intent
        result = self.journal.run_once(key, self.job, params, perform, reconcile)
        part = PartResult(
            number, str(result["playlist_id"]), title, "existing" if already else "created"
        )
        self.outcome.parts.append(part)
        self._current = part
        return part

    def _part_for(self, playlist_id: str) -> PartResult | None:
        return next((p for p in self.outcome.parts if p.playlist_id == playlist_id), None)

    # -- inserts ------------------------------------------------------------------------
    def _settle_elsewhere(self, playlist_id: str, video_id: str) -> bool:
        """A killed run left an insert intent: unless it targets the current part (where
        run_once reconciles it on the same key), read that playlist; if the insert took
        effect, record it. Returns whether the video is settled."""
        current = self._current
        if (
            current is not None
            and playlist_id == current.playlist_id
            and current.count < PLAYLIST_MAX_ITEMS
        ):
            return False
        try:
            found = self.gateway.find_items(playlist_id, video_id)
        except ApiError as error:
            if error.status == 404:  # that playlist is gone: insert afresh
                return False
            raise
        if not found:
            return False
        params = {"playlist_id": playlist_id, "video_id": video_id}
        key = insert_key(self.job, playlist_id, video_id)
        self.journal.record_done(key, self.job, params, found[0].item_id)
        part = self._part_for(playlist_id)
        if part is not None:
            part.added += 1
        self.outcome.added.append(video_id)
        return True

    def _insert(self, video_id: str) -> None:
        while True:
            part = self._current
            if part is None or part.count >= PLAYLIST_MAX_ITEMS:
                part = self._next_part()
            playlist_id = part.playlist_id
            params = {"playlist_id": playlist_id, "video_id": video_id}
            key = insert_key(self.job, playlist_id, video_id)
            sent = False
            landed: int | None = None

            def perform(pid: str = playlist_id) -> str:
                nonlocal sent, landed
                sent = True
                added = self.gateway.add_item(pid, video_id)
                landed = added.position
                return added.item_id

            def reconcile(pid: str = playlist_id) -> str | None:
                found = self.gateway.find_items(pid, video_id)
                return found[0].item_id if found else None

            self.on_write(playlist_id)
            try:
                self.journal.run_once(key, self.job, params, perform, reconcile)
            except ApiError as error:
                if error.reason == PLAYLIST_FULL:
                    part.count = PLAYLIST_MAX_ITEMS  # YouTube says full: next part
                    continue
                reason = INSERT_SKIP_REASONS.get(error.reason or "")
                if reason is None:
                    raise
                self.journal.record_failed(key, self.job, params, UNAVAILABLE_MARK + reason)
                self.outcome.skipped.append(Skip(video_id, reason))
                return
            if sent:  # else an earlier run's insert, already in the part's listed count
                if landed is not None and landed != part.count:
                    part.order_kept = False  # YouTube's sort placed it: not manual
                part.count += 1
            part.added += 1
            self.outcome.added.append(video_id)
            return

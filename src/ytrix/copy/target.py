"""What every playlist-writing command shares: its dependencies (gateway, journal,
cache, source reader), planning one target playlist (journal state, dedup reads) and
running it (progress bar, job bookkeeping, cache invalidation), and the report of
one target as data for JSON and a summary line for people."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ytrix.copy.dedup import candidates
from ytrix.copy.execute import CopyExecutor, CopyOutcome, PartResult, StopRequested
from ytrix.copy.plan import (
    MAX_DESCRIPTION,
    CopyPlan,
    CopySpec,
    Prepared,
    Skip,
    clean_text,
    job_state,
    plan_copy,
)
from ytrix.core import ui
from ytrix.core.errors import AuthNeeded
from ytrix.core.progress import Bars, Tracker, no_bars
from ytrix.quota.report import write_units_left
from ytrix.sources.models import PlaylistInfo, PlaylistRef
from ytrix.youtube.errors import QuotaExhausted
from ytrix.youtube.models import Privacy

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig
    from ytrix.core.journal import WriteJournal
    from ytrix.core.paths import Paths
    from ytrix.quota.pool import Pool
    from ytrix.sources.cache import ReadCache
    from ytrix.sources.models import SourceMode
    from ytrix.sources.reader import SourceReader
    from ytrix.youtube.gateway import Gateway, OwnPlaylist

log = logging.getLogger(__name__)
RESUME_HINT = (
    "Re-run the same command after the reset (00:00 Pacific): it continues where it "
    "stopped, without duplicating a playlist or a video."
)


@dataclass
class Deps:
    pool: Pool
    gateway: Gateway
    journal: WriteJournal
    cache: ReadCache
    reader: SourceReader
    bars: Bars = no_bars  # the caller's progress bars (the CLI draws them)
    _own: list[OwnPlaylist] | None = None

    def share_own(self, playlists: list[OwnPlaylist]) -> None:
        """Use a list of the user's playlists read elsewhere (a batch reads it once)."""
        self._own = playlists

    @classmethod
    def build(
        cls, pool: Pool, paths: Paths, api: ApiConfig, mode: SourceMode, bars: Bars = no_bars
    ) -> Deps:
        from ytrix.core.journal import WriteJournal
        from ytrix.sources.cache import ReadCache
        from ytrix.sources.reader import SourceReader
        from ytrix.youtube.gateway import Gateway

        gateway = Gateway(pool)
        cache = ReadCache(paths.cache_db)
        journal = WriteJournal(
            paths.state_db, on_ambiguous=lambda key: log.info("reconciling %s", key)
        )
        reader = SourceReader(gateway, api, cache=cache, mode=mode, ytdlp=pool.profile.ytdlp)
        return cls(pool, gateway, journal, cache, reader, bars)

    def own_playlists(self, refresh: bool = False) -> list[OwnPlaylist]:
        """The user's playlists, private and unlisted included (1 unit per 50)."""
        if self._own is None or refresh:
            self._own = self.gateway.list_my_playlists()
        return self._own

    def own_by_id(self) -> dict[str, OwnPlaylist]:
        return {p.playlist_id: p for p in self.own_playlists()}

    def read_source(self, ref: PlaylistRef) -> PlaylistInfo:
        """A source playlist (own ones through the API, validated by their count)."""
        return self.reader.read_playlist(ref, own=self.own_by_id().get(ref.playlist_id))

    def playlist_videos(self, playlist: OwnPlaylist) -> list[str]:
        info = self.reader.read_playlist(PlaylistRef(playlist.playlist_id), own=playlist)
        return info.video_ids

    def close(self) -> None:
        self.journal.close()
        self.cache.close()


@dataclass
class TargetResult:
    """One target playlist: its plan, and what running it did (None for a dry run)."""

    plan: CopyPlan
    outcome: CopyOutcome | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def parts(self) -> list[PartResult]:
        if self.outcome is not None and self.outcome.parts:
            return self.outcome.parts
        plan = self.plan
        if plan.match is not None and plan.action == "skip":
            target = plan.match.playlist
            return [PartResult(1, target.playlist_id, target.title, "existing", target.item_count)]
        if plan.current is not None:
            c = plan.current
            return [PartResult(c.number, c.playlist_id, c.title, "existing", c.count)]
        return []

    @property
    def skipped(self) -> list[Skip]:
        extra = self.outcome.skipped if self.outcome is not None else []
        return [*self.plan.skipped, *extra]

    @property
    def added(self) -> int:
        return len(self.outcome.added) if self.outcome is not None else 0

    def to_json(self) -> dict[str, Any]:
        plan = self.plan
        return {
            "action": plan.action,
            "title": plan.base_title,
            "privacy": plan.spec.privacy,
            "playlists": [p.to_json() for p in self.parts],
            "videos_planned": len(plan.videos),
            "videos_added": self.added,
            "skipped": [s.to_json() for s in self.skipped],
            "skipped_by_reason": dict(Counter(s.reason for s in self.skipped)),
            "duplicates_removed": plan.duplicates,
            "match": plan.match.to_json() if plan.match is not None else None,
            "quota_estimate": plan.estimate_json(),
            **self.extra,
        }


class DedupView(Protocol):
    """What planning a target reads about the user's playlists: a command reads them
    through its own `Deps`; a batch shares one read across workers and leaves its
    own output out of dedup."""

    def own(self) -> list[OwnPlaylist]: ...

    def items(self, playlist: OwnPlaylist) -> list[str]: ...

    def excluded(self, playlist_id: str) -> bool: ...


@dataclass
class OwnView:
    """The command's view: the user's playlists as `deps` reads them, nothing excluded."""

    deps: Deps

    def own(self) -> list[OwnPlaylist]:
        return self.deps.own_playlists()

    def items(self, playlist: OwnPlaylist) -> list[str]:
        return self.deps.playlist_videos(playlist)

    def excluded(self, playlist_id: str) -> bool:
        return False


def source_spec(
    info: PlaylistInfo,
    source: PlaylistRef,
    job: str,
    *,
    title: str | None,
    privacy: Privacy,
    dedup: bool,
) -> CopySpec:
    """The copy of one source playlist (plist2mlist and each batch task)."""
    return CopySpec(
        job=job,
        title=title or info.title or source.playlist_id,
        description=clean_text(info.description, MAX_DESCRIPTION),
        privacy=privacy,
        dedup=dedup,
        exclude=(source.playlist_id,),
    )


def plan_target(
    deps: Deps, spec: CopySpec, prepared: Prepared, view: DedupView | None = None
) -> CopyPlan:
    """Plan one target: the job's journal state, and dedup reads when it is new."""
    view = view or OwnView(deps)
    state = job_state(spec.job, deps.journal.ops(spec.job))
    own = view.own()
    items: dict[str, list[str]] = {}
    if state.empty and spec.dedup:
        for playlist in candidates(own, len(prepared.video_ids), spec.exclude):
            if not view.excluded(playlist.playlist_id):
                items[playlist.playlist_id] = view.items(playlist)
    if state.target is not None:  # resuming a top-up: what the target holds is not re-added
        target = next((p for p in own if p.playlist_id == state.target), None)
        if target is not None:
            items[target.playlist_id] = view.items(target)
    return plan_copy(spec, prepared, own, items, state)


def execute_target(
    deps: Deps,
    plan: CopyPlan,
    *,
    kind: str,
    params: dict[str, Any],
    tracker: Tracker | None = None,
    on_write: Callable[[str], None] | None = None,
) -> CopyOutcome:
    """The one execution of a planned target, for commands and batch tasks alike: the
    job's start and end in the journal (paused when quota, credentials or the user
    stop it), the writes, and the cache of every playlist written to forgotten."""
    if plan.action in ("skip", "empty") or not plan.videos:
        return CopyOutcome()
    journal = deps.journal
    journal.start_job(plan.job, kind, params)
    touched: set[str] = set()

    def wrote(playlist_id: str) -> None:
        touched.add(playlist_id)
        if on_write is not None:
            on_write(playlist_id)

    try:
        outcome = CopyExecutor(plan, deps.gateway, journal, tracker, wrote).run()
    except (QuotaExhausted, AuthNeeded, StopRequested):
        journal.finish_job(plan.job, "paused")
        raise
    finally:
        for playlist_id in touched:
            deps.cache.invalidate_playlist(playlist_id)
    state = "partial" if outcome.skipped or plan.skipped else "done"
    journal.finish_job(plan.job, state, {"playlists": [p.playlist_id for p in outcome.parts]})
    return outcome


def run_target(
    deps: Deps, plan: CopyPlan, *, kind: str, params: dict[str, Any], label: str = "Copying"
) -> TargetResult:
    """Execute a plan with a progress bar (the commands' way)."""
    if plan.action in ("skip", "empty") or not plan.videos:
        return TargetResult(plan, CopyOutcome())
    with deps.bars(len(plan.videos), label, units=lambda: deps.pool.units_spent) as bar:
        outcome = execute_target(deps, plan, kind=kind, params=params, tracker=bar)
    return TargetResult(plan, outcome)


@dataclass
class Target:
    """One planned target of a command, with how its job is recorded and shown."""

    plan: CopyPlan
    kind: str  # the journal's job kind: copy | merge | split
    params: dict[str, Any]
    label: str = "Copying"
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. a split's group


def run_targets(
    deps: Deps, command: str, targets: list[Target], data: dict[str, Any], *, dry_run: bool
) -> Report:
    """The use case every playlist-writing command ends with: show the plans (dry run),
    or warn when today's quota falls short, run each target, and add the resume hint
    when quota runs out."""
    if dry_run:
        results = [TargetResult(t.plan, extra=dict(t.extra)) for t in targets]
        return finish(deps, command, True, results, data)
    warn_if_short(deps.pool, sum(t.plan.units for t in targets))
    results = []
    try:
        for target in targets:
            params = target.params
            result = run_target(
                deps, target.plan, kind=target.kind, params=params, label=target.label
            )
            result.extra.update(target.extra)
            results.append(result)
    except QuotaExhausted as error:
        raise with_resume_hint(error) from None
    return finish(deps, command, False, results, data)


def warn_if_short(pool: Pool, units: int) -> None:
    """Tell the user up front when today's quota will not carry the whole job."""
    if units <= 0:
        return
    left = write_units_left(pool)
    if units > left:
        ui.warn(
            f"This needs about {units:,} units; your projects have {left:,} left today. "
            "ytrix writes what fits and stops; re-run the same command after the reset "
            "(00:00 Pacific) to finish."
        )


def with_resume_hint(error: QuotaExhausted) -> QuotaExhausted:
    error.hint = f"{error.hint} {RESUME_HINT}" if error.hint else RESUME_HINT
    return error


def summary_line(
    added: int, planned: int, skipped: Sequence[Skip], duplicates: int, dry_run: bool
) -> str:
    """`48 added, 2 skipped (1 private, 1 deleted)` — or what a dry run would do."""
    reasons = Counter(s.reason for s in skipped)
    detail = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    text = f"{planned} to add" if dry_run else f"{added} added"
    text += f", {len(skipped)} skipped" + (f" ({detail})" if detail else "")
    if duplicates:
        text += f", {duplicates} duplicate{'s' if duplicates != 1 else ''} removed"
    return text


@dataclass
class Report:
    """A playlist command's result: its targets, command-specific data, and spend.
    `skipped_extra`/`duplicates_extra`: source-level ones not tied to one target."""

    command: str
    dry_run: bool
    results: list[TargetResult]
    data: dict[str, Any]
    units_spent: int = 0
    projects_used: list[str] = field(default_factory=list)
    skipped_extra: list[Skip] = field(default_factory=list)
    duplicates_extra: int = 0

    @property
    def skipped(self) -> list[Skip]:
        return [*self.skipped_extra, *(s for r in self.results for s in r.skipped)]

    @property
    def added(self) -> int:
        return sum(r.added for r in self.results)

    @property
    def duplicates(self) -> int:
        return self.duplicates_extra + sum(r.plan.duplicates for r in self.results)

    @property
    def summary(self) -> str:
        planned = sum(len(r.plan.videos) for r in self.results)
        return summary_line(self.added, planned, self.skipped, self.duplicates, self.dry_run)

    @property
    def partial(self) -> bool:
        return not self.dry_run and bool(self.skipped)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"command": self.command, "dry_run": self.dry_run, **self.data}
        if len(self.results) == 1 and "groups" not in self.data:
            out.update(self.results[0].to_json())
        out["videos_added"] = self.added
        out["skipped"] = [s.to_json() for s in self.skipped]
        out["skipped_by_reason"] = dict(Counter(s.reason for s in self.skipped))
        out["duplicates_removed"] = self.duplicates
        out["quota_estimate"] = {
            "creates": sum(r.plan.creates for r in self.results),
            "inserts": sum(r.plan.inserts for r in self.results),
            "units": sum(r.plan.units for r in self.results),
        }
        out["units_spent"] = self.units_spent
        out["projects_used"] = self.projects_used
        out["summary"] = self.summary
        return out


def finish(
    deps: Deps, command: str, dry_run: bool, results: list[TargetResult], data: dict[str, Any]
) -> Report:
    pool = deps.pool
    if dry_run:
        data["quota_available"] = write_units_left(pool)
    return Report(command, dry_run, results, data, pool.units_spent, sorted(pool.projects_used))

"""What every playlist-writing command shares: its dependencies (gateway, journal,
cache, source reader), planning one target playlist (journal state, dedup reads) and
running it (progress bar, job bookkeeping, cache invalidation), and the report of
one target as data for JSON and a summary line for people."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from ytrix.channel.claims import (
    Claim,
    WriteClaims,
    source_claim,
    target_claim,
    waiting_notice,
)
from ytrix.channel.creations import CreationLimitReached
from ytrix.copy.dedup import candidates
from ytrix.copy.execute import CopyExecutor, CopyOutcome, PartResult, StopRequested
from ytrix.copy.plan import (
    MAX_DESCRIPTION,
    CopyPlan,
    CopySpec,
    Part,
    Prepared,
    clean_text,
    distribute,
    job_state,
    plan_copy,
)
from ytrix.copy.report import Report, TargetResult
from ytrix.core.errors import AuthNeeded
from ytrix.core.progress import Bars, Tracker, no_bars
from ytrix.quota.report import write_units_left
from ytrix.sources.models import PlaylistInfo, PlaylistRef
from ytrix.storage import open_state
from ytrix.youtube.errors import QuotaExhausted
from ytrix.youtube.models import Privacy

if TYPE_CHECKING:
    from ytrix.core.config import ApiConfig
    from ytrix.core.journal import WriteJournal
    from ytrix.core.mirrors import MirrorStore
    from ytrix.core.notify import Notices
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
    mirrors: MirrorStore | None = None  # where copies are recorded for `ytrix sync`
    _own: list[OwnPlaylist] | None = None
    _claims: WriteClaims | None = None

    @property
    def claims(self) -> WriteClaims:
        """One writer per source and per target, across processes (the state database)."""
        if self._claims is None:
            self._claims = WriteClaims(open_state(self.pool.paths, self.pool.clock))
        return self._claims

    @property
    def notices(self) -> Notices:
        """What the run tells the user (the pool's: the CLI's console)."""
        return self.pool.notices

    @contextmanager
    def claim(
        self, kind: str, playlist_id: str, what: str, check: Callable[[], None] = lambda: None
    ) -> Iterator[Claim]:
        """Hold the claim on a source (`kind` "source") or an existing target of this
        channel; while another process holds it, say so and wait."""
        make = source_claim if kind == "source" else target_claim
        key = make(self.pool.identity.key(), playlist_id)
        notify = self.notices.notice
        with self.claims.hold(
            [key], what, on_wait=lambda h: notify(waiting_notice(h)), check=check
        ) as held:
            yield held

    def share_own(self, playlists: list[OwnPlaylist]) -> None:
        """Use a list of the user's playlists read elsewhere (a batch reads it once)."""
        self._own = playlists

    @classmethod
    def build(
        cls, pool: Pool, paths: Paths, api: ApiConfig, mode: SourceMode, bars: Bars = no_bars
    ) -> Deps:
        from ytrix.core.journal import WriteJournal
        from ytrix.core.mirrors import MirrorStore
        from ytrix.sources.cache import ReadCache
        from ytrix.sources.reader import SourceReader
        from ytrix.storage import open_state
        from ytrix.youtube.gateway import Gateway

        gateway = Gateway(pool)
        cache = ReadCache(paths.cache_db, pool.clock, notices=pool.notices)
        journal = WriteJournal(
            open_state(paths, pool.clock), on_ambiguous=lambda key: log.info("reconciling %s", key)
        )
        reader = SourceReader(
            gateway, api, cache=cache, mode=mode, ytdlp=pool.profile.ytdlp, notices=pool.notices
        )
        mirrors = MirrorStore(open_state(paths, pool.clock))
        return cls(pool, gateway, journal, cache, reader, bars, mirrors)

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

    def remember_mirror(
        self, parts: Sequence[PartResult], sources: Sequence[str], kind: str
    ) -> None:
        """A copy that fits in one playlist mirrors its source(s): `ytrix sync` keeps
        it up to date. A copy continued in "(Part 2)" playlists is not one."""
        if self.mirrors is not None and len(parts) == 1:
            self.mirrors.record(parts[0].playlist_id, sources, kind, parts[0].title)

    def close(self) -> None:
        self.journal.close()
        self.cache.close()
        if self.mirrors is not None:
            self.mirrors.close()
        if self._claims is not None:
            self._claims.close()


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
    if plan.current is None:
        return _execute(deps, plan, kind, params, tracker, on_write)
    current = plan.current.playlist_id
    with deps.claim("target", current, f"writing to playlist {current}") as held:
        if held.waited:  # another process wrote to it meanwhile: add only what is missing
            deps.cache.invalidate_playlist(current)
            plan = _still_missing(deps, plan)
            if not plan.videos:
                return CopyOutcome()
        return _execute(deps, plan, kind, params, tracker, on_write)


def _still_missing(deps: Deps, plan: CopyPlan) -> CopyPlan:
    """The plan without the videos its target holds now."""
    assert plan.current is not None
    target = next(
        (p for p in deps.own_playlists(refresh=True) if p.playlist_id == plan.current.playlist_id),
        None,
    )
    if target is None:
        return plan
    held = set(deps.playlist_videos(target))
    videos = tuple(v for v in plan.videos if v not in held)
    current = Part(plan.current.number, target.playlist_id, target.title, target.item_count)
    counts = distribute(len(videos), current.count)
    return replace(plan, videos=videos, current=current, part_counts=counts)


def _execute(
    deps: Deps,
    plan: CopyPlan,
    kind: str,
    params: dict[str, Any],
    tracker: Tracker | None,
    on_write: Callable[[str], None] | None,
) -> CopyOutcome:
    journal = deps.journal
    journal.start_job(plan.job, kind, params)
    touched: set[str] = set()

    def wrote(playlist_id: str) -> None:
        touched.add(playlist_id)
        if on_write is not None:
            on_write(playlist_id)

    try:
        outcome = CopyExecutor(plan, deps.gateway, journal, tracker, wrote).run()
    except (QuotaExhausted, AuthNeeded, StopRequested, CreationLimitReached):
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
    mirror_of: tuple[str, ...] = ()  # the sources this target mirrors (copy, merge)


def run_targets(deps: Deps, report: Report, targets: list[Target]) -> Report:
    """The use case every playlist-writing command ends with: show the plans (dry run),
    or warn when today's quota falls short, run each target, and add the resume hint
    when quota runs out. `report` names the command and its sources; this fills in
    the targets' results and the spend."""
    if report.dry_run:
        report.results = [TargetResult(t.plan, extra=dict(t.extra)) for t in targets]
        report.quota_available = write_units_left(deps.pool)
        return finish(deps, report)
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
            if target.mirror_of:
                deps.remember_mirror(result.parts, target.mirror_of, target.kind)
    except QuotaExhausted as error:
        raise with_resume_hint(error) from None
    report.results = results
    return finish(deps, report)


def warn_if_short(pool: Pool, units: int) -> None:
    """Tell the user up front when today's quota will not carry the whole job."""
    if units <= 0:
        return
    left = write_units_left(pool)
    if units > left:
        pool.notices.warn(
            f"This needs about {units:,} units; your projects have {left:,} left today. "
            "ytrix writes what fits and stops; re-run the same command after the reset "
            "(00:00 Pacific) to finish."
        )


def with_resume_hint(error: QuotaExhausted) -> QuotaExhausted:
    error.hint = f"{error.hint} {RESUME_HINT}" if error.hint else RESUME_HINT
    return error


def finish(deps: Deps, report: Report) -> Report:
    """The report with what the run spent, and where."""
    report.units_spent = deps.pool.units_spent
    report.projects_used = sorted(deps.pool.projects_used)
    return report

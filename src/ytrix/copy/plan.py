"""Planning a copy, purely: which videos to add where, which to skip and why, how many
playlists to create, and the exact quota the writes will cost.

Inputs are data already read (source entries, the user's playlists, candidate items,
what the write journal knows about this job); nothing here calls the API. `copy.py`
executes a plan; `plist2mlist`, `plists2mlist`, `plist2mlists` and the batch build
one plan per target playlist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ytrix.copy.dedup import Match, best_match
from ytrix.core.journal import DONE, FAILED, INTENT, OpRecord
from ytrix.sources.models import VideoEntry
from ytrix.youtube.costs import method_cost
from ytrix.youtube.gateway import OwnPlaylist
from ytrix.youtube.models import Privacy

PLAYLIST_MAX_ITEMS = 5000  # YouTube's cap per playlist; parts continue in "(Part 2)" ...
MAX_TITLE = 150
MAX_DESCRIPTION = 5000
UNAVAILABLE_MARK = "unavailable:"
Action = Literal["create", "update", "resume", "skip", "empty"]


@dataclass(frozen=True)
class Skip:
    video_id: str
    reason: str  # private | deleted | unavailable
    title: str = ""

    def to_json(self) -> dict[str, str]:
        return {"video_id": self.video_id, "reason": self.reason}


@dataclass(frozen=True)
class Prepared:
    """A source's videos as ytrix copies them: unique, available, in order."""

    video_ids: tuple[str, ...]
    skipped: tuple[Skip, ...]
    duplicates: int


def prepare_entries(entries: Sequence[VideoEntry]) -> Prepared:
    """First occurrence wins; private (not the user's own), deleted and unavailable
    videos are skipped up front, so no insert is spent on them."""
    seen: set[str] = set()
    ids: list[str] = []
    skipped: list[Skip] = []
    duplicates = 0
    for entry in entries:
        if entry.video_id in seen:
            duplicates += 1
            continue
        seen.add(entry.video_id)
        reason = unavailable_reason(entry)
        if reason is None:
            ids.append(entry.video_id)
        else:
            skipped.append(Skip(entry.video_id, reason, entry.title))
    return Prepared(tuple(ids), tuple(skipped), duplicates)


def unavailable_reason(entry: VideoEntry) -> str | None:
    if entry.availability in ("deleted", "unavailable"):
        return entry.availability
    if entry.availability == "private" and not entry.channel_id:
        return "private"  # someone else's private video (the owner's shows its channel)
    return None


def clean_text(text: str, limit: int) -> str:
    """YouTube refuses `<` and `>` in playlist titles and descriptions, and lone
    surrogates and control characters (other than tab and line breaks) anywhere."""
    kept = "".join(
        c
        for c in text
        if not (
            0xD800 <= ord(c) <= 0xDFFF or ((ord(c) < 0x20 or ord(c) == 0x7F) and c not in "\t\n\r")
        )
    )
    return kept.replace("<", "‹").replace(">", "›").strip()[:limit]


def part_title(base: str, part: int) -> str:
    if part <= 1:
        return clean_text(base, MAX_TITLE) or "Untitled"
    suffix = f" (Part {part})"
    return (clean_text(base, MAX_TITLE - len(suffix)) or "Untitled") + suffix


# -- journal keys -------------------------------------------------------------------------
def create_key(job: str, part: int) -> str:
    return f"{job}:create:{part}"


def insert_key(job: str, playlist_id: str, video_id: str) -> str:
    return f"{job}:insert:{playlist_id}:{video_id}"


def target_key(job: str) -> str:
    return f"{job}:target"


@dataclass(frozen=True)
class JobState:
    """What the write journal knows about one job (empty for a new job)."""

    parts: Mapping[int, str] = field(default_factory=dict)  # part -> playlist id
    pending_creates: frozenset[int] = frozenset()  # intent recorded, outcome unknown
    done: Mapping[str, str] = field(default_factory=dict)  # video -> playlist holding it
    intents: Mapping[str, str] = field(default_factory=dict)  # video -> playlist tried
    unavailable: Mapping[str, str] = field(default_factory=dict)  # video -> reason
    target: str | None = None  # the own playlist a dedup update chose to fill

    @property
    def empty(self) -> bool:
        return not (self.parts or self.pending_creates or self.done or self.intents)


def job_state(job: str, ops: Sequence[OpRecord]) -> JobState:
    parts: dict[int, str] = {}
    pending: set[int] = set()
    done: dict[str, str] = {}
    intents: dict[str, str] = {}
    unavailable: dict[str, str] = {}
    target: str | None = None
    prefix = f"{job}:"
    for op in ops:
        rest = op.key.removeprefix(prefix).split(":")
        if rest == ["target"] and op.state == DONE:
            target = str(op.result["playlist_id"])
            parts.setdefault(1, target)
        elif rest[0] == "create" and len(rest) == 2:
            if op.state == DONE:
                parts[int(rest[1])] = str(op.result["playlist_id"])
            elif op.state == INTENT:
                pending.add(int(rest[1]))
        elif rest[0] == "insert" and len(rest) == 3:
            playlist_id, video_id = rest[1], rest[2]
            if op.state == DONE:
                done[video_id] = playlist_id
            elif op.state == INTENT:
                intents[video_id] = playlist_id
            elif op.state == FAILED and (op.error or "").startswith(UNAVAILABLE_MARK):
                unavailable[video_id] = (op.error or "").removeprefix(UNAVAILABLE_MARK)
    for video_id in done:
        intents.pop(video_id, None)
        unavailable.pop(video_id, None)
    return JobState(
        parts, frozenset(pending - set(parts)), done, intents, unavailable, target=target
    )


# -- the plan -------------------------------------------------------------------------------
@dataclass(frozen=True)
class CopySpec:
    """What one target playlist should become."""

    job: str
    title: str
    description: str = ""
    privacy: Privacy = "private"
    dedup: bool = True
    exclude: tuple[str, ...] = ()  # playlists that are never a dedup match (the sources)


@dataclass(frozen=True)
class Part:
    number: int
    playlist_id: str
    title: str
    count: int  # items it holds now


@dataclass(frozen=True)
class CopyPlan:
    spec: CopySpec
    action: Action
    base_title: str  # part 1's title; later parts add " (Part N)"
    videos: tuple[str, ...]  # to insert, in order
    skipped: tuple[Skip, ...]
    duplicates: int
    match: Match | None = None
    current: Part | None = None  # the playlist the first insert goes to, if it exists
    vanished: tuple[int, ...] = ()  # parts created earlier and deleted since
    own_snapshot: tuple[tuple[str, str], ...] = ()  # (id, title) of own playlists
    part_counts: tuple[int, ...] = ()  # planned videos per part, from `current` on

    @property
    def job(self) -> str:
        return self.spec.job

    @property
    def creates(self) -> int:
        return len(self.part_counts) - (1 if self.current is not None and self.videos else 0)

    @property
    def inserts(self) -> int:
        return len(self.videos)

    @property
    def units(self) -> int:
        return self.creates * method_cost("playlists.insert") + self.inserts * method_cost(
            "playlistItems.insert"
        )

    def estimate_json(self) -> dict[str, int]:
        return {"creates": self.creates, "inserts": self.inserts, "units": self.units}

    def before(self, title: str) -> list[str]:
        """Own playlists that already had `title` when planned (create reconcile)."""
        return [pid for pid, t in self.own_snapshot if t == title]


def distribute(count: int, current: int | None, cap: int = PLAYLIST_MAX_ITEMS) -> tuple[int, ...]:
    """Videos per part: fill the current part (holding `current` items) up to `cap`,
    then new parts of `cap` each. `current` None: every part is new."""
    if count <= 0:
        return ()
    out: list[int] = []
    if current is not None:
        first = min(count, max(0, cap - current))
        out.append(first)
        count -= first
    out.extend(min(cap, count - start) for start in range(0, count, cap))
    return tuple(out)


def plan_copy(
    spec: CopySpec,
    prepared: Prepared,
    own: Sequence[OwnPlaylist],
    own_items: Mapping[str, Sequence[str]],
    state: JobState,
) -> CopyPlan:
    """Resume the job's own playlists if an earlier run made (or chose) them; else
    skip or update on a dedup match; else create."""
    own_by_id = {p.playlist_id: p for p in own}
    existing = {k: own_by_id[pid] for k, pid in state.parts.items() if pid in own_by_id}
    vanished = tuple(sorted(k for k, pid in state.parts.items() if pid not in own_by_id))
    held = {p.playlist_id for p in existing.values()}
    done = {v for v, pid in state.done.items() if pid in held}
    skipped = list(prepared.skipped)
    videos: list[str] = []
    for video_id in prepared.video_ids:
        if video_id in done:
            continue
        if video_id in state.unavailable:
            skipped.append(Skip(video_id, state.unavailable[video_id]))
        else:
            videos.append(video_id)

    def make(
        action: Action,
        base: str,
        todo: Sequence[str],
        current: Part | None = None,
        match: Match | None = None,
    ) -> CopyPlan:
        if action == "create" and not todo:
            action = "empty"
        counts = (
            () if action == "skip" else distribute(len(todo), current.count if current else None)
        )
        return CopyPlan(
            spec=spec,
            action=action,
            base_title=base,
            videos=tuple(todo),
            skipped=tuple(skipped),
            duplicates=prepared.duplicates,
            match=match,
            current=current,
            vanished=vanished,
            own_snapshot=tuple((p.playlist_id, p.title) for p in own),
            part_counts=counts,
        )

    if existing:  # an earlier run of this job made (or chose) these playlists
        number = max(existing)
        last = existing[number]
        base = existing[1].title if 1 in existing else part_title(spec.title, 1)
        # A dedup target held most videos before this job: never insert those again.
        present = set(own_items.get(state.target, ())) if state.target in held else set()
        todo = [v for v in videos if v not in present]
        return make(
            "resume", base, todo, Part(number, last.playlist_id, last.title, last.item_count)
        )
    # The plan names the title YouTube will get (`<` -> `‹`, blank -> Untitled), so a dry
    # run shows what the real run creates.
    title = part_title(spec.title, 1)
    if not state.empty or vanished:  # a create may have happened: the executor reconciles
        return make("create", title, videos)
    if spec.dedup:
        candidates = [p for p in own if p.playlist_id not in spec.exclude]
        match = best_match(prepared.video_ids, candidates, own_items)
        if match is not None and (match.kind == "exact" or not match.missing):
            return make("skip", match.playlist.title, (), match=match)
        if match is not None:
            target = match.playlist
            missing = [v for v in match.missing if v not in state.unavailable]
            current = Part(1, target.playlist_id, target.title, target.item_count)
            return make("update", target.title, missing, current, match)
    return make("create", title, videos)

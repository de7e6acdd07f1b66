"""From a validated playlists file and the channel's live state, the plan: per
playlist, metadata update, create or delete, and the item writes (ops/yamlsync/diff).

Reads only: one `playlists.list` page per 50 own playlists, one `playlistItems.list`
page per 50 items of each playlist whose entry has a `videos` key, and one
`videos.list` call per 50 videos to be inserted (to skip unavailable ones up front).
A playlist whose entry has no `videos` key costs no item reads at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ytrix.yamlsync.diff import ItemPlan, LiveItem, plan_items
from ytrix.yamlsync.spec import PlaylistsFile, PlaylistSpec, Problem, YamlProblems
from ytrix.youtube.costs import method_cost

if TYPE_CHECKING:
    from ytrix.youtube.gateway import Gateway, OwnPlaylist

Action = Literal["create", "update", "delete", "none"]
WRITE_COST = method_cost("playlistItems.insert")  # every write of the plan costs 50


@dataclass
class PlaylistPlan:
    spec: PlaylistSpec
    playlist_id: str | None  # None: created on apply
    title: str  # as it will be
    action: Action
    metadata: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (now, wanted)
    wanted_meta: dict[str, str] = field(default_factory=dict)  # title/description/privacy
    items: ItemPlan | None = None
    live: list[LiveItem] = field(default_factory=list)
    wanted: list[str] = field(default_factory=list)  # wanted video order, unavailable dropped
    unavailable: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # video id -> title (for display)
    current_count: int | None = None
    reused_from_journal: bool = False  # created by an earlier apply of this same file
    notes: list[str] = field(default_factory=list)

    @property
    def writes(self) -> int:
        if self.action == "delete":
            return 1
        count = (1 if self.action == "create" else 0) + (1 if self.metadata else 0)
        return count + (len(self.items.ops) if self.items else 0)

    @property
    def units(self) -> int:
        return self.writes * WRITE_COST

    @property
    def deletes(self) -> int:
        """Videos this plan removes (a playlist delete counts its items too)."""
        if self.action == "delete":
            return self.current_count or 0
        return self.items.count("delete") if self.items else 0

    @property
    def empties(self) -> bool:
        return self.action != "delete" and self.wanted == [] and bool(self.live)


@dataclass
class FilePlan:
    file: PlaylistsFile
    playlists: list[PlaylistPlan]
    channel_id: str | None
    own_ids: list[str] = field(default_factory=list)  # the user's playlists when planned
    read_units: int = 0

    @property
    def changes(self) -> list[PlaylistPlan]:
        return [p for p in self.playlists if p.writes]

    @property
    def writes(self) -> int:
        return sum(p.writes for p in self.playlists)

    @property
    def units(self) -> int:
        return sum(p.units for p in self.playlists)

    @property
    def deletes_anything(self) -> bool:
        return any(p.action == "delete" or p.deletes for p in self.playlists)

    @property
    def unavailable(self) -> list[str]:
        return [v for p in self.playlists for v in p.unavailable]


def make_plan(
    gateway: Gateway,
    document: PlaylistsFile,
    reuse: dict[int, str] | None = None,
) -> FilePlan:
    """Read what the file touches and plan it. `reuse` maps entry index -> playlist id
    created for that entry by an earlier apply of the same file (from the journal).
    An id that is not one of the user's playlists is a problem of the file (exit 2)."""
    units_before = gateway.pool.units_spent
    own = {p.playlist_id: p for p in gateway.list_my_playlists()}
    channel_id = next((p.channel_id for p in own.values()), None)
    problems: list[Problem] = []
    plans: list[PlaylistPlan] = []
    for spec in document.playlists:
        playlist_id = spec.playlist_id
        reused = False
        if playlist_id is None and reuse and reuse.get(spec.index) in own:
            playlist_id, reused = reuse[spec.index], True
        if playlist_id is not None and playlist_id not in own:
            problems.append(
                Problem(
                    spec.line,
                    f"playlist {playlist_id} is not one of your playlists "
                    "(deleted, mistyped, or owned by another channel)",
                )
            )
            continue
        plan = _plan_entry(gateway, spec, own.get(playlist_id or ""), reused)
        if plan.action == "create":
            plan.notes += [
                f"you already have a playlist titled {p.title!r} ({p.playlist_id}); "
                "this creates another one"
                for p in own.values()
                if p.title == spec.title
            ]
        plans.append(plan)
    if problems:
        raise YamlProblems(document.source, problems)
    _drop_unavailable(gateway, plans)
    return FilePlan(
        file=document,
        playlists=plans,
        channel_id=channel_id,
        own_ids=list(own),
        read_units=gateway.pool.units_spent - units_before,
    )


def _plan_entry(
    gateway: Gateway, spec: PlaylistSpec, live: OwnPlaylist | None, reused: bool
) -> PlaylistPlan:
    if live is None:  # a new playlist
        plan = PlaylistPlan(
            spec=spec,
            playlist_id=None,
            title=spec.title or "",
            action="create",
            wanted=list(spec.video_ids or []),
            current_count=0,
        )
        return plan
    plan = PlaylistPlan(
        spec=spec,
        playlist_id=live.playlist_id,
        title=spec.title if spec.title is not None else live.title,
        action="none",
        current_count=live.item_count,
        reused_from_journal=reused,
    )
    if reused:
        plan.notes.append(
            f"created as {live.playlist_id} by an earlier apply of this file; "
            "add `id: " + live.playlist_id + "` to the entry"
        )
    if spec.delete:
        plan.action = "delete"
        plan.title = live.title
        return plan
    for key, now in (("title", live.title), ("description", live.description)):
        wanted = getattr(spec, key)
        if wanted is not None and wanted != now:
            plan.metadata[key] = (now, wanted)
    if spec.privacy is not None and spec.privacy != live.privacy:
        plan.metadata["privacy"] = (live.privacy, spec.privacy)
    current = {"title": live.title, "description": live.description, "privacy": live.privacy}
    plan.wanted_meta = {k: plan.metadata.get(k, ("", v))[1] for k, v in current.items()}
    if spec.videos is not None:
        items = gateway.list_items(live.playlist_id)
        plan.live = [LiveItem(i.item_id, i.video_id) for i in items]
        plan.titles = {i.video_id: i.title for i in items}
        plan.current_count = len(items)
        plan.wanted = list(spec.video_ids or [])
    return plan


def _drop_unavailable(gateway: Gateway, plans: list[PlaylistPlan]) -> None:
    """Videos to insert that videos.list does not return (deleted, private, blocked)
    are left out of the plan and reported; then the item writes are computed."""
    to_check: list[str] = []
    for plan in plans:
        if plan.action == "delete":
            continue
        present = {item.video_id for item in plan.live}
        to_check.extend(v for v in plan.wanted if v not in present)
    missing: set[str] = set()
    titles: dict[str, str] = {}
    if to_check:
        unique = list(dict.fromkeys(to_check))
        found = gateway.videos(unique)
        missing = {v for v in unique if v not in found}
        titles = {v: details.title for v, details in found.items()}
    for plan in plans:
        if plan.action == "delete":
            continue
        present = {item.video_id for item in plan.live}
        plan.titles.update((v, titles[v]) for v in plan.wanted if v in titles)
        plan.unavailable = list(
            dict.fromkeys(v for v in plan.wanted if v in missing and v not in present)
        )
        plan.wanted = [v for v in plan.wanted if v in present or v not in missing]
        if plan.spec.videos is not None or plan.action == "create":
            plan.items = plan_items(plan.live, plan.wanted)
        if plan.action == "none" and (plan.metadata or (plan.items and plan.items.ops)):
            plan.action = "update"


def refuse_empties(plan: FilePlan, allow_empty: bool) -> None:
    """`videos: []` on a playlist that has videos needs --allow-empty (exit 2)."""
    if allow_empty:
        return
    problems = [
        Problem(
            p.spec.line,
            f"`videos: []` would remove all {len(p.live)} videos of {p.title!r}",
        )
        for p in plan.playlists
        if p.empties
    ]
    if problems:
        raise YamlProblems(
            plan.file.source,
            problems,
            "Add --allow-empty to empty these playlists, or remove the `videos` key "
            "to leave their videos alone.",
        )


def read_playlists_file(path: str) -> PlaylistsFile:
    """Read and validate FILE (`-` reads stdin); unreadable files are usage errors."""
    import sys
    from pathlib import Path

    from ytrix.core.errors import UsageError
    from ytrix.yamlsync.spec import parse_playlists_file

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"No such file: {path}", "Export one with `ytrix mlists2yaml`.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read {path}: {exc}") from None
    return parse_playlists_file(text, "<stdin>" if path == "-" else path)

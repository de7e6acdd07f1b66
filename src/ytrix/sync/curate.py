"""In-place curation of one own playlist: `mlist_dedup` (remove repeated videos) and
`mlist_sort` (reorder by a key). Planned from exact reads, then written with the one
item writer (`yamlsync.items`) under the job `<kind>:<playlist>`: exactly once, and a
stopped or killed run is finished by running the command again (it plans from what
the playlist holds then).

Fewest writes: dedup deletes exactly the repeated items (nothing else moves); sort
keeps a longest common subsequence of the current and the sorted order in place and
moves every other item once (`diff.plan_items`), the minimum for a reorder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ytrix.core.errors import UsageError
from ytrix.core.journal import job_key
from ytrix.sync.choices import Keep, SortKey
from ytrix.yamlsync.diff import ItemOp, ItemPlan, LiveItem, apply_to_list, plan_items
from ytrix.yamlsync.items import ItemCounts, ItemWriter, next_run

if TYPE_CHECKING:
    from ytrix.core.journal import WriteJournal
    from ytrix.core.progress import Tracker
    from ytrix.youtube.gateway import Gateway, OwnPlaylist, PlaylistItem, VideoDetails

NEEDS_DETAILS = {SortKey.DURATION, SortKey.VIEWS}  # read with videos.list (1 unit per 50 videos)


@dataclass
class CurationPlan:
    kind: Literal["dedup", "sort"]
    playlist: OwnPlaylist
    live: list[LiveItem]
    items: ItemPlan
    wanted: list[str]
    titles: dict[str, str] = field(default_factory=dict)  # video id -> title
    keep: Keep | None = None  # dedup: which copy stays
    by: SortKey | None = None  # sort: the key
    reverse: bool = False  # sort: descending
    no_key: list[str] = field(default_factory=list)  # sort: videos without the key (last)
    read_units: int = 0

    @property
    def detail(self) -> dict[str, object]:
        """The choices the plan was made with, as the job and JSON record them."""
        if self.kind == "dedup":
            return {"keep": self.keep}
        return {"by": self.by, "reverse": self.reverse}

    def to_json(self) -> dict[str, Any]:
        ops = [
            {
                "op": {"delete": "remove_video", "move": "move_video"}[op.kind],
                "video_id": op.video_id,
                "item_id": op.key,
                "title": self.titles.get(op.video_id, ""),
                **({"position": op.position} if op.kind == "move" else {}),
            }
            for op in self.items.ops
        ]
        return {
            "kind": self.kind,
            "playlist_id": self.playlist.playlist_id,
            "title": self.playlist.title,
            **self.detail,
            "videos": len(self.live),
            "operations": ops,
            "writes": self.items.writes,
            "units": self.items.units,
            "order": self.wanted,
            "without_key": self.no_key,
            "read_units": self.read_units,
        }


def own_playlist(gateway: Gateway, playlist_id: str) -> OwnPlaylist:
    """The user's playlist, or a usage error (another channel's cannot be changed)."""
    for playlist in gateway.list_my_playlists():
        if playlist.playlist_id == playlist_id:
            return playlist
    raise UsageError(
        f"{playlist_id} is not one of your playlists",
        "Only your own playlists can be changed; `ytrix ls` lists them.",
    )


def _read(gateway: Gateway, playlist_id: str) -> tuple[OwnPlaylist, list[PlaylistItem]]:
    playlist = own_playlist(gateway, playlist_id)
    return playlist, gateway.list_items(playlist_id)


def plan_dedup(gateway: Gateway, playlist_id: str, keep: Keep) -> CurationPlan:
    before = gateway.pool.units_spent
    playlist, items = _read(gateway, playlist_id)
    order = items if keep == Keep.FIRST else list(reversed(items))
    seen: set[str] = set()
    dropped: set[str] = set()
    for item in order:
        if item.video_id in seen:
            dropped.add(item.item_id)
        seen.add(item.video_id)
    live = [LiveItem(i.item_id, i.video_id) for i in items]
    ops = tuple(ItemOp("delete", i.video_id, i.item_id) for i in items if i.item_id in dropped)
    kept = len(items) - len(ops)
    plan = ItemPlan(ops=ops, kept=kept, lcs=kept)
    return CurationPlan(
        "dedup",
        playlist,
        live,
        plan,
        apply_to_list(live, plan),
        {i.video_id: i.title for i in items},
        keep=keep,
        read_units=gateway.pool.units_spent - before,
    )


def _key(by: SortKey, details: dict[str, VideoDetails]) -> Callable[[PlaylistItem], Any]:
    def key(item: PlaylistItem) -> Any:
        video = details.get(item.video_id)
        if by == SortKey.ADDED:
            return item.added_at or None
        if by == SortKey.PUBLISHED:
            return item.published_at or None
        if by == SortKey.TITLE:
            return item.title.casefold() if item.channel_id else None
        if by == SortKey.CHANNEL:
            return item.channel.casefold() if item.channel_id else None
        if by == SortKey.DURATION:
            return video.duration_seconds if video is not None else None
        return video.views if video is not None else None

    return key


def plan_sort(gateway: Gateway, playlist_id: str, by: SortKey, reverse: bool) -> CurationPlan:
    """Stable: equal keys keep their order; videos without the key (deleted, private,
    hidden view counts) go last, in their order, whatever the direction."""
    before = gateway.pool.units_spent
    playlist, items = _read(gateway, playlist_id)
    details: dict[str, VideoDetails] = {}
    if by in NEEDS_DETAILS and items:
        details = gateway.videos(list(dict.fromkeys(i.video_id for i in items)))
    key = _key(by, details)
    keyed = [(key(item), n, item) for n, item in enumerate(items)]
    with_key = [entry for entry in keyed if entry[0] is not None]
    without = [entry[2] for entry in keyed if entry[0] is None]
    with_key.sort(key=lambda entry: entry[0], reverse=reverse)  # stable either way
    ordered = [entry[2] for entry in with_key] + without
    live = [LiveItem(i.item_id, i.video_id) for i in items]
    wanted = [i.video_id for i in ordered]
    return CurationPlan(
        "sort",
        playlist,
        live,
        plan_items(live, wanted),
        wanted,
        {i.video_id: i.title for i in items},
        by=by,
        reverse=reverse,
        no_key=[i.video_id for i in without],
        read_units=gateway.pool.units_spent - before,
    )


def apply_curation(
    gateway: Gateway, journal: WriteJournal, plan: CurationPlan, tracker: Tracker | None = None
) -> ItemCounts:
    """Write the plan exactly once; `ItemCounts.not_manual` when YouTube refused the
    first move (the playlist is not sorted manually): nothing else is tried."""
    counts = ItemCounts()
    if not plan.items.writes:
        return counts
    playlist_id = plan.playlist.playlist_id
    job = job_key(plan.kind, playlist_id)
    journal.start_job(job, plan.kind, {"playlist": playlist_id, **plan.detail})
    prefix = f"{job}:r{next_run(journal, job)}"
    try:
        writer = ItemWriter(gateway, journal, job, prefix, counts, tracker)
        writer.write(playlist_id, plan.live, plan.items)
    except BaseException:
        journal.finish_job(job, "interrupted", counts.to_json())
        raise
    journal.finish_job(job, "done", counts.to_json())
    return counts

"""`ls` (own playlists, or another channel's) and `plist2mlist` (copy one playlist
into the user's channel)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ytrix.copy.plan import prepare_entries
from ytrix.copy.report import Report, SourceRead
from ytrix.copy.target import Deps, Target, plan_target, run_targets, source_spec
from ytrix.core.journal import job_key
from ytrix.sources.models import PlaylistRef, parse_channel_ref
from ytrix.sources.reader import PlaylistSummary, summary_from_own
from ytrix.youtube.models import Privacy


@dataclass(frozen=True)
class CopyRequest:
    source: PlaylistRef
    title: str | None = None
    privacy: Privacy = "private"
    dry_run: bool = False
    dedup: bool = True


def copy_job(source: PlaylistRef, title: str | None) -> str:
    """The same source and title always name the same job: a re-run finds its target."""
    return job_key("copy", source.playlist_id, title or "")


def copy_playlist(deps: Deps, request: CopyRequest) -> Report:
    """Copy one source; a run that writes first claims the source for this channel, so
    a second process copying it waits, then finds what the first made."""
    if request.dry_run:
        return _copy(deps, request)
    source = request.source.playlist_id
    with deps.claim("source", source, f"copying playlist {source}") as held:
        if held.waited:
            deps.own_playlists(refresh=True)
        return _copy(deps, request)


def _copy(deps: Deps, request: CopyRequest) -> Report:
    source = request.source
    deps.own_playlists()
    info = deps.read_source(source)
    prepared = prepare_entries(info.entries)
    spec = source_spec(
        info,
        source,
        copy_job(source, request.title),
        title=request.title,
        privacy=request.privacy,
        dedup=request.dedup,
    )
    plan = plan_target(deps, spec, prepared)
    read = SourceRead.of(info, deps.reader.via.get(source.playlist_id))
    params = {"source": source.playlist_id, "title": request.title}
    target = Target(plan, "copy", params, mirror_of=(source.playlist_id,))
    return run_targets(deps, Report("plist2mlist", request.dry_run, [], [read]), [target])


# -- ls ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ListRequest:
    user: str | None = None  # another channel: @handle, UC..., or a channel URL
    count: bool = False


@dataclass
class Listing:
    playlists: list[PlaylistSummary]
    channel: str | None
    count: bool
    units_spent: int
    projects_used: list[str]
    read_via: str = "api"  # the Data API, yt-dlp or the cache

    def to_json(self) -> dict[str, Any]:
        rows = []
        for p in self.playlists:
            row: dict[str, Any] = {
                "id": p.playlist_id,
                "title": p.title,
                "privacy": p.privacy,
                "url": p.url,
            }
            if self.count:
                row["video_count"] = p.item_count
            rows.append(row)
        return {
            "channel": self.channel,
            "count": len(rows),
            "playlists": rows,
            "read_via": self.read_via,
            "units_spent": self.units_spent,
            "projects_used": self.projects_used,
        }


def list_playlists(deps: Deps, request: ListRequest) -> Listing:
    """Own playlists via `mine=true` (item counts come with the same call), or another
    channel's public playlists."""
    channel: str | None = None
    via = "api"
    if request.user is None:
        playlists = [summary_from_own(p) for p in deps.own_playlists()]
    else:
        ref = parse_channel_ref(request.user)
        channel = ref.channel_id or ref.handle
        playlists = deps.reader.channel_playlists(ref)
        via = deps.reader.via.get(channel or "", via)
        if request.count and any(p.item_count is None for p in playlists):
            # yt-dlp's tab rows carry no count (platform-limits §6): read each playlist
            playlists = [_with_count(deps, p) for p in playlists]
    pool = deps.pool
    return Listing(
        playlists, channel, request.count, pool.units_spent, sorted(pool.projects_used), via
    )


def _with_count(deps: Deps, playlist: PlaylistSummary) -> PlaylistSummary:
    if playlist.item_count is not None:
        return playlist
    info = deps.reader.read_playlist(PlaylistRef(playlist.playlist_id))
    return PlaylistSummary(
        playlist.playlist_id, playlist.title, playlist.privacy, len(info.entries), playlist.channel
    )

"""`plist2mlists SOURCE --by channel|year`: one playlist per channel or per upload
year, titled "{source title} - {group}", each a copy with its own job key (so each
resumes, dedups and splits into parts on its own).

Upload years come with the entries when the reader knows them (the Data API's
`videoPublishedAt`); otherwise from `videos.list`, 1 unit per 50 videos, cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ytrix.copy.choices import SplitBy
from ytrix.copy.plan import Prepared, prepare_entries
from ytrix.copy.report import Report, SourceRead
from ytrix.copy.target import Deps, Target, plan_target, run_targets, source_spec
from ytrix.core.journal import job_key
from ytrix.sources.models import PlaylistRef, VideoEntry
from ytrix.youtube.models import Privacy

UNKNOWN = {SplitBy.CHANNEL: "Unknown Channel", SplitBy.YEAR: "Unknown Year"}
MANY_PLAYLISTS = 10


@dataclass(frozen=True)
class SplitRequest:
    source: PlaylistRef
    by: SplitBy = SplitBy.CHANNEL
    privacy: Privacy = "private"
    dry_run: bool = False
    dedup: bool = True


def upload_years(deps: Deps, entries: Sequence[VideoEntry]) -> dict[str, str]:
    """video ID -> upload year, from the entries, the cache, then `videos.list`."""
    years = {e.video_id: e.upload_date[:4] for e in entries if e.upload_date}
    missing = [e.video_id for e in entries if e.video_id not in years]
    if not missing:
        return years
    for video_id, data in deps.cache.get_videos(missing).items():
        if data.get("upload_date"):
            years[video_id] = str(data["upload_date"])[:4]
    missing = [v for v in missing if v not in years]
    if missing:
        details = deps.gateway.videos(missing)
        fresh = {
            vid: {
                "upload_date": d.published_at[:10].replace("-", ""),
                "channel": d.channel,
                "channel_id": d.channel_id,
            }
            for vid, d in details.items()
            if d.published_at
        }
        deps.cache.put_videos(fresh)
        years.update({vid: str(data["upload_date"])[:4] for vid, data in fresh.items()})
    return years


def group_videos(
    entries: Sequence[VideoEntry], video_ids: Sequence[str], by: SplitBy, years: dict[str, str]
) -> dict[str, list[str]]:
    """Groups in a stable order: channels by first appearance, years ascending (the
    unknown group last)."""
    first: dict[str, VideoEntry] = {}
    for entry in entries:
        first.setdefault(entry.video_id, entry)
    groups: dict[str, list[str]] = {}
    for video_id in video_ids:
        entry = first[video_id]
        if by == SplitBy.CHANNEL:
            key = entry.channel or UNKNOWN[SplitBy.CHANNEL]
        else:
            key = years.get(video_id) or UNKNOWN[SplitBy.YEAR]
        groups.setdefault(key, []).append(video_id)
    if by == SplitBy.YEAR:
        order = sorted(groups, key=lambda k: (k == UNKNOWN[SplitBy.YEAR], k))
        groups = {k: groups[k] for k in order}
    return groups


def split_playlist(deps: Deps, request: SplitRequest) -> Report:
    source = request.source
    deps.own_playlists()
    info = deps.read_source(source)
    prepared = prepare_entries(info.entries)
    years = upload_years(deps, info.entries) if request.by == SplitBy.YEAR else {}
    groups = group_videos(info.entries, prepared.video_ids, request.by, years)
    targets = []
    for group, ids in groups.items():
        spec = source_spec(
            info,
            source,
            job_key("split", source.playlist_id, request.by, group),
            title=f"{info.title or source.playlist_id} - {group}",
            privacy=request.privacy,
            dedup=request.dedup,
        )
        plan = plan_target(deps, spec, Prepared(tuple(ids), (), 0))
        params = {"source": source.playlist_id, "by": request.by, "group": group}
        targets.append(Target(plan, "split", params, label=group[:30], extra={"group": group}))
    read = SourceRead.of(info, deps.reader.via.get(source.playlist_id))
    details: dict[str, Any] = {"split_by": request.by, "groups": []}  # groups: once they ran
    creates = sum(target.plan.creates for target in targets)
    if not request.dry_run and creates > MANY_PLAYLISTS:
        deps.notices.warn(
            f"This creates {creates} playlists. YouTube throttles channels that create many "
            "playlists in a burst; consider --dry-run first."
        )
    report = run_targets(
        deps, Report("plist2mlists", request.dry_run, [], [read], details), targets
    )
    details["groups"] = [result.to_json() for result in report.results]
    report.skipped_extra = list(prepared.skipped)
    report.duplicates_extra = prepared.duplicates
    return report

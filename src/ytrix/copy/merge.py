"""`plists2mlist FILE`: merge the playlists listed in a file into one playlist.

The file is read by `sources/listfile.py` (one playlist per line, checked whole before
anything is read or written). Duplicate videos are removed, the first occurrence wins,
and the order is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ytrix.copy.plan import MAX_DESCRIPTION, CopySpec, clean_text, prepare_entries
from ytrix.copy.report import Report, SourceRead
from ytrix.copy.target import Deps, Target, plan_target, run_targets
from ytrix.core.journal import job_key
from ytrix.sources.models import PlaylistInfo, PlaylistRef, VideoEntry
from ytrix.youtube.models import Privacy


@dataclass(frozen=True)
class MergeRequest:
    file: Path
    sources: tuple[PlaylistRef, ...]
    title: str | None = None
    privacy: Privacy = "private"
    dry_run: bool = False
    dedup: bool = True


def merge_job(sources: tuple[PlaylistRef, ...], title: str | None) -> str:
    return job_key("merge", *(s.playlist_id for s in sources), "\x1e", title or "")


def merge_playlists(deps: Deps, request: MergeRequest) -> Report:
    deps.own_playlists()
    infos: list[PlaylistInfo] = [deps.read_source(ref) for ref in request.sources]
    entries: list[VideoEntry] = [e for info in infos for e in info.entries]
    prepared = prepare_entries(entries)
    title = request.title or f"Merged Playlist ({len(prepared.video_ids)} videos)"
    description = "Merged from: " + ", ".join(i.title or i.playlist_id for i in infos)
    spec = CopySpec(
        job=merge_job(request.sources, request.title),
        title=title,
        description=clean_text(description, MAX_DESCRIPTION),
        privacy=request.privacy,
        dedup=request.dedup,
        exclude=tuple(s.playlist_id for s in request.sources),
    )
    reads = [SourceRead.of(i, deps.reader.via.get(i.playlist_id)) for i in infos]
    details = {"file": str(request.file)}
    params = {"sources": [s.playlist_id for s in request.sources], "title": request.title}
    mirror_of = tuple(s.playlist_id for s in request.sources)
    target = Target(
        plan_target(deps, spec, prepared), "merge", params, label="Merging", mirror_of=mirror_of
    )
    report = Report("plists2mlist", request.dry_run, [], reads, details, several_sources=True)
    return run_targets(deps, report, [target])

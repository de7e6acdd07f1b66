"""`plists2mlist FILE`: merge the playlists listed in a file into one playlist.

The file holds one playlist URL or ID per line; `#` starts a comment (a whole line, or
after whitespace), blank lines are ignored. The whole file is checked before anything
is read or written: a malformed line is a usage error naming the file and line.
Duplicate videos are removed, the first occurrence wins, and the order is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ytrix.copy.plan import MAX_DESCRIPTION, CopySpec, Privacy, clean_text, prepare_entries
from ytrix.copy.playlists import source_json
from ytrix.copy.target import (
    Deps,
    Report,
    TargetResult,
    finish,
    plan_target,
    run_target,
    warn_if_short,
    with_resume_hint,
)
from ytrix.core.errors import UsageError
from ytrix.core.journal import job_key
from ytrix.sources.models import PlaylistInfo, PlaylistRef, VideoEntry, parse_playlist_ref
from ytrix.youtube.errors import QuotaExhausted

_COMMENT = re.compile(r"(^|\s)#.*$")


def read_source_file(path: Path) -> list[PlaylistRef]:
    """The playlists a file lists, in order (a playlist listed twice counts once)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file", "Give the path of a text file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    refs: list[PlaylistRef] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        try:
            ref = parse_playlist_ref(line)
        except UsageError:
            raise UsageError(
                f"{path}, line {number}: not a playlist URL or ID: {line!r}",
                "One playlist URL or ID per line; `#` starts a comment.",
            ) from None
        if ref not in refs:
            refs.append(ref)
    if not refs:
        raise UsageError(f"{path}: lists no playlists", "One playlist URL or ID per line.")
    return refs


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
    plan = plan_target(deps, spec, prepared)
    data: dict[str, Any] = {
        "file": str(request.file),
        "sources": [source_json(i, deps.reader.via.get(i.playlist_id)) for i in infos],
    }
    if request.dry_run:
        return finish(deps, "plists2mlist", True, [TargetResult(plan)], data)
    warn_if_short(deps.pool, plan.units)
    params = {"sources": [s.playlist_id for s in request.sources], "title": request.title}
    try:
        result = run_target(deps, plan, kind="merge", params=params, label="Merging")
    except QuotaExhausted as error:
        raise with_resume_hint(error) from None
    deps.remember_mirror(result.parts, [s.playlist_id for s in request.sources], "merge")
    return finish(deps, "plists2mlist", False, [result], data)

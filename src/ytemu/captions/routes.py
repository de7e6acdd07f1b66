"""What yt-dlp sees: yt-dlp-shaped info JSON for playlists and videos, and caption
downloads (YouTube's ``/api/timedtext``), all without authentication or quota.

Routes (api method names in brackets; fault rules and the request log key on them):

* ``GET /ytdlp/v1/playlist?list=ID`` [``ytdlp.playlist``]: a flat playlist as yt-dlp's
  ``extract_flat="in_playlist"`` returns it: ``_type: playlist``, ``id``, ``title``,
  ``channel``..., ``entries`` of ``_type: url`` rows whose ``url`` is this emulator's
  video endpoint. Private, deleted and blocked rows show as ``[Private video]`` etc.
* ``GET /ytdlp/v1/video?v=ID`` [``ytdlp.video``]: a full video info dict with a non-empty
  ``formats`` list, ``subtitles`` (manual tracks) and ``automatic_captions`` (the
  ``<lang>-orig`` recognition track, the same track as ``<lang>``, machine translations
  ``tlang=de/es/...``, and ``<lang>-<src>`` translations of manual tracks), each a list
  of ``{ext, url, name}`` in json3/srv1/srv2/srv3/ttml/srt/vtt.
* ``GET /api/timedtext?v=&lang=&fmt=[&kind=asr][&tlang=]`` [``captions.download``].

Unplayable videos and missing playlists answer 200 with ``{"error": {"status",
"reason"}}`` carrying YouTube's own wording ("Private video. Sign in if you've been
granted access to this video", "The playlist does not exist."); an injected rate limit
is a real HTTP 429. Admin: ``GET/PUT /_emu/captions/{video_id}`` and
``POST /_emu/captions/{id}/failures`` (see :mod:`ytemu.captions.store`).
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from ytemu import errors
from ytemu.captions.render import FORMATS, render
from ytemu.captions.store import (
    TrackSpec,
    add_failure,
    describe,
    po_token_required,
    set_po_token_required,
    set_tracks,
    speech_for,
    take_failure,
    tracks_for,
)
from ytemu.captions.text import TRANSLATION_LANGUAGES, asr_lines, language_name, manual_cues
from ytemu.library import own_list
from ytemu.model import Playlist, Video
from ytemu.router import RequestContext, Response, Router
from ytemu.web.session import BOT_CHECK, bot_check, members_block, members_level, signed_in
from ytemu.world import World

PRIVATE = "Private video. Sign in if you've been granted access to this video"
REMOVED = "Video unavailable. This video has been removed by the uploader"
TERMINATED = (
    "Video unavailable. This video is no longer available because the YouTube account "
    "associated with this video has been terminated."
)
MISSING = "Video unavailable. This video is not available"
TOO_MANY = b"<html><head><title>429 Too Many Requests</title></head><body>Too Many</body></html>"


def _error(status: str, reason: str) -> Response:
    return Response.plain_json({"error": {"status": status, "reason": reason}})


def _http_failure(status: int) -> Response:
    body = TOO_MANY if status == 429 else f"<html><body>Error {status}</body></html>".encode()
    return Response(
        status,
        body,
        {"Content-Type": "text/html; charset=utf-8"},
        "rateLimited" if status == 429 else f"http{status}",
    )


def _injected(world: World, target: str, where: str) -> Response | None:
    failure = take_failure(world, target, where)
    if failure is None:
        return None
    if failure == "bot":
        if where == "timedtext":
            return _http_failure(429)
        return _error("LOGIN_REQUIRED", BOT_CHECK)
    return _http_failure(int(failure))


PageBuilder = Callable[[RequestContext, str], Response]


def _page(kind: str, param: str) -> Callable[[PageBuilder], Callable[[RequestContext], Response]]:
    """A watch or playlist page for the id in query parameter `param`, refused before it
    is built: an injected failure, or the bot check for a reader without cookies."""

    def wrap(build: PageBuilder) -> Callable[[RequestContext], Response]:
        @functools.wraps(build)
        def page(ctx: RequestContext) -> Response:
            target = ctx.param(param) or ""
            refused = _injected(ctx.world, target, kind)
            if refused is None and bot_check(ctx, kind):
                refused = _error("LOGIN_REQUIRED", BOT_CHECK)
            return refused if refused is not None else build(ctx, target)

        return page

    return wrap


def _upload_date(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%d")


def _unplayable(video: Video | None, viewer: str | None = None) -> str | None:
    if video is None:
        return MISSING
    if video.deleted:
        return REMOVED
    if video.unavailable:
        return TERMINATED
    if video.privacy == "private" and video.channel_id != viewer:
        return PRIVATE
    return None


def _row_title(video: Video | None) -> str | None:
    if video is None or video.deleted:
        return "[Deleted video]"
    if video.privacy == "private":
        return "[Private video]"
    if video.unavailable:
        return "[Unavailable video]"
    return None


def _channel_fields(world: World, channel_id: str) -> dict[str, Any]:
    channel = world.channels.get(channel_id)
    title = channel.title if channel else None
    return {
        "channel": title,
        "channel_id": channel_id,
        "uploader": title,
        "uploader_id": channel.handle if channel else None,
    }


def _find_playlist(world: World, playlist_id: str, viewer: str | None) -> Playlist | None:
    playlist = world.playlists.get(playlist_id)
    if playlist is not None:
        return playlist
    from ytemu.youtube.common import uploads_playlist

    # Liked videos and Watch later exist only for the signed-in channel (cookies).
    return uploads_playlist(world, playlist_id, None) or own_list(world, playlist_id, viewer)


@_page("playlist", "list")
def playlist_info(ctx: RequestContext, playlist_id: str) -> Response:
    world, base = ctx.world, ctx.base_url
    viewer = signed_in(ctx)
    playlist = _find_playlist(world, playlist_id, viewer)
    if playlist is None:
        return _error("ERROR", "The playlist does not exist.")
    if playlist.privacy == "private" and playlist.channel_id != viewer:
        return _error("ERROR", "This playlist is private.")
    entries = []
    for item in playlist.items:
        video = world.videos.get(item.video_id)
        row_title = _row_title(video)
        entry: dict[str, Any] = {
            "_type": "url",
            "id": item.video_id,
            "url": f"{base}/ytdlp/v1/video?v={urllib.parse.quote(item.video_id)}",
            "title": row_title or (video.title if video else None),
            "duration": None if row_title or video is None else video.duration,
        }
        if video is not None and row_title is None:
            entry.update(_channel_fields(world, video.channel_id))
            entry["view_count"] = video.view_count
            if members_level(world, video):  # the "Members only" badge on the row
                entry["availability"] = "subscriber_only"
        entries.append(entry)
    info: dict[str, Any] = {
        "_type": "playlist",
        "id": playlist.id,
        "title": playlist.title,
        "description": playlist.description,
        "availability": playlist.privacy,
        "playlist_count": len(entries),
        "webpage_url": f"{base}/ytdlp/v1/playlist?list={urllib.parse.quote(playlist.id)}",
        "entries": entries,
        **_channel_fields(world, playlist.channel_id),
    }
    return Response.plain_json(info)


def _formats(base: str, video_id: str, query: dict[str, str], name: str) -> list[dict[str, Any]]:
    return [
        {
            "ext": fmt,
            "url": f"{base}/api/timedtext?"
            + urllib.parse.urlencode({"v": video_id, **query, "fmt": fmt}),
            "name": name,
        }
        for fmt in FORMATS
    ]


def caption_maps(world: World, video: Video, base: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(subtitles, automatic_captions) as yt-dlp's YouTube extractor builds them."""
    tracks = tracks_for(world, video.id)
    subtitles: dict[str, Any] = {}
    automatic: dict[str, Any] = {}
    for track in tracks:
        if track.kind == "manual":
            subtitles[track.lang] = _formats(
                base, video.id, {"lang": track.lang}, language_name(track.lang)
            )
    for track in tracks:
        if track.kind != "asr":
            continue
        query = {"lang": track.lang, "kind": "asr"}
        name = language_name(track.lang)
        automatic[f"{track.lang}-orig"] = _formats(base, video.id, query, f"{name} (Original)")
        for target in TRANSLATION_LANGUAGES:
            if target == track.lang:
                automatic[target] = _formats(base, video.id, query, name)
            else:
                automatic[target] = _formats(
                    base, video.id, {**query, "tlang": target}, language_name(target)
                )
    for track in tracks:
        if track.kind != "manual":
            continue
        for target in TRANSLATION_LANGUAGES:
            if target != track.lang:
                automatic[f"{target}-{track.lang}"] = _formats(
                    base,
                    video.id,
                    {"lang": track.lang, "tlang": target},
                    f"{language_name(target)} from {language_name(track.lang)}",
                )
    return subtitles, automatic


def _availability(world: World, video: Video) -> str:
    if members_level(world, video):
        return "subscriber_only"
    return video.privacy if video.privacy in ("unlisted", "private") else "public"


@_page("video", "v")
def video_info(ctx: RequestContext, video_id: str) -> Response:
    world, base = ctx.world, ctx.base_url
    video = world.videos.get(video_id)
    problem = _unplayable(video, signed_in(ctx))
    if problem is not None or video is None:
        return _error("LOGIN_REQUIRED" if problem == PRIVATE else "ERROR", problem or MISSING)
    members_only = members_block(ctx, video)
    if members_only is not None:
        return _error("UNPLAYABLE", members_only)
    subtitles, automatic = caption_maps(world, video, base)
    if po_token_required(world, video.id):
        # YouTube marks such tracks with its experiment flag; yt-dlp drops them
        # unless it has a PO token (yt-dlp/yt-dlp#13075, PR #13234).
        for formats in (*subtitles.values(), *automatic.values()):
            for fmt in formats:
                fmt["url"] += "&exp=xpe"
    asr = [t.lang for t in tracks_for(world, video.id) if t.kind == "asr"]
    quoted = urllib.parse.quote(video.id)
    info: dict[str, Any] = {
        "id": video.id,
        "title": video.title,
        "description": video.description,
        "duration": video.duration,
        "upload_date": _upload_date(video.published_at),
        "timestamp": int(video.published_at),
        "view_count": video.view_count,
        "availability": _availability(world, video),
        "language": asr[0] if asr else None,
        "webpage_url": f"{base}/ytdlp/v1/video?v={quoted}",
        "formats": [
            {
                "format_id": "18",
                "url": f"{base}/ytdlp/v1/media/{quoted}.mp4",
                "ext": "mp4",
                "vcodec": "avc1.42001E",
                "acodec": "mp4a.40.2",
                "width": 640,
                "height": 360,
            }
        ],
        "subtitles": subtitles,
        "automatic_captions": automatic,
        **_channel_fields(world, video.channel_id),
    }
    return Response.plain_json(info)


def timedtext(ctx: RequestContext) -> Response:
    world = ctx.world
    video_id = ctx.param("v") or ""
    injected = _injected(world, video_id, "timedtext")
    if injected is not None:
        return injected
    video = world.videos.get(video_id)
    lang, fmt = ctx.param("lang") or "", ctx.param("fmt") or "srv1"
    kind = "asr" if ctx.param("kind") == "asr" else "manual"
    track = next((t for t in tracks_for(world, video_id) if (t.lang, t.kind) == (lang, kind)), None)
    if video is None or _unplayable(video, signed_in(ctx)) or track is None or fmt not in FORMATS:
        return Response(404, b"", {"Content-Type": "text/html; charset=utf-8"}, "notFound")
    if po_token_required(world, video_id) and not ctx.param("pot"):
        # Without a PO token YouTube answers such a track with an empty body.
        return Response(200, b"", {"Content-Type": "text/html; charset=utf-8"})
    target = ctx.param("tlang") or lang
    speech = speech_for(world, video)
    if track.kind == "asr":
        body, ctype = render(fmt, target, asr=asr_lines(speech, target))
    else:
        body, ctype = render(fmt, target, manual=manual_cues(speech, target))
    return Response(200, body.encode("utf-8"), {"Content-Type": f"{ctype}; charset=utf-8"})


def _bad(message: str) -> errors.ApiError:
    return errors.bad_request("adminError", message)


def admin_captions(ctx: RequestContext) -> Response:
    world, video_id = ctx.world, ctx.path_params["video_id"]
    if ctx.method == "PUT":
        body = ctx.json_object()
        try:
            tracks = [TrackSpec.from_dict(t) for t in body.get("tracks", [])]
        except (ValueError, TypeError, AttributeError) as exc:
            raise _bad(str(exc)) from None
        text = body.get("text")
        set_tracks(world, video_id, tracks, str(text) if text is not None else None)
    return Response.plain_json(describe(world, video_id))


def admin_failures(ctx: RequestContext) -> Response:
    world, target = ctx.world, ctx.path_params["video_id"]
    body = ctx.json_object()
    try:
        add_failure(
            world,
            target,
            str(body.get("where", "timedtext")),
            body.get("status", 429),
            int(body.get("times", 1)),
        )
    except (ValueError, TypeError) as exc:
        raise _bad(str(exc)) from None
    return Response.plain_json(describe(world, target))


def admin_po_token(ctx: RequestContext) -> Response:
    world, video_id = ctx.world, ctx.path_params["video_id"]
    set_po_token_required(world, video_id, bool(ctx.json_object().get("required", True)))
    return Response.plain_json(describe(world, video_id))


def register(router: Router) -> None:
    router.add("GET", r"/ytdlp/v1/playlist", "ytdlp.playlist", playlist_info, auth="none")
    router.add("GET", r"/ytdlp/v1/video", "ytdlp.video", video_info, auth="none")
    router.add("GET", r"/api/timedtext", "captions.download", timedtext, auth="none")
    for method in ("GET", "PUT"):
        router.add(
            method,
            r"/_emu/captions/(?P<video_id>[^/]+)",
            "_emu.captions",
            admin_captions,
            auth="none",
            admin=True,
        )
    router.add(
        "PUT",
        r"/_emu/captions/(?P<video_id>[^/]+)/po_token",
        "_emu.captionPoToken",
        admin_po_token,
        auth="none",
        admin=True,
    )
    router.add(
        "POST",
        r"/_emu/captions/(?P<video_id>[^/]+)/failures",
        "_emu.captionFailures",
        admin_failures,
        auth="none",
        admin=True,
    )
